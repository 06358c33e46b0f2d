/**
 * Job printer: STATUS from the job's conditions, COMPLETIONS as succeeded/wanted,
 * DURATION from start to completion (or to now while running), and the wide
 * template columns.
 */
import type { Job } from 'kubernetes-types/batch/v1.js';
import { AGE, CONTAINERS, IMAGES, NAME, SELECTOR, column } from './columns.js';
import { ageSince, humanDuration, timeOf } from './duration.js';
import { containerCells } from './format.js';
import { labelSelectorString } from './selector.js';
import type { Cell, TableColumn } from './types.js';

/** Job columns in kubectl's order. */
export const columns: readonly TableColumn[] = [
  NAME,
  column('Status', 'string', 'Complete, Failed, Terminating, Suspended, FailureTarget or Running.'),
  column('Completions', 'string', 'Succeeded pods out of the completions wanted.'),
  column('Duration', 'string', 'Time the job took to complete, or has been running.'),
  AGE,
  CONTAINERS,
  IMAGES,
  SELECTOR,
];

function hasCondition(job: Job, type: string): boolean {
  const found = (job.status?.conditions ?? []).find((c) => c.type === type);
  return found?.status === 'True';
}

/** First match wins, in kubectl's precedence; Running when none applies. */
function status(job: Job): string {
  if (hasCondition(job, 'Complete')) return 'Complete';
  if (hasCondition(job, 'Failed')) return 'Failed';
  if (job.metadata?.deletionTimestamp) return 'Terminating';
  if (hasCondition(job, 'Suspended')) return 'Suspended';
  if (hasCondition(job, 'FailureTarget')) return 'FailureTarget';
  return 'Running';
}

function completions(job: Job): string {
  const succeeded = job.status?.succeeded ?? 0;
  if (job.spec?.completions != null) return `${succeeded}/${job.spec.completions}`;
  const parallelism = job.spec?.parallelism ?? 0;
  return parallelism > 1 ? `${succeeded}/1 of ${parallelism}` : `${succeeded}/1`;
}

function duration(job: Job, now: number): string {
  const start = timeOf(job.status?.startTime);
  if (start === undefined) return '';
  const end = timeOf(job.status?.completionTime) ?? now;
  return humanDuration(end - start);
}

/** One job row, wide cells included. */
export function row(job: Job, now: number): Cell[] {
  return [
    job.metadata?.name ?? '',
    status(job),
    completions(job),
    duration(job, now),
    ageSince(job.metadata?.creationTimestamp, now),
    ...containerCells(job.spec?.template?.spec?.containers),
    labelSelectorString(job.spec?.selector),
  ];
}
