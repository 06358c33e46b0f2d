/**
 * The apiserver's watch cache: ONE reader tails the Redis event stream into an
 * in-memory copy of every object and a ring of recent events, and fans each event
 * out to all HTTP watchers of its resource.
 *
 * Invariants: the cache applies events strictly in revision order without gaps
 * (a gap means the reader fell behind the retained history: it reloads a snapshot
 * and ends every watcher with 410 so clients relist); a watcher receives each event
 * after its starting revision exactly once, in order.
 */
import type { Redis } from 'ioredis';
import { CacheEntry, type CacheEvent } from './cache-entry.js';
import { EventRing } from './event-ring.js';
import type { Store, StoreEvent } from './store.js';
import { expired, gone, type ApiError } from '../api/errors.js';

/** Decides whether an object is visible to a watcher (namespace, label and field selectors). */
export type EntryFilter = (entry: CacheEntry) => boolean;

/** Where a watcher's events go (the HTTP layer formats and writes them). */
export interface WatchSink {
  deliver(type: CacheEvent['type'], entry: CacheEntry, revision: number): void;
  /** The watch ends: with an error (410 after a resync) the client must relist; without one it resumes from its last resourceVersion. */
  end(err?: ApiError): void;
}

/** A registered watcher; `stop()` unregisters it. */
export interface WatchHandle {
  stop(): void;
}

interface Watcher {
  resource: string;
  filter: EntryFilter;
  sink: WatchSink;
  lastRevision: number;
}

/** Options of the cache. */
export interface WatchCacheOptions {
  /**
   * Events kept in memory for resuming watchers (older ones are read back from Redis).
   * The ring only speeds delivery up: whether a watch may start is decided by Redis.
   */
  ringSize?: number;
  /** Called with events applied, for metrics. */
  onApplied?: (count: number) => void;
}

/** Decides what a filtered watcher sees for one event (Kubernetes semantics). */
export function visibleType(ev: CacheEvent, filter: EntryFilter): CacheEvent['type'] | null {
  if (ev.type === 'ADDED') return filter(ev.entry) ? 'ADDED' : null;
  if (ev.type === 'DELETED') return filter(ev.previous ?? ev.entry) ? 'DELETED' : null;
  const now = filter(ev.entry);
  const before = ev.previous ? filter(ev.previous) : now;
  if (now && before) return 'MODIFIED';
  if (now) return 'ADDED';
  return before ? 'DELETED' : null;
}

/** In-memory state of the whole cluster, kept current from the event stream. */
export class WatchCache {
  /** Revision of the last applied event. */
  revision = 0;
  private readonly objects = new Map<string, Map<string, CacheEntry>>();
  private readonly sortedKeys = new Map<string, string[]>();
  private readonly watchers = new Map<string, Set<Watcher>>();
  private readonly ring: EventRing;
  private readonly waiters: { revision: number; resolve: () => void }[] = [];
  private conn?: Redis;
  private running = false;
  private loop?: Promise<void>;

  constructor(private readonly store: Store, private readonly opts: WatchCacheOptions = {}) {
    this.ring = new EventRing(opts.ringSize ?? 50_000);
  }

  /** Loads a snapshot and starts tailing the stream; resolves once the cache is filled. */
  async start(): Promise<void> {
    await this.resync();
    this.running = true;
    this.conn = this.store.duplicateConnection();
    this.loop = this.tailLoop();
  }

  /** Stops the reader and ends every watcher. */
  async stop(): Promise<void> {
    this.running = false;
    this.conn?.disconnect();
    await this.loop?.catch(() => undefined);
    for (const set of this.watchers.values()) for (const w of set) w.sink.end();
    this.watchers.clear();
    for (const w of this.waiters.splice(0)) w.resolve();
  }

