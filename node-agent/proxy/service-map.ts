/**
 * The proxy's pure core: turns Services and EndpointSlices into the frontends to
 * listen on (ClusterIP:port and NodePorts) with their ready backends. Only ready
 * endpoints are used; named target ports are resolved per EndpointSlice port.
 */

/** One backend address of a frontend. */
export interface Backend {
  ip: string;
  port: number;
  /** `ip:port`, the key Maglev hashes. */
  key: string;
}

/** One listening port of a Service and where its connections go. */
export interface Frontend {
  /** `namespace/name:port/protocol`, stable across rebuilds. */
  id: string;
  service: string;
  ip: string;
  port: number;
  protocol: 'TCP' | 'UDP';
  nodePort?: number;
  /** LoadBalancer Services are also served on the node addresses at their own port (as k3s's service load balancer does). */
  loadBalancerPort?: number;
  /** ClientIP affinity: hash the client address only, and keep a client on its backend for this long. */
  affinityTimeoutSeconds?: number;
  backends: Backend[];
}

const LABEL_SERVICE_NAME = 'kubernetes.io/service-name';

/** Whether an EndpointSlice endpoint may receive new connections. */
export function endpointReady(ep: Record<string, any>): boolean {
  const c = ep.conditions ?? {};
  if (c.ready === false) return false;
  return c.terminating !== true;
}

function backendsFor(svcPort: Record<string, any>, slices: Record<string, any>[]): Backend[] {
  const out = new Map<string, Backend>();
  const protocol = svcPort.protocol ?? 'TCP';
  for (const slice of slices) {
    if (slice.addressType && slice.addressType !== 'IPv4') continue;
    const port = (slice.ports ?? []).find((p: any) => (p.name ?? '') === (svcPort.name ?? '') && (p.protocol ?? 'TCP') === protocol);
    if (!port?.port) continue;
    for (const ep of slice.endpoints ?? []) {
      if (!endpointReady(ep)) continue;
      for (const ip of ep.addresses ?? []) out.set(`${ip}:${port.port}`, { ip, port: port.port, key: `${ip}:${port.port}` });
    }
  }
  return [...out.values()].sort((a, b) => (a.key < b.key ? -1 : a.key > b.key ? 1 : 0));
}

/** Frontends for every Service with a ClusterIP (headless and ExternalName Services get none). */
export function buildFrontends(services: Record<string, any>[], slices: Record<string, any>[]): Frontend[] {
  const byService = new Map<string, Record<string, any>[]>();
  for (const s of slices) {
    const owner = s.metadata?.labels?.[LABEL_SERVICE_NAME];
    if (!owner) continue;
    const key = `${s.metadata.namespace}/${owner}`;
    byService.set(key, [...(byService.get(key) ?? []), s]);
  }
  const frontends: Frontend[] = [];
  for (const svc of services) {
    const ip = svc.spec?.clusterIP;
    if (!ip || ip === 'None' || svc.spec?.type === 'ExternalName') continue;
    const service = `${svc.metadata.namespace}/${svc.metadata.name}`;
    const slicesOf = byService.get(service) ?? [];
    const affinity = svc.spec?.sessionAffinity === 'ClientIP'
      ? svc.spec?.sessionAffinityConfig?.clientIP?.timeoutSeconds ?? 10800 : undefined;
    for (const p of svc.spec?.ports ?? []) {
      const protocol = p.protocol ?? 'TCP';
      if (protocol !== 'TCP' && protocol !== 'UDP') continue;
      const f: Frontend = { id: `${service}:${p.port}/${protocol}`, service, ip, port: p.port, protocol, backends: backendsFor(p, slicesOf) };
      if (p.nodePort) f.nodePort = p.nodePort;
      if (svc.spec?.type === 'LoadBalancer') f.loadBalancerPort = p.port;
      if (affinity !== undefined) f.affinityTimeoutSeconds = affinity;
      frontends.push(f);
    }
  }
  return frontends;
}

/** Whether two frontends would forward identically (so a rebuild can be skipped). */
export function sameFrontend(a: Frontend, b: Frontend): boolean {
  return a.ip === b.ip && a.port === b.port && a.protocol === b.protocol && a.nodePort === b.nodePort && a.loadBalancerPort === b.loadBalancerPort
    && a.affinityTimeoutSeconds === b.affinityTimeoutSeconds && a.backends.map((x) => x.key).join() === b.backends.map((x) => x.key).join();
}

/** The ingress addresses of LoadBalancer Services: the InternalIP of every Ready node, sorted. */
export function loadBalancerIngress(nodes: Record<string, any>[]): { ip: string }[] {
  const ready = nodes.filter((n) => (n.status?.conditions ?? []).some((c: any) => c.type === 'Ready' && c.status === 'True'));
  const ips = ready.flatMap((n) => (n.status?.addresses ?? []).filter((a: any) => a.type === 'InternalIP').map((a: any) => a.address as string));
  return [...new Set(ips)].sort().map((ip) => ({ ip }));
}
