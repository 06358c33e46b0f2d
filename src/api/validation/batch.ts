/**
 * batch/v1 validation: Job and CronJob.
 */
import { CONTROLLER_UID_LABEL } from '../defaulting/index.js';
import { labelSelectorFromObject, matchesLabels } from '../selectors/index.js';
import { cronScheduleError } from './cron.js';
import { at, invalidValue, minimum, notSupported, oneOf, required, type FieldError } from './field-errors.js';
import { validatePodTemplate } from './pod.js';
import { validateWorkloadSelector } from './selector.js';
import { type Obj, isObj } from './json.js';

const JOB_RESTART_POLICIES = ['OnFailure', 'Never'];

/**
 * A Job's pods must not restart in place forever (the Job would never finish).
 * Always is what defaulting fills in when the template says nothing, hence Required.
 */
function validateJobRestartPolicy(template: unknown, path: string): FieldError[] {
  if (!isObj(template) || !isObj(template.spec)) return [];
  const policy = template.spec.restartPolicy;
  if (policy === undefined || policy === null || policy === '' || policy === 'Always') {
    return [required(path, `valid values: ${JOB_RESTART_POLICIES.map((p) => JSON.stringify(p)).join(', ')}`)];
  }
  return JOB_RESTART_POLICIES.includes(policy) ? [] : [notSupported(path, policy, JOB_RESTART_POLICIES)];
}

/** JobSpec checks shared by Jobs and CronJob job templates (which carry no selector). */
function validateJobSpec(spec: Obj, path: string): FieldError[] {
  const errs: FieldError[] = [];
  for (const field of ['parallelism', 'completions', 'activeDeadlineSeconds', 'backoffLimit', 'ttlSecondsAfterFinished', 'backoffLimitPerIndex', 'maxFailedIndexes']) {
    errs.push(...minimum(at(path, field), spec[field], 0));
  }
  errs.push(...oneOf(at(path, 'completionMode'), spec.completionMode, ['NonIndexed', 'Indexed']));
  if (spec.completionMode === 'Indexed' && (spec.completions === undefined || spec.completions === null)) {
    errs.push(required(at(path, 'completions'), 'when completion mode is Indexed'));
  }
  errs.push(...oneOf(at(path, 'podReplacementPolicy'), spec.podReplacementPolicy, ['TerminatingOrFailed', 'Failed']));
  errs.push(...validatePodTemplate(spec.template, at(path, 'template')));
  errs.push(...validateJobRestartPolicy(spec.template, at(path, 'template.spec.restartPolicy')));
  return errs;
}

/** On create, a server-generated selector must be exactly the one defaulting produced from the uid. */
function validateGeneratedSelector(obj: Obj, spec: Obj): FieldError[] {
  const uid = obj.metadata?.uid;
  if (spec.manualSelector === true || typeof uid !== 'string' || !uid || !isObj(spec.selector)) return [];
  try {
    if (matchesLabels(labelSelectorFromObject(spec.selector), { [CONTROLLER_UID_LABEL]: uid })) return [];
  } catch {
    return [];
  }
  return [invalidValue('spec.selector', spec.selector, '`selector` not auto-generated')];
}

/** Job: counts, completion mode, restart policy, and a selector that matches its template. */
export function validateJob(obj: Obj, isCreate: boolean): FieldError[] {
  const spec = isObj(obj.spec) ? obj.spec : {};
  return [
    ...validateWorkloadSelector(spec, 'spec', 'Job'),
    ...(isCreate ? validateGeneratedSelector(obj, spec) : []),
    ...validateJobSpec(spec, 'spec'),
  ];
}

function validateTimeZone(tz: unknown): FieldError[] {
  if (typeof tz !== 'string' || tz === '') return [];
  try {
    new Intl.DateTimeFormat('en-US', { timeZone: tz });
    return [];
  } catch {
    return [invalidValue('spec.timeZone', tz, `unknown time zone ${tz}`)];
  }
}

/** CronJob: a parsable schedule, known policies and time zone, and a valid job template. */
export function validateCronJob(obj: Obj): FieldError[] {
  const spec = isObj(obj.spec) ? obj.spec : {};
  const errs: FieldError[] = [];
  if (typeof spec.schedule !== 'string' || spec.schedule === '') errs.push(required('spec.schedule'));
  else {
    const why = cronScheduleError(spec.schedule);
    if (why) errs.push(invalidValue('spec.schedule', spec.schedule, why));
  }
  errs.push(...validateTimeZone(spec.timeZone));
  errs.push(...oneOf('spec.concurrencyPolicy', spec.concurrencyPolicy, ['Allow', 'Forbid', 'Replace']));
  for (const field of ['startingDeadlineSeconds', 'successfulJobsHistoryLimit', 'failedJobsHistoryLimit']) {
    errs.push(...minimum(at('spec', field), spec[field], 0));
  }
  const jobTemplate = isObj(spec.jobTemplate) ? spec.jobTemplate : undefined;
  if (!jobTemplate) errs.push(required('spec.jobTemplate'));
  else errs.push(...validateJobSpec(isObj(jobTemplate.spec) ? jobTemplate.spec : {}, 'spec.jobTemplate.spec'));
  return errs;
}
