/**
 * Forwards UDP datagrams: one upstream socket per client address (a session) sends
 * to the chosen backend and relays replies; idle sessions expire, and a session
 * whose backend is no longer ready picks a new one on its next datagram (only
 * ready endpoints get traffic, as for TCP).
 */
import { createSocket, type Socket } from 'node:dgram';
import type { Balancer } from './balancer.js';
import type { ProxyMetrics } from './metrics.js';

const SESSION_IDLE_MS = 30_000;

/** A UDP listener with its sessions; `close()` ends everything. */
export interface UdpListener {
  close(): void;
}

/** Binds `ip:port` and forwards datagrams; resolves once bound. */
export function listenUdp(ip: string, port: number, service: string, balancer: Balancer, affinity: () => number | undefined, metrics: ProxyMetrics): Promise<UdpListener> {
  const server = createSocket('udp4');
  const sessions = new Map<string, { upstream: Socket; backendKey: string; timer?: NodeJS.Timeout }>();
  server.on('message', (msg, rinfo) => {
    const id = `${rinfo.address}:${rinfo.port}`;
    let s = sessions.get(id);
    if (s && !balancer.has(s.backendKey)) {
      clearTimeout(s.timer);
      s.upstream.close();
      sessions.delete(id);
      s = undefined;
    }
    if (!s) {
      const backend = balancer.order(rinfo.address, rinfo.port, affinity())[0];
      if (!backend) { metrics.noBackend.inc({ service }); return; }
      const upstream = createSocket('udp4');
      upstream.on('message', (reply) => {
        metrics.bytes.inc({ service, direction: 'to_client' }, reply.length);
        server.send(reply, rinfo.port, rinfo.address);
      });
      upstream.on('error', () => metrics.backendErrors.inc({ service }));
      upstream.connect(backend.port, backend.ip);
      metrics.connections.inc({ service });
      if (affinity() !== undefined) balancer.remember(rinfo.address, backend);
      s = { upstream, backendKey: backend.key };
      sessions.set(id, s);
      const session = s;
      upstream.once('connect', () => session.upstream.send(msg));
    } else {
      s.upstream.send(msg);
    }
    metrics.bytes.inc({ service, direction: 'to_backend' }, msg.length);
    clearTimeout(s.timer);
    const session = s;
    s.timer = setTimeout(() => { session.upstream.close(); sessions.delete(id); }, SESSION_IDLE_MS);
    s.timer.unref();
  });
  return new Promise((resolve, reject) => {
    server.once('error', reject);
    server.bind(port, ip, () => {
      server.off('error', reject);
      resolve({ close: () => { for (const s of sessions.values()) { clearTimeout(s.timer); s.upstream.close(); } sessions.clear(); server.close(); } });
    });
  });
}
