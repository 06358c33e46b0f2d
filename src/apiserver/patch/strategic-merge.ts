/**
 * Kubernetes strategic merge patch (`application/strategic-merge-patch+json`) for built-in
 * kinds, with the semantics of k8s.io/apimachinery strategicpatch as the apiserver runs it
 * (parallel deletion lists merged, unmatched nulls ignored):
 *
 * - maps merge key by key; a null value deletes the key;
 * - lists tagged `patchStrategy: merge` merge by their merge key (see merge-keys.ts and
 *   strategic-list.ts); every other list is replaced;
 * - directives: `$patch: replace|delete|merge` on maps and as list elements,
 *   `$retainKeys`, `$deleteFromPrimitiveList/<field>`, `$setElementOrder/<field>`.
 *
 * Two deliberate leniencies: `$patch: merge` is accepted as an explicit "merge as usual"
 * (Kubernetes rejects it), and a `$setElementOrder/<field>` for a field the schema does not
 * tag is taken as proof that the client (which has the full schema) treats it as a merge
 * list, with the merge key read from the order entries, rather than dropping list items.
 * Directives and nulls inside values that are new to the object are resolved against an
 * empty value, so no directive is ever stored.
 */
import { badRequest } from '../../api/errors.js';
import { isObject, ownValue, shapeOf, type Json, type JsonObject } from './json.js';
import { fieldMeta, schemaOf, type FieldPatchMeta, type PatchSchema } from './merge-keys.js';
import { DIRECTIVE, mergeList, orderElements, type ElementMerger } from './strategic-list.js';

const RETAIN_KEYS = '$retainKeys';
const SET_ORDER_PREFIX = '$setElementOrder/';
const DELETE_PRIMITIVE_PREFIX = '$deleteFromPrimitiveList/';

/**
 * Applies `patch` to `original` under `schema` (a kind's root from merge-keys.ts).
 * Mutates and returns `original`, which must therefore be the caller's private copy.
 */
export function strategicMerge(original: JsonObject, patch: JsonObject, schema: PatchSchema): JsonObject {
  return mergeMap(original, patch, schema);
}

function mergeMap(original: JsonObject, patch: JsonObject, schema: PatchSchema | undefined): JsonObject {
  const directive = ownValue(patch, DIRECTIVE);
  if (directive !== undefined) {
    const rest = without(patch, DIRECTIVE);
    if (directive === 'replace') return mergeMap({}, rest, schema);
    if (directive === 'delete') return {};
    if (directive !== 'merge') throw badRequest(`invalid $patch directive ${JSON.stringify(directive)} in a map`);
    return mergeMap(original, rest, schema);
  }
  applyRetainKeys(original, patch);
  const ordered = applySetElementOrders(original, patch, schema);
  for (const [key, value] of Object.entries(patch)) {
    if (key === RETAIN_KEYS || key.startsWith(SET_ORDER_PREFIX) || ordered.has(key)) continue;
    if (key.startsWith(DELETE_PRIMITIVE_PREFIX)) deleteFromPrimitiveList(original, key, value);
    else mergeField(original, key, value, fieldMeta(schema, key));
  }
  return original;
}

function without(obj: JsonObject, key: string): JsonObject {
  const copy = { ...obj };
  delete copy[key];
  return copy;
}

function elementsOf(meta: FieldPatchMeta): ElementMerger {
  const schema = schemaOf(meta);
  return {
    merge: (original, patch) => mergeMap(original, patch, schema),
    create: (patch) => mergeMap({}, patch, schema),
  };
}

/** The value a patch sets where the object had none (or had another shape): its directives resolved against empty. */
function fresh(value: Json, meta: FieldPatchMeta): Json {
  if (isObject(value)) return mergeMap({}, value, schemaOf(meta));
  if (Array.isArray(value) && meta.merge) return mergeList([], value, meta.mergeKey, elementsOf(meta));
  return value;
}

function mergeField(original: JsonObject, key: string, value: Json, meta: FieldPatchMeta): void {
  if (value === null) {
    delete original[key];
    return;
  }
  const current = ownValue(original, key);
  if (shapeOf(current) !== shapeOf(value)) original[key] = fresh(value, meta);
  else if (isObject(value)) original[key] = mergeMap(current as JsonObject, value, schemaOf(meta));
  else if (Array.isArray(value) && meta.merge) original[key] = mergeList(current as Json[], value, meta.mergeKey, elementsOf(meta));
  else original[key] = value;
}

