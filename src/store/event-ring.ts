/**
 * A fixed-size ring of the most recent cache events, so watchers resuming from a
 * recent resourceVersion are served from memory, with the previous object state
 * needed for filtered watches.
 */
import type { CacheEvent } from './cache-entry.js';

/** Ring buffer of consecutive events; `oldest()` is the first revision still held. */
export class EventRing {
  private readonly items: (CacheEvent | undefined)[];
  private start = 0;
  private size = 0;

  constructor(readonly capacity: number) {
    this.items = new Array(capacity);
  }

  /** Appends an event; events must arrive in revision order without gaps. */
  push(ev: CacheEvent): void {
    if (this.size < this.capacity) {
      this.items[(this.start + this.size) % this.capacity] = ev;
      this.size++;
    } else {
      this.items[this.start] = ev;
      this.start = (this.start + 1) % this.capacity;
    }
  }

  /** Revision of the oldest event held, or undefined when empty. */
  oldest(): number | undefined {
    return this.size ? this.items[this.start]!.revision : undefined;
  }

  /** Events with revision > `after`, in order. Call only when `after + 1 >= oldest()`. */
  *since(after: number): Generator<CacheEvent> {
    const first = this.oldest();
    if (first === undefined) return;
    const skip = Math.max(0, after + 1 - first);
    for (let i = skip; i < this.size; i++) yield this.items[(this.start + i) % this.capacity]!;
  }

  /** Forgets everything (after a resync). */
  clear(): void {
    this.items.fill(undefined);
    this.start = 0;
    this.size = 0;
  }
}
