/**
 * Forwards TCP connections from one listening address to the balancer's backends,
 * retrying the next backend when one refuses or resets before connecting.
 */
import { connect, createServer, type Server, type Socket } from 'node:net';
import type { Balancer } from './balancer.js';
import type { ProxyMetrics } from './metrics.js';

const CONNECT_TIMEOUT_MS = 3000;

/** Listens on `ip:port` and forwards every connection; resolves once listening. */
export function listenTcp(ip: string, port: number, service: string, balancer: Balancer, affinity: () => number | undefined, metrics: ProxyMetrics): Promise<Server> {
  const server = createServer({ pauseOnConnect: true }, (client) => forward(client, service, balancer, affinity(), metrics));
  return new Promise((resolve, reject) => {
    server.once('error', reject);
    server.listen(port, ip, () => { server.off('error', reject); resolve(server); });
  });
}

function forward(client: Socket, service: string, balancer: Balancer, affinity: number | undefined, metrics: ProxyMetrics): void {
  metrics.connections.inc({ service });
  const candidates = balancer.order(client.remoteAddress ?? '', client.remotePort ?? 0, affinity);
  client.on('error', () => client.destroy());
  const attempt = (i: number) => {
    const backend = candidates[i];
    if (!backend) { metrics.noBackend.inc({ service }); client.destroy(); return; }
    const upstream = connect({ host: backend.ip, port: backend.port, timeout: CONNECT_TIMEOUT_MS });
    let connected = false;
    upstream.once('connect', () => {
      connected = true;
      upstream.setTimeout(0);
      if (affinity !== undefined) balancer.remember(client.remoteAddress ?? '', backend);
      client.pipe(upstream);
      upstream.pipe(client);
      client.resume();
    });
    const fail = () => {
      upstream.destroy();
      if (connected) { client.destroy(); return; }
      metrics.backendErrors.inc({ service });
      attempt(i + 1);
    };
    upstream.on('timeout', fail);
    upstream.on('error', fail);
    upstream.on('close', () => {
      if (!connected) return;
      metrics.bytes.inc({ service, direction: 'to_backend' }, upstream.bytesWritten);
      metrics.bytes.inc({ service, direction: 'to_client' }, upstream.bytesRead);
      client.end();
    });
    client.on('close', () => upstream.destroy());
  };
  attempt(0);
}
