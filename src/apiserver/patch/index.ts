/**
 * PATCH bodies: picks the patch flavour from the request's Content-Type and applies it to
 * the current object, producing the object to store. Pure: no I/O, and the original is
 * never mutated, so the store's cached copy stays intact when a patch fails halfway.
 *
 * Server-side apply (`application/apply-patch+yaml`) is routed here by Content-Type but
 * applied by its own handler; `parseApplyPatchBody` decodes its body.
 */
import { ApiError, badRequest } from '../../api/errors.js';
import { isObject, type Json, type JsonObject } from './json.js';
import { applyJsonPatch } from './json-patch.js';
import { mergePatch } from './merge-patch.js';
import { patchSchemaOfKind } from './merge-keys.js';
import { parsePatchBody } from './parse-body.js';
import { strategicMerge } from './strategic-merge.js';

export { parseApplyPatchBody, parsePatchBody } from './parse-body.js';

const JSON_PATCH = 'application/json-patch+json';
const MERGE_PATCH = 'application/merge-patch+json';
const STRATEGIC_MERGE_PATCH = 'application/strategic-merge-patch+json';
const APPLY_PATCH = 'application/apply-patch+yaml';

/** Every PATCH Content-Type the apiserver accepts, in the order kube-apiserver lists them. */
export const PATCH_CONTENT_TYPES: string[] = [JSON_PATCH, MERGE_PATCH, STRATEGIC_MERGE_PATCH, APPLY_PATCH];

/** The media types left when strategic merge patch is not available for a kind. */
const NON_STRATEGIC_TYPES = [JSON_PATCH, MERGE_PATCH, APPLY_PATCH];

function unknownFormat(accepted: string[], why = ''): ApiError {
  return new ApiError('UnsupportedMediaType',
    `${why}the body of the request was in an unknown format - accepted media types include: ${accepted.join(', ')}`);
}

/**
 * Applies a PATCH body to `original` and returns the patched object (a new object).
 * `contentType` is the request Content-Type without parameters; `kind` selects the strategic
 * merge schema. Throws ApiError: 400 for a malformed body, 415 for an unsupported Content-Type
 * or a strategic merge patch of a kind without a schema (kubectl then falls back to a merge
 * patch), 422 for a JSON patch operation that cannot be applied.
 */
export function applyPatch(contentType: string, original: Record<string, any>, patchBody: Buffer | string, kind: string): Record<string, any> {
  const type = contentType.trim().toLowerCase();
  if (type === MERGE_PATCH) return mergePatch(clone(original), objectBody(patchBody, 'a merge patch')) as JsonObject;
  if (type === JSON_PATCH) return patchedObject(applyJsonPatch(original as JsonObject, parsePatchBody(patchBody)));
  if (type === STRATEGIC_MERGE_PATCH) {
    const schema = patchSchemaOfKind(kind);
    if (!schema) throw unknownFormat(NON_STRATEGIC_TYPES, `strategic merge patch is not supported for kind ${JSON.stringify(kind)}: `);
    return strategicMerge(clone(original), objectBody(patchBody, 'a strategic merge patch'), schema);
  }
  if (type === APPLY_PATCH) throw new Error(`${APPLY_PATCH} is applied by the server-side apply handler, not by applyPatch`);
  throw unknownFormat(PATCH_CONTENT_TYPES);
}

function clone(obj: Record<string, any>): JsonObject {
  return structuredClone(obj) as JsonObject;
}

function objectBody(body: Buffer | string, what: string): JsonObject {
  const patch = parsePatchBody(body);
  if (!isObject(patch)) throw badRequest(`${what} must be a JSON object`);
  return patch;
}

function patchedObject(value: Json): JsonObject {
  if (!isObject(value)) throw new ApiError('Invalid', 'the server rejected our request due to an error in our request: the patched document is not a JSON object');
  return value;
}
