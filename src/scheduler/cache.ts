/**
 * The scheduler's view of the cluster: nodes and the pods assigned to them,
 * including pods it has assumed (decided, binding in flight). Informer handlers
 * feed it; the snapshot encoder drains `dirty` to re-encode changed nodes only.
 *
 * Invariants:
 * - `byNode` holds exactly the pods of `pods`, under their node name (known node or not);
 * - a node is in `dirty` whenever what it would encode to changed since it was last
 *   drained, except for an assumption the kernel already accounted for (`assume`
 *   with `accounted`), and its confirmation by the informer;
 * - terminal pods (Succeeded, Failed) hold nothing and are not kept.
 */
import { nodeInfoOf, type NodeInfo } from './model/node-info.js';
import type { PodInfo } from './model/pod-info.js';

/** A pod bound (or being bound) to a node. */
export interface AssignedPod {
  info: PodInfo;
  node: string;
  /** Decided by this scheduler, not yet seen bound through the informer. */
  assumed: boolean;
}

function sameRecord<V>(a: Record<string, V>, b: Record<string, V>): boolean {
  const ka = Object.keys(a);
  if (ka.length !== Object.keys(b).length) return false;
  return ka.every((k) => a[k] === b[k]);
}

function sameRequests(a: PodInfo, b: PodInfo): boolean {
  return sameRecord(a.requests, b.requests) && a.nonZeroCpu === b.nonZeroCpu && a.nonZeroMemory === b.nonZeroMemory;
}

/** Nodes, assigned pods and assumptions. */
export class SchedulerCache {
  readonly nodes = new Map<string, NodeInfo>();
  readonly pods = new Map<string, AssignedPod>();
  readonly byNode = new Map<string, Map<string, PodInfo>>();
  readonly dirty = new Set<string>();

  /** Adds or replaces a node (from its API object). */
  upsertNode(node: Record<string, any>): NodeInfo {
    const info = nodeInfoOf(node);
    this.nodes.set(info.name, info);
    this.dirty.add(info.name);
    return info;
  }

  removeNode(name: string): void {
    if (this.nodes.delete(name)) this.dirty.add(name);
  }

  /** The pods on a node (empty when none). */
  podsOn(node: string): Iterable<PodInfo> {
    return this.byNode.get(node)?.values() ?? [];
  }

  /**
   * Records a pod the API shows bound to `info.nodeName`. Confirms a matching
   * assumption without marking the node dirty (the kernel already counted it).
   * Returns true when it confirmed an assumption.
   */
  upsertBoundPod(info: PodInfo): boolean {
    if (info.terminal) {
      this.removePod(info.key);
      return false;
    }
    const old = this.pods.get(info.key);
    if (old && old.node === info.nodeName) {
      const confirmed = old.assumed;
      const unchanged = old.info.uid === info.uid && old.info.terminating === info.terminating
        && sameRecord(old.info.labels, info.labels) && sameRequests(old.info, info);
      old.assumed = false;
      old.info = info;
      this.byNode.get(old.node)!.set(info.key, info);
      if (!unchanged) this.dirty.add(old.node);
      return confirmed;
    }
    if (old) this.removePod(info.key);
    this.add(info, info.nodeName, false);
    this.dirty.add(info.nodeName);
    return false;
  }

  /** Assumes `info` runs on `node` (the decision, before the bind lands). */
  assume(info: PodInfo, node: string, accounted: boolean): void {
    if (this.pods.has(info.key)) this.removePod(info.key);
    this.add({ ...info, nodeName: node }, node, true);
    if (!accounted) this.dirty.add(node);
  }

  /** Drops an assumption whose bind failed. */
  forget(key: string): void {
    if (this.pods.get(key)?.assumed) this.removePod(key);
  }

  /** True when the pod is assumed and not yet confirmed. */
  isAssumed(key: string): boolean {
    return this.pods.get(key)?.assumed === true;
  }

  removePod(key: string): void {
    const old = this.pods.get(key);
    if (!old) return;
    this.pods.delete(key);
    const onNode = this.byNode.get(old.node);
    onNode?.delete(key);
    if (onNode?.size === 0) this.byNode.delete(old.node);
    this.dirty.add(old.node);
  }

  private add(info: PodInfo, node: string, assumed: boolean): void {
    this.pods.set(info.key, { info, node, assumed });
    let onNode = this.byNode.get(node);
    if (!onNode) {
      onNode = new Map();
      this.byNode.set(node, onNode);
    }
    onNode.set(info.key, info);
  }
}

