/**
 * Scaling a Deployment while several ReplicaSets are active, pure (Kubernetes'
 * `scale`): the change in spec.replicas is split across them in proportion to
 * their size, so a rollout in progress keeps its ratio of old to new.
 */
import { maxSurgeOf } from './fenceposts.js';
import { byCreation, DESIRED_REPLICAS, MAX_REPLICAS, type Obj } from './replica-sets.js';
import type { Sizes } from './rolling.js';

const size = (rs: Obj): number => rs.spec?.replicas ?? 0;

function annotationInt(rs: Obj, name: string): number | undefined {
  const v = rs.metadata?.annotations?.[name];
  return v !== undefined && /^\d+$/.test(v) ? Number(v) : undefined;
}

/** True when an active ReplicaSet was last sized for a different spec.replicas: the user scaled. */
export function isScalingEvent(deployment: Obj, rss: Obj[]): boolean {
  const replicas = deployment.spec?.replicas ?? 0;
  return rss.some((rs) => {
    if (size(rs) === 0) return false;
    const desired = annotationInt(rs, DESIRED_REPLICAS);
    return desired !== undefined && desired !== replicas;
  });
}

/** The only active ReplicaSet, or the latest one when none is active; undefined when several are active. */
function activeOrLatest(newRS: Obj | undefined, oldRSs: Obj[]): Obj | undefined {
  const old = [...oldRSs].sort(byCreation);
  const active = [newRS, ...old].filter((rs): rs is Obj => !!rs && size(rs) > 0);
  if (active.length === 0) return newRS ?? old[old.length - 1];
  return active.length === 1 ? active[0] : undefined;
}

/** The new ReplicaSet runs spec.replicas available pods and was sized for them. */
function isSaturated(deployment: Obj, newRS: Obj | undefined): boolean {
  if (!newRS) return false;
  const replicas = deployment.spec?.replicas ?? 0;
  return size(newRS) === replicas && annotationInt(newRS, DESIRED_REPLICAS) === replicas && (newRS.status?.availableReplicas ?? 0) === replicas;
}

function proportion(rs: Obj, deployment: Obj, toAdd: number, added: number): number {
  if (size(rs) === 0 || toAdd === 0 || toAdd === added) return 0;
  const replicas = deployment.spec?.replicas ?? 0;
  let fraction: number;
  if (replicas === 0) fraction = -size(rs);
  else {
    const target = replicas + maxSurgeOf(deployment);
    const annotated = annotationInt(rs, MAX_REPLICAS) ?? (deployment.status?.replicas ?? 0);
    fraction = annotated === 0 ? 0 : Math.round((size(rs) * target) / annotated) - size(rs);
  }
  const allowed = toAdd - added;
  return toAdd > 0 ? Math.min(fraction, allowed) : Math.max(fraction, allowed);
}

/** New sizes for a scaling event (only ReplicaSets whose size changes are listed). */
export function planScale(deployment: Obj, newRS: Obj | undefined, oldRSs: Obj[]): Sizes {
  const sizes: Sizes = new Map();
  const replicas = deployment.spec?.replicas ?? 0;
  const single = activeOrLatest(newRS, oldRSs);
  if (single) {
    if (size(single) !== replicas) sizes.set(single.metadata.name, replicas);
    return sizes;
  }
  if (isSaturated(deployment, newRS)) {
    for (const rs of oldRSs) if (size(rs) > 0) sizes.set(rs.metadata.name, 0);
    return sizes;
  }
  if (deployment.spec?.strategy?.type !== 'RollingUpdate') return sizes;
  const active = [newRS, ...oldRSs].filter((rs): rs is Obj => !!rs && size(rs) > 0);
  const allowed = replicas > 0 ? replicas + maxSurgeOf(deployment) : 0;
  const toAdd = allowed - active.reduce((n, rs) => n + size(rs), 0);
  const bySize = (a: Obj, b: Obj) => (size(b) - size(a)) || (toAdd > 0 ? -byCreation(a, b) : byCreation(a, b));
  const ordered = [...active].sort(bySize);
  let added = 0;
  const next = new Map<string, number>();
  for (const rs of ordered) {
    const p = proportion(rs, deployment, toAdd, added);
    next.set(rs.metadata.name, size(rs) + p);
    added += p;
  }
  if (ordered.length && added !== toAdd) {
    const first = ordered[0].metadata.name;
    next.set(first, Math.max(0, next.get(first)! + toAdd - added));
  }
  for (const rs of ordered) if (next.get(rs.metadata.name) !== size(rs)) sizes.set(rs.metadata.name, next.get(rs.metadata.name)!);
  return sizes;
}
