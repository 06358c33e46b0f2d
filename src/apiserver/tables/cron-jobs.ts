/** CronJob printer: SCHEDULE, TIMEZONE, SUSPEND, ACTIVE jobs, LAST SCHEDULE, and the job template's wide columns. */
import type { CronJob } from 'kubernetes-types/batch/v1.js';
import { AGE, CONTAINERS, IMAGES, NAME, SELECTOR, column } from './columns.js';
import { ageSince } from './duration.js';
import { containerCells } from './format.js';
import { labelSelectorString } from './selector.js';
import type { Cell, TableColumn } from './types.js';

/** CronJob columns in kubectl's order. */
export const columns: readonly TableColumn[] = [
  NAME,
  column('Schedule', 'string', 'Cron schedule of the job.'),
  column('Timezone', 'string', 'Time zone the schedule is read in.'),
  column('Suspend', 'boolean', 'Whether new runs are suspended.'),
  column('Active', 'integer', 'Number of running jobs.'),
  column('Last Schedule', 'string', 'Time since a job was last scheduled.'),
  AGE,
  CONTAINERS,
  IMAGES,
  SELECTOR,
];

/** kubectl prints optional booleans as True, False or `<unset>`. */
function boolCell(value: boolean | undefined): string {
  if (value === undefined || value === null) return '<unset>';
  return value ? 'True' : 'False';
}

/** One cron job row, wide cells included. */
export function row(cj: CronJob, now: number): Cell[] {
  const last = cj.status?.lastScheduleTime;
  const jobSpec = cj.spec?.jobTemplate?.spec;
  return [
    cj.metadata?.name ?? '',
    cj.spec?.schedule ?? '',
    cj.spec?.timeZone ?? '<none>',
    boolCell(cj.spec?.suspend),
    (cj.status?.active ?? []).length,
    last ? ageSince(last, now) : '<none>',
    ageSince(cj.metadata?.creationTimestamp, now),
    ...containerCells(jobSpec?.template?.spec?.containers),
    labelSelectorString(jobSpec?.selector),
  ];
}
