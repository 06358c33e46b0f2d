/**
 * Bounds how many requests the agent's pod workers have in flight at once, so a
 * burst of thousands of pods queues inside the agent instead of opening
 * thousands of connections to the apiserver at the same moment.
 */

/** Runs async tasks with at most `n` running; the rest wait in FIFO order. */
export class Limiter {
  private active = 0;
  private readonly waiting: (() => void)[] = [];

  constructor(private readonly n: number) {}

  /** Runs `fn` when a slot is free. */
  async run<T>(fn: () => Promise<T>): Promise<T> {
    if (this.active >= this.n) await new Promise<void>((r) => this.waiting.push(r));
    this.active++;
    try {
      return await fn();
    } finally {
      this.active--;
      this.waiting.shift()?.();
    }
  }
}
