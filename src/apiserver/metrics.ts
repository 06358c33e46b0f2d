/**
 * Prometheus metrics of the apiserver (prom-client): requests by verb, resource and
 * code with latency, open watchers, store script latency and watch-cache progress.
 */
import { Counter, Gauge, Histogram, Registry, collectDefaultMetrics } from 'prom-client';

/** The apiserver's metric set, on its own registry so tests can run several servers. */
export class ApiMetrics {
  readonly registry = new Registry();
  readonly requests = new Counter({ name: 'apiserver_request_total', help: 'Requests by verb, resource and HTTP code.', labelNames: ['verb', 'resource', 'subresource', 'code'], registers: [this.registry] });
  readonly latency = new Histogram({ name: 'apiserver_request_duration_seconds', help: 'Request latency by verb and resource (watches excluded).', labelNames: ['verb', 'resource'], buckets: [0.0005, 0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5], registers: [this.registry] });
  readonly watchers = new Gauge({ name: 'apiserver_registered_watchers', help: 'Open watch connections.', registers: [this.registry] });
  readonly storeLatency = new Histogram({ name: 'redkube_store_operation_duration_seconds', help: 'Redis store operation latency.', labelNames: ['operation'], buckets: [0.0001, 0.00025, 0.0005, 0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1], registers: [this.registry] });
  readonly cacheEvents = new Counter({ name: 'redkube_watch_cache_events_total', help: 'Events applied to the watch cache.', registers: [this.registry] });
  readonly cacheRevision = new Gauge({ name: 'redkube_watch_cache_revision', help: 'Last revision applied to the watch cache.', registers: [this.registry] });

  constructor(withProcessMetrics = true) {
    if (withProcessMetrics) collectDefaultMetrics({ register: this.registry });
  }
}
