/**
 * The three-way patch of client-side apply, computed on the client as kubectl
 * does: `original` is the last-applied configuration, `modified` the new one and
 * `current` the live object. The patch carries
 * - every field of `modified` that differs from `current` (additions and changes), and
 * - every field of `original` that `modified` dropped (deletions: `null`, list
 *   elements as `{$patch: delete}`, primitives in `$deleteFromPrimitiveList`),
 * so fields other writers set on the live object (defaults, controllers, `kubectl
 * scale`) survive, and fields the user stopped applying are removed. With a
 * strategic schema, lists tagged `patchStrategy: merge` merge by their key and get a
 * `$setElementOrder`; without one (unknown kinds) every list is atomic and the result
 * is a plain JSON merge patch. Pure.
 */
import { fieldMeta, schemaOf, type FieldPatchMeta, type PatchSchema } from '../../apiserver/patch/merge-keys.js';

type Json = null | boolean | number | string | Json[] | { [k: string]: Json };
type Obj = { [k: string]: Json };

const isObj = (v: unknown): v is Obj => typeof v === 'object' && v !== null && !Array.isArray(v);

/** Deep equality of JSON values (key order ignored). */
export function jsonEqual(a: unknown, b: unknown): boolean {
  if (a === b) return true;
  if (Array.isArray(a) && Array.isArray(b)) return a.length === b.length && a.every((x, i) => jsonEqual(x, b[i]));
  if (isObj(a) && isObj(b)) {
    const ka = Object.keys(a);
    return ka.length === Object.keys(b).length && ka.every((k) => k in b && jsonEqual(a[k], b[k]));
  }
  return false;
}

type Mode = 'delta' | 'deletions';

function keyed(list: Json[], key: string): Map<string, Obj> {
  const m = new Map<string, Obj>();
  for (const e of list) if (isObj(e) && e[key] !== undefined) m.set(JSON.stringify(e[key]), e);
  return m;
}

function diffMergeList(from: Json[], to: Json[], meta: FieldPatchMeta, mode: Mode): Json[] {
  const key = meta.mergeKey!;
  const sub = schemaOf(meta);
  const fromByKey = keyed(from, key);
  const toByKey = keyed(to, key);
  const out: Json[] = [];
  if (mode === 'delta') {
    for (const e of to) {
      if (!isObj(e)) continue;
      const f = fromByKey.get(JSON.stringify(e[key]));
      if (!f) { out.push(e); continue; }
      const d = diffMaps(f, e, sub, 'delta');
      if (Object.keys(d).length) out.push({ [key]: e[key], ...d });
    }
    return out;
  }
  for (const f of from) {
    if (!isObj(f)) continue;
    const t = toByKey.get(JSON.stringify(f[key]));
    if (!t) { out.push({ $patch: 'delete', [key]: f[key] }); continue; }
    const d = diffMaps(f, t, sub, 'deletions');
    if (Object.keys(d).length) out.push({ [key]: f[key], ...d });
  }
  return out;
}

function diffField(patch: Obj, key: string, from: Json, to: Json, meta: FieldPatchMeta, mode: Mode): void {
  if (isObj(from) && isObj(to)) {
    const d = diffMaps(from, to, schemaOf(meta), mode);
    if (Object.keys(d).length) patch[key] = d;
    return;
  }
  if (Array.isArray(from) && Array.isArray(to) && meta.merge) {
    if (meta.mergeKey) {
      const d = diffMergeList(from, to, meta, mode);
      if (d.length) {
        patch[key] = d;
        patch[`$setElementOrder/${key}`] = to.filter(isObj).map((e) => ({ [meta.mergeKey!]: e[meta.mergeKey!] }));
      }
    } else if (mode === 'delta') {
      const added = to.filter((v) => !from.some((f) => jsonEqual(f, v)));
      if (added.length) { patch[key] = added; patch[`$setElementOrder/${key}`] = to; }
    } else {
      const removed = from.filter((v) => !to.some((t) => jsonEqual(t, v)));
      if (removed.length) patch[`$deleteFromPrimitiveList/${key}`] = removed;
    }
    return;
  }
  if (mode === 'delta' && !jsonEqual(from, to)) patch[key] = to;
}

/** One half of the three-way diff: additions/changes (`delta`) or removals (`deletions`) from `from` to `to`. */
export function diffMaps(from: Obj, to: Obj, schema: PatchSchema | undefined, mode: Mode): Obj {
  const patch: Obj = {};
  for (const [key, value] of Object.entries(to)) {
    if (!(key in from)) {
      if (mode === 'delta') patch[key] = value;
      continue;
    }
    diffField(patch, key, from[key], value, fieldMeta(schema, key), mode);
  }
  if (mode === 'deletions') for (const key of Object.keys(from)) if (!(key in to)) patch[key] = null;
  return patch;
}

/** The merge key of a patch list, read back from its `$setElementOrder` entries. */
function orderKey(patch: Obj, field: string): string | undefined {
  const order = patch[`$setElementOrder/${field}`];
  return Array.isArray(order) && isObj(order[0]) ? Object.keys(order[0])[0] : undefined;
}

function mergeLists(a: Json[], b: Json[], key: string | undefined): Json[] {
  const out = [...a];
  for (const e of b) {
    const i = key && isObj(e) ? out.findIndex((x) => isObj(x) && jsonEqual(x[key], e[key]) && x.$patch === undefined && e.$patch === undefined) : -1;
    if (i >= 0) out[i] = mergePatches(out[i] as Obj, e as Obj);
    else out.push(e);
  }
  return out;
}

function mergePatches(a: Obj, b: Obj): Obj {
  const out: Obj = { ...a };
  for (const [k, v] of Object.entries(b)) {
    const prev = out[k];
    if (isObj(prev) && isObj(v)) out[k] = mergePatches(prev, v);
    else if (Array.isArray(prev) && Array.isArray(v) && !k.startsWith('$setElementOrder/')) out[k] = mergeLists(prev, v, orderKey(b, k) ?? orderKey(a, k));
    else out[k] = v;
  }
  return out;
}

/**
 * The patch that takes `current` to `modified` while removing what `original` had
 * and `modified` dropped. `{}` means nothing to do ("unchanged").
 */
export function threeWayPatch(original: Obj | undefined, modified: Obj, current: Obj, schema: PatchSchema | undefined): Obj {
  const delta = diffMaps(current, modified, schema, 'delta');
  const deletions = original ? diffMaps(original, modified, schema, 'deletions') : {};
  return mergePatches(deletions, delta);
}