/** `$retainKeys`: drops every key of `original` not listed; the patch may only set listed keys. */
function applyRetainKeys(original: JsonObject, patch: JsonObject): void {
  const retain = ownValue(patch, RETAIN_KEYS);
  if (retain === undefined) return;
  if (!Array.isArray(retain)) throw badRequest(`${RETAIN_KEYS} must be a list of field names`);
  const keep = new Set<Json>(retain);
  for (const [key, value] of Object.entries(patch)) {
    if (value === null || key === RETAIN_KEYS || key.startsWith(SET_ORDER_PREFIX) || key.startsWith(DELETE_PRIMITIVE_PREFIX)) continue;
    if (!keep.has(key)) throw badRequest(`${RETAIN_KEYS} does not list "${key}", which the patch sets`);
  }
  for (const key of Object.keys(original)) if (!keep.has(key)) delete original[key];
}

/** `$deleteFromPrimitiveList/<field>`: removes the listed primitives from the field's list. */
function deleteFromPrimitiveList(original: JsonObject, key: string, value: Json): void {
  const field = key.slice(DELETE_PRIMITIVE_PREFIX.length);
  if (!field || !Array.isArray(value)) throw badRequest(`${key} must name a field and hold a list of primitives`);
  const current = ownValue(original, field);
  if (!Array.isArray(current)) return;
  const doomed = new Set(value);
  original[field] = current.filter((item) => !doomed.has(item));
}

/**
 * Handles every `$setElementOrder/<field>` of `patch`: merges the field's patch list into
 * the original and orders the result by the directive. Returns the fields it consumed.
 */
function applySetElementOrders(original: JsonObject, patch: JsonObject, schema: PatchSchema | undefined): Set<string> {
  const consumed = new Set<string>();
  for (const [key, order] of Object.entries(patch)) {
    if (!key.startsWith(SET_ORDER_PREFIX)) continue;
    const field = key.slice(SET_ORDER_PREFIX.length);
    if (!field || !Array.isArray(order)) throw badRequest(`${key} must name a field and hold a list`);
    const current = ownValue(original, field);
    const listed = ownValue(patch, field);
    if (listed === null) continue;
    if ((current !== undefined && !Array.isArray(current)) || (listed !== undefined && !Array.isArray(listed))) {
      throw badRequest(`${key} applies to "${field}", which is not a list`);
    }
    consumed.add(field);
    if (current === undefined && listed === undefined) continue;
    const meta = orderedListMeta(fieldMeta(schema, field), order);
    checkOrderCoversPatch(key, listed ?? [], order, meta.mergeKey);
    original[field] = orderedMerge(current, listed, order, meta);
  }
  return consumed;
}

/** The field's patch metadata, or (for a field the schema does not tag) the merge list the directive implies. */
function orderedListMeta(meta: FieldPatchMeta, order: Json[]): FieldPatchMeta {
  if (meta.merge) return meta;
  const first = order[0];
  if (!isObject(first)) return { ...meta, merge: true };
  const keys = Object.keys(first);
  return keys.length === 1 ? { ...meta, merge: true, mergeKey: keys[0] } : meta;
}

function orderedMerge(current: Json[] | undefined, listed: Json[] | undefined, order: Json[], meta: FieldPatchMeta): Json[] {
  if (!meta.merge) return listed ?? current ?? [];
  const merged = listed === undefined ? current ?? [] : mergeList(current ?? [], listed, meta.mergeKey, elementsOf(meta));
  return orderElements(merged, order, current ?? [], meta.mergeKey);
}

/** The patch list's items (deletions aside) must appear in the order list, in the same relative order. */
function checkOrderCoversPatch(key: string, listed: Json[], order: Json[], mergeKey: string | undefined): void {
  const items = mergeKey ? listed.filter((item) => !(isObject(item) && Object.hasOwn(item, DIRECTIVE))) : listed;
  const same = (a: Json, b: Json): boolean => (mergeKey
    ? isObject(a) && isObject(b) && ownValue(a, mergeKey) !== undefined && ownValue(a, mergeKey) === ownValue(b, mergeKey)
    : a === b);
  let matched = 0;
  for (const entry of order) if (matched < items.length && same(items[matched], entry)) matched++;
  if (matched < items.length) throw badRequest(`the order in the patch list ${JSON.stringify(listed)} doesn't match the ${key} list ${JSON.stringify(order)}`);
}
