/** Fallback printer for resources without a dedicated one: NAME AGE, as kubectl shows for them. */
import type { ObjectMeta } from 'kubernetes-types/meta/v1.js';
import { AGE, NAME } from './columns.js';
import { ageSince } from './duration.js';
import type { Cell, TableColumn } from './types.js';

/** NAME and AGE only. */
export const columns: readonly TableColumn[] = [NAME, AGE];

/** One row of any object: its name and age. */
export function row(obj: { metadata?: ObjectMeta }, now: number): Cell[] {
  return [obj.metadata?.name ?? '', ageSince(obj.metadata?.creationTimestamp, now)];
}
