/**
 * Node health and NoExecute eviction, pure (Kubernetes' node lifecycle
 * controller and taint manager): a node whose Lease was not renewed within the
 * grace period is unreachable (Ready Unknown, `unreachable:NoExecute` taint);
 * one whose agent reports Ready False gets `not-ready:NoExecute`; pods on a
 * node with a NoExecute taint are evicted when their toleration runs out.
 */
import { parseMicroTime } from '../../client/index.js';

type Obj = Record<string, any>;

/** Taint of a node whose agent stopped renewing its Lease. */
export const UNREACHABLE_TAINT = 'node.kubernetes.io/unreachable';
/** Taint of a node whose agent reports Ready False. */
export const NOT_READY_TAINT = 'node.kubernetes.io/not-ready';
/** Kubernetes' default node-monitor grace period. */
export const DEFAULT_GRACE_MS = 50_000;
/** Kubernetes' DefaultTolerationSeconds for the two taints above. */
export const DEFAULT_TOLERATION_SECONDS = 300;

/** A node's health as the controller judges it. */
export type NodeHealth = 'ready' | 'notReady' | 'unreachable';

function time(s: string | undefined): number {
  if (!s) return 0;
  const t = parseMicroTime(s);
  return Number.isNaN(t) ? Date.parse(s) || 0 : t;
}

function ready(node: Obj): Obj | undefined {
  return (node.status?.conditions ?? []).find((c: Obj) => c.type === 'Ready');
}

/** Health from the latest of Lease renewal, Ready heartbeat and creation, against `graceMs`. */
export function nodeHealth(node: Obj, lease: Obj | undefined, now: number, graceMs: number): NodeHealth {
  const last = Math.max(time(lease?.spec?.renewTime), time(ready(node)?.lastHeartbeatTime), time(node.metadata?.creationTimestamp));
  if (now - last > graceMs) return 'unreachable';
  return ready(node)?.status === 'False' ? 'notReady' : 'ready';
}

function ts(ms: number): string {
  return new Date(Math.floor(ms / 1000) * 1000).toISOString().replace('.000Z', 'Z');
}

/** The node's taints for `health`: the two NoExecute health taints set or cleared, others kept, timeAdded preserved. */
export function desiredTaints(node: Obj, health: NodeHealth, now: number): Obj[] {
  const taints: Obj[] = node.spec?.taints ?? [];
  const want = new Set(health === 'unreachable' ? [UNREACHABLE_TAINT] : health === 'notReady' ? [NOT_READY_TAINT] : []);
  const out = taints.filter((t) => !((t.key === UNREACHABLE_TAINT || t.key === NOT_READY_TAINT) && t.effect === 'NoExecute' && !want.has(t.key)));
  for (const key of want) {
    if (!out.some((t) => t.key === key && t.effect === 'NoExecute')) out.push({ key, effect: 'NoExecute', timeAdded: ts(now) });
  }
  return out;
}

/** Conditions of an unreachable node: every kubelet-owned condition becomes Unknown (NodeStatusUnknown). */
export function unknownConditions(node: Obj, now: number): Obj[] {
  const types = ['Ready', 'MemoryPressure', 'DiskPressure', 'PIDPressure'];
  const existing: Obj[] = node.status?.conditions ?? [];
  const out = existing.map((c) => (types.includes(c.type) && c.status !== 'Unknown'
    ? { ...c, status: 'Unknown', reason: 'NodeStatusUnknown', message: 'Kubelet stopped posting node status.', lastTransitionTime: ts(now) }
    : c));
  if (!out.some((c) => c.type === 'Ready')) {
    out.push({ type: 'Ready', status: 'Unknown', reason: 'NodeStatusNeverUpdated', message: 'Kubelet never posted node status.', lastHeartbeatTime: ts(now), lastTransitionTime: ts(now) });
  }
  return out;
}

/** True when `toleration` tolerates `taint` (key/operator/value/effect, as Kubernetes matches them). */
export function tolerates(toleration: Obj, taint: Obj): boolean {
  if (toleration.effect && toleration.effect !== taint.effect) return false;
  if ((toleration.operator ?? 'Equal') === 'Exists') return !toleration.key || toleration.key === taint.key;
  return toleration.key === taint.key && (toleration.value ?? '') === (taint.value ?? '');
}

/**
 * The pod's tolerations plus Kubernetes' DefaultTolerationSeconds ones (not-ready
 * and unreachable, NoExecute, for `seconds`) when it has none for those taints.
 */
export function withDefaultTolerations(tolerations: Obj[] | undefined, seconds: number): Obj[] {
  const out = [...(tolerations ?? [])];
  for (const key of [NOT_READY_TAINT, UNREACHABLE_TAINT]) {
    if (!out.some((t) => tolerates(t, { key, effect: 'NoExecute' }))) out.push({ key, operator: 'Exists', effect: 'NoExecute', tolerationSeconds: seconds });
  }
  return out;
}

/**
 * When the pod must leave a node with these taints: 'now', a time in ms, or
 * undefined (tolerated forever or no NoExecute taint). Each taint counts from
 * its timeAdded; the earliest deadline wins.
 */
export function evictionTime(tolerations: Obj[], taints: Obj[], now: number): 'now' | number | undefined {
  let soonest: number | undefined;
  for (const taint of taints.filter((t) => t.effect === 'NoExecute')) {
    const matching = tolerations.filter((t) => tolerates(t, taint));
    if (!matching.length) return 'now';
    if (matching.some((t) => t.tolerationSeconds == null)) continue;
    const seconds = Math.min(...matching.map((t) => Math.max(0, t.tolerationSeconds)));
    const at = (Date.parse(taint.timeAdded ?? '') || now) + seconds * 1000;
    soonest = soonest === undefined ? at : Math.min(soonest, at);
  }
  if (soonest !== undefined && soonest <= now) return 'now';
  return soonest;
}
