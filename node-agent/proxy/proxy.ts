/**
 * `rk proxy`: one per host, like kube-proxy. Watches Services and EndpointSlices,
 * listens on every ClusterIP:port (and NodePorts on the node addresses), and
 * forwards to ready endpoints chosen by Maglev hashing. Every change is applied by
 * one coalesced reconcile of the whole service map (level-triggered).
 */
import type { Server } from 'node:net';
import { findResource } from '../../src/api/resources.js';
import { readHostFacts } from '../host-facts.js';
import { Informer, type RestClient } from '../../src/client/index.js';
import { Balancer, referenceBuilder, type TableBuilder } from './balancer.js';
import { ProxyMetrics } from './metrics.js';
import { buildFrontends, loadBalancerIngress, sameFrontend, type Frontend } from './service-map.js';
import { ServiceAddresses } from './service-addresses.js';
import { listenTcp } from './tcp-forwarder.js';
import { listenUdp, type UdpListener } from './udp-forwarder.js';

const SERVICES = findResource('', 'v1', 'services')!;
const SLICES = findResource('discovery.k8s.io', 'v1', 'endpointslices')!;
const NODES = findResource('', 'v1', 'nodes')!;

/** Settings of a proxy. */
export interface ProxyOptions {
  client: RestClient;
  /** Addresses NodePorts and LoadBalancer ports listen on; by default 127.0.0.1 and the host's InternalIP (what its node agent advertises). */
  nodePortAddresses?: string[];
  /** Maglev table builder: the WebAssembly kernel in production, the reference in comparisons. */
  builder?: TableBuilder;
  metrics?: ProxyMetrics;
  /**
   * A dummy interface to put every ClusterIP on as a /32 (created if missing,
   * deleted on stop), as kube-proxy's IPVS mode does; Linux as root. Without it the
   * ClusterIPs must already be local (the loopback range 127.96.0.0/16).
   */
  serviceInterface?: string;
  log?: (msg: string) => void;
}

interface Served {
  frontend: Frontend;
  balancer: Balancer;
  listeners: (Server | UdpListener)[];
}

/** A running service proxy. */
export class ServiceProxy {
  readonly metrics: ProxyMetrics;
  private readonly services: Informer;
  private readonly slices: Informer;
  private readonly nodes: Informer;
  private readonly served = new Map<string, Served>();
  private pending = false;
  private running: Promise<void> = Promise.resolve();
  private stopped = false;
  private readonly addresses?: ServiceAddresses;

  constructor(private readonly opts: ProxyOptions) {
    this.metrics = opts.metrics ?? new ProxyMetrics();
    if (opts.serviceInterface) this.addresses = new ServiceAddresses(opts.serviceInterface);
    this.services = new Informer({ client: opts.client, info: SERVICES });
    this.slices = new Informer({ client: opts.client, info: SLICES });
    this.nodes = new Informer({ client: opts.client, info: NODES });
    for (const inf of [this.services, this.slices, this.nodes]) {
      inf.on('add', () => this.schedule());
      inf.on('update', () => this.schedule());
      inf.on('delete', () => this.schedule());
    }
  }

  /** Starts watching; resolves after the first full reconcile. */
  async start(): Promise<void> {
    await this.addresses?.setup();
    this.services.start();
    this.slices.start();
    this.nodes.start();
    await Promise.all([this.services.waitForSync(), this.slices.waitForSync(), this.nodes.waitForSync()]);
    this.schedule();
    await this.settled();
  }

  /** Resolves when no reconcile is queued or running. */
  async settled(): Promise<void> {
    while (this.pending) await this.running;
    await this.running;
  }

  /** Stops watching and closes every listener. */
  async stop(): Promise<void> {
    this.stopped = true;
    await Promise.all([this.services.stop(), this.slices.stop(), this.nodes.stop()]);
    await this.running;
    for (const s of this.served.values()) this.close(s);
    this.served.clear();
    await this.addresses?.teardown();
  }

  /** The ClusterIPs on the service interface (empty without one). */
  serviceAddresses(): string[] {
    return this.addresses?.addresses() ?? [];
  }

  /** The frontends currently served, for tests and status. */
  frontends(): Frontend[] {
    return [...this.served.values()].map((s) => s.frontend);
  }

