/**
 * A clock that runs in real time but can jump ahead: `advance(ms)` moves `now`
 * forward and fires every timer that falls due, so tests of schedule-driven
 * controllers (CronJob) need not wait for wall-clock minutes.
 */
import type { Clock, Timer } from '../../src/client/index.js';

interface Pending {
  due: number;
  fn: () => void;
  handle: NodeJS.Timeout;
}

/** Real time plus an adjustable offset. */
export class SkewClock implements Clock {
  private skew = 0;
  private readonly timers = new Set<Pending>();

  now(): number {
    return Date.now() + this.skew;
  }

  setTimer(fn: () => void, ms: number): Timer {
    const t: Pending = { due: this.now() + ms, fn, handle: setTimeout(() => { this.timers.delete(t); fn(); }, Math.max(0, ms)) };
    this.timers.add(t);
    return { cancel: () => { clearTimeout(t.handle); this.timers.delete(t); } };
  }

  /** Jumps ahead by `ms`, firing timers now due. */
  advance(ms: number): void {
    this.skew += ms;
    for (const t of [...this.timers]) {
      if (t.due <= this.now()) {
        clearTimeout(t.handle);
        this.timers.delete(t);
        t.fn();
      }
    }
  }
}
