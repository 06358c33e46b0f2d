/** Deployment printer: READY as ready/desired, UP-TO-DATE, AVAILABLE, and the wide template columns. */
import type { Deployment } from 'kubernetes-types/apps/v1.js';
import { AGE, CONTAINERS, IMAGES, NAME, SELECTOR, column } from './columns.js';
import { ageSince } from './duration.js';
import { containerCells } from './format.js';
import { selectorString } from './selector.js';
import type { Cell, TableColumn } from './types.js';

/** Deployment columns in kubectl's order. */
export const columns: readonly TableColumn[] = [
  NAME,
  column('Ready', 'string', 'Ready replicas out of desired replicas.'),
  column('Up-to-date', 'string', 'Replicas running the latest pod template.'),
  column('Available', 'string', 'Replicas available to serve for at least minReadySeconds.'),
  AGE,
  CONTAINERS,
  IMAGES,
  SELECTOR,
];

/** One deployment row. Unlike other workloads, kubectl prints an empty selector as '' and a bad one as `<invalid>`. */
export function row(d: Deployment, now: number): Cell[] {
  const status = d.status ?? {};
  return [
    d.metadata?.name ?? '',
    `${status.readyReplicas ?? 0}/${d.spec?.replicas ?? 1}`,
    status.updatedReplicas ?? 0,
    status.availableReplicas ?? 0,
    ageSince(d.metadata?.creationTimestamp, now),
    ...containerCells(d.spec?.template?.spec?.containers),
    selectorString(d.spec?.selector) ?? '<invalid>',
  ];
}
