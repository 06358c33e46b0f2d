/** ControllerRevision printer: CONTROLLER is the owning controller as `kind.group/name`. */
import type { ControllerRevision } from 'kubernetes-types/apps/v1.js';
import type { OwnerReference } from 'kubernetes-types/meta/v1.js';
import { AGE, NAME, column } from './columns.js';
import { ageSince } from './duration.js';
import type { Cell, TableColumn } from './types.js';

/** ControllerRevision columns in kubectl's order. */
export const columns: readonly TableColumn[] = [
  NAME,
  column('Controller', 'string', 'Controller that owns the revision.'),
  column('Revision', 'string', 'Revision number of the captured state.'),
  AGE,
];

/** `daemonset.apps/name`; core-group kinds have no `.group`; no kind at all leaves the bare name. */
function controllerName(owner: OwnerReference): string {
  const version = owner.apiVersion ?? '';
  const group = version.includes('/') ? version.slice(0, version.indexOf('/')) : '';
  const groupKind = group ? `${owner.kind ?? ''}.${group}` : owner.kind ?? '';
  return groupKind ? `${groupKind.toLowerCase()}/${owner.name}` : owner.name;
}

/** One controller revision row. */
export function row(rev: ControllerRevision, now: number): Cell[] {
  const owner = (rev.metadata?.ownerReferences ?? []).find((o) => o.controller === true);
  return [
    rev.metadata?.name ?? '',
    owner ? controllerName(owner) : '<none>',
    rev.revision ?? 0,
    ageSince(rev.metadata?.creationTimestamp, now),
  ];
}
