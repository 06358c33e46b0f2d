/**
 * Column definitions reused across renderers (NAME, AGE, and the wide
 * CONTAINERS/IMAGES/SELECTOR trio of workload controllers), so every resource
 * names and describes them identically.
 */
import type { TableColumn } from './types.js';

/** A column with the wire defaults kubectl expects: no format, priority 0 (always shown). */
export function column(name: string, type: string, description: string, priority = 0, format = ''): TableColumn {
  return { name, type, format, description, priority };
}

/** A priority-1 column: kubectl shows it only with `-o wide`. */
export function wide(name: string, type: string, description: string): TableColumn {
  return column(name, type, description, 1);
}

/** The object's name; `format: 'name'` tells kubectl which cell is the name (`-o name`, `--show-kind`). */
export const NAME = column('Name', 'string', 'Name of the object, unique within its namespace.', 0, 'name');

/** Time since `metadata.creationTimestamp`. */
export const AGE = column('Age', 'string', 'Time since the object was created.');

/** Wide container-name column of workload controllers. */
export const CONTAINERS = wide('Containers', 'string', 'Names of the containers in the pod template.');

/** Wide image column of workload controllers. */
export const IMAGES = wide('Images', 'string', 'Images of the containers in the pod template.');

/** Wide selector column of workload controllers. */
export const SELECTOR = wide('Selector', 'string', 'Label selector of the pods this controller manages.');
