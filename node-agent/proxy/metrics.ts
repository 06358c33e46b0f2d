/**
 * Prometheus metrics of the service proxy: connections, bytes, backend errors,
 * connections with no backend, and Maglev table rebuilds.
 */
import { Counter, Gauge, Registry } from 'prom-client';

/** The proxy's metric set, on its own registry. */
export class ProxyMetrics {
  readonly registry = new Registry();
  readonly connections = new Counter({ name: 'redkube_proxy_connections_total', help: 'Client connections (UDP: sessions) by service.', labelNames: ['service'], registers: [this.registry] });
  readonly bytes = new Counter({ name: 'redkube_proxy_bytes_total', help: 'Bytes forwarded by service and direction.', labelNames: ['service', 'direction'], registers: [this.registry] });
  readonly backendErrors = new Counter({ name: 'redkube_proxy_backend_errors_total', help: 'Backend connections refused, reset or timed out (each retried on the next backend).', labelNames: ['service'], registers: [this.registry] });
  readonly noBackend = new Counter({ name: 'redkube_proxy_no_backend_total', help: 'Connections dropped because no ready backend answered.', labelNames: ['service'], registers: [this.registry] });
  readonly rebuilds = new Counter({ name: 'redkube_proxy_table_rebuilds_total', help: 'Maglev lookup tables built.', registers: [this.registry] });
  readonly frontends = new Gauge({ name: 'redkube_proxy_frontends', help: 'Service ports being served.', registers: [this.registry] });
}
