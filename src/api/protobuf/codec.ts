/**
 * Generic schema-driven conversion between protobuf messages and the JSON objects
 * Go's `encoding/json` would produce for the same Kubernetes struct.
 *
 * Decoding: unknown fields are skipped; zero `omitempty` scalars are dropped; absent
 * non-pointer structs become their empty JSON form, as Go would marshal them.
 * Encoding mirrors Kubernetes' marshaller: ascending field numbers, every non-pointer
 * field written even when zero, map entries sorted by key, repeated fields unpacked.
 */
import { badRequest } from '../errors.js';
import { isCodec, isMessage, type FieldSpec, type FieldType, type MessageSchema, type ScalarType } from './schema.js';
import { WireReader, WireType, WireWriter, type WireTypeCode } from './wire.js';

const utf8 = new TextDecoder();
const utf8Encoder = new TextEncoder();

/** Zero values per scalar type, as Go's JSON marshaller prints them. */
const ZERO: Record<ScalarType, unknown> = { string: '', int32: 0, int64: 0, bool: false, bytes: '' };

/** The wire type each field type must arrive with. */
function wireTypeOf(type: FieldType): WireTypeCode {
  return type === 'int32' || type === 'int64' || type === 'bool' ? WireType.Varint : WireType.Bytes;
}

/** Decodes one message into its JSON object. */
export function decodeMessage(schema: MessageSchema, bytes: Uint8Array): Record<string, unknown> {
  const seen = new Map<number, unknown>();
  const reader = new WireReader(bytes);
  while (!reader.done()) {
    const { field, wireType } = reader.tag();
    const spec = schema.byNumber.get(field);
    if (!spec) {
      reader.skip(wireType);
      continue;
    }
    const expected = spec.map ? WireType.Bytes : wireTypeOf(spec.type);
    if (wireType !== expected) throw badRequest(`protobuf body is malformed: ${schema.name}.${spec.name} has wire type ${wireType}, want ${expected}`);
    if (spec.map) addEntry(seen, spec, reader.bytes());
    else if (spec.repeated) ((seen.get(spec.no) as unknown[] | undefined) ?? setNew(seen, spec.no, [])).push(readValue(spec.type, reader));
    else seen.set(spec.no, readValue(spec.type, reader));
  }
  const out: Record<string, unknown> = {};
  for (const spec of schema.fields) {
    const value = toJson(spec, seen.get(spec.no));
    if (value !== undefined) out[spec.name] = value;
  }
  return out;
}

/** Stores a fresh accumulator (list or map) for a field and returns it. */
function setNew<T>(seen: Map<number, unknown>, no: number, value: T): T {
  seen.set(no, value);
  return value;
}

/** Reads one map entry message {1: key, 2: value}; a missing part is its zero value. */
function addEntry(seen: Map<number, unknown>, spec: FieldSpec, entry: Uint8Array): void {
  const map = (seen.get(spec.no) as Map<string, unknown> | undefined) ?? setNew(seen, spec.no, new Map<string, unknown>());
  const reader = new WireReader(entry);
  let key = '';
  let value: unknown;
  while (!reader.done()) {
    const { field, wireType } = reader.tag();
    if (field === 1 && wireType === WireType.Bytes) key = utf8.decode(reader.bytes());
    else if (field === 2 && wireType === wireTypeOf(spec.type)) value = readValue(spec.type, reader);
    else reader.skip(wireType);
  }
  map.set(key, value === undefined ? emptyValue(spec.type) : value);
}

/** Reads a value of the field's type at the reader's position. */
function readValue(type: FieldType, reader: WireReader): unknown {
  switch (type) {
    case 'string':
      return utf8.decode(reader.bytes());
    case 'bytes':
      return Buffer.from(reader.bytes()).toString('base64');
    case 'int32':
      return Number(BigInt.asIntN(32, reader.varint()));
    case 'int64':
      return Number(BigInt.asIntN(64, reader.varint()));
    case 'bool':
      return reader.varint() !== 0n;
    default:
      return isCodec(type) ? type.decode(reader.bytes()) : decodeMessage(type, reader.bytes());
  }
}

/** The JSON value of a type when the wire carried nothing (Go's zero value). */
function emptyValue(type: FieldType): unknown {
  if (isMessage(type)) return decodeMessage(type, new Uint8Array());
  if (isCodec(type)) return type.decode(new Uint8Array());
  return ZERO[type];
}

/** Orders map entries by key, as both of Kubernetes' marshallers do. */
function byKey([a]: [string, unknown], [b]: [string, unknown]): number {
  return a < b ? -1 : a > b ? 1 : 0;
}

/** Applies Go's JSON habits to a decoded (or absent) field; undefined means "omit". */
function toJson(spec: FieldSpec, value: unknown): unknown {
  if (spec.map) return value === undefined ? undefined : Object.fromEntries([...(value as Map<string, unknown>)].sort(byKey));
  if (spec.repeated || spec.pointer) return value;
  if (value === undefined) return spec.keepZero || typeof spec.type === 'object' ? emptyValue(spec.type) : undefined;
  if (typeof spec.type === 'string' && !spec.keepZero && value === ZERO[spec.type]) return undefined;
  return value;
}

/** Encodes a JSON object as one message. */
export function encodeMessage(schema: MessageSchema, obj: Record<string, unknown>): Uint8Array {
  const w = new WireWriter();
  for (const spec of schema.wireOrder) {
    const value = obj[spec.name];
    if (spec.map) {
      if (value == null) continue;
      const entries = Object.entries(value as Record<string, unknown>).sort(byKey);
      for (const [k, v] of entries) {
        const entry = new WireWriter().tag(1, WireType.Bytes).bytes(utf8Encoder.encode(k));
        writeValue(entry, 2, spec.type, v);
        w.tag(spec.no, WireType.Bytes).bytes(entry.finish());
      }
    } else if (spec.repeated) {
      for (const item of (value as unknown[] | undefined) ?? []) writeValue(w, spec.no, spec.type, item);
    } else if (value != null || !spec.pointer) {
      writeValue(w, spec.no, spec.type, value);
    }
  }
  return w.finish();
}

/** Writes one field; an undefined value is written as the type's zero value. */
function writeValue(w: WireWriter, no: number, type: FieldType, value: unknown): void {
  w.tag(no, wireTypeOf(type));
  switch (type) {
    case 'string':
      w.bytes(utf8Encoder.encode(String(value ?? '')));
      return;
    case 'bytes':
      w.bytes(Buffer.from(String(value ?? ''), 'base64'));
      return;
    case 'int32':
    case 'int64':
      w.varint(integer(value));
      return;
    case 'bool':
      w.varint(value ? 1 : 0);
      return;
    default:
      w.bytes(isCodec(type) ? type.encode(value) : encodeMessage(type, (value ?? {}) as Record<string, unknown>));
  }
}

function integer(value: unknown): number {
  const n = Number(value ?? 0);
  if (!Number.isSafeInteger(n)) throw badRequest(`cannot encode ${JSON.stringify(value)} as a protobuf integer`);
  return n;
}
