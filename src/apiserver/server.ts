/**
 * Starts an apiserver process: connects the store, fills the watch cache, ensures
 * the built-in namespaces exist, and serves HTTP.
 */
import { createServer, type Server, type IncomingMessage, type ServerResponse } from 'node:http';
import { createServer as createTlsServer } from 'node:https';
import type { AddressInfo } from 'node:net';
import { Store, DEFAULT_HISTORY_LENGTH } from '../store/store.js';
import { WatchCache } from '../store/watch-cache.js';
import { ObjectService } from './registry/object-service.js';
import { ApiMetrics } from './metrics.js';
import { dispatch } from './dispatch.js';
import { handleUpgrade } from './proxy/exec.js';
import type { ApiContext } from './context.js';
import { REDKUBE_VERSION } from '../version.js';
import { startEventExpiry } from './event-ttl.js';
import type { AdmissionOptions } from './registry/admission.js';
import { ensureApiserverService, ensureBuiltinNamespaces } from './builtin-objects.js';
import { DEFAULT_SERVICE_RANGES } from './registry/service-allocation.js';

/** Apiserver settings (all have working defaults except the Redis URL). */
export interface ApiserverOptions {
  redisUrl: string;
  /** TCP port; 0 picks a free one. */
  port?: number;
  /** Bind address; 127.0.0.1 unless asked otherwise. */
  host?: string;
  /** Redis key prefix (one cluster per prefix). */
  prefix?: string;
  /** Approximate number of events kept for watch resumption. */
  historyLength?: number;
  /** Events kept in memory by the watch cache. */
  ringSize?: number;
  /** Bearer token required from clients (unset: no authentication). */
  token?: string;
  bookmarkIntervalMs?: number;
  /** PEM serving certificate and key: serve HTTPS (kubectl sends tokens only over TLS). */
  tls?: { cert: string; key: string };
  /** Service ClusterIP range (CIDR); 10.96.0.0/16 by default. */
  serviceClusterIPRange?: string;
  /** NodePort range, inclusive; 30000-32767 by default. */
  serviceNodePortRange?: [number, number];
  /** Events older than this are deleted (Kubernetes' --event-ttl); default one hour. */
  eventTtlSeconds?: number;
  /** Default tolerations given to pods for the node-problem taints (DefaultTolerationSeconds). */
  admission?: AdmissionOptions;
  /** Collect Node.js process metrics (off in tests that start many servers). */
  processMetrics?: boolean;
}

/** A running apiserver. */
export interface RunningApiserver {
  url: string;
  port: number;
  context: ApiContext;
  close(): Promise<void>;
}

/** The address clients use for a bind address (a wildcard bind is reached on loopback). */
function clientHostOf(host: string): string {
  return host === '0.0.0.0' || host === '::' ? '127.0.0.1' : host;
}

/** Starts serving; resolves once the watch cache is filled and the port is bound. */
export async function startApiserver(opts: ApiserverOptions): Promise<RunningApiserver> {
  const metrics = new ApiMetrics(opts.processMetrics ?? true);
  const store = Store.connect(opts.redisUrl, {
    prefix: opts.prefix,
    historyLength: opts.historyLength ?? DEFAULT_HISTORY_LENGTH,
    observe: (op, s) => metrics.storeLatency.observe({ operation: op }, s),
  });
  const objects = new ObjectService(store, Date.now, {
    clusterIPRange: opts.serviceClusterIPRange ?? DEFAULT_SERVICE_RANGES.clusterIPRange,
    nodePortRange: opts.serviceNodePortRange ?? DEFAULT_SERVICE_RANGES.nodePortRange,
  }, opts.admission);
  await ensureBuiltinNamespaces(objects);
  const cache = new WatchCache(store, { ringSize: opts.ringSize, onApplied: (n) => metrics.cacheEvents.inc(n) });
  await cache.start();
  const host = opts.host ?? '127.0.0.1';
  const ctx: ApiContext = { store, cache, objects, metrics, bookmarkIntervalMs: opts.bookmarkIntervalMs ?? 5000, advertiseAddress: '' };
  const handler = (req: IncomingMessage, res: ServerResponse) => { void dispatch(ctx, { token: opts.token, version: REDKUBE_VERSION }, req, res); };
  const serverOptions = { keepAliveTimeout: 65_000, requestTimeout: 0 };
  const server: Server = opts.tls ? createTlsServer({ ...serverOptions, cert: opts.tls.cert, key: opts.tls.key }, handler) : createServer(serverOptions, handler);
  server.headersTimeout = 60_000;
  server.on('upgrade', (req, socket, head) => handleUpgrade(ctx, opts.token, req, socket, head));
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(opts.port ?? 6443, host, () => resolve());
  });
  const port = (server.address() as AddressInfo).port;
  ctx.advertiseAddress = `${host}:${port}`;
  await ensureApiserverService(objects, clientHostOf(host), port);
  const stopExpiry = startEventExpiry(cache, objects, (opts.eventTtlSeconds ?? 3600) * 1000);
  const clientHost = clientHostOf(host);
  return {
    url: `${opts.tls ? 'https' : 'http'}://${clientHost}:${port}`,
    port,
    context: ctx,
    async close() {
      stopExpiry();
      await cache.stop();
      server.closeAllConnections();
      await new Promise<void>((resolve) => server.close(() => resolve()));
      await store.close();
    },
  };
}
