/**
 * Prometheus metrics of the controller-manager (prom-client), one registry per
 * process: queue depth and adds per controller, sync latency and sync errors.
 * `serveMetrics` exposes them on a small HTTP listener when a port is configured.
 */
import { createServer, type Server } from 'node:http';
import { Counter, Gauge, Histogram, Registry } from 'prom-client';

/** Anything with a current length, e.g. a WorkQueue. */
export interface Measurable {
  len(): number;
}

/** The controller-manager's metric set. Invariant: each queue is sampled at scrape time, never cached. */
export class ControllerMetrics {
  readonly registry = new Registry();
  private readonly queues = new Map<string, Measurable>();
  readonly depth: Gauge;
  readonly syncDuration = new Histogram({
    name: 'controller_sync_duration_seconds', help: 'Time one sync of one key took, by controller.',
    labelNames: ['controller'], buckets: [0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5], registers: [this.registry],
  });
  readonly syncErrors = new Counter({ name: 'controller_sync_errors_total', help: 'Failed syncs (retried with back-off), by controller.', labelNames: ['controller'], registers: [this.registry] });
  readonly syncs = new Counter({ name: 'controller_syncs_total', help: 'Syncs run, by controller.', labelNames: ['controller'], registers: [this.registry] });

  constructor() {
    const queues = this.queues;
    this.depth = new Gauge({
      name: 'workqueue_depth', help: 'Keys waiting in the work queue, by controller.', labelNames: ['name'], registers: [this.registry],
      collect() {
        for (const [name, q] of queues) this.set({ name }, q.len());
      },
    });
  }

  /** Registers a controller's queue for the depth gauge. */
  watchQueue(name: string, queue: Measurable): void {
    this.queues.set(name, queue);
  }
}

/** Serves `GET /metrics` on 127.0.0.1:`port` (0 picks a free port); resolves with the server and its port. */
export async function serveMetrics(metrics: ControllerMetrics, port: number, host = '127.0.0.1'): Promise<{ server: Server; port: number }> {
  const server = createServer((req, res) => {
    if (req.url?.split('?')[0] !== '/metrics') {
      res.writeHead(404).end();
      return;
    }
    metrics.registry.metrics().then((text) => {
      res.writeHead(200, { 'Content-Type': metrics.registry.contentType }).end(text);
    }, (err: Error) => res.writeHead(500).end(err.message));
  });
  await new Promise<void>((resolve, reject) => server.once('error', reject).listen(port, host, () => resolve()));
  const addr = server.address();
  return { server, port: typeof addr === 'object' && addr ? addr.port : port };
}
