/** Lease printer: HOLDER is the current holder identity, empty when the lease is free. */
import type { Lease } from 'kubernetes-types/coordination/v1.js';
import { AGE, NAME, column } from './columns.js';
import { ageSince } from './duration.js';
import type { Cell, TableColumn } from './types.js';

/** Lease columns in kubectl's order. */
export const columns: readonly TableColumn[] = [
  NAME,
  column('Holder', 'string', 'Identity of the current holder of the lease.'),
  AGE,
];

/** One lease row. */
export function row(lease: Lease, now: number): Cell[] {
  return [lease.metadata?.name ?? '', lease.spec?.holderIdentity ?? '', ageSince(lease.metadata?.creationTimestamp, now)];
}
