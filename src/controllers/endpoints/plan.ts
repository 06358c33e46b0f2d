/**
 * What a Service with a selector publishes, pure: the core/v1 Endpoints subsets
 * (ready `addresses` and `notReadyAddresses`, grouped by resolved port set) and
 * the discovery.k8s.io/v1 EndpointSlice contents (endpoints with
 * ready/serving/terminating conditions, at most 100 per slice).
 * Named target ports are resolved per pod, so pods naming a port differently
 * land in different subsets or slices.
 */
import { isPodReady, type Pod } from '../common/pods.js';

type Obj = Record<string, any>;

/** Kubernetes' default maximum endpoints per EndpointSlice. */
export const MAX_ENDPOINTS_PER_SLICE = 100;
/** Label tying an EndpointSlice to its Service. */
export const SERVICE_NAME_LABEL = 'kubernetes.io/service-name';
/** Label naming the controller that manages an EndpointSlice. */
export const MANAGED_BY_LABEL = 'endpointslice.kubernetes.io/managed-by';
/** Our value of the managed-by label (Kubernetes' own, so tools recognise the slices). */
export const MANAGED_BY = 'endpointslice-controller.k8s.io';

/** A resolved service port. */
export interface EndpointPort {
  name?: string;
  port: number;
  protocol: string;
}

/** True when the Service selects pods (a Service without a selector has user-managed endpoints). */
export function hasSelector(service: Obj): boolean {
  return Object.keys(service.spec?.selector ?? {}).length > 0;
}

/** Pods the Service selects, in its namespace (map equality, as Service selectors are). */
export function selectedPods(service: Obj, pods: Pod[]): Pod[] {
  const sel: Record<string, string> = service.spec?.selector ?? {};
  return pods.filter((p) => Object.entries(sel).every(([k, v]) => p.metadata?.labels?.[k] === v));
}

/** Resolves the Service's ports against one pod; undefined when a named targetPort is missing there. */
export function resolvePorts(service: Obj, pod: Pod): EndpointPort[] | undefined {
  const out: EndpointPort[] = [];
  for (const sp of service.spec?.ports ?? []) {
    const target = sp.targetPort ?? sp.port;
    let port: number | undefined;
    if (typeof target === 'number') port = target;
    else if (/^\d+$/.test(target)) port = Number(target);
    else {
      for (const c of pod.spec?.containers ?? []) {
        const cp = (c.ports ?? []).find((x: Obj) => x.name === target && (x.protocol ?? 'TCP') === (sp.protocol ?? 'TCP'));
        if (cp) port = cp.containerPort;
      }
    }
    if (port === undefined) return undefined;
    out.push(sp.name ? { name: sp.name, port, protocol: sp.protocol ?? 'TCP' } : { port, protocol: sp.protocol ?? 'TCP' });
  }
  return out;
}

function eligible(pod: Pod): boolean {
  const phase = pod.status?.phase;
  return !!pod.status?.podIP && phase !== 'Succeeded' && phase !== 'Failed';
}

function address(service: Obj, pod: Pod): Obj {
  const a: Obj = {
    ip: pod.status.podIP,
    targetRef: { kind: 'Pod', namespace: pod.metadata.namespace, name: pod.metadata.name, uid: pod.metadata.uid },
  };
  if (pod.spec?.nodeName) a.nodeName = pod.spec.nodeName;
  if (pod.spec?.hostname && pod.spec?.subdomain === service.metadata.name) a.hostname = pod.spec.hostname;
  return a;
}

const byIp = (a: Obj, b: Obj): number => String(a.ip ?? a.addresses?.[0]).localeCompare(String(b.ip ?? b.addresses?.[0]));
const portsKey = (ports: EndpointPort[]): string => JSON.stringify(ports);

/** The Endpoints subsets: one per distinct resolved port set, addresses sorted by IP. Terminating pods are left out. */
export function computeSubsets(service: Obj, pods: Pod[]): Obj[] {
  const groups = new Map<string, { ports: EndpointPort[]; addresses: Obj[]; notReadyAddresses: Obj[] }>();
  const publishAll = service.spec?.publishNotReadyAddresses === true;
  for (const pod of selectedPods(service, pods)) {
    if (!eligible(pod) || pod.metadata.deletionTimestamp) continue;
    const ports = resolvePorts(service, pod);
    if (!ports) continue;
    const key = portsKey(ports);
    if (!groups.has(key)) groups.set(key, { ports, addresses: [], notReadyAddresses: [] });
    const g = groups.get(key)!;
    (publishAll || isPodReady(pod) ? g.addresses : g.notReadyAddresses).push(address(service, pod));
  }
  return [...groups.entries()].sort(([a], [b]) => a.localeCompare(b)).map(([, g]) => {
    const subset: Obj = {};
    if (g.addresses.length) subset.addresses = g.addresses.sort(byIp);
    if (g.notReadyAddresses.length) subset.notReadyAddresses = g.notReadyAddresses.sort(byIp);
    if (g.ports.length) subset.ports = g.ports;
    return subset;
  });
}

/** The desired EndpointSlice bodies (ports + endpoints), terminating pods included with their conditions. */
export function computeSlices(service: Obj, pods: Pod[]): { ports: EndpointPort[]; endpoints: Obj[] }[] {
  const groups = new Map<string, { ports: EndpointPort[]; endpoints: Obj[] }>();
  const publishAll = service.spec?.publishNotReadyAddresses === true;
  for (const pod of selectedPods(service, pods)) {
    if (!eligible(pod)) continue;
    const ports = resolvePorts(service, pod);
    if (!ports) continue;
    const key = portsKey(ports);
    if (!groups.has(key)) groups.set(key, { ports, endpoints: [] });
    const terminating = !!pod.metadata.deletionTimestamp;
    const ready = isPodReady(pod);
    const a = address(service, pod);
    const ep: Obj = { addresses: [a.ip], conditions: { ready: (ready || publishAll) && !terminating, serving: ready || publishAll, terminating }, targetRef: a.targetRef };
    if (a.nodeName) ep.nodeName = a.nodeName;
    if (a.hostname) ep.hostname = a.hostname;
    groups.get(key)!.endpoints.push(ep);
  }
  const out: { ports: EndpointPort[]; endpoints: Obj[] }[] = [];
  for (const [, g] of [...groups.entries()].sort(([a], [b]) => a.localeCompare(b))) {
    const sorted = g.endpoints.sort(byIp);
    for (let i = 0; i < sorted.length; i += MAX_ENDPOINTS_PER_SLICE) out.push({ ports: g.ports, endpoints: sorted.slice(i, i + MAX_ENDPOINTS_PER_SLICE) });
  }
  return out;
}
