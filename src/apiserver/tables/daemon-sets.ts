/** DaemonSet printer: scheduling counters, the pod template's NODE SELECTOR, and the wide template columns. */
import type { DaemonSet } from 'kubernetes-types/apps/v1.js';
import { AGE, CONTAINERS, IMAGES, NAME, SELECTOR, column } from './columns.js';
import { ageSince } from './duration.js';
import { containerCells } from './format.js';
import { formatLabels, labelSelectorString } from './selector.js';
import type { Cell, TableColumn } from './types.js';

/** DaemonSet columns in kubectl's order. */
export const columns: readonly TableColumn[] = [
  NAME,
  column('Desired', 'integer', 'Nodes that should run the daemon pod.'),
  column('Current', 'integer', 'Nodes running at least one daemon pod.'),
  column('Ready', 'integer', 'Nodes whose daemon pod is ready.'),
  column('Up-to-date', 'integer', 'Nodes running the latest pod template.'),
  column('Available', 'integer', 'Nodes whose daemon pod is available.'),
  column('Node Selector', 'string', 'Node selector of the pod template.'),
  AGE,
  CONTAINERS,
  IMAGES,
  SELECTOR,
];

/** One daemon set row. */
export function row(ds: DaemonSet, now: number): Cell[] {
  const status = ds.status;
  return [
    ds.metadata?.name ?? '',
    status?.desiredNumberScheduled ?? 0,
    status?.currentNumberScheduled ?? 0,
    status?.numberReady ?? 0,
    status?.updatedNumberScheduled ?? 0,
    status?.numberAvailable ?? 0,
    formatLabels(ds.spec?.template?.spec?.nodeSelector),
    ageSince(ds.metadata?.creationTimestamp, now),
    ...containerCells(ds.spec?.template?.spec?.containers),
    labelSelectorString(ds.spec?.selector),
  ];
}