  private async resync(): Promise<void> {
    const snap = await this.store.snapshot();
    this.objects.clear();
    this.sortedKeys.clear();
    this.ring.clear();
    for (const [resource, entries] of snap.objects) {
      const m = new Map<string, CacheEntry>();
      for (const [key, json] of entries) m.set(key, new CacheEntry(key, 0, json));
      this.objects.set(resource, m);
    }
    this.revision = snap.revision;
    for (const set of this.watchers.values()) for (const w of set) w.sink.end(gone('the watch cache was reloaded; relist'));
    this.watchers.clear();
    this.releaseWaiters();
  }

  private async tailLoop(): Promise<void> {
    let backoff = 50;
    while (this.running) {
      try {
        const events = await this.store.tail(this.conn!, this.revision, 2000, 1000);
        if (events.length && events[0].revision !== this.revision + 1) await this.resync();
        else for (const e of events) this.apply(e);
        if (events.length) this.opts.onApplied?.(events.length);
        backoff = 50;
      } catch {
        if (!this.running) return;
        await new Promise((r) => setTimeout(r, backoff));
        backoff = Math.min(backoff * 2, 2000);
      }
    }
  }

  private apply(e: StoreEvent): void {
    let m = this.objects.get(e.resource);
    if (!m) this.objects.set(e.resource, (m = new Map()));
    const previous = m.get(e.key);
    const entry = new CacheEntry(e.key, e.revision, e.json);
    if (e.type === 'DELETED') m.delete(e.key);
    else m.set(e.key, entry);
    if (!previous || e.type === 'DELETED') this.sortedKeys.delete(e.resource);
    const ev: CacheEvent = { revision: e.revision, type: e.type, resource: e.resource, entry, previous };
    this.ring.push(ev);
    this.revision = e.revision;
    const set = this.watchers.get(e.resource);
    if (set) for (const w of set) this.send(w, ev);
    this.releaseWaiters();
  }

  private send(w: Watcher, ev: CacheEvent): void {
    if (ev.revision <= w.lastRevision) return;
    w.lastRevision = ev.revision;
    const type = visibleType(ev, w.filter);
    if (type) w.sink.deliver(type, ev.entry, ev.revision);
  }

  private releaseWaiters(): void {
    if (!this.waiters.length) return;
    for (let i = this.waiters.length - 1; i >= 0; i--) {
      if (this.waiters[i].revision <= this.revision || !this.running) {
        this.waiters[i].resolve();
        this.waiters.splice(i, 1);
      }
    }
  }

  /** Resolves once the cache has applied `revision` (or after `timeoutMs`; returns whether it caught up). */
  async waitFor(revision: number, timeoutMs = 3000): Promise<boolean> {
    if (this.revision >= revision) return true;
    let timer: NodeJS.Timeout | undefined;
    const caught = new Promise<boolean>((resolve) => this.waiters.push({ revision, resolve: () => resolve(true) }));
    const timeout = new Promise<boolean>((resolve) => { timer = setTimeout(() => resolve(false), timeoutMs); });
    const ok = await Promise.race([caught, timeout]);
    clearTimeout(timer);
    return ok && this.revision >= revision;
  }

  /** Current objects of a resource, sorted by key (namespace/name), optionally only after `afterKey`. */
  list(resource: string, filter: EntryFilter, afterKey = '', limit = 0): { items: CacheEntry[]; more: boolean } {
    const m = this.objects.get(resource);
    if (!m) return { items: [], more: false };
    let keys = this.sortedKeys.get(resource);
    if (!keys) this.sortedKeys.set(resource, (keys = [...m.keys()].sort()));
    let i = afterKey ? upperBound(keys, afterKey) : 0;
    const items: CacheEntry[] = [];
    for (; i < keys.length; i++) {
      const e = m.get(keys[i]);
      if (!e || !filter(e)) continue;
      if (limit && items.length === limit) return { items, more: true };
      items.push(e);
    }
    return { items, more: false };
  }

