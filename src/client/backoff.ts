/**
 * Capped exponential backoff with jitter, the retry pacing of every loop in the
 * client that must never give up (informers, leader election): failures slow
 * the loop down to at most one try per `maxMs`, and jitter keeps many clients
 * from retrying in lockstep after an apiserver restart.
 */

/** Tuning of a `Backoff`; the defaults are 100 ms doubling to 30 s with up to 20% jitter. */
export interface BackoffOptions {
  initialMs?: number;
  maxMs?: number;
  factor?: number;
  /** Each delay is stretched by a random fraction in [0, jitter). */
  jitter?: number;
  /** Source of randomness in [0, 1); injectable so tests get exact delays. */
  random?: () => number;
}

/** Successive delays for one retrying loop. Invariant: every delay is in [initialMs, maxMs]. */
export class Backoff {
  private readonly initialMs: number;
  private readonly maxMs: number;
  private readonly factor: number;
  private readonly jitter: number;
  private readonly random: () => number;
  private base: number;

  constructor(options: BackoffOptions = {}) {
    this.initialMs = options.initialMs ?? 100;
    this.maxMs = options.maxMs ?? 30_000;
    this.factor = options.factor ?? 2;
    this.jitter = options.jitter ?? 0.2;
    this.random = options.random ?? Math.random;
    this.base = this.initialMs;
  }

  /** The delay before the next attempt; each call grows the following one. */
  next(): number {
    const delay = Math.min(this.maxMs, this.base * (1 + this.jitter * this.random()));
    this.base = Math.min(this.maxMs, this.base * this.factor);
    return delay;
  }

  /** Call after a success so the next failure starts again from `initialMs`. */
  reset(): void {
    this.base = this.initialMs;
  }
}
