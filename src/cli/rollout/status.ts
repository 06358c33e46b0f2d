/**
 * The pure core of `rk rollout status` and `history`: whether a workload's rollout
 * is done, kubectl's progress messages, and the revision list of a Deployment
 * from its ReplicaSets.
 */

type Obj = Record<string, any>;

/** One evaluation of a rollout: finished, still waiting (with the message to print), or failed. */
export interface RolloutState { done: boolean; message: string; failed?: boolean }

/** kubectl's deployment rollout check (DeploymentStatusViewer). */
export function deploymentRollout(d: Obj): RolloutState {
  const name = d.metadata?.name;
  const spec = d.spec ?? {};
  const st = d.status ?? {};
  if ((d.metadata?.generation ?? 0) > (st.observedGeneration ?? 0)) {
    return { done: false, message: 'Waiting for deployment spec update to be observed...' };
  }
  const progressing = (st.conditions ?? []).find((c: Obj) => c.type === 'Progressing');
  if (progressing?.reason === 'ProgressDeadlineExceeded') {
    return { done: false, failed: true, message: `deployment "${name}" exceeded its progress deadline` };
  }
  const want = spec.replicas ?? 1;
  const updated = st.updatedReplicas ?? 0;
  const total = st.replicas ?? 0;
  const available = st.availableReplicas ?? 0;
  const prefix = `Waiting for deployment "${name}" rollout to finish: `;
  if (updated < want) return { done: false, message: `${prefix}${updated} out of ${want} new replicas have been updated...` };
  if (total > updated) return { done: false, message: `${prefix}${total - updated} old replicas are pending termination...` };
  if (available < updated) return { done: false, message: `${prefix}${available} of ${updated} updated replicas are available...` };
  return { done: true, message: `deployment "${name}" successfully rolled out` };
}

/** kubectl's DaemonSet check. */
export function daemonSetRollout(ds: Obj): RolloutState {
  const name = ds.metadata?.name;
  const st = ds.status ?? {};
  if ((ds.metadata?.generation ?? 0) > (st.observedGeneration ?? 0)) return { done: false, message: 'Waiting for daemon set spec update to be observed...' };
  const want = st.desiredNumberScheduled ?? 0;
  const prefix = `Waiting for daemon set "${name}" rollout to finish: `;
  if ((st.updatedNumberScheduled ?? 0) < want) return { done: false, message: `${prefix}${st.updatedNumberScheduled ?? 0} out of ${want} new pods have been updated...` };
  if ((st.numberAvailable ?? 0) < want) return { done: false, message: `${prefix}${st.numberAvailable ?? 0} of ${want} updated pods are available...` };
  return { done: true, message: `daemon set "${name}" successfully rolled out` };
}

/** kubectl's StatefulSet check (RollingUpdate strategy). */
export function statefulSetRollout(s: Obj): RolloutState {
  const st = s.status ?? {};
  if ((s.metadata?.generation ?? 0) > (st.observedGeneration ?? 0)) return { done: false, message: 'Waiting for statefulset spec update to be observed...' };
  const want = s.spec?.replicas ?? 1;
  if ((st.readyReplicas ?? 0) < want) return { done: false, message: `Waiting for ${want - (st.readyReplicas ?? 0)} pods to be ready...` };
  if (st.updateRevision !== st.currentRevision) {
    return { done: false, message: `waiting for statefulset rolling update to complete ${st.updatedReplicas ?? 0} pods at revision ${st.updateRevision}...` };
  }
  return { done: true, message: `statefulset rolling update complete ${st.currentReplicas ?? want} pods at revision ${st.currentRevision}...` };
}

/** The checker for a kind, or undefined when rollout status does not apply. */
export function rolloutChecker(kind: string): ((o: Obj) => RolloutState) | undefined {
  return ({ Deployment: deploymentRollout, DaemonSet: daemonSetRollout, StatefulSet: statefulSetRollout } as Record<string, (o: Obj) => RolloutState>)[kind];
}

/** The annotation holding a ReplicaSet's revision. */
export const REVISION = 'deployment.kubernetes.io/revision';

/** One revision of a Deployment. */
export interface Revision { revision: number; changeCause: string; replicaSet: Obj }

/** The Deployment's revisions (its controlled ReplicaSets), oldest first. */
export function deploymentRevisions(deployment: Obj, replicaSets: Obj[]): Revision[] {
  const uid = deployment.metadata?.uid;
  return replicaSets
    .filter((rs) => (rs.metadata?.ownerReferences ?? []).some((o: Obj) => o.controller && o.uid === uid))
    .map((rs) => ({
      revision: Number(rs.metadata?.annotations?.[REVISION] ?? 0),
      changeCause: rs.metadata?.annotations?.['kubernetes.io/change-cause'] ?? '<none>',
      replicaSet: rs,
    }))
    .sort((a, b) => a.revision - b.revision);
}

/** A pod template without the fields that differ between a ReplicaSet's copy and the Deployment's. */
export function normalizedTemplate(tpl: Obj | undefined): Obj {
  const t = structuredClone(tpl ?? {});
  if (t.metadata?.labels) delete t.metadata.labels['pod-template-hash'];
  if (t.metadata) delete t.metadata.creationTimestamp;
  return t;
}

/** The template to roll back to: `toRevision`, or (0) the revision before the latest. */
export function rollbackTarget(revisions: Revision[], toRevision: number): Revision {
  if (toRevision > 0) {
    const r = revisions.find((x) => x.revision === toRevision);
    if (!r) throw new Error(`unable to find specified revision ${toRevision} in history`);
    return r;
  }
  if (revisions.length < 2) throw new Error('no rollout history found for deployment');
  return revisions[revisions.length - 2];
}
