/**
 * The list half of strategic merge patch: merging a `patchStrategy: merge` list (maps by
 * their merge key, primitives as an ordered set), the `$patch` directives inside such a
 * list, and the element order Kubernetes gives the result.
 *
 * Ordering follows k8s.io/apimachinery strategicpatch: items named in the patch (or in a
 * `$setElementOrder` list) take the patch's order; items only on the server keep their
 * server order; the two runs are interleaved by server position, and an item the server
 * did not have goes before the server-only items that follow it. So a merged-in new
 * container lands first unless `$setElementOrder` says otherwise, exactly as in Kubernetes.
 */
import { ApiError, badRequest } from '../../api/errors.js';
import { isObject, ownValue, type Json, type JsonObject } from './json.js';

/** The `$patch` directive key, in maps and as list elements. */
export const DIRECTIVE = '$patch';

/** How list elements (maps) are merged into or created from a patch element, by the map half. */
export interface ElementMerger {
  merge(original: JsonObject, patch: JsonObject): JsonObject;
  create(patch: JsonObject): JsonObject;
}

/** Merges `patch` into `original`, a list with `patchStrategy: merge`; returns a new list. */
export function mergeList(original: Json[], patch: Json[], mergeKey: string | undefined, elements: ElementMerger): Json[] {
  if (original.length === 0 && patch.length === 0) return [];
  if (elementShape(original, patch) === 'scalar') {
    return orderElements([...new Set([...original, ...patch])], patch, original, undefined);
  }
  if (!mergeKey) throw badRequest('cannot merge lists of objects without a patch merge key');
  return mergeMaps(original as JsonObject[], patch as JsonObject[], mergeKey, elements);
}

/** All elements of both lists must be maps, or all primitives of one JSON type, as in Kubernetes. */
function elementShape(original: Json[], patch: Json[]): 'map' | 'scalar' {
  const shapes = new Set([...original, ...patch].map((v) => (Array.isArray(v) ? 'list' : isObject(v) ? 'map' : typeof v)));
  if (shapes.has('list')) throw new ApiError('Invalid', 'lists of lists are not supported by strategic merge patch');
  if (shapes.size > 1) throw badRequest(`list element types are not identical: ${JSON.stringify(original)} and ${JSON.stringify(patch)}`);
  return shapes.has('map') ? 'map' : 'scalar';
}

function keyOf(item: Json, mergeKey: string): Json | undefined {
  return isObject(item) ? ownValue(item, mergeKey) : undefined;
}

function requireKey(item: JsonObject, mergeKey: string): Json {
  const key = ownValue(item, mergeKey);
  if (key === undefined) throw badRequest(`map: ${JSON.stringify(item)} does not contain declared merge key: ${mergeKey}`);
  return key;
}

/** Applies `$patch: delete|replace` elements, then merges the rest by merge key. */
function mergeMaps(original: JsonObject[], patch: JsonObject[], mergeKey: string, elements: ElementMerger): Json[] {
  let base: Json[] = original.slice();
  const additions: JsonObject[] = [];
  let replace = false;
  for (const item of patch) {
    const directive = ownValue(item, DIRECTIVE);
    if (directive === undefined) additions.push(item);
    else if (directive === 'delete') {
      const key = requireKey(item, mergeKey);
      base = base.filter((o) => keyOf(o, mergeKey) !== key);
    } else if (directive === 'replace') replace = true;
    else if (directive !== 'merge') throw badRequest(`invalid $patch directive ${JSON.stringify(directive)} in a list`);
  }
  if (replace) return additions.map((item) => elements.create(item));
  const serverOrder = base.slice();
  for (const item of additions) {
    const key = requireKey(item, mergeKey);
    const at = base.findIndex((o) => keyOf(o, mergeKey) === key);
    if (at >= 0) base[at] = elements.merge(base[at] as JsonObject, item);
    else base.push(elements.create(item));
  }
  return orderElements(base, additions, serverOrder, mergeKey);
}

/** Position of each identity (merge-key value, or the primitive itself) in `list`, first occurrence wins. */
function positions(list: Json[], mergeKey: string | undefined): Map<Json | undefined, number> {
  const at = new Map<Json | undefined, number>();
  list.forEach((item, i) => {
    const id = mergeKey ? keyOf(item, mergeKey) : item;
    if (id !== undefined && !at.has(id)) at.set(id, i);
  });
  return at;
}

/** Stable sort by position in the order; items the order does not name keep their relative order after. */
function sortByOrder(items: Json[], order: Map<Json | undefined, number>, identity: (item: Json) => Json | undefined): Json[] {
  const rank = (item: Json): number => order.get(identity(item)) ?? Number.MAX_SAFE_INTEGER;
  return items.map((item, i) => ({ item, i, r: rank(item) }))
    .sort((a, b) => a.r - b.r || a.i - b.i)
    .map((x) => x.item);
}

/**
 * Orders `merged`: items named by `patchOrder` in that order, server-only items in
 * `serverOrder`, interleaved by server position (see the file comment).
 */
export function orderElements(merged: Json[], patchOrder: Json[], serverOrder: Json[], mergeKey: string | undefined): Json[] {
  const identity = (item: Json): Json | undefined => (mergeKey ? keyOf(item, mergeKey) : item);
  const inPatch = positions(patchOrder, mergeKey);
  const onServer = positions(serverOrder, mergeKey);
  const named = (item: Json): boolean => inPatch.has(identity(item));
  const patchItems = sortByOrder(merged.filter(named), inPatch, identity);
  const serverOnly = sortByOrder(merged.filter((item) => !named(item)), onServer, identity);
  const out: Json[] = [];
  let i = 0;
  let j = 0;
  while (i < serverOnly.length && j < patchItems.length) {
    const left = onServer.get(identity(serverOnly[i]));
    const right = onServer.get(identity(patchItems[j]));
    if (left !== undefined && right !== undefined && left < right) out.push(serverOnly[i++]);
    else out.push(patchItems[j++]);
  }
  return out.concat(serverOnly.slice(i), patchItems.slice(j));
}
