/**
 * The informer's local copy of a collection: objects keyed `namespace/name`
 * (`name` for cluster-scoped ones) plus named secondary indexes, so controllers
 * answer "pods on node X" or "pods owned by UID Y" without asking the apiserver.
 *
 * Objects handed out are the cached objects themselves, shared by every reader:
 * callers must never mutate them (clone first). With `freeze` the cache
 * deep-freezes what it stores so a mutation throws in strict-mode code (tests).
 *
 * JavaScript is single-threaded and no method awaits, so every operation is
 * atomic: indexes always agree with the stored objects.
 */
import type { KubeObject } from './types.js';

/** Values an object is indexed under; an empty list leaves it out of that index. */
export type IndexFunc<T extends KubeObject = KubeObject> = (obj: T) => string[];

/** The cache key of an object: `namespace/name`, or `name` when it has no namespace. */
export function keyOf(obj: KubeObject): string {
  const name = obj.metadata?.name ?? '';
  const namespace = obj.metadata?.namespace;
  return namespace ? `${namespace}/${name}` : name;
}

/** Splits a cache key back into namespace (undefined when cluster-scoped) and name. */
export function splitKey(key: string): { namespace?: string; name: string } {
  const slash = key.indexOf('/');
  return slash < 0 ? { name: key } : { namespace: key.slice(0, slash), name: key.slice(slash + 1) };
}

/** Index of objects by namespace. */
export const NAMESPACE_INDEX = 'namespace';
/** Index of pods by `spec.nodeName` (unscheduled pods are not in it). */
export const NODE_NAME_INDEX = 'nodeName';
/** Index of objects by the uid of their controlling owner reference. */
export const OWNER_INDEX = 'owner';

/** The indexers every cache has. */
export const BUILTIN_INDEXERS: Record<string, IndexFunc> = {
  [NAMESPACE_INDEX]: (obj) => (obj.metadata?.namespace ? [obj.metadata.namespace] : []),
  [NODE_NAME_INDEX]: (obj) => {
    const nodeName = (obj as { spec?: { nodeName?: unknown } }).spec?.nodeName;
    return typeof nodeName === 'string' && nodeName ? [nodeName] : [];
  },
  [OWNER_INDEX]: (obj) => (obj.metadata?.ownerReferences ?? []).filter((r) => r.controller).map((r) => r.uid),
};

/** Construction options of a `Cache`. */
export interface CacheOptions<T extends KubeObject> {
  /** Extra indexers, by name, besides the built-ins. */
  indexers?: Record<string, IndexFunc<T>>;
  /** Deep-freeze stored objects so accidental mutation fails loudly. */
  freeze?: boolean;
}

function deepFreeze<T>(value: T): T {
  if (value && typeof value === 'object' && !Object.isFrozen(value)) {
    Object.freeze(value);
    for (const child of Object.values(value)) deepFreeze(child);
  }
  return value;
}

/** A keyed, indexed object store. Invariant: `byIndex` reflects exactly the objects currently stored. */
export class Cache<T extends KubeObject = KubeObject> {
  private readonly items = new Map<string, T>();
  private readonly indexers = new Map<string, IndexFunc<T>>();
  /** index name -> value -> keys */
  private readonly indices = new Map<string, Map<string, Set<string>>>();
  private readonly freeze: boolean;

  constructor(options: CacheOptions<T> = {}) {
    this.freeze = options.freeze ?? false;
    const all = { ...(BUILTIN_INDEXERS as Record<string, IndexFunc<T>>), ...options.indexers };
    for (const [name, fn] of Object.entries(all)) this.addIndexer(name, fn);
  }

  /** Registers (or replaces) an indexer and indexes the objects already stored. */
  addIndexer(name: string, fn: IndexFunc<T>): void {
    this.indexers.set(name, fn);
    this.indices.set(name, new Map());
    for (const [key, obj] of this.items) this.indexOne(name, fn, key, obj);
  }

  /** The object under `key` (`namespace/name` or `name`). Do not mutate it. */
  get(key: string): T | undefined {
    return this.items.get(key);
  }

  /** Every stored object. Do not mutate them. */
  list(): T[] {
    return [...this.items.values()];
  }

  /** Every stored key. */
  keys(): string[] {
    return [...this.items.keys()];
  }

  /** Number of stored objects. */
  get size(): number {
    return this.items.size;
  }

  /** Objects whose indexer `indexName` yields `value`. Throws for an unknown index, which is a programming error. */
  byIndex(indexName: string, value: string): T[] {
    const index = this.indices.get(indexName);
    if (!index) throw new Error(`no index named "${indexName}"`);
    return [...(index.get(value) ?? [])].map((key) => this.items.get(key)!);
  }

  /** Adds or replaces an object; returns the one it replaced. */
  upsert(obj: T): T | undefined {
    const key = keyOf(obj);
    const old = this.delete(key);
    const stored = this.freeze ? deepFreeze(obj) : obj;
    this.items.set(key, stored);
    for (const [name, fn] of this.indexers) this.indexOne(name, fn, key, stored);
    return old;
  }

  /** Removes an object by key; returns it, or undefined when absent. */
  delete(key: string): T | undefined {
    const old = this.items.get(key);
    if (!old) return undefined;
    this.items.delete(key);
    for (const [name, fn] of this.indexers) {
      const index = this.indices.get(name)!;
      for (const value of fn(old)) {
        const keys = index.get(value);
        keys?.delete(key);
        if (keys?.size === 0) index.delete(value);
      }
    }
    return old;
  }

  private indexOne(name: string, fn: IndexFunc<T>, key: string, obj: T): void {
    const index = this.indices.get(name)!;
    for (const value of fn(obj)) {
      let keys = index.get(value);
      if (!keys) index.set(value, (keys = new Set()));
      keys.add(key);
    }
  }
}
