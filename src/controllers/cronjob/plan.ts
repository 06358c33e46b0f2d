/**
 * The CronJob decision, pure (Kubernetes' syncCronJob): the schedule time due
 * now (cron-parser, with the CronJob's time zone), whether it may run
 * (startingDeadlineSeconds, concurrencyPolicy, suspend), which Jobs to delete
 * (Replace, history limits) and the status.
 */
import { CronExpressionParser } from 'cron-parser';

type Obj = Record<string, any>;

/** Annotation on a Job with the schedule time it was created for. */
export const SCHEDULED_TIMESTAMP = 'batch.kubernetes.io/cronjob-scheduled-timestamp';
/** More missed start times than this is reported as a warning, as Kubernetes does. */
const TOO_MANY_MISSED = 100;

/** What one sync of a CronJob should do. */
export interface CronJobPlan {
  /** Create the Job for this schedule time (ms). */
  create?: number;
  /** Jobs to delete: replaced active ones, then history beyond the limits. */
  delete: Obj[];
  status: Obj;
  /** Events to record. */
  events: { type: 'Normal' | 'Warning'; reason: string; message: string }[];
  /** Sync again at the next schedule time. */
  requeueAfterMs?: number;
}

function ts(ms: number): string {
  return new Date(Math.floor(ms / 1000) * 1000).toISOString().replace('.000Z', 'Z');
}

/** The Job's terminal condition type, if finished. */
export function jobFinished(job: Obj): 'Complete' | 'Failed' | undefined {
  const c = (job.status?.conditions ?? []).find((x: Obj) => (x.type === 'Complete' || x.type === 'Failed') && x.status === 'True');
  return c?.type;
}

/** The Job name for a schedule time: the CronJob name plus the time in minutes, so one time never yields two Jobs. */
export function jobName(cronJob: Obj, scheduled: number): string {
  return `${cronJob.metadata.name}-${Math.floor(scheduled / 60_000)}`;
}

/** Schedule times in (`after`, `until`], at most `limit` + 1 of them. */
export function scheduleTimes(schedule: string, timeZone: string | undefined, after: number, until: number, limit = TOO_MANY_MISSED): number[] {
  const it = CronExpressionParser.parse(schedule, { currentDate: new Date(after), tz: timeZone ?? 'UTC' });
  const out: number[] = [];
  for (let t = it.next().getTime(); t <= until && out.length <= limit; t = it.next().getTime()) out.push(t);
  return out;
}

/** The next schedule time after `now`. */
export function nextScheduleTime(schedule: string, timeZone: string | undefined, now: number): number {
  return CronExpressionParser.parse(schedule, { currentDate: new Date(now), tz: timeZone ?? 'UTC' }).next().getTime();
}

function historyToDelete(jobs: Obj[], kind: 'Complete' | 'Failed', limit: number | undefined): Obj[] {
  if (limit == null) return [];
  const finished = jobs.filter((j) => jobFinished(j) === kind && !j.metadata.deletionTimestamp)
    .sort((a, b) => (Date.parse(a.status?.startTime ?? a.metadata.creationTimestamp) || 0) - (Date.parse(b.status?.startTime ?? b.metadata.creationTimestamp) || 0));
  return finished.slice(0, Math.max(0, finished.length - limit));
}

/** Plans one sync of `cronJob` given the Jobs it owns, at `now`. */
export function planCronJob(cronJob: Obj, jobs: Obj[], now: number): CronJobPlan {
  const spec = cronJob.spec ?? {};
  const status: Obj = { ...(cronJob.status ?? {}) };
  const running = jobs.filter((j) => !jobFinished(j) && !j.metadata.deletionTimestamp);
  const active = running.map((j) => ({ apiVersion: 'batch/v1', kind: 'Job', name: j.metadata.name, namespace: j.metadata.namespace, uid: j.metadata.uid, resourceVersion: j.metadata.resourceVersion }));
  if (active.length) status.active = active;
  else delete status.active;
  const lastSuccess = jobs.filter((j) => jobFinished(j) === 'Complete').map((j) => Date.parse(j.status?.completionTime ?? '')).filter((t) => !Number.isNaN(t));
  if (lastSuccess.length) status.lastSuccessfulTime = ts(Math.max(...lastSuccess, Date.parse(status.lastSuccessfulTime ?? '') || 0));
  const plan: CronJobPlan = { delete: [...historyToDelete(jobs, 'Complete', spec.successfulJobsHistoryLimit), ...historyToDelete(jobs, 'Failed', spec.failedJobsHistoryLimit)], status, events: [] };
  if (cronJob.metadata.deletionTimestamp) return plan;
  let times: number[];
  try {
    const created = Date.parse(cronJob.metadata.creationTimestamp) || now;
    let earliest = Date.parse(status.lastScheduleTime ?? '') || created;
    if (spec.startingDeadlineSeconds != null) earliest = Math.max(earliest, now - spec.startingDeadlineSeconds * 1000 - 1);
    times = scheduleTimes(spec.schedule, spec.timeZone, earliest, now);
    plan.requeueAfterMs = nextScheduleTime(spec.schedule, spec.timeZone, now) - now;
  } catch (err) {
    plan.events.push({ type: 'Warning', reason: 'UnparseableSchedule', message: `unparseable schedule: ${JSON.stringify(spec.schedule)} : ${(err as Error).message}` });
    return plan;
  }
  if (spec.suspend || !times.length) return plan;
  if (times.length > TOO_MANY_MISSED) {
    plan.events.push({ type: 'Warning', reason: 'TooManyMissedTimes', message: 'too many missed start times. Set or decrease .spec.startingDeadlineSeconds or check clock skew' });
  }
  const scheduled = times[times.length - 1];
  if (spec.startingDeadlineSeconds != null && scheduled + spec.startingDeadlineSeconds * 1000 < now) {
    plan.events.push({ type: 'Warning', reason: 'MissSchedule', message: `Missed scheduled time to start a job: ${ts(scheduled)}` });
    return plan;
  }
  if (jobs.some((j) => j.metadata.name === jobName(cronJob, scheduled))) return plan;
  if (spec.concurrencyPolicy === 'Forbid' && running.length) {
    plan.events.push({ type: 'Normal', reason: 'JobAlreadyActive', message: 'Not starting job because prior execution is running and concurrency policy is Forbid' });
    return plan;
  }
  if (spec.concurrencyPolicy === 'Replace') plan.delete.unshift(...running);
  plan.create = scheduled;
  status.lastScheduleTime = ts(scheduled);
  return plan;
}

/** The Job a CronJob creates for `scheduled`, owned by it. */
export function jobFor(cronJob: Obj, scheduled: number, ownerRef: Obj): Obj {
  const t = cronJob.spec.jobTemplate ?? {};
  return {
    metadata: {
      name: jobName(cronJob, scheduled), namespace: cronJob.metadata.namespace,
      labels: { ...(t.metadata?.labels ?? {}) },
      annotations: { ...(t.metadata?.annotations ?? {}), [SCHEDULED_TIMESTAMP]: ts(scheduled) },
      ownerReferences: [ownerRef],
    },
    spec: structuredClone(t.spec ?? {}),
  };
}
