/** StatefulSet printer: READY as ready/desired, and wide CONTAINERS and IMAGES (no selector, as kubectl). */
import type { StatefulSet } from 'kubernetes-types/apps/v1.js';
import { AGE, CONTAINERS, IMAGES, NAME, column } from './columns.js';
import { ageSince } from './duration.js';
import { containerCells } from './format.js';
import type { Cell, TableColumn } from './types.js';

/** StatefulSet columns in kubectl's order. */
export const columns: readonly TableColumn[] = [
  NAME,
  column('Ready', 'string', 'Ready replicas out of desired replicas.'),
  AGE,
  CONTAINERS,
  IMAGES,
];

/** One stateful set row. */
export function row(sts: StatefulSet, now: number): Cell[] {
  return [
    sts.metadata?.name ?? '',
    `${sts.status?.readyReplicas ?? 0}/${sts.spec?.replicas ?? 1}`,
    ageSince(sts.metadata?.creationTimestamp, now),
    ...containerCells(sts.spec?.template?.spec?.containers),
  ];
}
