/**
 * `NodeInfo`: what the scheduler needs of a Node, parsed once per node version:
 * labels, allocatable amounts, taints, the unschedulable flag and image sizes.
 *
 * The Ready condition becomes taints, as Kubernetes' node lifecycle controller
 * and TaintNodesByCondition do: a node whose Ready condition is Unknown gets
 * `node.kubernetes.io/unreachable:NoSchedule`, one whose Ready is False or
 * missing gets `node.kubernetes.io/not-ready:NoSchedule` (unless it already has
 * them). Pods tolerating those taints (DaemonSets) still land there, and the
 * FailedScheduling summary names the taint as kube-scheduler does.
 */
import { resourceAmount } from './quantity.js';

export const TAINT_NOT_READY = 'node.kubernetes.io/not-ready';
export const TAINT_UNREACHABLE = 'node.kubernetes.io/unreachable';
export const TAINT_UNSCHEDULABLE = 'node.kubernetes.io/unschedulable';

/** A node taint. */
export interface Taint {
  key: string;
  value: string;
  effect: string;
}

/** The scheduling-relevant view of a node. */
export interface NodeInfo {
  name: string;
  labels: Record<string, string>;
  /** Allocatable amounts by resource name (cpu in millicores); capacity when allocatable is absent. */
  allocatable: Record<string, number>;
  unschedulable: boolean;
  /** spec.taints followed by the taints the Ready condition implies. */
  taints: Taint[];
  /** Image name -> size in bytes, for ImageLocality. */
  images: Map<string, number>;
  resourceVersion: string;
}

type Obj = Record<string, any>;

function readinessTaint(status: Obj | undefined): Taint | undefined {
  const ready = (status?.conditions ?? []).find((c: Obj) => c.type === 'Ready');
  if (ready?.status === 'True') return undefined;
  if (ready?.status === 'Unknown') return { key: TAINT_UNREACHABLE, value: '', effect: 'NoSchedule' };
  return { key: TAINT_NOT_READY, value: '', effect: 'NoSchedule' };
}

/** Parses a Node into a NodeInfo. */
export function nodeInfoOf(node: Obj): NodeInfo {
  const spec = node.spec ?? {};
  const status = node.status ?? {};
  const source: Obj = status.allocatable ?? status.capacity ?? {};
  const allocatable: Record<string, number> = {};
  for (const [name, q] of Object.entries(source)) allocatable[name] = resourceAmount(name, q as string);
  const taints: Taint[] = (spec.taints ?? []).map((t: Obj) => ({ key: String(t.key ?? ''), value: String(t.value ?? ''), effect: String(t.effect ?? '') }));
  const implied = readinessTaint(status);
  if (implied && !taints.some((t) => t.key === implied.key && t.effect === implied.effect)) taints.push(implied);
  const images = new Map<string, number>();
  for (const img of status.images ?? []) {
    for (const name of img.names ?? []) images.set(String(name), Number(img.sizeBytes ?? 0));
  }
  return {
    name: String(node.metadata?.name ?? ''),
    labels: node.metadata?.labels ?? {},
    allocatable,
    unschedulable: spec.unschedulable === true,
    taints,
    images,
    resourceVersion: String(node.metadata?.resourceVersion ?? ''),
  };
}

function sameRecord(a: Record<string, unknown>, b: Record<string, unknown>): boolean {
  const ka = Object.keys(a);
  return ka.length === Object.keys(b).length && ka.every((k) => a[k] === b[k]);
}

/** True when two versions of a node look the same to the scheduler (status heartbeats, for example). */
export function sameNodeInfo(a: NodeInfo, b: NodeInfo): boolean {
  return a.unschedulable === b.unschedulable && sameRecord(a.labels, b.labels) && sameRecord(a.allocatable, b.allocatable)
    && a.taints.length === b.taints.length && a.taints.every((t, i) => t.key === b.taints[i].key && t.value === b.taints[i].value && t.effect === b.taints[i].effect)
    && a.images.size === b.images.size && [...a.images].every(([k, v]) => b.images.get(k) === v);
}
