/** Secret printer: TYPE and the number of DATA keys; values are never shown. */
import type { Secret } from 'kubernetes-types/core/v1.js';
import { AGE, NAME, column } from './columns.js';
import { ageSince } from './duration.js';
import type { Cell, TableColumn } from './types.js';

/** Secret columns in kubectl's order. */
export const columns: readonly TableColumn[] = [
  NAME,
  column('Type', 'string', 'Type of the secret, e.g. Opaque.'),
  column('Data', 'string', 'Number of keys in data.'),
  AGE,
];

/** One secret row. */
export function row(secret: Secret, now: number): Cell[] {
  return [
    secret.metadata?.name ?? '',
    secret.type ?? '',
    Object.keys(secret.data ?? {}).length,
    ageSince(secret.metadata?.creationTimestamp, now),
  ];
}
