/**
 * Decoding of PATCH request bodies into JSON values, with the 400 a client gets for a body
 * that is not what its Content-Type promised.
 */
import { parse as parseYaml } from 'yaml';
import { badRequest } from '../../api/errors.js';
import { isObject, type Json, type JsonObject } from './json.js';

/**
 * A key no Kubernetes object has; merging it would reach `Object.prototype`, so a body that
 * carries it is refused outright.
 */
const BANNED_KEY = '__proto__';

function rejectBannedKey(key: string, value: unknown): unknown {
  if (key === BANNED_KEY) throw badRequest(`the patch must not contain the field "${BANNED_KEY}"`);
  return value;
}

function text(body: Buffer | string): string {
  return typeof body === 'string' ? body : body.toString('utf8');
}

/** Parses a JSON patch body (any of the JSON patch media types); invalid JSON is a 400 BadRequest. */
export function parsePatchBody(body: Buffer | string): Json {
  try {
    return JSON.parse(text(body), rejectBannedKey) as Json;
  } catch (err) {
    if (err instanceof SyntaxError) throw badRequest(`the patch body is not valid JSON: ${err.message}`);
    throw err;
  }
}

/**
 * Parses an `application/apply-patch+yaml` body (YAML, of which kubectl's JSON is a subset)
 * for the server-side apply handler; anything but a single object is a 400 BadRequest.
 */
export function parseApplyPatchBody(body: Buffer | string): JsonObject {
  let value: unknown;
  try {
    value = parseYaml(text(body));
  } catch (err) {
    throw badRequest(`the apply patch body is not valid YAML or JSON: ${(err as Error).message}`);
  }
  if (!isObject(value)) throw badRequest('the apply patch body must be a single object');
  return parsePatchBody(JSON.stringify(value)) as JsonObject;
}
