/**
 * Helpers that fill defaults into untrusted JSON without ever throwing.
 *
 * Defaulting runs before validation, so a field may hold any JSON value; these
 * helpers create missing objects the way Go's non-pointer structs always exist,
 * and skip anything of the wrong type so validation reports it instead.
 */

/** A JSON object (not null, not an array). */
export type Obj = Record<string, any>;

/** True for a plain JSON object. */
export function isObj(v: unknown): v is Obj {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

/** The object at `parent[key]`, created when missing; undefined when the slot holds a non-object. */
export function child(parent: Obj | undefined, key: string): Obj | undefined {
  if (!parent) return undefined;
  if (parent[key] === undefined || parent[key] === null) parent[key] = {};
  return isObj(parent[key]) ? parent[key] : undefined;
}

/** The object at `parent[key]` only when it is already present. */
export function existing(parent: Obj | undefined, key: string): Obj | undefined {
  const v = parent?.[key];
  return isObj(v) ? v : undefined;
}

/** Sets `obj[key]` when it is missing (undefined or null), as Kubernetes defaults nil pointers. */
export function setDefault(obj: Obj | undefined, key: string, value: unknown): void {
  if (obj && (obj[key] === undefined || obj[key] === null)) obj[key] = value;
}

/** Calls `fn` for each object element of `parent[key]` when it is an array. */
export function eachObj(parent: Obj | undefined, key: string, fn: (item: Obj) => void): void {
  const list = parent?.[key];
  if (Array.isArray(list)) for (const item of list) if (isObj(item)) fn(item);
}
