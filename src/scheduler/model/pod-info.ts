/**
 * `PodInfo`: what the scheduler needs of a Pod, parsed once per pod version
 * (requests, host ports, tolerations, affinity terms, spread constraints, images),
 * like kube-scheduler's framework.PodInfo. Pure: no cluster state is read here.
 */
import { matchesLabels, type LabelRequirement } from '../../api/selectors/index.js';
import { resourceAmount } from './quantity.js';
import { toRequirements, type PodSelector, type SelectablePod } from './pod-selector.js';

/** kube-scheduler's defaults for containers without cpu/memory requests (scoring only). */
export const DEFAULT_MILLI_CPU_REQUEST = 100;
export const DEFAULT_MEMORY_REQUEST = 200 * 1024 * 1024;
export const LABEL_HOSTNAME = 'kubernetes.io/hostname';
export const LABEL_ZONE = 'topology.kubernetes.io/zone';

/** Pods owned by these controllers are spread by the system default constraints. */
const SPREAD_OWNER_KINDS = new Set(['ReplicaSet', 'StatefulSet', 'ReplicationController']);

/** A host port the pod binds (hostPort > 0). */
export interface HostPort {
  protocol: string;
  port: number;
  /** '' binds every address. */
  ip: string;
}

/** A toleration with defaults applied (operator '' means Equal). */
export interface Toleration {
  key: string;
  operator: string;
  value: string;
  effect: string;
}

/** A node-selector requirement (NodeSelectorRequirement). */
export interface NodeRequirement {
  key: string;
  operator: string;
  values: string[];
}

/** A node-selector term: requirements on labels and on fields (metadata.name). */
export interface NodeTerm {
  matchExpressions: NodeRequirement[];
  matchFields: NodeRequirement[];
}

/** A pod (anti-)affinity term: which pods, in which topology, with what weight. */
export interface AffinityTerm {
  match: PodSelector;
  topologyKey: string;
  weight: number;
}

/** A topology spread constraint with its defaults resolved. */
export interface SpreadConstraint {
  match: PodSelector;
  topologyKey: string;
  maxSkew: number;
  minDomains: number;
  doNotSchedule: boolean;
  honorAffinity: boolean;
  honorTaints: boolean;
  /** The pod itself matches the selector (counted as +1 in its candidate domain). */
  selfMatch: boolean;
}

/** The scheduling-relevant view of a pod. */
export interface PodInfo extends SelectablePod {
  key: string;
  uid: string;
  name: string;
  nodeName: string;
  schedulerName: string;
  priorityClassName: string;
  /** spec.priority when set. */
  specPriority?: number;
  /** Effective requests by resource name (cpu in millicores), zero entries left out. */
  requests: Record<string, number>;
  nonZeroCpu: number;
  nonZeroMemory: number;
  ports: HostPort[];
  tolerations: Toleration[];
  nodeSelector?: Record<string, string>;
  /** Required node affinity terms (ORed); undefined when the pod has none. */
  requiredTerms?: NodeTerm[];
  preferredTerms: { weight: number; term: NodeTerm }[];
  requiredAffinity: AffinityTerm[];
  requiredAntiAffinity: AffinityTerm[];
  preferredAffinity: AffinityTerm[];
  preferredAntiAffinity: AffinityTerm[];
  /** The pod's own constraints, or the system defaults for a controller's pod without any. */
  spread: SpreadConstraint[];
  /** True when `spread` came from the pod (not the system defaults). */
  ownSpread: boolean;
  /** Normalized container and init container images, one entry per container. */
  images: string[];
  numContainers: number;
  /** Succeeded or Failed: holds no resources. */
  terminal: boolean;
  /** spec.schedulingGates is not empty: not ready to schedule. */
  gated: boolean;
  creationMs: number;
  resourceVersion: string;
}

type Obj = Record<string, any>;

/** kube-scheduler's normalizedImageName: adds `:latest` to untagged names. */
export function normalizedImageName(name: string): string {
  return name.lastIndexOf(':') <= name.lastIndexOf('/') ? `${name}:latest` : name;
}

function addTo(target: Record<string, number>, list: Obj | undefined, fallback: Obj | undefined): void {
  for (const source of [list, fallback]) {
    if (!source) continue;
    for (const name of Object.keys(source)) {
      if (source === fallback && list && list[name] !== undefined) continue;
      target[name] = (target[name] ?? 0) + resourceAmount(name, source[name]);
    }
  }
}

/** Requests of one container: requests, or limits where a request is missing (apiserver defaulting). */
function containerRequests(c: Obj): Record<string, number> {
  const out: Record<string, number> = {};
  addTo(out, c.resources?.requests, c.resources?.limits);
  return out;
}

