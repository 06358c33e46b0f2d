/**
 * The shape every polled header/column source shares (metrics API usage, store
 * facts): poll now, then once per period until stopped; a failed poll keeps the
 * last figures and the next one tries again, so a missing or flaky endpoint only
 * leaves values unknown or stale, never breaks the UI.
 */
import type { Clock, Timer } from '../../src/client/index.js';

/** The one verb pollers need from the REST client. */
export interface ApiRequester {
  request<T = unknown>(method: string, path: string): Promise<T>;
}

/** Base of the interval pollers; subclasses implement `pollOnce`. */
export abstract class IntervalPoller {
  private timer?: Timer;
  private stopped = false;

  constructor(protected readonly clock: Clock, protected readonly periodMs: number) {}

  /** Polls now and then every period. */
  start(): void {
    void this.tick();
  }

  /** Stops polling. */
  stop(): void {
    this.stopped = true;
    this.timer?.cancel();
  }

  /** One poll; a rejection means "keep the last figures". */
  protected abstract pollOnce(): Promise<void>;

  private async tick(): Promise<void> {
    try {
      await this.pollOnce();
    } catch {
      // Unavailable this time: keep the last figures; the next poll tries again.
    }
    if (!this.stopped) this.timer = this.clock.setTimer(() => void this.tick(), this.periodMs);
  }
}
