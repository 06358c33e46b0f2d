/**
 * The ReplicaSet controller: keeps exactly spec.replicas active pods matching
 * the selector. Handlers only enqueue `namespace/name` (and record what the
 * cache has seen for expectations); `sync` reads the whole state from the
 * informer caches, claims pods, applies `planReplicas`, and writes the status
 * computed by `computeReplicaSetStatus` through the status subresource.
 */
import { isDeepStrictEqual } from 'node:util';
import { Informer, WorkQueue, isNotFound, keyOf, splitKey, NAMESPACE_INDEX } from '../../client/index.js';
import { Expectations } from '../common/expectations.js';
import { R, runControllerLoop, type ControllerContext } from '../common/context.js';
import { adoptPatch, claim, controllerRef, newControllerRef, releasePatch, selectorOf, selects, type Obj } from '../common/owners.js';
import { nextAvailableIn, type Pod } from '../common/pods.js';
import { computeReplicaSetStatus, planReplicas, slowStartBatches } from './plan.js';

const NAME = 'replicaset';

/** The pod a ReplicaSet creates from its template, owned by it. */
export function podFromTemplate(owner: Obj, template: Obj, ref: Obj): Obj {
  const meta = template.metadata ?? {};
  return {
    metadata: {
      generateName: `${owner.metadata.name}-`, namespace: owner.metadata.namespace,
      labels: { ...(meta.labels ?? {}) }, annotations: meta.annotations ? { ...meta.annotations } : undefined,
      ownerReferences: [ref],
    },
    spec: structuredClone(template.spec ?? {}),
  };
}

/** The controller; `run` resolves when `signal` aborts. */
export class ReplicaSetController {
  readonly queue: WorkQueue<string>;
  readonly expectations: Expectations;
  private readonly rsInformer: Informer<Obj>;
  private readonly podInformer: Informer<Obj>;

  constructor(private readonly ctx: ControllerContext) {
    this.queue = new WorkQueue<string>({ clock: ctx.clock });
    this.expectations = new Expectations(ctx.clock);
    this.rsInformer = ctx.factory.informerFor<Obj>(R.replicaSets);
    this.podInformer = ctx.factory.informerFor<Obj>(R.pods);
    this.rsInformer.on('add', (rs) => this.queue.add(keyOf(rs)));
    this.rsInformer.on('update', (_o, rs) => this.queue.add(keyOf(rs)));
    this.rsInformer.on('delete', (rs) => { this.expectations.delete(keyOf(rs)); this.queue.add(keyOf(rs)); });
    this.podInformer.on('add', (pod) => this.podAdded(pod));
    this.podInformer.on('update', (old, pod) => this.podUpdated(old, pod));
    this.podInformer.on('delete', (pod) => this.podDeleted(pod));
  }

  /** Runs two workers until `signal` aborts. */
  run(signal: AbortSignal): Promise<void> {
    return runControllerLoop(this.ctx, NAME, this.queue, 2, (key) => this.sync(key), signal);
  }

  /** The key of the ReplicaSet controlling `pod`, when it exists in the cache with that uid. */
  private ownerKey(pod: Pod): string | undefined {
    const ref = controllerRef(pod);
    if (!ref || ref.kind !== 'ReplicaSet') return undefined;
    const key = `${pod.metadata.namespace}/${ref.name}`;
    return this.rsInformer.cache.get(key)?.metadata?.uid === ref.uid ? key : undefined;
  }

  private enqueueMatching(pod: Pod): void {
    for (const rs of this.rsInformer.cache.byIndex(NAMESPACE_INDEX, pod.metadata.namespace)) {
      if (selects(selectorOf(rs), pod)) this.queue.add(keyOf(rs));
    }
  }

  private podAdded(pod: Pod): void {
    const owner = this.ownerKey(pod);
    if (pod.metadata.deletionTimestamp) return this.podDeleted(pod);
    if (owner) {
      this.expectations.creationObserved(owner);
      this.queue.add(owner);
    } else if (!controllerRef(pod)) this.enqueueMatching(pod);
  }

  private podUpdated(old: Pod, pod: Pod): void {
    if (pod.metadata.deletionTimestamp && !old.metadata.deletionTimestamp) {
      const owner = this.ownerKey(pod);
      if (owner) this.expectations.deletionObserved(owner, keyOf(pod));
    }
    const oldOwner = this.ownerKey(old);
    const owner = this.ownerKey(pod);
    if (oldOwner && oldOwner !== owner) this.queue.add(oldOwner);
    if (owner) this.queue.add(owner);
    else if (!controllerRef(pod)) this.enqueueMatching(pod);
  }

  private podDeleted(pod: Pod): void {
    const owner = this.ownerKey(pod);
    if (!owner) return;
    this.expectations.deletionObserved(owner, keyOf(pod));
    this.queue.add(owner);
  }

