/**
 * The endpoints controller: for every Service with a selector, keeps its
 * Endpoints object and its EndpointSlices equal to what `computeSubsets` and
 * `computeSlices` derive from the selected pods. Handlers only enqueue the
 * Service's `namespace/name`; Services without a selector are left to their users.
 */
import { isDeepStrictEqual } from 'node:util';
import { Informer, WorkQueue, isAlreadyExists, isNotFound, keyOf, splitKey, NAMESPACE_INDEX } from '../../client/index.js';
import { R, runControllerLoop, type ControllerContext } from '../common/context.js';
import { newControllerRef, type Obj } from '../common/owners.js';
import type { Pod } from '../common/pods.js';
import { computeSlices, computeSubsets, hasSelector, selectedPods, MANAGED_BY, MANAGED_BY_LABEL, SERVICE_NAME_LABEL } from './plan.js';

const NAME = 'endpoints';

/** The controller; `run` resolves when `signal` aborts. */
export class EndpointsController {
  readonly queue: WorkQueue<string>;
  private readonly services: Informer<Obj>;
  private readonly pods: Informer<Obj>;
  private readonly endpoints: Informer<Obj>;
  private readonly slices: Informer<Obj>;

  constructor(private readonly ctx: ControllerContext) {
    this.queue = new WorkQueue<string>({ clock: ctx.clock });
    this.services = ctx.factory.informerFor<Obj>(R.services);
    this.pods = ctx.factory.informerFor<Obj>(R.pods);
    this.endpoints = ctx.factory.informerFor<Obj>(R.endpoints);
    this.slices = ctx.factory.informerFor<Obj>(R.endpointSlices);
    this.services.on('add', (s) => this.queue.add(keyOf(s)));
    this.services.on('update', (_o, s) => this.queue.add(keyOf(s)));
    this.services.on('delete', (s) => this.queue.add(keyOf(s)));
    this.pods.on('add', (p) => this.podChanged(p));
    this.pods.on('update', (old, p) => { this.podChanged(old); this.podChanged(p); });
    this.pods.on('delete', (p) => this.podChanged(p));
  }

  /** Runs two workers until `signal` aborts. */
  run(signal: AbortSignal): Promise<void> {
    return runControllerLoop(this.ctx, NAME, this.queue, 2, (key) => this.sync(key), signal);
  }

  private podChanged(pod: Pod): void {
    for (const svc of this.services.cache.byIndex(NAMESPACE_INDEX, pod.metadata.namespace)) {
      if (hasSelector(svc) && selectedPods(svc, [pod]).length) this.queue.add(keyOf(svc));
    }
  }

  /** Level-triggered sync of one Service's Endpoints and EndpointSlices. */
  async sync(key: string): Promise<void> {
    const { namespace, name } = splitKey(key);
    const svc = this.services.cache.get(key);
    if (!svc) {
      await this.ctx.client.delete(R.endpoints, namespace, name).catch((err) => { if (!isNotFound(err)) throw err; });
      return;
    }
    if (!hasSelector(svc)) return;
    const pods = this.pods.cache.byIndex(NAMESPACE_INDEX, namespace!);
    await this.syncEndpoints(svc, computeSubsets(svc, pods));
    await this.syncSlices(svc, computeSlices(svc, pods));
  }

  private async syncEndpoints(svc: Obj, subsets: Obj[]): Promise<void> {
    const labels: Record<string, string> = { ...(svc.metadata.labels ?? {}) };
    if (svc.spec?.clusterIP === 'None') labels['service.kubernetes.io/headless'] = '';
    const current = this.endpoints.cache.get(keyOf(svc));
    if (current && isDeepStrictEqual(current.subsets ?? [], subsets) && isDeepStrictEqual(current.metadata.labels ?? {}, labels)) return;
    const body = { metadata: { name: svc.metadata.name, namespace: svc.metadata.namespace, labels }, subsets };
    if (!current) {
      await this.ctx.client.create(R.endpoints, svc.metadata.namespace, body).catch((err) => { if (!isAlreadyExists(err)) throw err; });
    } else {
      await this.ctx.client.update(R.endpoints, { ...current, metadata: { ...current.metadata, labels }, subsets } as Obj);
    }
  }

  /**
   * Slices are named `<service>-<n>` so a create is idempotent: with a stale
   * cache a second create answers AlreadyExists (retried once the cache caught
   * up) instead of adding a duplicate slice.
   */
  private async syncSlices(svc: Obj, desired: { ports: Obj[]; endpoints: Obj[] }[]): Promise<void> {
    const ns = svc.metadata.namespace;
    const mine = new Map(this.slices.cache.byIndex(NAMESPACE_INDEX, ns)
      .filter((s) => s.metadata.labels?.[SERVICE_NAME_LABEL] === svc.metadata.name && s.metadata.labels?.[MANAGED_BY_LABEL] === MANAGED_BY)
      .map((s) => [s.metadata.name as string, s]));
    const wanted = desired.length ? desired : [{ ports: [], endpoints: [] }];
    const labels = { ...(svc.metadata.labels ?? {}), [SERVICE_NAME_LABEL]: svc.metadata.name, [MANAGED_BY_LABEL]: MANAGED_BY };
    for (const [i, want] of wanted.entries()) {
      const name = `${svc.metadata.name}-${i}`;
      const have = mine.get(name);
      mine.delete(name);
      if (!have) {
        await this.ctx.client.create(R.endpointSlices, ns, {
          metadata: { name, namespace: ns, labels, ownerReferences: [newControllerRef(svc, 'v1', 'Service')] },
          addressType: 'IPv4', endpoints: want.endpoints, ports: want.ports,
        } as Obj);
      } else if (!isDeepStrictEqual(have.endpoints ?? [], want.endpoints) || !isDeepStrictEqual(have.ports ?? [], want.ports) || !isDeepStrictEqual(have.metadata.labels ?? {}, labels)) {
        await this.ctx.client.update(R.endpointSlices, { ...have, metadata: { ...have.metadata, labels }, endpoints: want.endpoints, ports: want.ports } as Obj);
      }
    }
    for (const extra of mine.values()) {
      await this.ctx.client.delete(R.endpointSlices, ns, extra.metadata.name).catch((err) => { if (!isNotFound(err)) throw err; });
    }
  }
}
