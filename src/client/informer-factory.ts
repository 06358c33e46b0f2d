/**
 * Shares informers: every controller in a process that asks for the same
 * (resource, namespace, selectors) gets the same `Informer`, so the process
 * holds one list+watch and one cache per collection however many consumers it has.
 */
import type { ResourceInfo } from '../api/resources.js';
import { qualifiedResource } from '../api/resources.js';
import { Informer, type InformerOptions, type ListWatchClient } from './informer.js';
import type { KubeObject, SelectorOptions } from './types.js';

/** Options applied to every informer the factory creates. */
export type InformerDefaults = Omit<InformerOptions<KubeObject>, 'client' | 'info' | 'namespace' | 'labelSelector' | 'fieldSelector' | 'indexers'>;

/** Which slice of a resource an informer mirrors. */
export interface InformerScope extends SelectorOptions {
  namespace?: string;
}

/** One informer per (resource, namespace, selectors). Invariant: after `start`, every informer it hands out is running. */
export class InformerFactory {
  private readonly informers = new Map<string, Informer<KubeObject>>();
  private started = false;

  constructor(private readonly client: ListWatchClient, private readonly defaults: InformerDefaults = {}) {}

  /** The shared informer for this scope, created on first use (and started if the factory is). */
  informerFor<T extends KubeObject = KubeObject>(info: ResourceInfo, scope: InformerScope = {}): Informer<T> {
    const key = [qualifiedResource(info), scope.namespace ?? '', scope.labelSelector ?? '', scope.fieldSelector ?? ''].join('|');
    let informer = this.informers.get(key);
    if (!informer) {
      informer = new Informer<KubeObject>({ ...this.defaults, ...scope, client: this.client, info });
      this.informers.set(key, informer);
      if (this.started) informer.start();
    }
    return informer as unknown as Informer<T>;
  }

  /** Starts every informer, and from now on each new one as it is created. */
  start(): void {
    this.started = true;
    for (const informer of this.informers.values()) informer.start();
  }

  /** Stops every informer and waits for their loops to exit. */
  async stop(): Promise<void> {
    this.started = false;
    await Promise.all([...this.informers.values()].map((i) => i.stop()));
  }

  /** Resolves true once every informer created so far has synced; false if one stops or `signal` aborts first. */
  async waitForSync(signal?: AbortSignal): Promise<boolean> {
    const results = await Promise.all([...this.informers.values()].map((i) => i.waitForSync(signal)));
    return results.every(Boolean);
  }
}
