/** ReplicaSet printer: DESIRED, CURRENT and READY replica counts, and the wide template columns. */
import type { ReplicaSet } from 'kubernetes-types/apps/v1.js';
import { AGE, CONTAINERS, IMAGES, NAME, SELECTOR, column } from './columns.js';
import { ageSince } from './duration.js';
import { containerCells } from './format.js';
import { labelSelectorString } from './selector.js';
import type { Cell, TableColumn } from './types.js';

/** ReplicaSet columns in kubectl's order. */
export const columns: readonly TableColumn[] = [
  NAME,
  column('Desired', 'integer', 'Desired number of replicas.'),
  column('Current', 'integer', 'Replicas that currently exist.'),
  column('Ready', 'integer', 'Replicas that are ready.'),
  AGE,
  CONTAINERS,
  IMAGES,
  SELECTOR,
];

/** One replica set row. */
export function row(rs: ReplicaSet, now: number): Cell[] {
  return [
    rs.metadata?.name ?? '',
    rs.spec?.replicas ?? 1,
    rs.status?.replicas ?? 0,
    rs.status?.readyReplicas ?? 0,
    ageSince(rs.metadata?.creationTimestamp, now),
    ...containerCells(rs.spec?.template?.spec?.containers),
    labelSelectorString(rs.spec?.selector),
  ];
}
