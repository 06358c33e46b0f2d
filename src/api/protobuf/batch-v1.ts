/**
 * batch/v1 Job and CronJob, as `kubectl create job` and `kubectl create cronjob` send them.
 * Field numbers: k8s.io/api/batch/v1/generated.proto.
 */
import { KEEP_ZERO, POINTER, bool, field, int32, int64, list, message, str } from './schema.js';
import { OBJECT_REFERENCE, POD_TEMPLATE_SPEC } from './core-v1.js';
import { LABEL_SELECTOR, OBJECT_META } from './meta-v1.js';
import { TIME } from './well-known.js';

/** batch/v1 JobSpec; every knob except the template is a pointer, so explicit zeros survive. */
const JOB_SPEC = message('JobSpec', [
  [1, int32('parallelism', POINTER)],
  [2, int32('completions', POINTER)],
  [3, int64('activeDeadlineSeconds', POINTER)],
  [7, int32('backoffLimit', POINTER)],
  [12, int32('backoffLimitPerIndex', POINTER)],
  [13, int32('maxFailedIndexes', POINTER)],
  [4, field('selector', LABEL_SELECTOR, POINTER)],
  [5, bool('manualSelector', POINTER)],
  [6, field('template', POD_TEMPLATE_SPEC)],
  [8, int32('ttlSecondsAfterFinished', POINTER)],
  [9, str('completionMode', POINTER)],
  [10, bool('suspend', POINTER)],
  [14, str('podReplacementPolicy', POINTER)],
  [15, str('managedBy', POINTER)],
]);

/** batch/v1 JobStatus; conditions and uncounted pods are server-written and skipped. */
const JOB_STATUS = message('JobStatus', [
  [2, field('startTime', TIME, POINTER)],
  [3, field('completionTime', TIME, POINTER)],
  [4, int32('active')],
  [5, int32('succeeded')],
  [6, int32('failed')],
  [11, int32('terminating', POINTER)],
  [7, str('completedIndexes')],
  [10, str('failedIndexes', POINTER)],
  [9, int32('ready', POINTER)],
]);

/** batch/v1 Job. */
export const JOB = message('Job', [
  [1, field('metadata', OBJECT_META)],
  [2, field('spec', JOB_SPEC)],
  [3, field('status', JOB_STATUS)],
]);

/** batch/v1 JobTemplateSpec, the job a CronJob stamps out. */
const JOB_TEMPLATE_SPEC = message('JobTemplateSpec', [
  [1, field('metadata', OBJECT_META)],
  [2, field('spec', JOB_SPEC)],
]);

/** batch/v1 CronJobSpec; schedule and jobTemplate have no `omitempty`. */
const CRON_JOB_SPEC = message('CronJobSpec', [
  [1, str('schedule', KEEP_ZERO)],
  [8, str('timeZone', POINTER)],
  [2, int64('startingDeadlineSeconds', POINTER)],
  [3, str('concurrencyPolicy')],
  [4, bool('suspend', POINTER)],
  [5, field('jobTemplate', JOB_TEMPLATE_SPEC)],
  [6, int32('successfulJobsHistoryLimit', POINTER)],
  [7, int32('failedJobsHistoryLimit', POINTER)],
]);

/** batch/v1 CronJobStatus. */
const CRON_JOB_STATUS = message('CronJobStatus', [
  [1, list('active', OBJECT_REFERENCE)],
  [4, field('lastScheduleTime', TIME, POINTER)],
  [5, field('lastSuccessfulTime', TIME, POINTER)],
]);

/** batch/v1 CronJob. */
export const CRON_JOB = message('CronJob', [
  [1, field('metadata', OBJECT_META)],
  [2, field('spec', CRON_JOB_SPEC)],
  [3, field('status', CRON_JOB_STATUS)],
]);
