/**
 * apimachinery messages whose JSON form is not an object: metav1.Time (an RFC 3339
 * string), intstr.IntOrString (a number or a string) and resource.Quantity (a string).
 * Each codec owns both directions so the generic codec stays free of special cases.
 */
import { badRequest } from '../errors.js';
import type { JsonCodec } from './schema.js';
import { WireReader, WireType, WireWriter } from './wire.js';

const utf8 = new TextDecoder();
const utf8Encoder = new TextEncoder();

/** Reads a small message's varint and string fields by number; others are skipped. */
function readFields(bytes: Uint8Array): Map<number, bigint | Uint8Array> {
  const fields = new Map<number, bigint | Uint8Array>();
  const reader = new WireReader(bytes);
  while (!reader.done()) {
    const { field, wireType } = reader.tag();
    if (wireType === WireType.Varint) fields.set(field, reader.varint());
    else if (wireType === WireType.Bytes) fields.set(field, reader.bytes());
    else reader.skip(wireType);
  }
  return fields;
}

function varintField(fields: Map<number, bigint | Uint8Array>, no: number): bigint {
  const v = fields.get(no);
  return typeof v === 'bigint' ? v : 0n;
}

function stringField(fields: Map<number, bigint | Uint8Array>, no: number): string {
  const v = fields.get(no);
  return v instanceof Uint8Array ? utf8.decode(v) : '';
}

/** Go's zero time.Time (0001-01-01T00:00:00Z) in Unix seconds; Go prints it as JSON `null`. */
const GO_ZERO_TIME_SECONDS = -62135596800n;

/**
 * metav1.Time {1: seconds int64, 2: nanos int32}. JSON is RFC 3339 in UTC with whole
 * seconds, as Go prints it. Go marshals the zero time as an empty message (and `null`
 * in JSON), so an empty message or the zero instant decodes to undefined and the field
 * is omitted; an explicit 0 seconds is 1970-01-01, as in Go.
 */
export const TIME: JsonCodec = {
  name: 'Time',
  decode(bytes) {
    if (bytes.length === 0) return undefined;
    const fields = readFields(bytes);
    const nanos = Number(BigInt.asIntN(32, varintField(fields, 2)));
    const seconds = BigInt.asIntN(64, varintField(fields, 1)) + BigInt(Math.floor(nanos / 1e9));
    if (seconds === GO_ZERO_TIME_SECONDS) return undefined;
    const iso = Math.abs(Number(seconds)) <= 8.64e12 ? new Date(Number(seconds) * 1000).toISOString() : '';
    if (!/^\d{4}-/.test(iso)) throw badRequest(`protobuf body is malformed: time ${seconds}s is outside years 0000-9999`);
    return iso.replace(/\.\d{3}Z$/, 'Z');
  },
  encode(value) {
    if (value == null) return new Uint8Array();
    const ms = typeof value === 'string' ? Date.parse(value) : NaN;
    if (Number.isNaN(ms)) throw badRequest(`cannot encode ${JSON.stringify(value)} as a time: want RFC 3339`);
    const seconds = Math.floor(ms / 1000);
    if (BigInt(seconds) === GO_ZERO_TIME_SECONDS) return new Uint8Array();
    return new WireWriter().tag(1, WireType.Varint).varint(seconds).tag(2, WireType.Varint).varint(0).finish();
  },
};

/** intstr.IntOrString {1: type (0 int, 1 string), 2: intVal, 3: strVal}; all three always written. */
export const INT_OR_STRING: JsonCodec = {
  name: 'IntOrString',
  decode(bytes) {
    const fields = readFields(bytes);
    if (varintField(fields, 1) === 1n) return stringField(fields, 3);
    return Number(BigInt.asIntN(32, varintField(fields, 2)));
  },
  encode(value) {
    const isString = typeof value === 'string';
    if (!isString && value != null && !Number.isInteger(value)) throw badRequest(`cannot encode ${JSON.stringify(value)} as an int-or-string`);
    return new WireWriter()
      .tag(1, WireType.Varint).varint(isString ? 1 : 0)
      .tag(2, WireType.Varint).varint(isString ? 0 : Number(value ?? 0))
      .tag(3, WireType.Bytes).bytes(utf8Encoder.encode(isString ? value : ''))
      .finish();
  },
};

/**
 * resource.Quantity {1: string}. The string is passed through as sent; canonical
 * formatting ("0.5" -> "500m") is left to the layer that validates quantities.
 */
export const QUANTITY: JsonCodec = {
  name: 'Quantity',
  decode(bytes) {
    return stringField(readFields(bytes), 1);
  },
  encode(value) {
    return new WireWriter().tag(1, WireType.Bytes).bytes(utf8Encoder.encode(value == null ? '' : String(value))).finish();
  },
};
