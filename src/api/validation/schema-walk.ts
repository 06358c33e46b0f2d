/**
 * Decode-time checks driven by the generated schema: JSON types, unknown
 * fields, required fields and nesting depth.
 *
 * This is what Kubernetes gets from decoding JSON into Go structs: a wrong type
 * is a 400 worded like Go's `json: cannot unmarshal ...`, an unknown field is
 * dropped (and reported, for strict or warn field validation), and a number
 * given for a quantity becomes its string form.
 */
import { DEFINITIONS, goTypeOf, goTypeOfDefinition, parseType } from '../schema/index.js';
import { at, idx, key, required, type FieldError } from './field-errors.js';

/** A request body that cannot be decoded into the kind's type (reported as 400). */
export class DecodeError extends Error {}

/** Required-by-type fields that Kubernetes does not actually insist on, or that are checked with their own message. */
const NOT_ENFORCED = new Set([
  'io.k8s.api.apps.v1.StatefulSetSpec.serviceName',
  'io.k8s.api.apps.v1.ControllerRevision.revision',
  'io.k8s.api.discovery.v1.EndpointSlice.endpoints',
  'io.k8s.api.core.v1.Event.involvedObject',
  'io.k8s.api.core.v1.Event.metadata',
  ...['apiVersion', 'kind', 'name', 'uid'].map((f) => `io.k8s.apimachinery.pkg.apis.meta.v1.OwnerReference.${f}`),
]);

const QUANTITY = /^([+-]?[0-9.]+)([eEinumkKMGTP]*[-+]?[0-9]*)$/;
const RFC3339 = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d+)?(Z|[+-]\d{2}:\d{2})$/;
const BASE64_CHAR = /[A-Za-z0-9+/=\r\n]/;
const INT32_MIN = -(2 ** 31);
const INT32_MAX = 2 ** 31 - 1;

/** Where a value sits: its field path for messages, and its Go struct location for decode errors. */
interface Ctx {
  path: string;
  goPath: string;
  struct: string;
  /** False under `status`, which controllers write and Kubernetes does not validate for required fields. */
  checkRequired: boolean;
}

/** True when `value` nests objects/arrays deeper than `limit` levels. */
export function tooDeep(value: unknown, limit: number): boolean {
  if (typeof value !== 'object' || value === null) return false;
  if (limit <= 0) return true;
  const children = Array.isArray(value) ? value : Object.values(value);
  return children.some((c) => tooDeep(c, limit - 1));
}

function jsonKind(v: unknown): string {
  if (Array.isArray(v)) return 'array';
  if (typeof v === 'boolean') return 'bool';
  return typeof v;
}

function mismatch(v: unknown, type: string, ctx: Ctx): DecodeError {
  const what = typeof v === 'number' && !Number.isInteger(v) ? `number ${v}` : jsonKind(v);
  return new DecodeError(`json: cannot unmarshal ${what} into Go struct field ${ctx.struct}.${ctx.goPath} of type ${goTypeOf(type)}`);
}

/** Index of the first byte Go's strict base64 decoder rejects, or -1 when the string decodes. */
function base64ErrorAt(s: string): number {
  const clean = s.replace(/[\r\n]/g, '');
  for (let i = 0; i < s.length; i++) if (!BASE64_CHAR.test(s[i])) return i;
  const pad = clean.indexOf('=');
  if (pad >= 0 && !/^={1,2}$/.test(clean.slice(pad))) return pad;
  return clean.length % 4 === 0 ? -1 : clean.length - (clean.length % 4);
}

/** Walks a decoded body against the schema, collecting unknown and missing fields and normalising values. */
export class SchemaWalker {
  readonly unknownFields: string[] = [];
  readonly missing: FieldError[] = [];

  /** Checks the whole object against a top-level definition; throws DecodeError on a type mismatch. */
  root(obj: unknown, defName: string, kind: string): void {
    if (typeof obj !== 'object' || obj === null || Array.isArray(obj)) {
      throw new DecodeError(`json: cannot unmarshal ${jsonKind(obj)} into Go value of type ${goTypeOfDefinition(defName)}`);
    }
    this.object(obj as Record<string, unknown>, defName, { path: '', goPath: '', struct: kind, checkRequired: true });
  }