/** A container's cpu and memory as the scores count them: kube-scheduler's defaults where none is given. */
function nonZeroOf(c: Obj, r: Record<string, number>): [number, number] {
  const given = (name: string): boolean => c.resources?.requests?.[name] !== undefined || c.resources?.limits?.[name] !== undefined;
  return [given('cpu') ? r.cpu ?? 0 : DEFAULT_MILLI_CPU_REQUEST, given('memory') ? r.memory ?? 0 : DEFAULT_MEMORY_REQUEST];
}

/**
 * kube's PodRequests: containers summed, each init container as a maximum, plus
 * overhead; and the same for cpu and memory with missing requests defaulted (scoring).
 */
function podRequests(spec: Obj): { requests: Record<string, number>; nonZeroCpu: number; nonZeroMemory: number } {
  const sum: Record<string, number> = {};
  let cpu = 0;
  let memory = 0;
  for (const c of spec.containers ?? []) {
    const r = containerRequests(c);
    for (const k of Object.keys(r)) sum[k] = (sum[k] ?? 0) + r[k];
    const [nc, nm] = nonZeroOf(c, r);
    cpu += nc;
    memory += nm;
  }
  for (const c of spec.initContainers ?? []) {
    const r = containerRequests(c);
    for (const k of Object.keys(r)) if (r[k] > (sum[k] ?? 0)) sum[k] = r[k];
    const [nc, nm] = nonZeroOf(c, r);
    if (nc > cpu) cpu = nc;
    if (nm > memory) memory = nm;
  }
  if (spec.overhead) {
    addTo(sum, spec.overhead, undefined);
    cpu += resourceAmount('cpu', spec.overhead.cpu);
    memory += resourceAmount('memory', spec.overhead.memory);
  }
  for (const k of Object.keys(sum)) if (!sum[k]) delete sum[k];
  return { requests: sum, nonZeroCpu: cpu, nonZeroMemory: memory };
}

function hostPorts(spec: Obj): HostPort[] {
  const out: HostPort[] = [];
  for (const c of spec.containers ?? []) {
    for (const p of c.ports ?? []) {
      if (!(p.hostPort > 0)) continue;
      const ip = p.hostIP && p.hostIP !== '0.0.0.0' ? String(p.hostIP) : '';
      out.push({ protocol: p.protocol || 'TCP', port: p.hostPort, ip });
    }
  }
  return out;
}

function nodeRequirements(list: unknown): NodeRequirement[] {
  return Array.isArray(list)
    ? list.map((r: Obj) => ({ key: String(r.key ?? ''), operator: String(r.operator ?? ''), values: (r.values ?? []).map(String) }))
    : [];
}

function nodeTerm(t: Obj | null | undefined): NodeTerm {
  return { matchExpressions: nodeRequirements(t?.matchExpressions), matchFields: nodeRequirements(t?.matchFields) };
}

function podSelector(t: Obj, namespace: string): PodSelector {
  const names: string[] = Array.isArray(t.namespaces) ? t.namespaces.map(String) : [];
  const nsSelector = t.namespaceSelector ? toRequirements(t.namespaceSelector) : null;
  const namespaces = names.length === 0 && !t.namespaceSelector ? [namespace] : [...new Set(names)].sort();
  return { selector: toRequirements(t.labelSelector), namespaces, nsSelector };
}

function affinityTerms(list: unknown, namespace: string, weighted: boolean): AffinityTerm[] {
  if (!Array.isArray(list)) return [];
  return list.map((item: Obj) => {
    const t = weighted ? item.podAffinityTerm ?? {} : item;
    return { match: podSelector(t, namespace), topologyKey: String(t.topologyKey ?? ''), weight: weighted ? Number(item.weight ?? 0) : 1 };
  }).filter((t) => t.weight !== 0);
}

function spreadConstraints(spec: Obj, namespace: string, labels: Record<string, string>): SpreadConstraint[] {
  const list: Obj[] = Array.isArray(spec.topologySpreadConstraints) ? spec.topologySpreadConstraints : [];
  return list.map((c) => {
    let selector = toRequirements(c.labelSelector);
    const keys: string[] = Array.isArray(c.matchLabelKeys) ? c.matchLabelKeys : [];
    if (selector && keys.length) {
      const extra: LabelRequirement[] = keys.filter((k) => labels[k] !== undefined).map((k) => ({ key: k, operator: 'In', values: [labels[k]] }));
      selector = [...selector, ...extra].sort((a, b) => (a.key < b.key ? -1 : a.key > b.key ? 1 : 0));
    }
    const match: PodSelector = { selector, namespaces: [namespace], nsSelector: null, spread: true };
    return {
      match,
      topologyKey: String(c.topologyKey ?? ''),
      maxSkew: Number(c.maxSkew ?? 1),
      minDomains: Number(c.minDomains ?? 1),
      doNotSchedule: c.whenUnsatisfiable !== 'ScheduleAnyway',
      honorAffinity: c.nodeAffinityPolicy !== 'Ignore',
      honorTaints: c.nodeTaintsPolicy === 'Honor',
      selfMatch: selector !== null && matchesLabels(selector, labels),
    };
  });
}

