/**
 * The Redis-backed object store: every write is one Lua script that checks its
 * precondition, takes the next global revision, writes the object and its indexes,
 * and appends the watch event with the revision as stream ID.
 *
 * A MODIFIED or DELETED event whose write changed what selectors can see (labels or a
 * selectable field) also carries the replaced version's selectable projection, so a
 * watcher replaying history from the stream still gets DELETED for an object that left
 * its selector and ADDED for one that joined it. Every other event stays as small as
 * the object itself: the writer already holds the replaced version, so this costs
 * Redis no extra work.
 *
 * Only the apiserver uses this module; every other component goes through HTTP.
 */
import { Redis } from 'ioredis';
import { Keys, objectField } from './keys.js';
import { defineStoreCommands, errorForCode, type StoreCommands } from './scripts.js';
import { joinWithRevision, splitForRevision } from './codec.js';
import { qualifiedResource, RESOURCES, type ResourceInfo } from '../api/resources.js';
import { selectableProjection } from '../api/selectors/index.js';

/** One stored object as Redis holds it. */
export interface StoredObject {
  revision: number;
  json: string;
}

/** One entry of the event stream. */
export interface StoreEvent {
  revision: number;
  type: 'ADDED' | 'MODIFIED' | 'DELETED';
  /** Qualified resource name (`deployments.apps`). */
  resource: string;
  /** Object field: `ns/name` or `name`. */
  key: string;
  json: string;
  /**
   * JSON of the replaced version's selectable projection, only where it differs from
   * this version's (absent: no selector tells the two versions apart).
   */
  previous?: string;
}

/** The stored version a write replaces: its revision is the precondition, its object the state before. */
export interface Replaced {
  revision: number;
  obj: Record<string, any>;
}

/** Options of a store. */
export interface StoreOptions {
  /** Key prefix; keys are `{prefix}:...`. */
  prefix?: string;
  /** Approximate number of events kept in the stream: the watch history window. */
  historyLength?: number;
  /** Called with each script's duration in seconds, for metrics. */
  observe?: (op: string, seconds: number) => void;
}

/** Whole-cluster state at one revision, used to fill the watch cache. */
export interface Snapshot {
  revision: number;
  objects: Map<string, Map<string, string>>;
}

/** Default retained history: enough for ten minutes of a busy small cluster. */
export const DEFAULT_HISTORY_LENGTH = 200_000;

function streamEntry(id: string, fields: string[]): StoreEvent {
  const f: Record<string, string> = {};
  for (let i = 0; i + 1 < fields.length; i += 2) f[fields[i]] = fields[i + 1];
  const ev: StoreEvent = { revision: parseInt(id, 10), type: f.t as StoreEvent['type'], resource: f.r, key: f.k, json: f.o };
  if (f.p !== undefined) ev.previous = f.p;
  return ev;
}

/** The `previous` an event carries: the replaced version's projection, or '' when selectors see no change. */
function previousSelectable(info: ResourceInfo, replaced: Record<string, any>, next: Record<string, any>): string {
  const before = JSON.stringify(selectableProjection(info.resource, replaced));
  return before === JSON.stringify(selectableProjection(info.resource, next)) ? '' : before;
}

/** Typed access to the cluster state in Redis. */
export class Store {
  readonly keys: Keys;
  readonly redis: Redis & StoreCommands;
  private readonly historyLength: number;
  private readonly observe?: (op: string, seconds: number) => void;

  constructor(redis: Redis, opts: StoreOptions = {}) {
    this.keys = new Keys(opts.prefix);
    this.redis = defineStoreCommands(redis);
    this.historyLength = opts.historyLength ?? DEFAULT_HISTORY_LENGTH;
    this.observe = opts.observe;
  }

  /** Connects to Redis with auto-pipelining (many concurrent scripts share round trips). */
  static connect(url: string, opts: StoreOptions = {}): Store {
    return new Store(new Redis(url, { enableAutoPipelining: true, maxRetriesPerRequest: null, lazyConnect: false }), opts);
  }

  /** A second connection to the same Redis, for blocking reads (XREAD BLOCK needs its own). */
  duplicateConnection(): Redis {
    return this.redis.duplicate({ enableAutoPipelining: false });
  }

  private async timed<T>(op: string, run: () => Promise<T>): Promise<T> {
    const start = process.hrtime.bigint();
    try {
      return await run();
    } finally {
      this.observe?.(op, Number(process.hrtime.bigint() - start) / 1e9);
    }
  }

  /** Creates an object; fails with AlreadyExists, or NotFound/Forbidden for a missing/terminating namespace. */
  async create(info: ResourceInfo, obj: Record<string, any>, claims: string[] = []): Promise<StoredObject> {
    const res = qualifiedResource(info);
    const ns = info.namespaced ? obj.metadata.namespace : '';
    const name = obj.metadata.name;
    const field = objectField(ns, name);
    const split = splitForRevision(obj);
    const nsResource = qualifiedResource({ group: '', resource: 'namespaces' });
    const rev = await this.timed('create', () => this.redis.rkCreate(
      this.keys.revision(), this.keys.events(), this.keys.objects(res), this.keys.meta(res),
      this.keys.namespaceIndex(res, ns), this.keys.meta(nsResource), this.keys.claims(),
      field, split.before, split.after, res, ns, name, this.historyLength, claims.join('\n')));
    if (rev < 0) throw errorForCode(rev, { resource: info.resource, group: info.group, name, namespace: ns });
    return { revision: rev, json: joinWithRevision(split, rev) };
  }

