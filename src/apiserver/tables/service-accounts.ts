/** ServiceAccount printer: SECRETS is the number of referenced secrets. */
import type { ServiceAccount } from 'kubernetes-types/core/v1.js';
import { AGE, NAME, column } from './columns.js';
import { ageSince } from './duration.js';
import type { Cell, TableColumn } from './types.js';

/** ServiceAccount columns in kubectl's order. */
export const columns: readonly TableColumn[] = [
  NAME,
  column('Secrets', 'string', 'Number of secrets referenced by the service account.'),
  AGE,
];

/** One service account row. */
export function row(sa: ServiceAccount, now: number): Cell[] {
  return [sa.metadata?.name ?? '', (sa.secrets ?? []).length, ageSince(sa.metadata?.creationTimestamp, now)];
}
