/**
 * What every request handler needs, built once per apiserver process.
 */
import type { Store } from '../store/store.js';
import type { WatchCache } from '../store/watch-cache.js';
import type { ObjectService } from './registry/object-service.js';
import type { ApiMetrics } from './metrics.js';

/** Shared state of one apiserver process. */
export interface ApiContext {
  store: Store;
  cache: WatchCache;
  objects: ObjectService;
  metrics: ApiMetrics;
  /** Interval between watch bookmarks for watchers that allow them. */
  bookmarkIntervalMs: number;
  /** The address clients use, reported in discovery. */
  advertiseAddress: string;
}
