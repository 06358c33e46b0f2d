/**
 * Kubernetes' workqueue: the hand-off between informer event handlers (which
 * only enqueue keys) and the controller's workers (which sync one key at a time).
 *
 * Invariants:
 * - a key waiting in the queue appears once, however often it was added;
 * - a key is never handed to two workers at once: added while being processed,
 *   it is queued again only when the worker calls `done`;
 * - after `shutDown`, `get` answers `undefined` at once and adds are ignored
 *   (pending keys are dropped: controllers are level-triggered and resync on restart).
 */
import { realClock, type Clock, type Timer } from './clock.js';
import { ItemExponentialRateLimiter, type RateLimiter } from './rate-limiter.js';

/** Construction options of a `WorkQueue`. */
export interface WorkQueueOptions<K> {
  /** Retry pacing for `addRateLimited`; per-item exponential 5 ms..1000 s by default. */
  rateLimiter?: RateLimiter<K>;
  clock?: Clock;
}

/** A deduplicating FIFO of keys with delayed and rate-limited adds. */
export class WorkQueue<K = string> {
  private readonly queue: K[] = [];
  /** Keys that need processing: queued, or re-added while processing. */
  private readonly dirty = new Set<K>();
  private readonly processing = new Set<K>();
  private readonly waiters: ((key: K | undefined) => void)[] = [];
  private readonly delayed = new Map<K, { due: number; timer: Timer }>();
  private readonly rateLimiter: RateLimiter<K>;
  private readonly clock: Clock;
  private stopped = false;

  constructor(options: WorkQueueOptions<K> = {}) {
    this.rateLimiter = options.rateLimiter ?? new ItemExponentialRateLimiter<K>();
    this.clock = options.clock ?? realClock;
  }

  /** Marks a key as needing processing. */
  add(key: K): void {
    if (this.stopped || this.dirty.has(key)) return;
    this.dirty.add(key);
    if (this.processing.has(key)) return;
    this.queue.push(key);
    this.dispatch();
  }

  /** Adds a key after `ms`; of several pending delayed adds of one key, the earliest wins. */
  addAfter(key: K, ms: number): void {
    if (this.stopped) return;
    if (ms <= 0) return this.add(key);
    const due = this.clock.now() + ms;
    const pending = this.delayed.get(key);
    if (pending && pending.due <= due) return;
    pending?.timer.cancel();
    const timer = this.clock.setTimer(() => {
      this.delayed.delete(key);
      this.add(key);
    }, ms);
    this.delayed.set(key, { due, timer });
  }

  /** Adds a key after the rate limiter's delay: use when processing it failed. */
  addRateLimited(key: K): void {
    this.addAfter(key, this.rateLimiter.when(key));
  }

  /** Clears a key's failure history: use when processing it succeeded. */
  forget(key: K): void {
    this.rateLimiter.forget(key);
  }

  /** How many times the key failed since it was last forgotten. */
  numRequeues(key: K): number {
    return this.rateLimiter.numRequeues(key);
  }

  /** Waits for the next key and marks it processing; `undefined` once shut down. Call `done(key)` when finished. */
  get(): Promise<K | undefined> {
    if (this.stopped) return Promise.resolve(undefined);
    return new Promise((resolve) => {
      this.waiters.push(resolve);
      this.dispatch();
    });
  }

  /** Ends processing of a key; if it was re-added meanwhile it is queued again. */
  done(key: K): void {
    this.processing.delete(key);
    if (this.dirty.has(key) && !this.stopped) {
      this.queue.push(key);
      this.dispatch();
    }
  }

  /** Stops the queue: waiting and future `get` calls answer `undefined`, timers are cancelled. */
  shutDown(): void {
    this.stopped = true;
    for (const { timer } of this.delayed.values()) timer.cancel();
    this.delayed.clear();
    this.queue.length = 0;
    this.dirty.clear();
    for (const waiter of this.waiters.splice(0)) waiter(undefined);
  }

  /** True after `shutDown`. */
  get shuttingDown(): boolean {
    return this.stopped;
  }

  /** Keys waiting to be handed out (not counting those processing or delayed). */
  len(): number {
    return this.queue.length;
  }

  private dispatch(): void {
    while (this.waiters.length && this.queue.length) {
      const key = this.queue.shift()!;
      this.dirty.delete(key);
      this.processing.add(key);
      this.waiters.shift()!(key);
    }
  }
}

/** Reports a failed sync (for logs and metrics; must not throw); the key is retried with backoff regardless. */
export type SyncErrorHandler<K> = (key: K, err: unknown) => void;

/**
 * Runs `n` workers that each loop: get a key, `sync` it, then `forget` it on
 * success or `addRateLimited` it on failure, and always `done`. Resolves when
 * the queue is shut down and every worker has finished its current key.
 */
export async function runWorkers<K>(queue: WorkQueue<K>, n: number, sync: (key: K) => Promise<void>, onError?: SyncErrorHandler<K>): Promise<void> {
  const worker = async (): Promise<void> => {
    for (let key = await queue.get(); key !== undefined; key = await queue.get()) {
      try {
        await sync(key);
        queue.forget(key);
      } catch (err) {
        queue.addRateLimited(key);
        onError?.(key, err);
      } finally {
        queue.done(key);
      }
    }
  };
  await Promise.all(Array.from({ length: n }, worker));
}
