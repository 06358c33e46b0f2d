/**
 * How long a failed work item waits before it is retried, as in Kubernetes'
 * workqueue: per item exponential (a key that keeps failing backs off alone,
 * others are unaffected), optionally combined with a global token bucket that
 * bounds the total retry rate of a controller.
 */
import { realClock, type Clock } from './clock.js';

/** Decides retry delays per item. `forget` must be called when an item succeeds. */
export interface RateLimiter<K> {
  /** The delay (ms) before the item's next try; counts a failure. */
  when(key: K): number;
  /** Clears the item's failure history. */
  forget(key: K): void;
  /** Failures counted since the last `forget`. */
  numRequeues(key: K): number;
}

/** `baseMs * 2^failures`, capped at `maxMs`; defaults 5 ms to 1000 s like Kubernetes. */
export class ItemExponentialRateLimiter<K> implements RateLimiter<K> {
  private readonly failures = new Map<K, number>();
  constructor(private readonly baseMs = 5, private readonly maxMs = 1_000_000) {}

  when(key: K): number {
    const n = this.failures.get(key) ?? 0;
    this.failures.set(key, n + 1);
    return Math.min(this.maxMs, this.baseMs * 2 ** n);
  }

  forget(key: K): void {
    this.failures.delete(key);
  }

  numRequeues(key: K): number {
    return this.failures.get(key) ?? 0;
  }
}

/**
 * A token bucket shared by all items (`qps` refill, `burst` capacity): each
 * retry reserves a token and waits until it is due. Defaults 10 qps, burst 100.
 */
export class BucketRateLimiter<K> implements RateLimiter<K> {
  private tokens: number;
  private last: number;
  constructor(private readonly qps = 10, private readonly burst = 100, private readonly clock: Clock = realClock) {
    this.tokens = burst;
    this.last = clock.now();
  }

  when(): number {
    const now = this.clock.now();
    this.tokens = Math.min(this.burst, this.tokens + ((now - this.last) / 1000) * this.qps);
    this.last = now;
    this.tokens -= 1;
    return this.tokens >= 0 ? 0 : (-this.tokens / this.qps) * 1000;
  }

  /** The bucket is shared by all items: there is no per-item history to clear. */
  forget(): void {}

  /** Always 0: the bucket counts no per-item failures. */
  numRequeues(): number {
    return 0;
  }
}

/** The longest delay of several limiters; every limiter counts every failure. */
export class MaxOfRateLimiter<K> implements RateLimiter<K> {
  private readonly limiters: RateLimiter<K>[];
  constructor(...limiters: RateLimiter<K>[]) {
    this.limiters = limiters;
  }

  when(key: K): number {
    return Math.max(0, ...this.limiters.map((l) => l.when(key)));
  }

  forget(key: K): void {
    for (const l of this.limiters) l.forget(key);
  }

  numRequeues(key: K): number {
    return Math.max(0, ...this.limiters.map((l) => l.numRequeues(key)));
  }
}

/** Kubernetes' default controller limiter: per-item 5 ms..1000 s, and at most 10 retries/s overall (burst 100). */
export function defaultControllerRateLimiter<K>(clock: Clock = realClock): RateLimiter<K> {
  return new MaxOfRateLimiter<K>(new ItemExponentialRateLimiter<K>(), new BucketRateLimiter<K>(10, 100, clock));
}
