/**
 * Every Redis key name redkube uses, built in one place.
 *
 * All keys share one prefix wrapped in a hash tag (`{rk}:`), so every multi-key Lua
 * script touches a single Redis Cluster slot, and two clusters can share one Redis
 * by choosing different prefixes.
 */

/** Builds the key names for one cluster prefix. */
export class Keys {
  /** The literal prefix including the hash tag, e.g. `{rk}`. */
  readonly base: string;

  constructor(prefix = 'rk') {
    if (!/^[A-Za-z0-9_.-]+$/.test(prefix)) throw new Error(`invalid key prefix "${prefix}": use letters, digits, '.', '_' or '-'`);
    this.base = `{${prefix}}`;
  }

  /** The global revision counter; every successful write INCRs it exactly once. */
  revision(): string {
    return `${this.base}:rev`;
  }

  /** The cluster event stream; entry IDs are `<revision>-0`. */
  events(): string {
    return `${this.base}:events`;
  }

  /** Hash of stored objects of one resource: field `objectField(ns, name)` -> JSON. */
  objects(resource: string): string {
    return `${this.base}:o:${resource}`;
  }

  /** Hash of per-object metadata used by preconditions: field -> `<rev>` or `<rev>:d` while deleting. */
  meta(resource: string): string {
    return `${this.base}:m:${resource}`;
  }

  /** Set of object names of one resource in one namespace (the namespace index). */
  namespaceIndex(resource: string, namespace: string): string {
    return `${this.base}:n:${resource}:${namespace}`;
  }

  /** Hash of unique allocations (`ip/<clusterIP>`, `nodeport/<proto>/<port>`) -> the owning object field. */
  claims(): string {
    return `${this.base}:claims`;
  }

  /** Key matching every key of this cluster, for SCAN-based maintenance. */
  pattern(): string {
    return `${this.base}:*`;
  }
}

/** Hash field of an object: `ns/name` for namespaced objects, `name` for cluster-scoped ones. */
export function objectField(namespace: string, name: string): string {
  return namespace ? `${namespace}/${name}` : name;
}
