/**
 * Defaults for the apps/v1 and batch/v1 workload kinds.
 *
 * Controllers rely on these being present (a Deployment always has replicas and
 * a strategy, a Job always has parallelism and a selector), so they never
 * carry their own fallback values.
 */
import { child, isObj, setDefault, type Obj } from './fields.js';
import { defaultPodTemplate } from './pod.js';

/** Label the server puts on a Job's pods and selector so the Job finds exactly its own pods. */
export const CONTROLLER_UID_LABEL = 'batch.kubernetes.io/controller-uid';
/** Pre-1.27 spelling of the controller-uid label, still set for older tooling. */
export const LEGACY_CONTROLLER_UID_LABEL = 'controller-uid';
/** Label carrying the Job's name on its pods, for humans and `kubectl logs job/x`. */
export const JOB_NAME_LABEL = 'batch.kubernetes.io/job-name';
/** Pre-1.27 spelling of the job-name label. */
export const LEGACY_JOB_NAME_LABEL = 'job-name';

/** Deployment: one replica, 25%/25% rolling update, 10 old ReplicaSets kept, 600s progress deadline. */
export function defaultDeployment(obj: Obj): void {
  const spec = child(obj, 'spec');
  setDefault(spec, 'replicas', 1);
  const strategy = child(spec, 'strategy');
  if (strategy && !strategy.type) strategy.type = 'RollingUpdate';
  if (strategy?.type === 'RollingUpdate') {
    const rolling = child(strategy, 'rollingUpdate');
    setDefault(rolling, 'maxUnavailable', '25%');
    setDefault(rolling, 'maxSurge', '25%');
  }
  setDefault(spec, 'revisionHistoryLimit', 10);
  setDefault(spec, 'progressDeadlineSeconds', 600);
  defaultPodTemplate(child(spec, 'template'));
}

/** ReplicaSet: one replica. */
export function defaultReplicaSet(obj: Obj): void {
  const spec = child(obj, 'spec');
  setDefault(spec, 'replicas', 1);
  defaultPodTemplate(child(spec, 'template'));
}

/** StatefulSet: one replica, ordered pod management, rolling update from partition 0. */
export function defaultStatefulSet(obj: Obj): void {
  const spec = child(obj, 'spec');
  setDefault(spec, 'replicas', 1);
  if (spec && !spec.podManagementPolicy) spec.podManagementPolicy = 'OrderedReady';
  const strategy = child(spec, 'updateStrategy');
  if (strategy && !strategy.type) strategy.type = 'RollingUpdate';
  if (strategy?.type === 'RollingUpdate') setDefault(child(strategy, 'rollingUpdate'), 'partition', 0);
  setDefault(spec, 'revisionHistoryLimit', 10);
  const retention = child(spec, 'persistentVolumeClaimRetentionPolicy');
  setDefault(retention, 'whenDeleted', 'Retain');
  setDefault(retention, 'whenScaled', 'Retain');
  defaultPodTemplate(child(spec, 'template'));
}

/** DaemonSet: rolling update one node at a time without surge, 10 revisions kept. */
export function defaultDaemonSet(obj: Obj): void {
  const spec = child(obj, 'spec');
  const strategy = child(spec, 'updateStrategy');
  if (strategy && !strategy.type) strategy.type = 'RollingUpdate';
  if (strategy?.type === 'RollingUpdate') {
    const rolling = child(strategy, 'rollingUpdate');
    setDefault(rolling, 'maxUnavailable', 1);
    setDefault(rolling, 'maxSurge', 0);
  }
  setDefault(spec, 'revisionHistoryLimit', 10);
  defaultPodTemplate(child(spec, 'template'));
}

/**
 * Adds the server-generated selector and pod labels of a Job (unless
 * `manualSelector` is set). Labels the user already set are kept, so a
 * conflicting value is reported by validation rather than silently replaced.
 */
function generateJobSelector(obj: Obj, spec: Obj): void {
  const uid = obj.metadata?.uid;
  const name = obj.metadata?.name;
  if (spec.manualSelector === true || typeof uid !== 'string' || !uid) return;
  const labels = child(child(child(spec, 'template'), 'metadata'), 'labels');
  for (const [key, value] of [[CONTROLLER_UID_LABEL, uid], [LEGACY_CONTROLLER_UID_LABEL, uid], [JOB_NAME_LABEL, name], [LEGACY_JOB_NAME_LABEL, name]]) {
    if (typeof value === 'string') setDefault(labels, key, value);
  }
  setDefault(child(child(spec, 'selector'), 'matchLabels'), CONTROLLER_UID_LABEL, uid);
}

/** Job: one pod at a time to one completion, 6 retries, NonIndexed, not suspended, generated selector. */
export function defaultJob(obj: Obj): void {
  const spec = child(obj, 'spec');
  if (!spec) return;
  if (spec.completions == null && spec.parallelism == null) spec.completions = 1;
  setDefault(spec, 'parallelism', 1);
  setDefault(spec, 'backoffLimit', spec.backoffLimitPerIndex == null ? 6 : 2147483647);
  if (!spec.completionMode) spec.completionMode = 'NonIndexed';
  setDefault(spec, 'suspend', false);
  setDefault(spec, 'podReplacementPolicy', isObj(spec.podFailurePolicy) ? 'Failed' : 'TerminatingOrFailed');
  generateJobSelector(obj, spec);
  defaultPodTemplate(child(spec, 'template'));
}

/** CronJob: concurrent runs allowed, not suspended, 3 succeeded and 1 failed Job kept. */
export function defaultCronJob(obj: Obj): void {
  const spec = child(obj, 'spec');
  if (spec && !spec.concurrencyPolicy) spec.concurrencyPolicy = 'Allow';
  setDefault(spec, 'suspend', false);
  setDefault(spec, 'successfulJobsHistoryLimit', 3);
  setDefault(spec, 'failedJobsHistoryLimit', 1);
  const jobSpec = child(child(spec, 'jobTemplate'), 'spec');
  defaultPodTemplate(child(jobSpec, 'template'));
}
