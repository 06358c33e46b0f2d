/**
 * Type guards for walking request bodies in the validation rules.
 *
 * Rules run after the schema check, but a field the schema allows to be null
 * (or a free-form one) can still hold anything, so each rule looks before it reads.
 */

/** A JSON object as the rules read it. */
export type Obj = Record<string, any>;

/** True for a plain JSON object (not null, not an array). */
export function isObj(v: unknown): v is Obj {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

/** The object elements of a list with their indexes (for field paths); empty when `v` is not an array. */
export function objects(v: unknown): [Obj, number][] {
  if (!Array.isArray(v)) return [];
  return v.map((o, i) => [o, i] as [Obj, number]).filter(([o]) => isObj(o));
}
