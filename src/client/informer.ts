/**
 * `Informer`: keeps a local `Cache` of one collection in step with the
 * apiserver (paged list, then watch from the list's resourceVersion) and tells
 * handlers what changed. Handlers should only enqueue keys (see `WorkQueue`).
 *
 * Guarantees:
 * - it never stops on its own: every failure (network, apiserver down, bad
 *   answer) is reported to `onError` and retried with capped exponential backoff;
 * - a watch that ends is resumed from the last resourceVersion seen (bookmarks
 *   included), so nothing is missed and nothing is replayed;
 * - when history is gone (410) it relists with replace semantics: objects that
 *   vanished get a `delete`, changed ones an `update`, new ones an `add`;
 * - an `update` is only emitted when the resourceVersion changed, except on
 *   resync, which re-emits every object as `update(obj, obj)` by design.
 */
import type { ResourceInfo } from '../api/resources.js';
import { apiVersionOf } from '../api/resources.js';
import { Backoff, type BackoffOptions } from './backoff.js';
import { Cache, keyOf, type IndexFunc } from './cache.js';
import { realClock, sleep, type Clock, type Timer } from './clock.js';
import { isGone } from './errors.js';
import type { KubeList, KubeObject, ListOptions, WatchEvent, WatchOptions } from './types.js';

/** The two verbs an informer needs; `RestClient` provides them, tests may fake them. */
export interface ListWatchClient {
  listAll<T extends KubeObject>(info: ResourceInfo, namespace: string | undefined, opts?: ListOptions): Promise<KubeList<T>>;
  watch<T extends KubeObject>(info: ResourceInfo, namespace: string | undefined, opts?: WatchOptions): AsyncIterable<WatchEvent<T>>;
}

/** The handler signature of each informer event. */
export interface InformerHandlers<T> {
  add: (obj: T) => void;
  update: (oldObj: T, newObj: T) => void;
  delete: (obj: T) => void;
}

/** What to watch and how; only `client` and `info` are required. */
export interface InformerOptions<T extends KubeObject> {
  client: ListWatchClient;
  info: ResourceInfo;
  /** Omit to watch all namespaces (and for cluster-scoped resources). */
  namespace?: string;
  labelSelector?: string;
  fieldSelector?: string;
  /** List page size; 500 by default. */
  pageSize?: number;
  /** Re-emit every cached object as an update this often; off by default. */
  resyncMs?: number;
  clock?: Clock;
  /** Retry pacing; 100 ms doubling to 30 s with jitter by default. */
  backoff?: BackoffOptions;
  /** Randomness for jitter and watch timeouts; injectable for tests. */
  random?: () => number;
  /** Server-side watch timeout; a random 5 to 10 minutes by default, so many watches do not expire together. */
  watchTimeoutSeconds?: number;
  indexers?: Record<string, IndexFunc<T>>;
  /** Deep-freeze cached objects (tests catch handlers that mutate them). */
  freeze?: boolean;
  /** Receives every failure the informer retries and every exception a handler throws; logs to stderr by default. */
  onError?: (err: unknown) => void;
}

/** A watch that lasted this long without events still counts as healthy (the server's timeout ended it). */
const MIN_HEALTHY_WATCH_MS = 1000;

/** List+watch mirror of one collection. Invariant: after sync, `cache` holds exactly what the apiserver held at `resourceVersion`. */
export class Informer<T extends KubeObject = KubeObject> {
  /** The mirrored objects; never mutate what it returns. */
  readonly cache: Cache<T>;
  private readonly opts: InformerOptions<T>;
  private readonly clock: Clock;
  private readonly backoff: Backoff;
  private readonly random: () => number;
  private readonly handlers: { [E in keyof InformerHandlers<T>]: Set<InformerHandlers<T>[E]> } = {
    add: new Set(), update: new Set(), delete: new Set(),
  };
  private readonly syncWaiters = new Set<(synced: boolean) => void>();
  private controller?: AbortController;
  private loop?: Promise<void>;
  private resyncTimer?: Timer;
  private synced = false;
  private rv?: string;

  constructor(options: InformerOptions<T>) {
    this.opts = options;
    this.clock = options.clock ?? realClock;
    this.random = options.random ?? Math.random;
    this.backoff = new Backoff({ random: this.random, ...options.backoff });
    this.cache = new Cache<T>({ indexers: options.indexers, freeze: options.freeze });
  }

  /**
   * Registers a handler. An `add` handler registered after the first sync is
   * first called for every cached object, so late subscribers miss nothing.
   */
  on<E extends keyof InformerHandlers<T>>(event: E, fn: InformerHandlers<T>[E]): this {
    this.handlers[event].add(fn);
    if (event === 'add' && this.synced) {
      for (const obj of this.cache.list()) this.call(() => (fn as InformerHandlers<T>['add'])(obj));
    }
    return this;
  }

  /** Unregisters a handler. */
  off<E extends keyof InformerHandlers<T>>(event: E, fn: InformerHandlers<T>[E]): this {
    this.handlers[event].delete(fn);
    return this;
  }

  /** Starts listing and watching in the background; calling it while running does nothing. */
  start(): void {
    if (this.controller) return;
    this.controller = new AbortController();
    this.loop = this.run(this.controller.signal);
    this.scheduleResync();
  }

