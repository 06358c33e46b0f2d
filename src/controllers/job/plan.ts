/**
 * The Job decision, pure: which pods (and completion indexes) to create, which
 * to delete, whether the Job finished, and its status (Kubernetes' syncJob).
 * Pods are counted from the cache; succeeded/failed never go down, so a pod
 * removed after it finished is not forgotten.
 */
import { isPodActive, isPodReady, type Pod } from '../common/pods.js';

/** Annotation (and label) carrying an Indexed Job pod's completion index. */
export const COMPLETION_INDEX = 'batch.kubernetes.io/job-completion-index';

/** Pod re-creation back-off after failures: base doubling to max (Kubernetes: 10 s to 6 min). */
export interface Backoff {
  baseMs: number;
  maxMs: number;
}

/** Kubernetes' Job back-off. */
export const DEFAULT_BACKOFF: Backoff = { baseMs: 10_000, maxMs: 6 * 60_000 };

/** What one sync of a Job should do. */
export interface JobPlan {
  /** One entry per pod to create: its completion index, or null for NonIndexed Jobs. */
  create: (number | null)[];
  delete: Pod[];
  status: Record<string, any>;
  /** The Job reached a terminal condition in this sync. */
  finished?: { type: 'Complete' | 'Failed'; reason: string; message: string };
  /** Sync again after this many ms (back-off, deadline, TTL). */
  requeueAfterMs?: number;
  /** ttlSecondsAfterFinished passed: delete the Job. */
  deleteJob?: boolean;
}

function ts(ms: number): string {
  return new Date(Math.floor(ms / 1000) * 1000).toISOString().replace('.000Z', 'Z');
}

/** The completion index of a pod, or undefined. */
export function indexOf(pod: Pod): number | undefined {
  const v = pod.metadata?.annotations?.[COMPLETION_INDEX] ?? pod.metadata?.labels?.[COMPLETION_INDEX];
  return v !== undefined && /^\d+$/.test(v) ? Number(v) : undefined;
}

/** Formats sorted indexes as Kubernetes' completedIndexes ("0-2,5"). */
export function formatIndexes(indexes: number[]): string {
  const sorted = [...new Set(indexes)].sort((a, b) => a - b);
  const parts: string[] = [];
  for (let i = 0; i < sorted.length; i++) {
    let j = i;
    while (j + 1 < sorted.length && sorted[j + 1] === sorted[j] + 1) j++;
    parts.push(j > i ? `${sorted[i]}-${sorted[j]}` : `${sorted[i]}`);
    i = j;
  }
  return parts.join(',');
}

/** Parses completedIndexes back into numbers. */
export function parseIndexes(s: string | undefined): number[] {
  if (!s) return [];
  return s.split(',').flatMap((part) => {
    const [a, b] = part.split('-').map(Number);
    return b === undefined ? [a] : Array.from({ length: b - a + 1 }, (_, k) => a + k);
  });
}

/** Back-off before the next pod after `failures` failures. */
export function backoffDelay(failures: number, b: Backoff): number {
  if (failures <= 0) return 0;
  return Math.min(b.maxMs, b.baseMs * 2 ** (failures - 1));
}

function finishedAt(pod: Pod): number {
  const states = (pod.status?.containerStatuses ?? []).map((c: any) => Date.parse(c.state?.terminated?.finishedAt ?? '')).filter((t: number) => !Number.isNaN(t));
  if (states.length) return Math.max(...states);
  const ready = (pod.status?.conditions ?? []).find((c: any) => c.type === 'Ready');
  return Date.parse(ready?.lastTransitionTime ?? pod.metadata?.creationTimestamp ?? '') || 0;
}

function condition(status: Record<string, any>, type: string): Record<string, any> | undefined {
  return (status.conditions ?? []).find((c: any) => c.type === type && c.status === 'True');
}

function withCondition(status: Record<string, any>, type: string, cstatus: string, reason: string, message: string, now: number): Record<string, any>[] {
  const prior = (status.conditions ?? []).find((c: any) => c.type === type);
  if (prior?.status === cstatus && prior.reason === reason) return status.conditions;
  const c = { type, status: cstatus, reason, message, lastProbeTime: ts(now), lastTransitionTime: ts(now) };
  return [...(status.conditions ?? []).filter((x: any) => x.type !== type), c];
}

/**
 * Kubernetes' pastBackoffLimitOnFailure: with `restartPolicy: OnFailure` a failing
 * container is restarted in place and its pod never fails, so the restarts of the
 * Pending and Running pods' containers (init ones included) count as retries; the
 * limit is reached at backoffLimit restarts (any restart when the limit is 0).
 */
export function pastBackoffLimitOnFailure(job: Record<string, any>, pods: Pod[]): boolean {
  if (job.spec?.template?.spec?.restartPolicy !== 'OnFailure') return false;
  const limit = job.spec?.backoffLimit ?? 6;
  const restarts = pods
    .filter((p) => p.status?.phase === 'Running' || p.status?.phase === 'Pending')
    .flatMap((p) => [...(p.status?.initContainerStatuses ?? []), ...(p.status?.containerStatuses ?? [])])
    .reduce((sum: number, c: any) => sum + (c.restartCount ?? 0), 0);
  return limit === 0 ? restarts > 0 : restarts >= limit;
}