  /** Checks one value; returns the value to store (numbers given for quantities become strings). */
  private value(v: unknown, type: string, ctx: Ctx): unknown {
    if (v === null || v === undefined) return v;
    const t = parseType(type);
    switch (t.kind) {
      case 'string': if (typeof v !== 'string') throw mismatch(v, type, ctx); return v;
      case 'boolean': if (typeof v !== 'boolean') throw mismatch(v, type, ctx); return v;
      case 'int32': case 'int64': return this.integer(v, type, ctx);
      case 'bytes': return this.bytes(v, type, ctx);
      case 'array':
        if (!Array.isArray(v)) throw mismatch(v, type, ctx);
        v.forEach((item, i) => { v[i] = this.value(item, t.items, { ...ctx, path: idx(ctx.path, i) }); });
        return v;
      case 'map':
        if (typeof v !== 'object' || Array.isArray(v)) throw mismatch(v, type, ctx);
        for (const [k, item] of Object.entries(v)) (v as Record<string, unknown>)[k] = this.value(item, t.values, { ...ctx, path: key(ctx.path, k) });
        return v;
      case 'ref': return this.ref(v, t.name, ctx);
    }
  }

  private integer(v: unknown, type: string, ctx: Ctx): unknown {
    if (typeof v !== 'number' || !Number.isInteger(v)) throw mismatch(v, type, ctx);
    if (type === 'int32' && (v < INT32_MIN || v > INT32_MAX)) {
      throw new DecodeError(`json: cannot unmarshal number ${v} into Go struct field ${ctx.struct}.${ctx.goPath} of type int32`);
    }
    return v;
  }

  private bytes(v: unknown, type: string, ctx: Ctx): unknown {
    if (typeof v !== 'string') throw mismatch(v, type, ctx);
    const bad = base64ErrorAt(v);
    if (bad >= 0) throw new DecodeError(`illegal base64 data at input byte ${bad}`);
    return v;
  }

  private ref(v: unknown, defName: string, ctx: Ctx): unknown {
    const def = DEFINITIONS[defName];
    switch (def.scalar) {
      case 'any': return v;
      case 'int-or-string':
        if (typeof v === 'string' || (typeof v === 'number' && Number.isInteger(v))) return v;
        throw mismatch(v, defName, ctx);
      case 'quantity':
        if (typeof v === 'number' && Number.isFinite(v)) return String(v);
        if (typeof v !== 'string') throw mismatch(v, defName, ctx);
        if (!QUANTITY.test(v)) throw new DecodeError(`quantities must match the regular expression '${QUANTITY.source}'`);
        return v;
      case 'time':
        if (typeof v !== 'string') throw mismatch(v, defName, ctx);
        if (!RFC3339.test(v)) throw new DecodeError(`parsing time ${JSON.stringify(v)} as "2006-01-02T15:04:05Z07:00": cannot parse ${JSON.stringify(v)} as RFC 3339`);
        return v;
    }
    if (typeof v !== 'object' || Array.isArray(v)) throw mismatch(v, defName, ctx);
    this.object(v as Record<string, unknown>, defName, ctx);
    return v;
  }

  private object(obj: Record<string, unknown>, defName: string, ctx: Ctx): void {
    const def = DEFINITIONS[defName];
    const props = def.properties ?? {};
    const struct = ctx.path === '' ? ctx.struct : goTypeOfDefinition(defName).split('.')[1];
    for (const [name, v] of Object.entries(obj)) {
      const path = at(ctx.path, name);
      const type = props[name];
      if (type === undefined) {
        this.unknownFields.push(path);
        delete obj[name];
        continue;
      }
      const checkRequired = ctx.checkRequired && !(ctx.path === '' && name === 'status');
      obj[name] = this.value(v, type, { path, goPath: at(ctx.goPath, name), struct, checkRequired });
    }
    if (ctx.checkRequired) this.checkRequired(obj, defName, def.required ?? [], ctx.path);
  }

  private checkRequired(obj: Record<string, unknown>, defName: string, names: string[], path: string): void {
    for (const name of names) {
      if (NOT_ENFORCED.has(`${defName}.${name}`)) continue;
      const v = obj[name];
      const empty = v === undefined || v === null || v === '' || (Array.isArray(v) && v.length === 0);
      if (empty) this.missing.push(required(at(path, name)));
    }
  }
}
