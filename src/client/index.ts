/**
 * The redkube client library: the only way controllers, the scheduler, the node
 * agent, the CLI and the TUI talk to the apiserver.
 */
export { RestClient, PATCH_CONTENT_TYPES, DEFAULT_PAGE_SIZE, type RestClientOptions } from './rest-client.js';
export type { TransportOptions } from './http-transport.js';
export { loadKubeconfig, clientFromKubeconfig, type KubeconfigContext, type KubeconfigOptions } from './kubeconfig.js';
export { ConnectionError, StatusError, isNotFound, isConflict, isAlreadyExists, isGone } from './errors.js';
export { resourcePath, groupVersionPath } from './paths.js';
export {
  Cache, keyOf, splitKey, BUILTIN_INDEXERS, NAMESPACE_INDEX, NODE_NAME_INDEX, OWNER_INDEX, type IndexFunc, type CacheOptions,
} from './cache.js';
export { Informer, type InformerOptions, type InformerHandlers, type ListWatchClient } from './informer.js';
export { InformerFactory, type InformerDefaults, type InformerScope } from './informer-factory.js';
export { WorkQueue, runWorkers, type WorkQueueOptions, type SyncErrorHandler } from './workqueue.js';
export {
  ItemExponentialRateLimiter, BucketRateLimiter, MaxOfRateLimiter, defaultControllerRateLimiter, type RateLimiter,
} from './rate-limiter.js';
export { LeaderElector, type LeaderElectorOptions, type LeaseClient } from './leader-election.js';
export { formatMicroTime, parseMicroTime } from './micro-time.js';
export { Backoff, type BackoffOptions } from './backoff.js';
export { realClock, ManualClock, sleep, type Clock, type Timer } from './clock.js';
export type * from './types.js';
