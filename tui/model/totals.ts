/**
 * Cluster CPU and memory: the sum of pod requests on nodes against the sum of
 * node allocatable, kept incrementally from informer events so the header
 * never walks 100,000 pods. Counts only scheduled pods that are not finished
 * (Succeeded/Failed), as the scheduler does.
 */
import { resourceAmount } from '../../src/scheduler/model/quantity.js';

type Obj = Record<string, any>;

/** CPU in millicores, memory in bytes. */
export interface Amounts {
  cpu: number;
  memory: number;
}

/** Sum of a pod's container requests (what the scheduler reserves for it). */
export function requestsOf(pod: Obj): Amounts {
  const out = { cpu: 0, memory: 0 };
  for (const c of (pod.spec.containers ?? []) as Obj[]) {
    out.cpu += resourceAmount('cpu', c.resources?.requests?.cpu);
    out.memory += resourceAmount('memory', c.resources?.requests?.memory);
  }
  return out;
}

/** Sum of a pod's container limits (0 where a container sets none), for the %CPU/L and %MEM/L columns. */
export function limitsOf(pod: Obj): Amounts {
  const out = { cpu: 0, memory: 0 };
  for (const c of (pod.spec?.containers ?? []) as Obj[]) {
    out.cpu += resourceAmount('cpu', c.resources?.limits?.cpu);
    out.memory += resourceAmount('memory', c.resources?.limits?.memory);
  }
  return out;
}

function podRequests(pod: Obj | undefined): Amounts {
  if (!pod?.spec?.nodeName || pod.status?.phase === 'Succeeded' || pod.status?.phase === 'Failed') return { cpu: 0, memory: 0 };
  return requestsOf(pod);
}

/** A node's allocatable cpu and memory. */
export function allocatable(node: Obj | undefined): Amounts {
  const a = node?.status?.allocatable ?? {};
  return { cpu: resourceAmount('cpu', a.cpu), memory: resourceAmount('memory', a.memory) };
}

/** Running totals. Invariant: equal to summing every cached pod and node from scratch. */
export class ClusterTotals {
  readonly requested: Amounts = { cpu: 0, memory: 0 };
  readonly allocatable: Amounts = { cpu: 0, memory: 0 };

  /** Applies a pod change (either side may be undefined for add/delete). */
  pod(oldPod: Obj | undefined, newPod: Obj | undefined): void {
    const before = podRequests(oldPod);
    const after = podRequests(newPod);
    this.requested.cpu += after.cpu - before.cpu;
    this.requested.memory += after.memory - before.memory;
  }

  /** Applies a node change. */
  node(oldNode: Obj | undefined, newNode: Obj | undefined): void {
    const before = allocatable(oldNode);
    const after = allocatable(newNode);
    this.allocatable.cpu += after.cpu - before.cpu;
    this.allocatable.memory += after.memory - before.memory;
  }
}

/** The sum of several amounts (e.g. every node's metrics-API usage). */
export function sumAmounts(values: Iterable<Amounts>): Amounts {
  const out = { cpu: 0, memory: 0 };
  for (const v of values) {
    out.cpu += v.cpu;
    out.memory += v.memory;
  }
  return out;
}

/** `250m/4 (6%)` for cpu, `256Mi/8Gi (3%)` for memory. */
export function formatUsage(kind: 'cpu' | 'memory', used: number, total: number): string {
  const fmt = (v: number): string => formatAmount(kind, v);
  const pct = total > 0 ? ` (${Math.round((used / total) * 100)}%)` : '';
  return `${fmt(used)}/${fmt(total)}${pct}`;
}

/** One amount: cpu as `250m` or whole cores, memory in binary units (`256Mi`). */
export function formatAmount(kind: 'cpu' | 'memory', v: number): string {
  return kind === 'cpu' ? formatCpu(v) : formatBytes(v);
}

function formatCpu(milli: number): string {
  return milli % 1000 === 0 ? String(milli / 1000) : `${milli}m`;
}

function formatBytes(bytes: number): string {
  const units = ['', 'Ki', 'Mi', 'Gi', 'Ti'];
  let v = bytes;
  let i = 0;
  while (v >= 1024 && i < units.length - 1) {
    v /= 1024;
    i++;
  }
  return `${Number.isInteger(v) ? v : v.toFixed(1)}${units[i]}`;
}
