/**
 * A table row as the model keeps it: the cached object plus the few fields
 * sorting, filtering and colouring need, computed once per change so a frame
 * never walks 100,000 objects. Cells themselves are rendered only for the
 * visible rows, at frame time, so AGE columns stay current.
 */
import type { RowState } from '../render/state.js';
import type { ResourceSpec } from '../registry.js';

/** One object of a table, with its precomputed sort/filter/colour fields. Never mutated after creation. */
export interface Row {
  key: string;
  namespace: string;
  name: string;
  obj: Record<string, any>;
  /** Searchable text: namespace and every non-age cell, space-separated, lower-cased (filters are case-insensitive). */
  search: string;
  status: string;
  /** creationTimestamp in ms (0 when absent). */
  created: number;
  restarts: number;
  state: RowState;
  labels?: Record<string, string>;
  nodeName?: string;
  ownerUid?: string;
  /** When the model last saw this row change, for the brief change highlight. */
  changedAt: number;
}

const AGE_LIKE = new Set(['Age', 'Last Seen', 'First Seen', 'Duration', 'Last Schedule']);

/** Column indexes of a renderer that hold status and restarts, and those that are time-relative. */
interface ColumnRoles { status: number; restarts: number; skip: ReadonlySet<number> }

const ROLES = new WeakMap<ResourceSpec, ColumnRoles>();

function rolesOf(spec: ResourceSpec): ColumnRoles {
  let roles = ROLES.get(spec);
  if (!roles) {
    const cols = spec.renderer.columns;
    const skip = new Set(cols.flatMap((c, i) => (AGE_LIKE.has(c.name) || c.priority > 0 ? [i] : [])));
    roles = { status: cols.findIndex((c) => c.name === 'Status'), restarts: cols.findIndex((c) => c.name === 'Restarts'), skip };
    ROLES.set(spec, roles);
  }
  return roles;
}

/** Builds the row of `obj`; `now` only feeds the renderer (age cells are not kept). */
export function toRow(spec: ResourceSpec, key: string, obj: Record<string, any>, now: number): Row {
  const roles = rolesOf(spec);
  const cells = spec.renderer.row(obj, now);
  const meta = obj.metadata ?? {};
  const status = roles.status >= 0 ? String(cells[roles.status]) : '';
  const parts: string[] = meta.namespace ? [meta.namespace] : [];
  for (let i = 0; i < cells.length; i++) if (!roles.skip.has(i)) parts.push(String(cells[i]));
  const created = meta.creationTimestamp ? Date.parse(meta.creationTimestamp) : 0;
  return {
    key,
    namespace: meta.namespace ?? '',
    name: meta.name ?? '',
    obj,
    search: parts.join(' ').toLowerCase(),
    status,
    created: Number.isNaN(created) ? 0 : created,
    restarts: roles.restarts >= 0 ? parseInt(String(cells[roles.restarts]), 10) || 0 : 0,
    state: spec.state(obj, status),
    labels: meta.labels,
    nodeName: typeof obj.spec?.nodeName === 'string' ? obj.spec.nodeName : undefined,
    ownerUid: (meta.ownerReferences as { uid: string; controller?: boolean }[] | undefined)?.find((r) => r.controller)?.uid,
    changedAt: now,
  };
}
