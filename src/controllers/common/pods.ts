/**
 * Pod facts every workload controller asks the same way: is it still counted
 * (active), is it Ready, has it been Ready for minReadySeconds (available).
 * Pure functions over plain pod objects, so plans and status stay testable.
 */

/** A pod object as controllers read it from the cache (never mutate). */
export type Pod = Record<string, any>;

/** Active pods count toward replicas: not finished and not being deleted (Kubernetes' FilterActivePods). */
export function isPodActive(pod: Pod): boolean {
  const phase = pod.status?.phase;
  return phase !== 'Succeeded' && phase !== 'Failed' && !pod.metadata?.deletionTimestamp;
}

function readyCondition(pod: Pod): Record<string, any> | undefined {
  return (pod.status?.conditions ?? []).find((c: any) => c.type === 'Ready');
}

/** The pod's Ready condition is True. */
export function isPodReady(pod: Pod): boolean {
  return readyCondition(pod)?.status === 'True';
}

/** Millisecond time the pod last became Ready, or undefined when it is not Ready. */
export function readySince(pod: Pod): number | undefined {
  const c = readyCondition(pod);
  if (c?.status !== 'True') return undefined;
  const t = Date.parse(c.lastTransitionTime ?? '');
  return Number.isNaN(t) ? 0 : t;
}

/** Ready for at least `minReadySeconds` at `now` (Kubernetes' IsPodAvailable). */
export function isPodAvailable(pod: Pod, minReadySeconds: number, now: number): boolean {
  const since = readySince(pod);
  if (since === undefined) return false;
  return minReadySeconds <= 0 || since + minReadySeconds * 1000 <= now;
}

/**
 * Milliseconds until a Ready pod becomes available, for requeueing a sync that
 * must recount availableReplicas; undefined when no pod is waiting.
 */
export function nextAvailableIn(pods: Pod[], minReadySeconds: number, now: number): number | undefined {
  if (minReadySeconds <= 0) return undefined;
  let soonest: number | undefined;
  for (const pod of pods) {
    const since = readySince(pod);
    if (since === undefined) continue;
    const wait = since + minReadySeconds * 1000 - now;
    if (wait > 0 && (soonest === undefined || wait < soonest)) soonest = wait;
  }
  return soonest;
}

/** Total container restarts, a tie-breaker when choosing pods to delete. */
export function restartCount(pod: Pod): number {
  return (pod.status?.containerStatuses ?? []).reduce((n: number, c: any) => n + (c.restartCount ?? 0), 0);
}
