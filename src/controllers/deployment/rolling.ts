/**
 * RollingUpdate arithmetic, pure (Kubernetes' rolloutRolling): how far the new
 * ReplicaSet may grow within maxSurge, and how far old ones may shrink without
 * dropping below spec.replicas - maxUnavailable available pods.
 */
import { resolveFenceposts } from './fenceposts.js';
import { byCreation, type Obj } from './replica-sets.js';

/** New spec.replicas per ReplicaSet name. */
export type Sizes = Map<string, number>;

const specReplicas = (rs: Obj): number => rs.spec?.replicas ?? 0;
/**
 * Available replicas a ReplicaSet can be counted on for: its status, capped at
 * spec.replicas. A ReplicaSet just told to shrink still reports its old count
 * until its controller acts, and trusting that would let two steps remove the
 * same availability twice (dropping below spec.replicas - maxUnavailable).
 */
const available = (rs: Obj): number => Math.min(rs.status?.availableReplicas ?? 0, specReplicas(rs));

/** Sum of spec.replicas, read through `sizes` when a ReplicaSet was already resized in this plan. */
function total(rss: Obj[], sizes: Sizes): number {
  return rss.reduce((n, rs) => n + (sizes.get(rs.metadata.name) ?? specReplicas(rs)), 0);
}

/**
 * spec.replicas the new ReplicaSet should have now (Kubernetes' NewRSNewReplicas):
 * Recreate jumps to spec.replicas; RollingUpdate grows by what the surge allows.
 */
export function newRSReplicas(deployment: Obj, allRSs: Obj[], newRS: Obj | undefined): number {
  const replicas = deployment.spec?.replicas ?? 0;
  if (deployment.spec?.strategy?.type !== 'RollingUpdate') return replicas;
  const current = newRS ? specReplicas(newRS) : 0;
  const { maxSurge } = resolveFenceposts(deployment);
  const podCount = total(allRSs, new Map());
  const maxTotal = replicas + maxSurge;
  if (podCount >= maxTotal) return current;
  return current + Math.max(0, Math.min(maxTotal - podCount, replicas - current));
}

/** The new ReplicaSet's target: scale down past spec.replicas, else grow per `newRSReplicas`. */
export function planNewReplicaSet(deployment: Obj, newRS: Obj, oldRSs: Obj[]): number {
  const replicas = deployment.spec?.replicas ?? 0;
  if (specReplicas(newRS) >= replicas) return replicas;
  return newRSReplicas(deployment, [newRS, ...oldRSs], newRS);
}

/**
 * Old ReplicaSet sizes after one rolling step (Kubernetes' reconcileOldReplicaSets):
 * first unhealthy replicas are dropped (they cost no availability), then healthy
 * ones from the oldest ReplicaSet on, while available pods stay >= replicas - maxUnavailable.
 */
export function planOldReplicaSets(deployment: Obj, newRS: Obj | undefined, oldRSs: Obj[]): Sizes {
  const sizes: Sizes = new Map();
  const oldCount = total(oldRSs, sizes);
  if (oldCount === 0) return sizes;
  const all = newRS ? [newRS, ...oldRSs] : oldRSs;
  const { maxUnavailable } = resolveFenceposts(deployment);
  const minAvailable = (deployment.spec?.replicas ?? 0) - maxUnavailable;
  const newUnavailable = newRS ? specReplicas(newRS) - available(newRS) : 0;
  const maxScaledDown = total(all, sizes) - minAvailable - newUnavailable;
  if (maxScaledDown <= 0) return sizes;
  const sorted = [...oldRSs].sort(byCreation);
  let cleanup = maxScaledDown;
  for (const rs of sorted) {
    if (cleanup <= 0) break;
    const size = specReplicas(rs);
    if (size === 0) continue;
    const unhealthy = size - available(rs);
    if (unhealthy <= 0) continue;
    const down = Math.min(cleanup, unhealthy);
    sizes.set(rs.metadata.name, size - down);
    cleanup -= down;
  }
  const availableCount = all.reduce((n, rs) => n + available(rs), 0);
  let scaleDown = availableCount - minAvailable;
  for (const rs of sorted) {
    if (scaleDown <= 0) break;
    const size = sizes.get(rs.metadata.name) ?? specReplicas(rs);
    if (size === 0) continue;
    const down = Math.min(size, scaleDown);
    sizes.set(rs.metadata.name, size - down);
    scaleDown -= down;
  }
  return sizes;
}