  private schedule(): void {
    if (this.pending || this.stopped) return;
    this.pending = true;
    this.running = this.running.then(() => new Promise<void>((r) => setImmediate(r))).then(async () => {
      this.pending = false;
      if (!this.stopped) await this.reconcile();
    });
  }

  private async reconcile(): Promise<void> {
    const wanted = buildFrontends(this.services.cache.list() as Record<string, any>[], this.slices.cache.list() as Record<string, any>[]);
    const ids = new Set(wanted.map((f) => f.id));
    const clusterIPs = new Set(wanted.map((f) => f.ip));
    await this.addresses?.ensure(clusterIPs).catch((err: Error) => this.opts.log?.(`service addresses: ${err.message}`));
    for (const [id, s] of this.served) if (!ids.has(id)) { this.close(s); this.served.delete(id); }
    for (const f of wanted) {
      const cur = this.served.get(f.id);
      if (cur && sameFrontend(cur.frontend, f)) continue;
      if (cur && cur.frontend.ip === f.ip && cur.frontend.nodePort === f.nodePort && cur.frontend.loadBalancerPort === f.loadBalancerPort) {
        cur.frontend = f;
        cur.balancer.update(f);
        continue;
      }
      if (cur) { this.close(cur); this.served.delete(f.id); }
      await this.open(f);
    }
    this.metrics.frontends.set(this.served.size);
    await this.addresses?.prune(clusterIPs).catch((err: Error) => this.opts.log?.(`service addresses: ${err.message}`));
    await this.publishLoadBalancerStatus();
  }

  /** Writes the node addresses as ingress of every LoadBalancer Service whose status differs (idempotent across hosts). */
  private async publishLoadBalancerStatus(): Promise<void> {
    const ingress = loadBalancerIngress(this.nodes.cache.list() as Record<string, any>[]);
    for (const svc of this.services.cache.list() as Record<string, any>[]) {
      if (svc.spec?.type !== 'LoadBalancer') continue;
      if (JSON.stringify(svc.status?.loadBalancer?.ingress ?? []) === JSON.stringify(ingress)) continue;
      try {
        await this.opts.client.patch(SERVICES, svc.metadata.namespace, svc.metadata.name, 'merge', { status: { loadBalancer: { ingress } } }, { subresource: 'status' });
      } catch (err) {
        this.opts.log?.(`cannot publish load balancer status of ${svc.metadata.namespace}/${svc.metadata.name}: ${(err as Error).message}`);
      }
    }
  }

  private async open(f: Frontend): Promise<void> {
    const balancer = new Balancer(this.opts.builder ?? referenceBuilder, Date.now, () => this.metrics.rebuilds.inc());
    balancer.update(f);
    const served: Served = { frontend: f, balancer, listeners: [] };
    this.served.set(f.id, served);
    const affinity = () => served.frontend.affinityTimeoutSeconds;
    const listen = (ip: string, port: number) => (f.protocol === 'UDP'
      ? listenUdp(ip, port, f.service, balancer, affinity, this.metrics)
      : listenTcp(ip, port, f.service, balancer, affinity, this.metrics));
    const nodeAddresses = this.opts.nodePortAddresses ?? defaultNodePortAddresses(readHostFacts().internalIP);
    const addresses: [string, number][] = [
      [f.ip, f.port],
      ...(f.nodePort ? nodeAddresses.map((a): [string, number] => [a, f.nodePort!]) : []),
      ...(f.loadBalancerPort ? nodeAddresses.map((a): [string, number] => [a, f.loadBalancerPort!]) : []),
    ];
    for (const [ip, port] of addresses) {
      try {
        served.listeners.push(await listen(ip, port));
      } catch (err) {
        this.opts.log?.(`cannot listen on ${ip}:${port} for ${f.service}: ${(err as Error).message}`);
      }
    }
  }

  private close(s: Served): void {
    for (const l of s.listeners) l.close();
  }
}

/**
 * Where NodePorts listen when no addresses are given: loopback and the node's
 * InternalIP, the address other hosts and the LoadBalancer ingress use (kube-proxy
 * listens on every node address by default). Pure.
 */
export function defaultNodePortAddresses(internalIP: string): string[] {
  return [...new Set(['127.0.0.1', internalIP])];
}
