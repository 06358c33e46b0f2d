/**
 * Reads and decodes request bodies with hard limits, so hostile input (huge
 * bodies, YAML alias bombs, absurd nesting) gets a 4xx and never hurts the server.
 */
import type { IncomingMessage } from 'node:http';
import { LineCounter, parseDocument } from 'yaml';
import { ApiError, badRequest } from '../../api/errors.js';
import { decodeProtobufObject } from '../../api/protobuf/index.js';
import { duplicateJsonFields, duplicateYamlKeys } from './duplicate-fields.js';

/** Largest accepted body, as kube-apiserver's 3 MiB request limit. */
export const MAX_BODY_BYTES = 3 * 1024 * 1024;
/** Deepest accepted nesting of arrays and objects. */
export const MAX_DEPTH = 100;
/** YAML aliases allowed in one document (defuses "billion laughs"). */
const MAX_YAML_ALIASES = 100;

function tooLarge(): ApiError {
  return new ApiError('RequestEntityTooLarge', `the request body is too large: limit is ${MAX_BODY_BYTES} bytes`);
}

/** Reads the whole body, failing with 413 as soon as it exceeds the limit. */
export function readBody(req: IncomingMessage, limit = MAX_BODY_BYTES): Promise<Buffer> {
  const declared = Number(req.headers['content-length'] ?? 0);
  if (declared > limit) return Promise.reject(tooLarge());
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    let size = 0;
    let failed = false;
    req.on('data', (c: Buffer) => {
      if (failed) return;
      size += c.length;
      if (size > limit) {
        failed = true;
        reject(tooLarge());
        return;
      }
      chunks.push(c);
    });
    req.on('end', () => { if (!failed) resolve(Buffer.concat(chunks)); });
    req.on('error', (e) => { if (!failed) { failed = true; reject(e); } });
  });
}

/** Scans JSON text for nesting depth without parsing (JSON.parse would recurse first). */
export function jsonDepthExceeds(text: string, max = MAX_DEPTH): boolean {
  let depth = 0;
  let inString = false;
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (inString) {
      if (c === 92) i++;
      else if (c === 34) inString = false;
    } else if (c === 34) inString = true;
    else if (c === 123 || c === 91) {
      if (++depth > max) return true;
    } else if (c === 125 || c === 93) depth--;
  }
  return false;
}

function depthOf(value: unknown, max: number, depth = 0): boolean {
  if (depth > max) return true;
  if (value && typeof value === 'object') {
    for (const v of Object.values(value)) if (depthOf(v, max, depth + 1)) return true;
  }
  return false;
}

/** Parses JSON text, refusing absurd nesting with a clear 400. */
export function parseJson(text: string): unknown {
  if (jsonDepthExceeds(text)) throw badRequest(`the request body is nested deeper than ${MAX_DEPTH} levels`);
  try {
    return JSON.parse(text);
  } catch (e) {
    throw badRequest(`the request body is not valid JSON: ${(e as Error).message}`);
  }
}

/** A decoded body and the strict decoding errors (duplicate fields) found in it when asked. */
export interface DecodedBody<T = unknown> {
  value: T;
  strictErrors: string[];
}

/** Parses YAML (one document) with aliases capped and nesting limited; lists repeated keys when `findDuplicates`. */
export function parseYamlBody(text: string, findDuplicates = false): DecodedBody {
  let decoded: DecodedBody;
  try {
    const lines = new LineCounter();
    const doc = parseDocument(text, { uniqueKeys: false, lineCounter: lines });
    if (doc.errors.length) throw doc.errors[0];
    decoded = { value: doc.toJS({ maxAliasCount: MAX_YAML_ALIASES }), strictErrors: findDuplicates ? duplicateYamlKeys(doc, lines) : [] };
  } catch (e) {
    throw badRequest(`the request body is not valid YAML: ${(e as Error).message}`);
  }
  if (depthOf(decoded.value, MAX_DEPTH)) throw badRequest(`the request body is nested deeper than ${MAX_DEPTH} levels`);
  return decoded;
}

/** Parses JSON text as `parseJson` does; lists repeated fields when `findDuplicates`. */
export function parseJsonBody(text: string, findDuplicates = false): DecodedBody {
  const value = parseJson(text);
  return { value, strictErrors: findDuplicates ? duplicateJsonFields(text, value) : [] };
}

/** The media type of a Content-Type header without parameters, lower-cased. */
export function mediaType(header: string | undefined): string {
  return (header ?? 'application/json').split(';')[0].trim().toLowerCase();
}

/**
 * Decodes an object body (create/update) by Content-Type: JSON, YAML or Kubernetes
 * protobuf. `findDuplicates` (fieldValidation Strict or Warn) also lists the fields the
 * body repeats; protobuf has none to report.
 */
export function decodeObjectChecked(buf: Buffer, contentType: string | undefined, findDuplicates: boolean): DecodedBody<Record<string, any>> {
  const type = mediaType(contentType);
  let decoded: DecodedBody;
  if (type === 'application/vnd.kubernetes.protobuf') decoded = { value: decodeProtobufObject(buf), strictErrors: [] };
  else if (type === 'application/yaml' || type === 'application/apply-patch+yaml') decoded = parseYamlBody(buf.toString('utf8'), findDuplicates);
  else if (type === 'application/json' || type === '' || type === '*/*') decoded = parseJsonBody(buf.toString('utf8'), findDuplicates);
  else throw new ApiError('UnsupportedMediaType', `the body of the request was in an unknown format - accepted media types include: application/json, application/yaml, application/vnd.kubernetes.protobuf`);
  const value = decoded.value;
  if (!value || typeof value !== 'object' || Array.isArray(value)) throw badRequest('the request body must be a JSON object');
  return { value: value as Record<string, any>, strictErrors: decoded.strictErrors };
}

/** Decodes an object body (create/update) by Content-Type: JSON, YAML or Kubernetes protobuf. */
export function decodeObject(buf: Buffer, contentType: string | undefined): Record<string, any> {
  return decodeObjectChecked(buf, contentType, false).value;
}
