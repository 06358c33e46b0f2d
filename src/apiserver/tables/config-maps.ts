/** ConfigMap printer: DATA counts keys of both `data` and `binaryData`. */
import type { ConfigMap } from 'kubernetes-types/core/v1.js';
import { AGE, NAME, column } from './columns.js';
import { ageSince } from './duration.js';
import type { Cell, TableColumn } from './types.js';

/** ConfigMap columns in kubectl's order. */
export const columns: readonly TableColumn[] = [
  NAME,
  column('Data', 'string', 'Number of keys in data and binaryData.'),
  AGE,
];

/** One config map row. */
export function row(cm: ConfigMap, now: number): Cell[] {
  const keys = Object.keys(cm.data ?? {}).length + Object.keys(cm.binaryData ?? {}).length;
  return [cm.metadata?.name ?? '', keys, ageSince(cm.metadata?.creationTimestamp, now)];
}
