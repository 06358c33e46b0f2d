/**
 * Deployment status, pure: the replica counts kubectl's `rollout status` reads,
 * the Available condition, and the Progressing condition with its progress
 * deadline (Kubernetes' calculateStatus + syncRolloutStatus).
 */
import { maxUnavailableOf } from './fenceposts.js';
import type { Obj } from './replica-sets.js';

/** A Deployment condition. */
export interface Condition {
  type: string;
  status: 'True' | 'False' | 'Unknown';
  reason: string;
  message: string;
  lastUpdateTime: string;
  lastTransitionTime: string;
}

/** RFC 3339 at second precision. */
export function timestamp(ms: number): string {
  return new Date(Math.floor(ms / 1000) * 1000).toISOString().replace('.000Z', 'Z');
}

/** A condition stamped at `now`. */
export function condition(type: string, status: Condition['status'], reason: string, message: string, now: number): Condition {
  return { type, status, reason, message, lastUpdateTime: timestamp(now), lastTransitionTime: timestamp(now) };
}

/**
 * Kubernetes' SetDeploymentCondition: a condition with the same status and
 * reason as the existing one changes nothing; otherwise it replaces it, keeping
 * lastTransitionTime when only the reason changed.
 */
export function setCondition(conditions: Condition[], next: Condition): Condition[] {
  const current = conditions.find((c) => c.type === next.type);
  if (current && current.status === next.status && current.reason === next.reason) return conditions;
  const c = current && current.status === next.status ? { ...next, lastTransitionTime: current.lastTransitionTime } : next;
  return [...conditions.filter((x) => x.type !== next.type), c];
}

/** The condition of `type`, if present. */
export function getCondition(status: Obj | undefined, type: string): Condition | undefined {
  return (status?.conditions ?? []).find((c: Condition) => c.type === type);
}

const sum = (rss: Obj[], field: string): number => rss.reduce((n, rs) => n + (rs.status?.[field] ?? 0), 0);

/** Counts and the Available condition from the ReplicaSets' statuses (Kubernetes' calculateStatus). */
export function calculateStatus(deployment: Obj, newRS: Obj | undefined, allRSs: Obj[], now: number): Obj {
  const replicas = deployment.spec?.replicas ?? 0;
  const availableReplicas = sum(allRSs, 'availableReplicas');
  const status: Obj = {
    observedGeneration: deployment.metadata?.generation ?? 0,
    replicas: sum(allRSs, 'replicas'),
    updatedReplicas: newRS?.status?.replicas ?? 0,
    readyReplicas: sum(allRSs, 'readyReplicas'),
    availableReplicas,
    unavailableReplicas: Math.max(0, replicas - availableReplicas),
  };
  if (deployment.status?.collisionCount !== undefined) status.collisionCount = deployment.status.collisionCount;
  const minAvailable = replicas - maxUnavailableOf(deployment);
  const available = availableReplicas >= minAvailable
    ? condition('Available', 'True', 'MinimumReplicasAvailable', 'Deployment has minimum availability.', now)
    : condition('Available', 'False', 'MinimumReplicasUnavailable', 'Deployment does not have minimum availability.', now);
  status.conditions = setCondition(deployment.status?.conditions ?? [], available);
  return status;
}

/** Every replica is updated and available and the latest generation was observed (Kubernetes' DeploymentComplete). */
export function isComplete(deployment: Obj, status: Obj): boolean {
  const replicas = deployment.spec?.replicas ?? 0;
  return status.updatedReplicas === replicas && status.replicas === replicas && status.availableReplicas === replicas
    && status.observedGeneration >= (deployment.metadata?.generation ?? 0);
}

/** The new status shows progress over the old one (Kubernetes' DeploymentProgressing). */
export function isProgressing(old: Obj | undefined, next: Obj): boolean {
  const o = old ?? {};
  const oldOld = (o.replicas ?? 0) - (o.updatedReplicas ?? 0);
  const newOld = (next.replicas ?? 0) - (next.updatedReplicas ?? 0);
  return next.updatedReplicas > (o.updatedReplicas ?? 0) || next.readyReplicas > (o.readyReplicas ?? 0)
    || next.availableReplicas > (o.availableReplicas ?? 0) || newOld < oldOld;
}

