/**
 * The ReplicaSet decision, pure: how many pods to create, which to delete (the
 * least valuable first), in what batch sizes, and the status to report.
 */
import { isPodActive, isPodAvailable, isPodReady, readySince, restartCount, type Pod } from '../common/pods.js';

/** At most this many creates or deletes per sync, as Kubernetes' burstReplicas. */
export const BURST_REPLICAS = 500;

/** What one sync should do to reach spec.replicas. */
export interface ReplicaPlan {
  create: number;
  /** Pods to delete, most expendable first. */
  delete: Pod[];
}

/** Decides creates/deletes from the owned pods (terminal and terminating ones do not count). */
export function planReplicas(replicas: number, owned: Pod[]): ReplicaPlan {
  const active = owned.filter(isPodActive);
  const diff = active.length - replicas;
  if (diff < 0) return { create: Math.min(-diff, BURST_REPLICAS), delete: [] };
  if (diff > 0) return { create: 0, delete: rankForDeletion(active).slice(0, Math.min(diff, BURST_REPLICAS)) };
  return { create: 0, delete: [] };
}

const PHASE_RANK: Record<string, number> = { Pending: 0, Unknown: 1, Running: 2 };

function created(pod: Pod): number {
  return Date.parse(pod.metadata?.creationTimestamp ?? '') || 0;
}

/**
 * Orders pods from least to most valuable: unscheduled before scheduled,
 * Pending before Unknown before Running, not Ready before Ready, Ready for less
 * time first, more restarts first, newer first (Kubernetes' ActivePods ranking).
 */
export function compareForDeletion(a: Pod, b: Pod): number {
  const assigned = (p: Pod) => (p.spec?.nodeName ? 1 : 0);
  if (assigned(a) !== assigned(b)) return assigned(a) - assigned(b);
  const phase = (p: Pod) => PHASE_RANK[p.status?.phase ?? 'Pending'] ?? 0;
  if (phase(a) !== phase(b)) return phase(a) - phase(b);
  const ready = (p: Pod) => (isPodReady(p) ? 1 : 0);
  if (ready(a) !== ready(b)) return ready(a) - ready(b);
  if (ready(a)) {
    const since = (p: Pod) => readySince(p) ?? 0;
    if (since(a) !== since(b)) return since(b) - since(a);
  }
  if (restartCount(a) !== restartCount(b)) return restartCount(b) - restartCount(a);
  if (created(a) !== created(b)) return created(b) - created(a);
  return String(a.metadata?.name).localeCompare(String(b.metadata?.name));
}

/** Pods sorted most expendable first; the input is not modified. */
export function rankForDeletion(pods: Pod[]): Pod[] {
  return [...pods].sort(compareForDeletion);
}

/**
 * Slow start: batch sizes 1, 2, 4, ... summing to `count`. The caller stops
 * at the first batch with a failure, so a quota or admission error costs one
 * request, not `count`.
 */
export function slowStartBatches(count: number, initial = 1): number[] {
  const batches: number[] = [];
  for (let left = count, size = Math.min(initial, count); left > 0; size = Math.min(size * 2, left)) {
    batches.push(size);
    left -= size;
  }
  return batches;
}

/** The ReplicaSet status fields the controller owns. */
export interface ReplicaSetStatus {
  replicas: number;
  fullyLabeledReplicas: number;
  readyReplicas: number;
  availableReplicas: number;
  observedGeneration: number;
  conditions?: Record<string, any>[];
}

function labelsContain(labels: Record<string, string> | undefined, wanted: Record<string, string> | undefined): boolean {
  return Object.entries(wanted ?? {}).every(([k, v]) => labels?.[k] === v);
}

/**
 * Status from the owned pods at `now`. `failure` (a create or delete error) sets
 * the ReplicaFailure condition; without one an existing ReplicaFailure is cleared.
 */
export function computeReplicaSetStatus(rs: Record<string, any>, owned: Pod[], now: number, failure?: { reason: string; message: string }): ReplicaSetStatus {
  const active = owned.filter(isPodActive);
  const minReady = rs.spec?.minReadySeconds ?? 0;
  const templateLabels = rs.spec?.template?.metadata?.labels;
  const status: ReplicaSetStatus = {
    replicas: active.length,
    fullyLabeledReplicas: active.filter((p) => labelsContain(p.metadata?.labels, templateLabels)).length,
    readyReplicas: active.filter(isPodReady).length,
    availableReplicas: active.filter((p) => isPodAvailable(p, minReady, now)).length,
    observedGeneration: rs.metadata?.generation ?? 0,
  };
  const others = (rs.status?.conditions ?? []).filter((c: any) => c.type !== 'ReplicaFailure');
  const prior = (rs.status?.conditions ?? []).find((c: any) => c.type === 'ReplicaFailure');
  const conditions = failure
    ? [...others, { type: 'ReplicaFailure', status: 'True', reason: failure.reason, message: failure.message, lastTransitionTime: prior?.lastTransitionTime ?? new Date(Math.floor(now / 1000) * 1000).toISOString().replace('.000Z', 'Z') }]
    : others;
  if (conditions.length) status.conditions = conditions;
  return status;
}
