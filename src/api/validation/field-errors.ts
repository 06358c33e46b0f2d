/**
 * Field-level validation errors, built and worded like Kubernetes' field.Error.
 *
 * Every check returns a list of these `StatusCause`s; `validateObject` turns a
 * non-empty list into one 422 Invalid. Messages are the `ErrorBody()` form
 * (`Invalid value: "Foo": ...`) and `errors.invalid` prefixes the field path, so
 * clients see `metadata.name: Invalid value: "Foo": ...` exactly as from Kubernetes.
 */
import type { StatusCause } from '../errors.js';

/** A field problem; the same shape as `Status.details.causes[]`. */
export type FieldError = StatusCause & { field: string };

/** Child path: `spec` + `replicas` -> `spec.replicas` (the root path is ''). */
export function at(path: string, key: string): string {
  return path ? `${path}.${key}` : key;
}

/** Index path: `spec.containers` + 0 -> `spec.containers[0]`. */
export function idx(path: string, i: number): string {
  return `${path}[${i}]`;
}

/** Map-key path: `data` + `a.txt` -> `data[a.txt]`. */
export function key(path: string, k: string): string {
  return `${path}[${k}]`;
}

/** Prints a value the way Kubernetes prints it in field errors: strings quoted, numbers bare. */
export function formatValue(v: unknown): string {
  if (v === undefined || v === null) return 'null';
  if (typeof v === 'string') return JSON.stringify(v);
  if (typeof v === 'number' || typeof v === 'boolean') return String(v);
  return JSON.stringify(v);
}

function make(reason: string, field: string, body: string, detail?: string): FieldError {
  return { reason, field, message: detail ? `${body}: ${detail}` : body };
}

/** The field is missing or empty but must be set. */
export function required(field: string, detail?: string): FieldError {
  return make('FieldValueRequired', field, 'Required value', detail);
}

/** The field's value is malformed or out of range. */
export function invalidValue(field: string, value: unknown, detail: string): FieldError {
  return make('FieldValueInvalid', field, `Invalid value: ${formatValue(value)}`, detail);
}

/** The value repeats one that must be unique (container names, port names). */
export function duplicate(field: string, value: unknown): FieldError {
  return make('FieldValueDuplicate', field, `Duplicate value: ${formatValue(value)}`);
}

/** The value is not one of an enumeration. */
export function notSupported(field: string, value: unknown, supported: string[]): FieldError {
  return make('FieldValueNotSupported', field, `Unsupported value: ${formatValue(value)}`,
    `supported values: ${supported.map((s) => JSON.stringify(s)).join(', ')}`);
}

/** The field may not be set here. */
export function forbidden(field: string, detail: string): FieldError {
  return make('FieldValueForbidden', field, 'Forbidden', detail);
}

/** The value exceeds a size limit in bytes. */
export function tooLong(field: string, maxBytes: number): FieldError {
  return make('FieldValueTooLong', field, 'Too long', `must have at most ${maxBytes} bytes`);
}

/** The value refers to something that does not exist (a volume mount naming no volume). */
export function notFound(field: string, value: unknown): FieldError {
  return make('FieldValueNotFound', field, `Not found: ${formatValue(value)}`);
}

/** One Invalid error per syntax problem reported by a name-syntax check. */
export function syntaxErrors(field: string, value: string, messages: string[]): FieldError[] {
  return messages.map((m) => invalidValue(field, value, m));
}

/** Integer check used by count-like fields: errors when a present value is below `min`. */
export function minimum(field: string, value: unknown, min: number): FieldError[] {
  if (typeof value !== 'number' || value >= min) return [];
  return [invalidValue(field, value, `must be greater than or equal to ${min}`)];
}

/** Enumeration check for an optional string field (absent values pass). */
export function oneOf(field: string, value: unknown, supported: string[]): FieldError[] {
  if (value === undefined || value === null || supported.includes(value as string)) return [];
  return [notSupported(field, value, supported)];
}
