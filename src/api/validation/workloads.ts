/**
 * apps/v1 workload validation: Deployment, ReplicaSet, DaemonSet, StatefulSet.
 */
import { at, forbidden, invalidValue, minimum, oneOf, type FieldError } from './field-errors.js';
import { validatePodTemplate } from './pod.js';
import { validateWorkloadSelector } from './selector.js';
import { type Obj, isObj } from './json.js';

/** Pods of long-running workloads must restart forever. */
const ALWAYS = ['Always'];
const PERCENT = /^[0-9]+%$/;

/** Value of an int-or-percent as a comparable number, or undefined when malformed. */
function amount(v: unknown): number | undefined {
  if (typeof v === 'number') return v;
  return typeof v === 'string' && PERCENT.test(v) ? Number(v.slice(0, -1)) : undefined;
}

/** Checks an int-or-percent (maxUnavailable, maxSurge): non-negative, percentages well-formed and at most 100%. */
function validateIntOrPercent(v: unknown, path: string): FieldError[] {
  if (v === undefined || v === null) return [];
  if (typeof v === 'string' && !PERCENT.test(v)) {
    return [invalidValue(path, v, "a valid percent string must be a numeric string followed by an ending '%' (e.g. '1%',  or '93%', regex used for validation is '[0-9]+%')")];
  }
  if (typeof v === 'number') return minimum(path, v, 0);
  return Number((v as string).slice(0, -1)) > 100 ? [invalidValue(path, v, 'must not be greater than 100%')] : [];
}

function validateRollingUpdate(rolling: Obj, path: string): FieldError[] {
  const unavailablePath = at(path, 'maxUnavailable');
  const errs = [...validateIntOrPercent(rolling.maxUnavailable, unavailablePath), ...validateIntOrPercent(rolling.maxSurge, at(path, 'maxSurge'))];
  if (errs.length) return errs;
  if (amount(rolling.maxUnavailable) === 0 && amount(rolling.maxSurge) === 0) {
    errs.push(invalidValue(unavailablePath, rolling.maxUnavailable, 'may not be 0 when `maxSurge` is 0'));
  }
  return errs;
}

function commonSpec(spec: Obj, kind: string): FieldError[] {
  return [
    ...validateWorkloadSelector(spec, 'spec', kind),
    ...validatePodTemplate(spec.template, 'spec.template', ALWAYS),
    ...minimum('spec.replicas', spec.replicas, 0),
    ...minimum('spec.minReadySeconds', spec.minReadySeconds, 0),
    ...minimum('spec.revisionHistoryLimit', spec.revisionHistoryLimit, 0),
  ];
}

function specOf(obj: Obj): Obj {
  return isObj(obj.spec) ? obj.spec : {};
}

/** Deployment: selector, template, counts, rolling-update parameters and progress deadline. */
export function validateDeployment(obj: Obj): FieldError[] {
  const spec = specOf(obj);
  const errs = commonSpec(spec, 'Deployment');
  const strategy = isObj(spec.strategy) ? spec.strategy : {};
  errs.push(...oneOf('spec.strategy.type', strategy.type, ['Recreate', 'RollingUpdate']));
  if (strategy.type === 'Recreate' && strategy.rollingUpdate) {
    errs.push(forbidden('spec.strategy.rollingUpdate', "may not be specified when strategy `type` is 'Recreate'"));
  }
  if (strategy.type === 'RollingUpdate' && isObj(strategy.rollingUpdate)) {
    errs.push(...validateRollingUpdate(strategy.rollingUpdate, 'spec.strategy.rollingUpdate'));
  }
  errs.push(...minimum('spec.progressDeadlineSeconds', spec.progressDeadlineSeconds, 0));
  const deadline = spec.progressDeadlineSeconds;
  if (typeof deadline === 'number' && deadline >= 0 && deadline <= (spec.minReadySeconds ?? 0)) {
    errs.push(invalidValue('spec.progressDeadlineSeconds', deadline, 'must be greater than minReadySeconds'));
  }
  return errs;
}

/** ReplicaSet: selector, template and counts. */
export function validateReplicaSet(obj: Obj): FieldError[] {
  return commonSpec(specOf(obj), 'ReplicaSet');
}

function validateUpdateStrategy(strategy: unknown, path: string, rolling: (r: Obj, p: string) => FieldError[]): FieldError[] {
  if (!isObj(strategy)) return [];
  const errs = oneOf(at(path, 'type'), strategy.type, ['RollingUpdate', 'OnDelete']);
  if (strategy.type === 'OnDelete' && strategy.rollingUpdate) {
    errs.push(forbidden(at(path, 'rollingUpdate'), "only allowed for updateStrategy 'RollingUpdate'"));
  }
  if (strategy.type === 'RollingUpdate' && isObj(strategy.rollingUpdate)) errs.push(...rolling(strategy.rollingUpdate, at(path, 'rollingUpdate')));
  return errs;
}

/** DaemonSet: selector, template and a rolling update that makes progress. */
export function validateDaemonSet(obj: Obj): FieldError[] {
  const spec = specOf(obj);
  return [...commonSpec(spec, 'DaemonSet'), ...validateUpdateStrategy(spec.updateStrategy, 'spec.updateStrategy', validateRollingUpdate)];
}

/** StatefulSet: selector, template, policies; volumeClaimTemplates are refused because redkube has no volume provisioning. */
export function validateStatefulSet(obj: Obj): FieldError[] {
  const spec = specOf(obj);
  const errs = commonSpec(spec, 'StatefulSet');
  if (Array.isArray(spec.volumeClaimTemplates) && spec.volumeClaimTemplates.length > 0) {
    errs.push(forbidden('spec.volumeClaimTemplates', 'volumeClaimTemplates are not supported yet: redkube has no persistent volume provisioning; use volumes in the pod template instead'));
  }
  errs.push(...oneOf('spec.podManagementPolicy', spec.podManagementPolicy, ['OrderedReady', 'Parallel']));
  errs.push(...validateUpdateStrategy(spec.updateStrategy, 'spec.updateStrategy', (r, p) => [
    ...minimum(at(p, 'partition'), r.partition, 0),
    ...validateIntOrPercent(r.maxUnavailable, at(p, 'maxUnavailable')),
  ]));
  if (isObj(spec.ordinals)) errs.push(...minimum('spec.ordinals.start', spec.ordinals.start, 0));
  return errs;
}