  /** Level-triggered: reads everything about `key` from the caches and converges it. */
  async sync(key: string): Promise<void> {
    const rs = this.rsInformer.cache.get(key);
    if (!rs) {
      this.expectations.delete(key);
      return;
    }
    const { namespace } = splitKey(key);
    const candidates = this.podInformer.cache.byIndex(NAMESPACE_INDEX, namespace!);
    const owned = await this.claimPods(rs, candidates);
    let failure: { reason: string; message: string } | undefined;
    if (this.expectations.satisfied(key) && !rs.metadata.deletionTimestamp) {
      failure = await this.manage(key, rs, owned);
    }
    await this.writeStatus(key, rs, owned, failure);
  }

  private async claimPods(rs: Obj, candidates: Pod[]): Promise<Pod[]> {
    const c = claim(rs, candidates);
    const ref = newControllerRef(rs, 'apps/v1', 'ReplicaSet');
    const owned = c.owned.filter((p) => !c.adopt.includes(p));
    for (const pod of c.adopt) {
      try {
        owned.push(await this.ctx.client.patch(R.pods, pod.metadata.namespace, pod.metadata.name, 'merge', adoptPatch(pod, ref)));
      } catch (err) {
        if (!isNotFound(err)) throw err;
      }
    }
    for (const pod of c.release) {
      await this.ctx.client.patch(R.pods, pod.metadata.namespace, pod.metadata.name, 'merge', releasePatch(pod, rs.metadata.uid)).catch((err) => {
        if (!isNotFound(err)) throw err;
      });
    }
    return owned;
  }

  /** Creates or deletes pods per the plan; returns the failure to report, if any. */
  private async manage(key: string, rs: Obj, owned: Pod[]): Promise<{ reason: string; message: string } | undefined> {
    const plan = planReplicas(rs.spec?.replicas ?? 0, owned);
    if (plan.create > 0) return this.createPods(key, rs, plan.create);
    if (plan.delete.length) return this.deletePods(key, rs, plan.delete);
    return undefined;
  }

  private async createPods(key: string, rs: Obj, count: number): Promise<{ reason: string; message: string } | undefined> {
    this.expectations.expect(key, count);
    const ref = newControllerRef(rs, 'apps/v1', 'ReplicaSet');
    let remaining = count;
    for (const size of slowStartBatches(count)) {
      const results = await Promise.allSettled(Array.from({ length: size }, () =>
        this.ctx.client.create<Obj>(R.pods, rs.metadata.namespace, podFromTemplate(rs, rs.spec.template, ref))));
      remaining -= size;
      let failed: Error | undefined;
      for (const r of results) {
        if (r.status === 'fulfilled') {
          this.ctx.recorder.record(rs, 'Normal', 'SuccessfulCreate', `Created pod: ${r.value.metadata?.name}`);
        } else {
          failed = r.reason as Error;
          this.expectations.creationObserved(key);
          this.ctx.recorder.record(rs, 'Warning', 'FailedCreate', `Error creating: ${failed.message}`);
        }
      }
      if (failed) {
        for (let i = 0; i < remaining; i++) this.expectations.creationObserved(key);
        return { reason: 'FailedCreate', message: failed.message };
      }
    }
    return undefined;
  }

  private async deletePods(key: string, rs: Obj, pods: Pod[]): Promise<{ reason: string; message: string } | undefined> {
    this.expectations.expect(key, 0, pods.map(keyOf));
    let failure: { reason: string; message: string } | undefined;
    await Promise.all(pods.map(async (pod) => {
      try {
        await this.ctx.client.delete(R.pods, pod.metadata.namespace, pod.metadata.name);
        this.ctx.recorder.record(rs, 'Normal', 'SuccessfulDelete', `Deleted pod: ${pod.metadata.name}`);
      } catch (err) {
        this.expectations.deletionObserved(key, keyOf(pod));
        if (isNotFound(err)) return;
        failure = { reason: 'FailedDelete', message: (err as Error).message };
        this.ctx.recorder.record(rs, 'Warning', 'FailedDelete', `Error deleting: ${(err as Error).message}`);
      }
    }));
    return failure;
  }

  private async writeStatus(key: string, rs: Obj, owned: Pod[], failure?: { reason: string; message: string }): Promise<void> {
    const now = this.ctx.clock.now();
    const status = computeReplicaSetStatus(rs, owned, now, failure);
    if (!isDeepStrictEqual(status, rs.status ?? {})) {
      try {
        await this.ctx.client.updateStatus<Obj>(R.replicaSets, { ...rs, status });
      } catch (err) {
        if (!isNotFound(err)) throw err;
      }
    }
    const wait = nextAvailableIn(owned, rs.spec?.minReadySeconds ?? 0, now);
    if (wait !== undefined) this.queue.addAfter(key, wait + 50);
    if (failure) throw new Error(failure.message);
  }
}
