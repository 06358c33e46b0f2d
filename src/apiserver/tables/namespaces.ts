/** Namespace printer: NAME STATUS AGE, STATUS being the namespace phase (Active, Terminating). */
import type { Namespace } from 'kubernetes-types/core/v1.js';
import { AGE, NAME, column } from './columns.js';
import { ageSince } from './duration.js';
import type { Cell, TableColumn } from './types.js';

/** Namespace columns in kubectl's order. */
export const columns: readonly TableColumn[] = [
  NAME,
  column('Status', 'string', 'Phase of the namespace.'),
  AGE,
];

/** One namespace row. */
export function row(ns: Namespace, now: number): Cell[] {
  return [ns.metadata?.name ?? '', ns.status?.phase ?? '', ageSince(ns.metadata?.creationTimestamp, now)];
}
