/**
 * One Deployment sync step, pure (Kubernetes' syncDeployment): from the
 * Deployment and the ReplicaSets it owns, the ReplicaSet writes to make now.
 * Like Kubernetes it takes one step at a time (create the new ReplicaSet, or
 * grow it, or shrink old ones) and relies on the next sync, triggered by the
 * ReplicaSet events, for the following step.
 */
import { resolveFenceposts } from './fenceposts.js';
import { planNewReplicaSet, newRSReplicas, planOldReplicaSets, type Sizes } from './rolling.js';
import { isScalingEvent, planScale } from './scaling.js';
import {
  DESIRED_REPLICAS, MAX_REPLICAS, maxRevision, newReplicaSetFor, replicaSetAnnotations, revisionOf, splitNewAndOld, type Obj,
} from './replica-sets.js';
import { isComplete } from './status.js';

/** A ReplicaSet write. `update` changes spec.replicas and merges annotations into the cached object. */
export type Action =
  | { type: 'create'; rs: Obj }
  | { type: 'update'; rs: Obj; replicas: number; annotations: Record<string, string>; minReadySeconds: number }
  | { type: 'delete'; rs: Obj };

/** The outcome of planning one sync. */
export interface DeploymentPlan {
  actions: Action[];
  /** `rollout` advances the Progressing condition; `counts` only recounts (paused, scaling, deleting). */
  statusMode: 'rollout' | 'counts';
  /** The revision the Deployment's own annotation should carry, when a new ReplicaSet exists. */
  revision?: string;
}

/** What the planner reads: the Deployment, its owned ReplicaSets and whether old pods still run (Recreate). */
export interface DeploymentObserved {
  deployment: Obj;
  replicaSets: Obj[];
  oldPodsRunning: boolean;
  /** The controller reference new ReplicaSets get. */
  ownerRef: Obj;
}

class Builder {
  readonly actions: Action[] = [];
  private readonly updates = new Map<string, Extract<Action, { type: 'update' }>>();
  constructor(private readonly deployment: Obj) {}

  update(rs: Obj, replicas: number | undefined, annotations: Record<string, string>): void {
    let a = this.updates.get(rs.metadata.name);
    if (!a) {
      a = { type: 'update', rs, replicas: rs.spec?.replicas ?? 0, annotations: {}, minReadySeconds: this.deployment.spec?.minReadySeconds ?? 0 };
      this.updates.set(rs.metadata.name, a);
      this.actions.push(a);
    }
    if (replicas !== undefined) a.replicas = replicas;
    Object.assign(a.annotations, annotations);
  }

  resize(rs: Obj, replicas: number, maxSurge: number): void {
    const replicasWanted = this.deployment.spec?.replicas ?? 0;
    this.update(rs, replicas, { [DESIRED_REPLICAS]: String(replicasWanted), [MAX_REPLICAS]: String(replicasWanted + maxSurge) });
  }

  resizeAll(rss: Obj[], sizes: Sizes, maxSurge: number): boolean {
    let changed = false;
    for (const rs of rss) {
      const size = sizes.get(rs.metadata.name);
      if (size !== undefined && size !== (rs.spec?.replicas ?? 0)) {
        this.resize(rs, size, maxSurge);
        changed = true;
      }
    }
    return changed;
  }

  /** The actions that change something (an update may turn out to be a no-op). */
  effective(): Action[] {
    return this.actions.filter((a) => a.type !== 'update' || a.replicas !== (a.rs.spec?.replicas ?? 0)
      || a.minReadySeconds !== (a.rs.spec?.minReadySeconds ?? 0)
      || Object.entries(a.annotations).some(([k, v]) => a.rs.metadata?.annotations?.[k] !== v));
  }
}

/** Old ReplicaSets beyond revisionHistoryLimit that are fully scaled down, oldest revision first. */
export function planCleanup(deployment: Obj, oldRSs: Obj[]): Obj[] {
  const limit = deployment.spec?.revisionHistoryLimit;
  if (limit == null) return [];
  const cleanable = oldRSs.filter((rs) => !rs.metadata.deletionTimestamp).sort((a, b) => revisionOf(a) - revisionOf(b));
  const excess = cleanable.length - limit;
  if (excess <= 0) return [];
  return cleanable.slice(0, excess).filter((rs) =>
    (rs.spec?.replicas ?? 0) === 0 && (rs.status?.replicas ?? 0) === 0 && (rs.metadata.generation ?? 0) <= (rs.status?.observedGeneration ?? 0));
}

/** Plans one sync step of a Deployment. */
export function planDeployment(o: DeploymentObserved): DeploymentPlan {
  const d = o.deployment;
  const b = new Builder(d);
  const { newRS, oldRSs } = splitNewAndOld(d, o.replicaSets);
  const { maxSurge } = resolveFenceposts(d);
  const newRevision = maxRevision(oldRSs) + 1;
  if (d.metadata.deletionTimestamp) return { actions: [], statusMode: 'counts' };
  if (newRS && revisionOf(newRS) < newRevision) {
    const { [DESIRED_REPLICAS]: _d, [MAX_REPLICAS]: _m, ...copied } = replicaSetAnnotations(d, newRevision, maxSurge);
    b.update(newRS, undefined, copied);
  }
  const revision = newRS ? String(Math.max(revisionOf(newRS), newRevision)) : undefined;
  const done = (statusMode: DeploymentPlan['statusMode'], rev = revision): DeploymentPlan => ({ actions: b.effective(), statusMode, revision: rev });
  const create = (replicas: number): DeploymentPlan => {
    b.actions.push({ type: 'create', rs: newReplicaSetFor(d, newRevision, replicas, maxSurge, o.ownerRef) });
    return done('rollout', String(newRevision));
  };

  if (d.spec?.paused || isScalingEvent(d, newRS ? [newRS, ...oldRSs] : oldRSs)) {
    b.resizeAll(o.replicaSets, planScale(d, newRS, oldRSs), maxSurge);
    if (d.spec?.paused) for (const rs of planCleanup(d, oldRSs)) b.actions.push({ type: 'delete', rs });
    return done('counts');
  }
  if (d.spec?.strategy?.type === 'Recreate') {
    const zero: Sizes = new Map(oldRSs.filter((rs) => (rs.spec?.replicas ?? 0) > 0).map((rs) => [rs.metadata.name, 0]));
    if (b.resizeAll(oldRSs, zero, maxSurge) || o.oldPodsRunning) return done('rollout');
    if (!newRS) return create(d.spec?.replicas ?? 0);
    if ((newRS.spec?.replicas ?? 0) !== (d.spec?.replicas ?? 0)) b.resize(newRS, d.spec?.replicas ?? 0, maxSurge);
  } else {
    if (!newRS) return create(newRSReplicas(d, oldRSs, undefined));
    const target = planNewReplicaSet(d, newRS, oldRSs);
    if (target !== (newRS.spec?.replicas ?? 0)) {
      b.resize(newRS, target, maxSurge);
      return done('rollout');
    }
    if (b.resizeAll(oldRSs, planOldReplicaSets(d, newRS, oldRSs), maxSurge)) return done('rollout');
  }
  if (d.status && isComplete(d, d.status)) for (const rs of planCleanup(d, oldRSs)) b.actions.push({ type: 'delete', rs });
  return done('rollout');
}
