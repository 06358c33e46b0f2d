/**
 * RFC 6902 JSON patch (`application/json-patch+json`), used by `kubectl rollout undo` and
 * `kubectl patch --type json`, applied with fast-json-patch.
 *
 * Status codes follow kube-apiserver: a body that does not decode as a list of operation
 * objects is 400 BadRequest; an operation that cannot be applied (failed `test`, missing
 * path, unknown `op`, index out of range) is 422 Invalid with the message "the server
 * rejected our request due to an error in our request", the detail going in the causes.
 */
import jsonpatch from 'fast-json-patch';
import type { Operation } from 'fast-json-patch';
import { ApiError, badRequest } from '../../api/errors.js';
import { isObject, type Json, type JsonObject } from './json.js';

/** kube-apiserver's cap on operations in one JSON patch. */
const MAX_OPERATIONS = 10000;

/** Validates the operation list's shape and applies it to a copy of `original` (which is never mutated). */
export function applyJsonPatch(original: JsonObject, ops: Json): Json {
  if (!Array.isArray(ops)) throw badRequest('a JSON patch must be a JSON array of operations');
  if (ops.length > MAX_OPERATIONS) {
    throw new ApiError('RequestEntityTooLarge', `The allowed maximum operations in a JSON patch is ${MAX_OPERATIONS}, got ${ops.length}`);
  }
  const notObject = ops.findIndex((op) => !isObject(op));
  if (notObject >= 0) throw badRequest(`JSON patch operation ${notObject} is not an object`);
  try {
    return jsonpatch.applyPatch(original, ops as unknown as Operation[], true, false).newDocument as Json;
  } catch (err) {
    throw rejected(err, ops as JsonObject[]);
  }
}

/** The 422 for an operation that could not be applied, naming the operation and its path. */
function rejected(err: unknown, ops: JsonObject[]): ApiError {
  const index = err instanceof jsonpatch.JsonPatchError ? err.index : undefined;
  const op = index === undefined ? undefined : ops[index];
  // fast-json-patch appends the whole document to its message; keep only the first line.
  const reason = String((err as Error)?.message ?? err).split('\n')[0];
  const message = op ? `operation ${index} (${String(op.op)} ${String(op.path)}): ${reason}` : reason;
  const field = typeof op?.path === 'string' ? op.path : undefined;
  return new ApiError('Invalid', 'the server rejected our request due to an error in our request', {
    causes: [{ reason: 'FieldValueInvalid', message, ...(field !== undefined ? { field } : {}) }],
  });
}
