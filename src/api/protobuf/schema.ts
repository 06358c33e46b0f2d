/**
 * Declarative message schemas: field number -> JSON name, type and Go field shape.
 *
 * Field numbers come from Kubernetes' generated.proto files (k8s.io/api and
 * apimachinery); the Go shape (pointer, omitempty) decides how a field maps between
 * the wire and JSON, because Kubernetes' protobuf marshaller writes every non-pointer
 * field even when it is zero, while its JSON marshaller drops zero `omitempty` ones.
 */

/** Scalar protobuf types and their JSON forms (`bytes` is base64 in JSON, as Go's `[]byte`). */
export type ScalarType = 'string' | 'int32' | 'int64' | 'bool' | 'bytes';

/**
 * A message that has a non-object JSON form (Time, IntOrString, Quantity): it owns
 * both directions. `decode` returns undefined when Go would omit the value.
 */
export interface JsonCodec {
  readonly name: string;
  decode(bytes: Uint8Array): unknown;
  encode(value: unknown): Uint8Array;
}

/** What a field holds: a scalar, a nested message, or a message with its own JSON form. */
export type FieldType = ScalarType | MessageSchema | JsonCodec;

/** How the Go field behind a protobuf field is declared, which fixes both encodings. */
export interface FieldShape {
  /** A Go pointer: on the wire and in JSON only when set, zero values included. */
  pointer?: boolean;
  /** No `omitempty`: JSON always carries the field, zero or not. */
  keepZero?: boolean;
  /** A Go slice: one wire field per element, a JSON array omitted when empty. */
  repeated?: boolean;
  /** A Go `map[string]T`: wire entries {1: key, 2: value}, a JSON object omitted when empty. */
  map?: boolean;
}

/** One field of a message. */
export interface FieldSpec extends FieldShape {
  no: number;
  name: string;
  type: FieldType;
}

/** A message: fields in Go declaration order (the JSON order) and indexed by number. */
export interface MessageSchema {
  readonly name: string;
  /** Declaration order, which is the order Go's JSON marshaller writes keys in. */
  readonly fields: readonly FieldSpec[];
  /** Ascending field numbers, which is the order Kubernetes' protobuf marshaller writes fields in. */
  readonly wireOrder: readonly FieldSpec[];
  readonly byNumber: ReadonlyMap<number, FieldSpec>;
}

/** Field options shared by the builders below. */
export const POINTER: FieldShape = { pointer: true };
/** For Go fields declared without `omitempty`. */
export const KEEP_ZERO: FieldShape = { keepZero: true };

/** Builds a schema from `[number, field]` pairs listed in Go declaration order. */
export function message(name: string, fields: ReadonlyArray<readonly [number, Omit<FieldSpec, 'no'>]>): MessageSchema {
  const specs = fields.map(([no, spec]) => ({ ...spec, no }));
  const byNumber = new Map(specs.map((s) => [s.no, s] as const));
  if (byNumber.size !== specs.length) throw new Error(`schema ${name} repeats a field number`);
  return { name, fields: specs, wireOrder: [...specs].sort((a, b) => a.no - b.no), byNumber };
}

/** A field of the given type. */
export function field(name: string, type: FieldType, shape: FieldShape = {}): Omit<FieldSpec, 'no'> {
  return { name, type, ...shape };
}

/** A string field (Go `string`, `omitempty` unless told otherwise). */
export const str = (name: string, shape?: FieldShape) => field(name, 'string', shape);
/** An int32 field. */
export const int32 = (name: string, shape?: FieldShape) => field(name, 'int32', shape);
/** An int64 field. */
export const int64 = (name: string, shape?: FieldShape) => field(name, 'int64', shape);
/** A bool field. */
export const bool = (name: string, shape?: FieldShape) => field(name, 'bool', shape);
/** A repeated field (Go slice) of the given element type. */
export const list = (name: string, type: FieldType) => field(name, type, { repeated: true });
/** A `map[string]T` field. */
export const dict = (name: string, type: FieldType) => field(name, type, { map: true });

/** True when a field type is a nested message described by a schema. */
export function isMessage(type: FieldType): type is MessageSchema {
  return typeof type === 'object' && 'byNumber' in type;
}

/** True when a field type is a message with its own JSON form. */
export function isCodec(type: FieldType): type is JsonCodec {
  return typeof type === 'object' && 'decode' in type;
}