/** TTL handling of a finished Job. */
function ttlPlan(job: Record<string, any>, status: Record<string, any>, now: number): Partial<JobPlan> {
  const ttl = job.spec?.ttlSecondsAfterFinished;
  if (ttl == null) return {};
  const done = condition(status, 'Complete') ?? condition(status, 'Failed');
  const at = Date.parse(status.completionTime ?? done?.lastTransitionTime ?? '') + ttl * 1000;
  if (Number.isNaN(at)) return {};
  return at <= now ? { deleteJob: true } : { requeueAfterMs: at - now };
}

/** Plans one sync of `job` from its owned pods at `now`. */
export function planJob(job: Record<string, any>, pods: Pod[], now: number, backoff: Backoff = DEFAULT_BACKOFF): JobPlan {
  const spec = job.spec ?? {};
  const prev = job.status ?? {};
  const indexed = spec.completionMode === 'Indexed';
  const active = pods.filter(isPodActive);
  const succeededPods = pods.filter((p) => p.status?.phase === 'Succeeded');
  const failedPods = pods.filter((p) => p.status?.phase === 'Failed');
  const succeededIdx = indexed ? [...new Set([...parseIndexes(prev.completedIndexes), ...succeededPods.map(indexOf).filter((i): i is number => i !== undefined && i < spec.completions)])] : [];
  const succeeded = indexed ? succeededIdx.length : Math.max(prev.succeeded ?? 0, succeededPods.length);
  const failed = Math.max(prev.failed ?? 0, failedPods.length);
  const status: Record<string, any> = {
    ...prev, active: active.length, succeeded, failed, ready: active.filter(isPodReady).length,
  };
  if (indexed) status.completedIndexes = formatIndexes(succeededIdx);
  const base: JobPlan = { create: [], delete: [], status };
  if (condition(prev, 'Complete') || condition(prev, 'Failed')) return { ...base, delete: active, ...ttlPlan(job, status, now) };
  if (spec.suspend) {
    status.conditions = withCondition(status, 'Suspended', 'True', 'JobSuspended', 'Job suspended', now);
    delete status.startTime;
    return { ...base, delete: active };
  }
  if (condition(prev, 'Suspended')) status.conditions = withCondition(status, 'Suspended', 'False', 'JobResumed', 'Job resumed', now);
  status.startTime ??= ts(now);
  const finish = (type: 'Complete' | 'Failed', reason: string, message: string): JobPlan => {
    status.conditions = withCondition(status, type, 'True', reason, message, now);
    if (type === 'Complete') status.completionTime = ts(now);
    return { ...base, delete: active, finished: { type, reason, message }, ...ttlPlan(job, status, now) };
  };
  if (failed > (spec.backoffLimit ?? 6) || pastBackoffLimitOnFailure(job, pods)) return finish('Failed', 'BackoffLimitExceeded', 'Job has reached the specified backoff limit');
  const deadline = spec.activeDeadlineSeconds;
  const started = Date.parse(status.startTime);
  if (deadline != null && started + deadline * 1000 <= now) return finish('Failed', 'DeadlineExceeded', 'Job was active longer than specified deadline');
  const completions: number | null = spec.completions ?? null;
  if (completions !== null ? succeeded >= completions : succeeded > 0 && active.length === 0) {
    return finish('Complete', 'CompletionsReached', 'Reached expected number of succeeded pods');
  }
  const deadlineWait = deadline != null ? started + deadline * 1000 - now : undefined;
  const lastFailure = failedPods.reduce((m, p) => Math.max(m, finishedAt(p)), 0);
  const readyAt = lastFailure + backoffDelay(failed, backoff);
  if (failed > 0 && readyAt > now) return { ...base, requeueAfterMs: Math.min(readyAt - now, deadlineWait ?? Infinity) };
  const parallelism = spec.parallelism ?? 1;
  let want: number;
  if (completions === null) want = succeeded > 0 ? 0 : parallelism - active.length;
  else want = Math.min(parallelism, completions - succeeded) - active.length;
  const plan: JobPlan = { ...base, requeueAfterMs: deadlineWait };
  if (want < 0) {
    plan.delete = [...active].sort((a, b) => (isPodReady(a) ? 1 : 0) - (isPodReady(b) ? 1 : 0)).slice(0, -want);
  } else if (want > 0) {
    if (!indexed) plan.create = Array.from({ length: want }, () => null);
    else {
      const busy = new Set([...succeededIdx, ...active.map(indexOf).filter((i): i is number => i !== undefined)]);
      for (let i = 0; i < completions! && plan.create.length < want; i++) if (!busy.has(i)) plan.create.push(i);
    }
  }
  return plan;
}