  /** Stops the watch and timers; resolves once the background loop has exited. The cache is kept. */
  async stop(): Promise<void> {
    const controller = this.controller;
    if (!controller) return;
    controller.abort();
    this.resyncTimer?.cancel();
    await this.loop;
    this.controller = undefined;
    for (const resolve of this.syncWaiters) resolve(this.synced);
    this.syncWaiters.clear();
  }

  /** True once the first list has been applied to the cache. */
  hasSynced(): boolean {
    return this.synced;
  }

  /** Resolves true after the first sync, or false if the informer stops or `signal` aborts first. */
  waitForSync(signal?: AbortSignal): Promise<boolean> {
    if (this.synced) return Promise.resolve(true);
    if (signal?.aborted) return Promise.resolve(false);
    return new Promise((resolve) => {
      const done = (synced: boolean): void => {
        this.syncWaiters.delete(done);
        signal?.removeEventListener('abort', onAbort);
        resolve(synced);
      };
      const onAbort = (): void => done(false);
      this.syncWaiters.add(done);
      signal?.addEventListener('abort', onAbort, { once: true });
    });
  }

  /** The resourceVersion the cache reflects (last list, event or bookmark). */
  get resourceVersion(): string | undefined {
    return this.rv;
  }

  private async run(signal: AbortSignal): Promise<void> {
    let needList = true;
    while (!signal.aborted) {
      try {
        if (needList) {
          await this.relist(signal);
          needList = false;
        }
        if (await this.watchOnce(signal)) {
          this.backoff.reset();
          continue;
        }
      } catch (err) {
        if (signal.aborted) break;
        if (isGone(err)) needList = true;
        this.report(err);
      }
      await sleep(this.clock, this.backoff.next(), signal);
    }
  }

  /** Lists everything and replaces the cache with it, emitting the differences. */
  private async relist(signal: AbortSignal): Promise<void> {
    const { info, namespace, labelSelector, fieldSelector, pageSize } = this.opts;
    const list = await this.opts.client.listAll<T>(info, namespace, { labelSelector, fieldSelector, limit: pageSize, signal });
    if (signal.aborted) return;
    const fresh = new Set(list.items.map((obj) => keyOf(obj)));
    for (const key of this.cache.keys()) {
      if (!fresh.has(key)) this.emitDelete(this.cache.delete(key)!);
    }
    for (const obj of list.items) this.store(this.withKind(obj));
    this.rv = list.metadata?.resourceVersion;
    this.markSynced();
  }

  /** Watches once from the current resourceVersion; true when the watch was healthy (events, or ended by timeout). */
  private async watchOnce(signal: AbortSignal): Promise<boolean> {
    const { info, namespace, labelSelector, fieldSelector } = this.opts;
    const timeoutSeconds = this.opts.watchTimeoutSeconds ?? Math.floor(300 + 300 * this.random());
    const started = this.clock.now();
    let seen = 0;
    const events = this.opts.client.watch<T>(info, namespace, {
      resourceVersion: this.rv, labelSelector, fieldSelector, allowWatchBookmarks: true, timeoutSeconds, signal,
    });
    for await (const event of events) {
      if (seen++ === 0) this.backoff.reset();
      this.apply(event);
    }
    return seen > 0 || this.clock.now() - started >= MIN_HEALTHY_WATCH_MS;
  }

  private apply(event: WatchEvent<T>): void {
    const obj = event.object;
    if (event.type === 'DELETED') {
      if (this.cache.delete(keyOf(obj))) this.emitDelete(this.withKind(obj));
    } else if (event.type !== 'BOOKMARK') {
      this.store(this.withKind(obj));
    }
    this.rv = obj.metadata?.resourceVersion ?? this.rv;
  }

  /** Caches an object and emits add/update; an unchanged resourceVersion is not a change. */
  private store(obj: T): void {
    const old = this.cache.get(keyOf(obj));
    if (old && old.metadata?.resourceVersion === obj.metadata?.resourceVersion) return;
    this.cache.upsert(obj);
    if (old) this.emit('update', (fn) => fn(old, obj));
    else this.emit('add', (fn) => fn(obj));
  }

  /** List items come without `apiVersion`/`kind`; fill them so cached objects are self-describing. */
  private withKind(obj: T): T {
    if (obj.kind && obj.apiVersion) return obj;
    return { ...obj, apiVersion: apiVersionOf(this.opts.info), kind: this.opts.info.kind };
  }

  private emitDelete(obj: T): void {
    this.emit('delete', (fn) => fn(obj));
  }

  private emit<E extends keyof InformerHandlers<T>>(event: E, invoke: (fn: InformerHandlers<T>[E]) => void): void {
    for (const fn of this.handlers[event]) this.call(() => invoke(fn));
  }

  private call(fn: () => void): void {
    try {
      fn();
    } catch (err) {
      this.report(err);
    }
  }

  private markSynced(): void {
    if (this.synced) return;
    this.synced = true;
    for (const resolve of [...this.syncWaiters]) resolve(true);
  }

  private scheduleResync(): void {
    const period = this.opts.resyncMs;
    if (!period) return;
    this.resyncTimer = this.clock.setTimer(() => {
      if (this.synced) for (const obj of this.cache.list()) this.emit('update', (fn) => fn(obj, obj));
      this.scheduleResync();
    }, period);
  }

  private report(err: unknown): void {
    if (this.opts.onError) return this.opts.onError(err);
    const what = this.opts.namespace ? `${this.opts.info.resource} in ${this.opts.namespace}` : this.opts.info.resource;
    console.warn(`redkube informer (${what}): ${(err as Error)?.message ?? String(err)}`);
  }
}
