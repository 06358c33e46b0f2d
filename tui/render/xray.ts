/**
 * XRay: the ownership tree of workloads as indented text, built from the
 * model's rows — deployment → replicaset → pod → container, and service →
 * endpoints → the pods its addresses point at (the selector's pods when the
 * Endpoints object is not there yet) — with each node's state. Pure over row lists so
 * it is fixture-tested; one pass indexes children by owner uid.
 */
import { matchesLabels, parseLabelSelector } from '../../src/api/selectors/index.js';
import type { Row } from '../model/row.js';

/** The rows XRay reads, per resource. */
export interface XrayInput {
  deployments?: readonly Row[];
  replicasets?: readonly Row[];
  statefulsets?: readonly Row[];
  daemonsets?: readonly Row[];
  services?: readonly Row[];
  endpoints?: readonly Row[];
  pods: readonly Row[];
}

/** Roots XRay can start from. */
export const XRAY_ROOTS = ['deployments', 'statefulsets', 'daemonsets', 'services'] as const;

/** One of `XRAY_ROOTS`. */
export type XrayRoot = (typeof XRAY_ROOTS)[number];

function byOwner(rows: readonly Row[] | undefined): Map<string, Row[]> {
  const map = new Map<string, Row[]>();
  for (const row of rows ?? []) {
    if (!row.ownerUid) continue;
    const list = map.get(row.ownerUid);
    if (list) list.push(row);
    else map.set(row.ownerUid, [row]);
  }
  return map;
}

function podLines(pod: Row, indent: string): string[] {
  const statuses: { name: string; ready?: boolean; restartCount?: number }[] = pod.obj.status?.containerStatuses ?? [];
  const lines = [`${indent}├─ pod ${pod.name} [${pod.status || pod.state}]`];
  for (const c of pod.obj.spec?.containers ?? []) {
    const st = statuses.find((s) => s.name === c.name);
    lines.push(`${indent}│  └─ container ${c.name} (${c.image ?? ''}) ${st?.ready ? 'ready' : 'not ready'}, restarts ${st?.restartCount ?? 0}`);
  }
  return lines;
}

/** The containers of one pod as a small table: name, image, ready, state, restarts (init containers marked). */
export function containerLines(pod: Record<string, any>): string[] {
  const statuses: Record<string, any>[] = [...(pod.status?.initContainerStatuses ?? []), ...(pod.status?.containerStatuses ?? [])];
  const all: Record<string, any>[] = [
    ...((pod.spec?.initContainers ?? []) as Record<string, any>[]).map((c) => ({ ...c, init: true })),
    ...((pod.spec?.containers ?? []) as Record<string, any>[]).map((c) => ({ ...c, init: false })),
  ];
  const head = `${'NAME'.padEnd(24)}${'IMAGE'.padEnd(32)}${'READY'.padEnd(7)}${'STATE'.padEnd(12)}RESTARTS`;
  return [head, ...all.map((c) => {
    const st = statuses.find((s) => s.name === c.name);
    const state = st?.state ? Object.keys(st.state)[0] ?? '' : 'waiting';
    const name = c.init ? `${c.name} (init)` : c.name;
    return `${String(name).padEnd(24)}${String(c.image ?? '').padEnd(32)}${(st?.ready ? 'true' : 'false').padEnd(7)}${state.padEnd(12)}${st?.restartCount ?? 0}`;
  })];
}

function servicePods(svc: Row, pods: readonly Row[]): Row[] {
  const sel = svc.obj.spec?.selector as Record<string, string> | undefined;
  if (!sel || !Object.keys(sel).length) return [];
  const reqs = parseLabelSelector(Object.entries(sel).map(([k, v]) => `${k}=${v}`).join(','));
  return pods.filter((p) => p.namespace === svc.namespace && matchesLabels(reqs, p.labels));
}

interface EndpointsFacts {
  ready: number;
  notReady: number;
  ports: string;
  /** Names of the pods the addresses refer to. */
  pods: Set<string>;
}

function endpointsFacts(ep: Row): EndpointsFacts {
  const facts: EndpointsFacts = { ready: 0, notReady: 0, ports: '', pods: new Set() };
  const ports = new Set<string>();
  for (const subset of (ep.obj.subsets ?? []) as Record<string, any>[]) {
    for (const [list, ready] of [[subset.addresses, true], [subset.notReadyAddresses, false]] as const) {
      for (const a of (list ?? []) as Record<string, any>[]) {
        if (ready) facts.ready++;
        else facts.notReady++;
        if (a.targetRef?.kind === 'Pod' && a.targetRef.name) facts.pods.add(a.targetRef.name);
      }
    }
    for (const p of (subset.ports ?? []) as Record<string, any>[]) ports.add(`${p.port}/${p.protocol ?? 'TCP'}`);
  }
  facts.ports = [...ports].join(',');
  return facts;
}

function serviceLines(svc: Row, input: XrayInput): string[] {
  const lines = [`service ${svc.namespace}/${svc.name} [${svc.obj.spec?.type ?? 'ClusterIP'} ${svc.obj.spec?.clusterIP ?? ''}]`.replace(' ]', ']')];
  const ep = input.endpoints?.find((e) => e.namespace === svc.namespace && e.name === svc.name);
  if (!ep) {
    for (const pod of servicePods(svc, input.pods)) lines.push(...podLines(pod, '  '));
    return lines;
  }
  const f = endpointsFacts(ep);
  lines.push(`  ├─ endpoints ${ep.name} [${f.ready} ready, ${f.notReady} not ready${f.ports ? ` ${f.ports}` : ''}]`);
  for (const pod of input.pods) {
    if (pod.namespace === svc.namespace && f.pods.has(pod.name)) lines.push(...podLines(pod, '  │  '));
  }
  return lines;
}

/** The tree under every root of `root` kind, one string per line. */
export function xrayLines(root: XrayRoot, input: XrayInput): string[] {
  const lines: string[] = [];
  const podsByOwner = byOwner(input.pods);
  if (root === 'services') {
    for (const svc of input.services ?? []) lines.push(...serviceLines(svc, input));
    return lines;
  }
  const rsByOwner = byOwner(input.replicasets);
  for (const owner of input[root] ?? []) {
    const kind = root.slice(0, -1);
    lines.push(`${kind} ${owner.namespace}/${owner.name} [${owner.state}]`);
    const uid = owner.obj.metadata?.uid as string;
    if (root === 'deployments') {
      for (const rs of rsByOwner.get(uid) ?? []) {
        lines.push(`  ├─ replicaset ${rs.name} [${rs.obj.status?.readyReplicas ?? 0}/${rs.obj.spec?.replicas ?? 0}]`);
        for (const pod of podsByOwner.get(rs.obj.metadata?.uid) ?? []) lines.push(...podLines(pod, '  │  '));
      }
    } else {
      for (const pod of podsByOwner.get(uid) ?? []) lines.push(...podLines(pod, '  '));
    }
  }
  return lines;
}
