/**
 * One object as the watch cache holds it: the exact JSON Redis stored, parsed only
 * when someone needs a field (a selector, a table row), then memoised.
 */

/** A cached object version; `object` must be treated as read-only by every reader. */
export class CacheEntry {
  readonly key: string;
  readonly namespace: string;
  readonly revision: number;
  readonly json: string;
  private parsed?: Record<string, any>;

  constructor(key: string, revision: number, json: string) {
    this.key = key;
    const slash = key.indexOf('/');
    this.namespace = slash < 0 ? '' : key.slice(0, slash);
    this.revision = revision;
    this.json = json;
  }

  /** The decoded object (shared: never mutate it; clone before editing). */
  get object(): Record<string, any> {
    if (!this.parsed) this.parsed = JSON.parse(this.json) as Record<string, any>;
    return this.parsed;
  }
}

/** One change as the watch cache replays it to watchers: the new state and the state before. */
export interface CacheEvent {
  revision: number;
  type: 'ADDED' | 'MODIFIED' | 'DELETED';
  resource: string;
  entry: CacheEntry;
  /**
   * The object before this change (absent for ADDED). History read back from Redis holds
   * only the previous version's selectable projection, and only when it differs.
   */
  previous?: CacheEntry;
}