/** kube-scheduler's system default constraints, for a controller's pods: spread by node (skew 3) and zone (skew 5). */
function defaultSpread(namespace: string, ownerUid: string): SpreadConstraint[] {
  const match: PodSelector = { selector: null, namespaces: [namespace], nsSelector: null, spread: true, ownerUid };
  const c = (topologyKey: string, maxSkew: number): SpreadConstraint => ({
    match, topologyKey, maxSkew, minDomains: 1, doNotSchedule: false, honorAffinity: true, honorTaints: false, selfMatch: true,
  });
  return [c(LABEL_HOSTNAME, 3), c(LABEL_ZONE, 5)];
}

/** Parses a Pod into a PodInfo. */
export function podInfoOf(pod: Obj): PodInfo {
  const meta = pod.metadata ?? {};
  const spec = pod.spec ?? {};
  const namespace = String(meta.namespace ?? 'default');
  const labels: Record<string, string> = meta.labels ?? {};
  const owner = (meta.ownerReferences ?? []).find((r: Obj) => r.controller);
  const ownerUid = owner?.uid as string | undefined;
  const affinity = spec.affinity ?? {};
  const nodeAffinity = affinity.nodeAffinity ?? {};
  const required = nodeAffinity.requiredDuringSchedulingIgnoredDuringExecution;
  const ownSpread = spreadConstraints(spec, namespace, labels);
  const containers = [...(spec.initContainers ?? []), ...(spec.containers ?? [])];
  const phase = pod.status?.phase;
  const { requests, nonZeroCpu, nonZeroMemory } = podRequests(spec);
  return {
    key: `${namespace}/${meta.name}`,
    uid: String(meta.uid ?? ''),
    name: String(meta.name ?? ''),
    namespace,
    labels,
    ownerUid,
    terminating: Boolean(meta.deletionTimestamp),
    nodeName: String(spec.nodeName ?? ''),
    schedulerName: String(spec.schedulerName || 'default-scheduler'),
    priorityClassName: String(spec.priorityClassName ?? ''),
    specPriority: typeof spec.priority === 'number' ? spec.priority : undefined,
    requests,
    nonZeroCpu,
    nonZeroMemory,
    ports: hostPorts(spec),
    tolerations: (spec.tolerations ?? []).map((t: Obj) => ({
      key: String(t.key ?? ''), operator: String(t.operator ?? ''), value: String(t.value ?? ''), effect: String(t.effect ?? ''),
    })),
    nodeSelector: spec.nodeSelector && Object.keys(spec.nodeSelector).length ? spec.nodeSelector : undefined,
    requiredTerms: required ? (required.nodeSelectorTerms ?? []).map(nodeTerm) : undefined,
    preferredTerms: (nodeAffinity.preferredDuringSchedulingIgnoredDuringExecution ?? [])
      .filter((p: Obj) => Number(p.weight ?? 0) !== 0)
      .map((p: Obj) => ({ weight: Number(p.weight), term: nodeTerm(p.preference) })),
    requiredAffinity: affinityTerms(affinity.podAffinity?.requiredDuringSchedulingIgnoredDuringExecution, namespace, false),
    requiredAntiAffinity: affinityTerms(affinity.podAntiAffinity?.requiredDuringSchedulingIgnoredDuringExecution, namespace, false),
    preferredAffinity: affinityTerms(affinity.podAffinity?.preferredDuringSchedulingIgnoredDuringExecution, namespace, true),
    preferredAntiAffinity: affinityTerms(affinity.podAntiAffinity?.preferredDuringSchedulingIgnoredDuringExecution, namespace, true),
    spread: ownSpread.length || !ownerUid || !SPREAD_OWNER_KINDS.has(owner.kind) ? ownSpread : defaultSpread(namespace, ownerUid),
    ownSpread: ownSpread.length > 0,
    images: containers.filter((c: Obj) => c.image).map((c: Obj) => normalizedImageName(String(c.image))),
    numContainers: containers.length,
    terminal: phase === 'Succeeded' || phase === 'Failed',
    gated: Array.isArray(spec.schedulingGates) && spec.schedulingGates.length > 0,
    creationMs: meta.creationTimestamp ? Date.parse(meta.creationTimestamp) : 0,
    resourceVersion: String(meta.resourceVersion ?? ''),
  };
}

/** True when the pod holds any (anti-)affinity term other pods must respect. */
export function holdsTerms(p: PodInfo): boolean {
  return p.requiredAffinity.length + p.requiredAntiAffinity.length + p.preferredAffinity.length + p.preferredAntiAffinity.length > 0;
}