  /** Number of objects of a resource in a namespace (used to tell when a namespace is empty). */
  countInNamespace(resource: string, namespace: string): number {
    let n = 0;
    for (const e of this.objects.get(resource)?.values() ?? []) if (e.namespace === namespace) n++;
    return n;
  }

  /**
   * Registers a watcher for events after `fromRevision`. `initial` (watch from
   * resourceVersion 0 or unset) first sends ADDED for every current object. Throws
   * Gone when `fromRevision` is older than the history retained in the Redis stream,
   * whatever the ring still holds, so every apiserver sharing the stream decides alike.
   */
  async watch(resource: string, fromRevision: number | 'now', filter: EntryFilter, sink: WatchSink): Promise<WatchHandle> {
    let last = fromRevision === 'now' ? this.revision : fromRevision;
    if (fromRevision === 'now') {
      for (const e of this.list(resource, filter).items) sink.deliver('ADDED', e, this.revision);
    } else {
      await this.checkRetained(last);
      last = await this.replayFromStore(resource, last, filter, sink);
    }
    const w: Watcher = { resource, filter, sink, lastRevision: last };
    for (const ev of this.ring.since(last)) if (ev.resource === resource) this.send(w, ev);
    w.lastRevision = Math.max(last, this.revision);
    let set = this.watchers.get(resource);
    if (!set) this.watchers.set(resource, (set = new Set()));
    set.add(w);
    return { stop: () => { set!.delete(w); } };
  }

  /**
   * Throws Gone unless every event after `after` is still in the Redis stream. One
   * O(1) read of the stream's first entry per watch start (never per event): writes
   * trim the stream as they append, so a remembered value would go stale, and the
   * ring outlives the stream whenever it is larger than the history length.
   */
  private async checkRetained(after: number): Promise<void> {
    const oldestRetained = await this.store.oldestRetainedRevision();
    if (after + 1 < oldestRetained) throw tooOld(after, oldestRetained);
  }

  /**
   * Sends history older than the ring from Redis; returns the last revision covered.
   * Filtered watchers see what live ones see: the stream gives no previous object, but a
   * write that changed what selectors read stores the replaced version's selectable
   * projection with its event, which stands in for the previous object; without one the
   * previous version looked the same to every selector, so the event is its own.
   */
  private async replayFromStore(resource: string, after: number, filter: EntryFilter, sink: WatchSink): Promise<number> {
    for (;;) {
      const oldestInRing = this.ring.oldest() ?? this.revision + 1;
      if (after + 1 >= oldestInRing || after >= this.revision) return after;
      const events = await this.store.readEvents(after, 1000);
      if (!events.length) return after;
      // Trimmed since the check (or the previous page): the client must relist rather than miss events.
      if (events[0].revision !== after + 1) throw tooOld(after, events[0].revision);
      for (const e of events) {
        if (e.revision > this.revision) return after;
        if (e.resource === resource) {
          const entry = new CacheEntry(e.key, e.revision, e.json);
          const previous = e.previous === undefined ? undefined : new CacheEntry(e.key, 0, e.previous);
          const ev: CacheEvent = { revision: e.revision, type: e.type, resource: e.resource, entry, previous };
          const type = visibleType(ev, filter);
          if (type) sink.deliver(type, ev.entry, ev.revision);
        }
        after = e.revision;
      }
    }
  }

  /** Number of registered watchers, for metrics. */
  watcherCount(): number {
    let n = 0;
    for (const s of this.watchers.values()) n += s.size;
    return n;
  }
}

/** Gone for a watch from `after` when the oldest event still retained is `oldestRetained`, worded as Kubernetes words it. */
function tooOld(after: number, oldestRetained: number): ApiError {
  return expired(`too old resource version: ${after} (${oldestRetained - 1})`);
}

function upperBound(keys: string[], key: string): number {
  let lo = 0;
  let hi = keys.length;
  while (lo < hi) {
    const mid = (lo + hi) >> 1;
    if (keys[mid] <= key) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}