/** The progress deadline passed since the Progressing condition last moved (Kubernetes' DeploymentTimedOut). */
export function isTimedOut(deployment: Obj, status: Obj, now: number): boolean {
  const deadline = deployment.spec?.progressDeadlineSeconds;
  const c = getCondition(status, 'Progressing');
  if (deadline === undefined || deadline === null || !c || c.reason === 'NewReplicaSetAvailable') return false;
  if (c.reason === 'ProgressDeadlineExceeded') return true;
  return Date.parse(c.lastUpdateTime) + deadline * 1000 < now;
}

/**
 * The full rollout status: counts, Available, and Progressing advanced by one
 * step (complete, progressing, or timed out). `rsName` names the new ReplicaSet.
 */
export function rolloutStatus(deployment: Obj, newRS: Obj | undefined, allRSs: Obj[], now: number): Obj {
  const status = calculateStatus(deployment, newRS, allRSs, now);
  const current = getCondition(deployment.status, 'Progressing');
  const hasDeadline = deployment.spec?.progressDeadlineSeconds != null;
  if (!hasDeadline) {
    status.conditions = status.conditions.filter((c: Condition) => c.type !== 'Progressing');
    return status;
  }
  const done = status.replicas === status.updatedReplicas && current?.reason === 'NewReplicaSetAvailable';
  if (done) return status;
  const rsName = newRS?.metadata?.name;
  if (isComplete(deployment, status)) {
    const msg = rsName ? `ReplicaSet "${rsName}" has successfully progressed.` : `Deployment "${deployment.metadata.name}" has successfully progressed.`;
    status.conditions = setCondition(status.conditions, condition('Progressing', 'True', 'NewReplicaSetAvailable', msg, now));
  } else if (isProgressing(deployment.status, status)) {
    const msg = rsName ? `ReplicaSet "${rsName}" is progressing.` : `Deployment "${deployment.metadata.name}" is progressing.`;
    const next = condition('Progressing', 'True', 'ReplicaSetUpdated', msg, now);
    if (current?.status === 'True') next.lastTransitionTime = current.lastTransitionTime;
    status.conditions = [...status.conditions.filter((c: Condition) => c.type !== 'Progressing'), next];
  } else if (isTimedOut(deployment, status, now)) {
    const msg = rsName ? `ReplicaSet "${rsName}" has timed out progressing.` : `Deployment "${deployment.metadata.name}" has timed out progressing.`;
    status.conditions = setCondition(status.conditions, condition('Progressing', 'False', 'ProgressDeadlineExceeded', msg, now));
  }
  return status;
}

/**
 * Milliseconds until the progress deadline of a rollout in progress expires,
 * so the controller re-checks then; undefined when nothing is pending.
 */
export function deadlineIn(deployment: Obj, status: Obj, now: number): number | undefined {
  const deadline = deployment.spec?.progressDeadlineSeconds;
  const c = getCondition(status, 'Progressing');
  if (deadline == null || !c || c.status !== 'True' || isComplete(deployment, status) || c.reason === 'NewReplicaSetAvailable') return undefined;
  return Math.max(0, Date.parse(c.lastUpdateTime) + deadline * 1000 - now) + 1000;
}

/** The paused/resumed Progressing condition (Kubernetes' checkPausedConditions); undefined when unchanged. */
export function pausedCondition(deployment: Obj, now: number): Condition | undefined {
  if (deployment.spec?.progressDeadlineSeconds == null) return undefined;
  const c = getCondition(deployment.status, 'Progressing');
  if (deployment.spec?.paused && c?.reason !== 'DeploymentPaused') return condition('Progressing', 'Unknown', 'DeploymentPaused', 'Deployment is paused', now);
  if (!deployment.spec?.paused && c?.reason === 'DeploymentPaused') return condition('Progressing', 'Unknown', 'DeploymentResumed', 'Deployment is resumed', now);
  return undefined;
}
