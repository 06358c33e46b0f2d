/**
 * RFC 7386 JSON merge patch (`application/merge-patch+json`), used by `kubectl label`,
 * `kubectl annotate`, `kubectl scale` and `kubectl apply` for kinds without a strategic schema.
 */
import { isObject, ownValue, type Json, type JsonObject } from './json.js';

/**
 * Applies `patch` to `target` as RFC 7386 defines: a null member deletes the key, an object
 * member merges recursively, anything else (arrays included) replaces wholesale.
 * Neither argument is mutated, but subtrees of `target` the patch does not touch are shared
 * with the result, so a caller that edits the result further clones `target` first.
 */
export function mergePatch(target: Json | undefined, patch: Json): Json {
  if (!isObject(patch)) return patch;
  const result: JsonObject = isObject(target) ? { ...target } : {};
  for (const [key, value] of Object.entries(patch)) {
    if (value === null) delete result[key];
    else result[key] = mergePatch(ownValue(result, key), value);
  }
  return result;
}
