/**
 * Server-side defaulting: fills the fields kube-apiserver fills before an
 * object is validated and stored.
 *
 * Run it on the decoded request body (a private copy) before `validateObject`,
 * as Kubernetes does, so validation sees the defaulted object (a Job whose pod
 * template omits restartPolicy is defaulted to Always and then rejected). It never
 * throws: wrongly typed fields are skipped and left for validation to report.
 */
import type { ResourceInfo } from '../resources.js';
import { child, isObj, type Obj } from './fields.js';
import { defaultPodSpec } from './pod.js';
import { defaultCronJob, defaultDaemonSet, defaultDeployment, defaultJob, defaultReplicaSet, defaultStatefulSet } from './workloads.js';
import {
  defaultEndpointSlice, defaultEndpoints, defaultHorizontalPodAutoscaler, defaultNamespace, defaultSecret, defaultService,
} from './core.js';

export { imageTag } from './pod.js';
export { CONTROLLER_UID_LABEL, LEGACY_CONTROLLER_UID_LABEL, JOB_NAME_LABEL, LEGACY_JOB_NAME_LABEL } from './workloads.js';

const DEFAULTERS: Record<string, (obj: Obj) => void> = {
  Pod: (obj) => defaultPodSpec(child(obj, 'spec')),
  Deployment: defaultDeployment,
  ReplicaSet: defaultReplicaSet,
  StatefulSet: defaultStatefulSet,
  DaemonSet: defaultDaemonSet,
  Job: defaultJob,
  CronJob: defaultCronJob,
  Service: defaultService,
  Secret: defaultSecret,
  Namespace: defaultNamespace,
  HorizontalPodAutoscaler: defaultHorizontalPodAutoscaler,
  EndpointSlice: defaultEndpointSlice,
  Endpoints: defaultEndpoints,
};

/**
 * Fills defaults into `obj` in place. For Jobs, `metadata.uid` must already be
 * set: the generated selector and pod labels are built from it.
 */
export function applyDefaults(info: ResourceInfo, obj: any): void {
  if (!isObj(obj)) return;
  DEFAULTERS[info.kind]?.(obj);
}
