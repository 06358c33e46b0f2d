/**
 * The StatefulSet decision, pure (Kubernetes' StatefulSet control): pods
 * `<name>-0..N-1` with stable identities; OrderedReady creates one ordinal at a
 * time (each Running and Ready before the next) and removes from the highest;
 * Parallel does everything at once; RollingUpdate replaces pods from the
 * highest ordinal down to the partition, one at a time; and the status.
 */
import { isPodAvailable, isPodReady, type Pod } from '../common/pods.js';
import { REVISION_HASH } from '../common/revisions.js';

type Obj = Record<string, any>;

/** Label with the pod's own name, so a Service can select one replica. */
export const POD_NAME_LABEL = 'statefulset.kubernetes.io/pod-name';
/** Label with the pod's ordinal. */
export const POD_INDEX_LABEL = 'apps.kubernetes.io/pod-index';

/** A pod to create: its ordinal and which revision's template it gets. */
export interface NewPod {
  ordinal: number;
  revision: 'current' | 'update';
}

/** What one sync should do. */
export interface StatefulPlan {
  create: NewPod[];
  delete: Pod[];
  status: Obj;
}

/** The ordinal of a pod named `<set>-<n>`, or undefined when the name does not fit. */
export function ordinalOf(set: Obj, pod: Pod): number | undefined {
  const prefix = `${set.metadata.name}-`;
  const name: string = pod.metadata?.name ?? '';
  if (!name.startsWith(prefix)) return undefined;
  const rest = name.slice(prefix.length);
  return /^(0|[1-9]\d*)$/.test(rest) ? Number(rest) : undefined;
}

const healthy = (p: Pod): boolean => p.status?.phase === 'Running' && isPodReady(p) && !p.metadata?.deletionTimestamp;

/** Plans one sync. `currentRevision`/`updateRevision` are revision names; pods carry theirs in `controller-revision-hash`. */
export function planStatefulSet(set: Obj, pods: Pod[], currentRevision: string, updateRevision: string, now: number): StatefulPlan {
  const replicas: number = set.spec?.replicas ?? 0;
  const ordered = set.spec?.podManagementPolicy !== 'Parallel';
  const strategy = set.spec?.updateStrategy ?? { type: 'RollingUpdate' };
  const partition: number = strategy.type === 'RollingUpdate' ? strategy.rollingUpdate?.partition ?? 0 : 0;
  const byOrdinal = new Map<number, Pod>();
  for (const p of pods) {
    const o = ordinalOf(set, p);
    if (o !== undefined) byOrdinal.set(o, p);
  }
  const plan: StatefulPlan = { create: [], delete: [], status: statusOf(set, byOrdinal, replicas, currentRevision, updateRevision, now) };
  const revisionFor = (o: number): NewPod['revision'] => (strategy.type === 'RollingUpdate' && o < partition ? 'current' : 'update');
  for (let o = 0; o < replicas; o++) {
    const pod = byOrdinal.get(o);
    if (!pod) {
      plan.create.push({ ordinal: o, revision: revisionFor(o) });
      if (ordered) return plan;
    } else if (pod.status?.phase === 'Failed' && !pod.metadata.deletionTimestamp) {
      plan.delete.push(pod);
      if (ordered) return plan;
    } else if (ordered && !healthy(pod)) return plan;
  }
  const condemned = [...byOrdinal.entries()].filter(([o]) => o >= replicas).sort(([a], [b]) => b - a).map(([, p]) => p);
  for (const pod of condemned) {
    if (pod.metadata.deletionTimestamp) {
      if (ordered) return plan;
      continue;
    }
    if (ordered && [...byOrdinal.values()].some((p) => p !== pod && !healthy(p))) return plan;
    plan.delete.push(pod);
    if (ordered) return plan;
  }
  if (ordered && (plan.create.length || plan.delete.length)) return plan;
  if (strategy.type !== 'RollingUpdate') return plan;
  for (let o = replicas - 1; o >= partition; o--) {
    const pod = byOrdinal.get(o);
    if (!pod) return plan;
    if (pod.metadata.labels?.[REVISION_HASH] !== updateRevision) {
      if (!pod.metadata.deletionTimestamp) plan.delete.push(pod);
      return plan;
    }
    if (!healthy(pod)) return plan;
  }
  return plan;
}

function statusOf(set: Obj, byOrdinal: Map<number, Pod>, replicas: number, currentRevision: string, updateRevision: string, now: number): Obj {
  const pods = [...byOrdinal.values()].filter((p) => !p.metadata?.deletionTimestamp);
  const at = (rev: string) => pods.filter((p) => p.metadata?.labels?.[REVISION_HASH] === rev).length;
  const ready = pods.filter((p) => p.status?.phase === 'Running' && isPodReady(p)).length;
  const updated = at(updateRevision);
  const rolledOut = updated === replicas && pods.length === replicas && ready === replicas;
  const current = rolledOut ? updateRevision : currentRevision;
  const status: Obj = {
    observedGeneration: set.metadata?.generation ?? 0,
    replicas: pods.length,
    readyReplicas: ready,
    currentReplicas: at(current),
    updatedReplicas: updated,
    availableReplicas: pods.filter((p) => isPodAvailable(p, set.spec?.minReadySeconds ?? 0, now)).length,
    currentRevision: current,
    updateRevision,
    collisionCount: set.status?.collisionCount ?? 0,
  };
  return status;
}

/** The pod for `ordinal` from `template`: stable name, hostname and subdomain, identity labels. */
export function statefulPod(set: Obj, template: Obj, ordinal: number, revision: string, ownerRef: Obj): Obj {
  const name = `${set.metadata.name}-${ordinal}`;
  const meta = template.metadata ?? {};
  const spec = structuredClone(template.spec ?? {});
  spec.hostname = name;
  if (set.spec?.serviceName) spec.subdomain = set.spec.serviceName;
  return {
    metadata: {
      name, namespace: set.metadata.namespace,
      labels: { ...(meta.labels ?? {}), [POD_NAME_LABEL]: name, [POD_INDEX_LABEL]: String(ordinal), [REVISION_HASH]: revision },
      annotations: meta.annotations ? { ...meta.annotations } : undefined,
      ownerReferences: [ownerRef],
    },
    spec,
  };
}
