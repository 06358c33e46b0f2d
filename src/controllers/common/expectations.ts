/**
 * Controller expectations (Kubernetes' ControllerExpectations + UID tracking):
 * after a sync creates N objects or deletes some, the controller does not act
 * on that key again until its cache has seen those changes, or until they time
 * out, so a slow cache can never cause duplicate creates or deletes.
 */
import { realClock, type Clock } from '../../client/index.js';

/** How long an unmet expectation blocks a key: Kubernetes' 5 minutes. */
export const EXPECTATIONS_TIMEOUT_MS = 5 * 60_000;

interface Pending {
  adds: number;
  deletes: Set<string>;
  at: number;
}

/** Pending creations (a count) and deletions (by object key) per controller key. */
export class Expectations {
  private readonly pending = new Map<string, Pending>();

  constructor(private readonly clock: Clock = realClock, private readonly timeoutMs = EXPECTATIONS_TIMEOUT_MS) {}

  /** Records that a sync is about to create `adds` objects and delete `deletes` (object keys). */
  expect(key: string, adds: number, deletes: string[] = []): void {
    this.pending.set(key, { adds, deletes: new Set(deletes), at: this.clock.now() });
  }

  /** The cache saw one created object (or a create failed and will never be seen). */
  creationObserved(key: string): void {
    const p = this.pending.get(key);
    if (p && p.adds > 0) p.adds--;
  }

  /** The cache saw the deletion (or deletionTimestamp) of `objectKey`, or the delete failed. */
  deletionObserved(key: string, objectKey: string): void {
    this.pending.get(key)?.deletes.delete(objectKey);
  }

  /** True when nothing is pending for `key`, everything was observed, or the expectation expired. */
  satisfied(key: string): boolean {
    const p = this.pending.get(key);
    if (!p) return true;
    if ((p.adds <= 0 && p.deletes.size === 0) || this.clock.now() - p.at > this.timeoutMs) {
      this.pending.delete(key);
      return true;
    }
    return false;
  }

  /** Forgets a key (its owner was deleted). */
  delete(key: string): void {
    this.pending.delete(key);
  }
}
