/**
 * An in-memory Lease store with the apiserver's optimistic concurrency (create
 * fails on a taken name, update on a stale resourceVersion), and per-candidate
 * clients that can be cut off or made to hang, for leader-election unit tests.
 */
import type { Lease } from 'kubernetes-types/coordination/v1.js';
import { ApiError } from '../../src/api/errors.js';
import type { ResourceInfo } from '../../src/api/resources.js';
import { ConnectionError } from '../../src/client/errors.js';
import type { LeaseClient } from '../../src/client/leader-election.js';
import type { CallOptions, KubeObject } from '../../src/client/types.js';

/** What a candidate's connection does. */
export type LinkState = 'up' | 'down' | 'hang';

/** One shared store of leases, keyed namespace/name. */
export class FakeLeaseStore {
  readonly leases = new Map<string, Lease>();
  private rv = 0;

  /** A client whose link can be switched between up, down (errors) and hang (no answer until aborted). */
  clientFor(): LeaseClient & { link: LinkState } {
    const store = this;
    const call = <T>(opts: CallOptions | undefined, fn: () => T): Promise<T> => {
      if (client.link === 'down') return Promise.reject(new ConnectionError('connect ECONNREFUSED'));
      if (client.link === 'hang') {
        return new Promise((_, reject) => opts?.signal?.addEventListener('abort', () => reject(opts.signal!.reason)));
      }
      return Promise.resolve().then(fn);
    };
    const client = {
      link: 'up' as LinkState,
      get: <T extends KubeObject>(_i: ResourceInfo, ns: string | undefined, name: string, opts?: CallOptions) =>
        call(opts, () => store.read<T>(`${ns}/${name}`)),
      create: <T extends KubeObject>(_i: ResourceInfo, ns: string | undefined, obj: T, opts?: CallOptions) =>
        call(opts, () => store.create<T>(`${ns}/${obj.metadata!.name}`, obj)),
      update: <T extends KubeObject>(_i: ResourceInfo, obj: T, opts?: CallOptions) =>
        call(opts, () => store.update<T>(`${obj.metadata!.namespace}/${obj.metadata!.name}`, obj)),
    };
    return client;
  }

  private read<T>(key: string): T {
    const lease = this.leases.get(key);
    if (!lease) throw new ApiError('NotFound', `leases "${key}" not found`);
    return structuredClone(lease) as T;
  }

  private create<T>(key: string, obj: KubeObject): T {
    if (this.leases.has(key)) throw new ApiError('AlreadyExists', `leases "${key}" already exists`);
    return this.store(key, obj);
  }

  private update<T>(key: string, obj: KubeObject): T {
    const current = this.leases.get(key);
    if (!current) throw new ApiError('NotFound', `leases "${key}" not found`);
    if (obj.metadata?.resourceVersion !== current.metadata?.resourceVersion) throw new ApiError('Conflict', 'the object has been modified');
    return this.store(key, obj);
  }

  private store<T>(key: string, obj: KubeObject): T {
    const saved = structuredClone(obj) as Lease;
    saved.metadata = { ...saved.metadata, resourceVersion: String(++this.rv) };
    this.leases.set(key, saved);
    return structuredClone(saved) as T;
  }
}
