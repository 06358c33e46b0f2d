/**
 * Why nodes were rejected: the kernel's R_* codes as kube-scheduler's reason
 * strings, and the FitError summary built from them:
 * `0/5 nodes are available: 2 node(s) had untolerated taint {dedicated: gpu}, 3 Insufficient cpu.`
 * (reason counts sorted as strings, as kube-scheduler's sort.Strings does).
 */
import * as abi from './kernel/abi.js';

export const REASON_UNSCHEDULABLE = 'node(s) were unschedulable';
export const REASON_NODE_NAME = "node(s) didn't match the requested node name";
export const REASON_NODE_AFFINITY = "node(s) didn't match Pod's node affinity/selector";
export const REASON_PORTS = "node(s) didn't have free ports for the requested pod ports";
export const REASON_TOO_MANY_PODS = 'Too many pods';
export const REASON_SPREAD_LABEL = "node(s) didn't match pod topology spread constraints (missing required label)";
export const REASON_SPREAD = "node(s) didn't match pod topology spread constraints";
export const REASON_AFFINITY = "node(s) didn't match pod affinity rules";
export const REASON_ANTI_AFFINITY = "node(s) didn't match pod anti-affinity rules";
export const REASON_EXISTING_ANTI = "node(s) didn't satisfy existing pods anti-affinity rules";
/** kube-scheduler's ErrNoNodesAvailable. */
export const NO_NODES_AVAILABLE = 'no nodes available to schedule pods';

/** `Insufficient <resource>` (NodeResourcesFit). */
export function insufficient(resource: string): string {
  return resource === 'pods' ? REASON_TOO_MANY_PODS : `Insufficient ${resource}`;
}

/** `node(s) had untolerated taint {key: value}` (TaintToleration). */
export function untoleratedTaint(key: string, value: string): string {
  return `node(s) had untolerated taint {${key}: ${value}}`;
}

/** The plugins kube-scheduler names for each code; the queue uses them to decide which events may help. */
export const PLUGIN_OF: Record<number, string> = {
  [abi.R_UNSCHEDULABLE]: 'NodeUnschedulable',
  [abi.R_NODE_NAME]: 'NodeName',
  [abi.R_TAINT]: 'TaintToleration',
  [abi.R_NODE_AFFINITY]: 'NodeAffinity',
  [abi.R_PORTS]: 'NodePorts',
  [abi.R_FIT]: 'NodeResourcesFit',
  [abi.R_SPREAD_LABEL]: 'PodTopologySpread',
  [abi.R_SPREAD]: 'PodTopologySpread',
  [abi.R_AFFINITY]: 'InterPodAffinity',
  [abi.R_ANTI_AFFINITY]: 'InterPodAffinity',
  [abi.R_EXISTING_ANTI]: 'InterPodAffinity',
};

const FIXED: Record<number, string> = {
  [abi.R_UNSCHEDULABLE]: REASON_UNSCHEDULABLE,
  [abi.R_NODE_NAME]: REASON_NODE_NAME,
  [abi.R_NODE_AFFINITY]: REASON_NODE_AFFINITY,
  [abi.R_PORTS]: REASON_PORTS,
  [abi.R_SPREAD_LABEL]: REASON_SPREAD_LABEL,
  [abi.R_SPREAD]: REASON_SPREAD,
  [abi.R_AFFINITY]: REASON_AFFINITY,
  [abi.R_ANTI_AFFINITY]: REASON_ANTI_AFFINITY,
  [abi.R_EXISTING_ANTI]: REASON_EXISTING_ANTI,
};

/** Names a code's detail refers to: resources by index, taints by id. */
export interface ReasonNames {
  resource(index: number): string;
  taint(id: number): { key: string; value: string };
}

/** The reason strings of one node's outcome (several for NodeResourcesFit). */
export function reasonsOf(code: number, detail: number, names: ReasonNames): string[] {
  if (code === abi.R_FIT) {
    const out: string[] = [];
    for (let r = 0; r < 32; r++) if ((detail & (1 << r)) !== 0) out.push(insufficient(names.resource(r)));
    return out;
  }
  if (code === abi.R_TAINT) {
    const t = names.taint(detail);
    return [untoleratedTaint(t.key, t.value)];
  }
  return FIXED[code] ? [FIXED[code]] : [];
}

/** Why a pod fits nowhere: reason -> number of nodes, and the plugins that rejected. */
export interface Diagnosis {
  numNodes: number;
  reasons: Map<string, number>;
  plugins: Set<string>;
}

/** kube-scheduler's FitError message. */
export function fitErrorMessage(d: Diagnosis): string {
  if (d.numNodes === 0) return NO_NODES_AVAILABLE;
  const parts = [...d.reasons].map(([reason, count]) => `${count} ${reason}`).sort();
  return `0/${d.numNodes} nodes are available: ${parts.join(', ')}.`;
}
