/**
 * The JSON value types every patch flavour works on, and the few predicates they share.
 */

/** A parsed JSON value. */
export type Json = null | boolean | number | string | Json[] | JsonObject;

/** A parsed JSON object (a map, never an array or null). */
export interface JsonObject {
  [key: string]: Json;
}

/** True for a JSON object; arrays and null are not objects here. */
export function isObject(value: unknown): value is JsonObject {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** The JSON shape of a value, so two values can be compared by shape: maps merge only with maps, lists with lists. */
export function shapeOf(value: Json | undefined): 'missing' | 'null' | 'object' | 'array' | 'scalar' {
  if (value === undefined) return 'missing';
  if (value === null) return 'null';
  if (Array.isArray(value)) return 'array';
  return typeof value === 'object' ? 'object' : 'scalar';
}

/** An own property of `obj`, never one inherited from `Object.prototype` (so `__proto__` is never followed). */
export function ownValue(obj: JsonObject, key: string): Json | undefined {
  return Object.hasOwn(obj, key) ? obj[key] : undefined;
}
