/**
 * apps/v1 Deployment, as `kubectl create deployment` sends it.
 * Field numbers: k8s.io/api/apps/v1/generated.proto.
 */
import { POINTER, bool, field, int32, int64, message, str } from './schema.js';
import { POD_TEMPLATE_SPEC } from './core-v1.js';
import { LABEL_SELECTOR, OBJECT_META } from './meta-v1.js';
import { INT_OR_STRING } from './well-known.js';

/** apps/v1 RollingUpdateDeployment; both bounds are optional IntOrStrings. */
const ROLLING_UPDATE_DEPLOYMENT = message('RollingUpdateDeployment', [
  [1, field('maxUnavailable', INT_OR_STRING, POINTER)],
  [2, field('maxSurge', INT_OR_STRING, POINTER)],
]);

/** apps/v1 DeploymentStrategy; a non-pointer struct, so `{}` when the generator leaves it empty. */
const DEPLOYMENT_STRATEGY = message('DeploymentStrategy', [
  [1, str('type')],
  [2, field('rollingUpdate', ROLLING_UPDATE_DEPLOYMENT, POINTER)],
]);

/** apps/v1 DeploymentSpec; replicas is a pointer so an explicit 0 survives. */
const DEPLOYMENT_SPEC = message('DeploymentSpec', [
  [1, int32('replicas', POINTER)],
  [2, field('selector', LABEL_SELECTOR, POINTER)],
  [3, field('template', POD_TEMPLATE_SPEC)],
  [4, field('strategy', DEPLOYMENT_STRATEGY)],
  [5, int32('minReadySeconds')],
  [6, int32('revisionHistoryLimit', POINTER)],
  [7, bool('paused')],
  [9, int32('progressDeadlineSeconds', POINTER)],
]);

/** apps/v1 DeploymentStatus; conditions are server-written and skipped. */
const DEPLOYMENT_STATUS = message('DeploymentStatus', [
  [1, int64('observedGeneration')],
  [2, int32('replicas')],
  [3, int32('updatedReplicas')],
  [7, int32('readyReplicas')],
  [4, int32('availableReplicas')],
  [5, int32('unavailableReplicas')],
  [8, int32('collisionCount', POINTER)],
]);

/** apps/v1 Deployment. */
export const DEPLOYMENT = message('Deployment', [
  [1, field('metadata', OBJECT_META)],
  [2, field('spec', DEPLOYMENT_SPEC)],
  [3, field('status', DEPLOYMENT_STATUS)],
]);