  /**
   * Replaces an object if its stored revision is still `replaced.revision`; `deleting`
   * marks it terminating for namespace checks; `take`/`release` move unique claims atomically.
   */
  async update(info: ResourceInfo, obj: Record<string, any>, replaced: Replaced, deleting = false, take: string[] = [], release: string[] = []): Promise<StoredObject> {
    const res = qualifiedResource(info);
    const ns = info.namespaced ? obj.metadata.namespace : '';
    const name = obj.metadata.name;
    const split = splitForRevision(obj);
    const rev = await this.timed('update', () => this.redis.rkUpdate(
      this.keys.revision(), this.keys.events(), this.keys.objects(res), this.keys.meta(res), this.keys.claims(),
      objectField(ns, name), split.before, split.after, res, String(replaced.revision), deleting ? '1' : '0', this.historyLength,
      take.join('\n'), release.join('\n'), previousSelectable(info, replaced.obj, obj)));
    if (rev < 0) throw errorForCode(rev, { resource: info.resource, group: info.group, name, namespace: ns });
    return { revision: rev, json: joinWithRevision(split, rev) };
  }

  /** Removes an object if its stored revision is still `replaced.revision`, releasing its claims; the event carries `finalState`. */
  async remove(info: ResourceInfo, finalState: Record<string, any>, replaced: Replaced, release: string[] = []): Promise<StoredObject> {
    const res = qualifiedResource(info);
    const ns = info.namespaced ? finalState.metadata.namespace : '';
    const name = finalState.metadata.name;
    const split = splitForRevision(finalState);
    const rev = await this.timed('delete', () => this.redis.rkDelete(
      this.keys.revision(), this.keys.events(), this.keys.objects(res), this.keys.meta(res),
      this.keys.namespaceIndex(res, ns), this.keys.claims(), objectField(ns, name), split.before, split.after, res,
      String(replaced.revision), name, this.historyLength, release.join('\n'), previousSelectable(info, replaced.obj, finalState)));
    if (rev < 0) throw errorForCode(rev, { resource: info.resource, group: info.group, name, namespace: ns });
    return { revision: rev, json: joinWithRevision(split, rev) };
  }

  /** Reads one object's JSON straight from Redis (a consistent read), or null. */
  async get(info: ResourceInfo, namespace: string, name: string): Promise<string | null> {
    return this.timed('get', () => this.redis.hget(this.keys.objects(qualifiedResource(info)), objectField(info.namespaced ? namespace : '', name)));
  }

  /** Whether a claim is held (used to pick free allocations before the atomic take). */
  async claimTaken(claim: string): Promise<boolean> {
    return (await this.redis.hexists(this.keys.claims(), claim)) === 1;
  }

  /** Every claim with a prefix (e.g. `ip/`), for allocators scanning a crowded range. */
  async claimsWithPrefix(prefix: string): Promise<string[]> {
    return (await this.redis.hkeys(this.keys.claims())).filter((c) => c.startsWith(prefix));
  }

  /** The newest revision written. */
  async currentRevision(): Promise<number> {
    return parseInt((await this.redis.get(this.keys.revision())) ?? '0', 10);
  }

  /** The oldest revision still in the event stream, or current+1 when the stream is empty. */
  async oldestRetainedRevision(): Promise<number> {
    const [first] = await this.redis.xrange(this.keys.events(), '-', '+', 'COUNT', 1);
    if (first) return parseInt(first[0], 10);
    return (await this.currentRevision()) + 1;
  }

  /** Events with revision > `after`, up to `count`, from the stream. */
  async readEvents(after: number, count: number): Promise<StoreEvent[]> {
    const entries = await this.redis.xrange(this.keys.events(), `(${after}-0`, '+', 'COUNT', count);
    return entries.map(([id, fields]) => streamEntry(id, fields));
  }

  /** Blocks on `conn` until events after `after` arrive (or the timeout passes); returns them in order. */
  async tail(conn: Redis, after: number, blockMs: number, count: number): Promise<StoreEvent[]> {
    const reply = await conn.xread('COUNT', count, 'BLOCK', blockMs, 'STREAMS', this.keys.events(), `${after}-0`);
    if (!reply) return [];
    return reply[0][1].map(([id, fields]) => streamEntry(id, fields));
  }

  /** Every object of every resource and the revision they were read at, in one MULTI (a consistent snapshot). */
  async snapshot(): Promise<Snapshot> {
    const multi = this.redis.multi().get(this.keys.revision());
    for (const r of RESOURCES) multi.hgetall(this.keys.objects(qualifiedResource(r)));
    const replies = (await multi.exec()) ?? [];
    const failed = replies.find(([err]) => err);
    if (failed) throw failed[0];
    const objects = new Map<string, Map<string, string>>();
    RESOURCES.forEach((r, i) => objects.set(qualifiedResource(r), new Map(Object.entries(replies[i + 1][1] as Record<string, string>))));
    return { revision: parseInt((replies[0][1] as string | null) ?? '0', 10), objects };
  }

  /** Closes the Redis connection. */
  async close(): Promise<void> {
    await this.redis.quit().catch(() => this.redis.disconnect());
  }
}
