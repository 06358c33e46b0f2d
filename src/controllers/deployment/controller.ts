/**
 * The Deployment controller: handlers only enqueue the Deployment's
 * `namespace/name`; `sync` reads the Deployment, its ReplicaSets and their pods
 * from the informer caches, claims ReplicaSets, applies one `planDeployment`
 * step, and writes the status computed by the pure status functions through
 * the status subresource.
 */
import { isDeepStrictEqual } from 'node:util';
import { Informer, WorkQueue, isAlreadyExists, isNotFound, keyOf, splitKey, NAMESPACE_INDEX, OWNER_INDEX } from '../../client/index.js';
import { R, runControllerLoop, type ControllerContext } from '../common/context.js';
import { adoptPatch, claim, controllerRef, newControllerRef, releasePatch, selectorOf, selects, type Obj } from '../common/owners.js';
import { planDeployment, type Action } from './plan.js';
import { REVISION, splitNewAndOld, templatesEqual } from './replica-sets.js';
import { calculateStatus, condition, deadlineIn, getCondition, pausedCondition, rolloutStatus, setCondition, type Condition } from './status.js';

const NAME = 'deployment';

/** The controller; `run` resolves when `signal` aborts. */
export class DeploymentController {
  readonly queue: WorkQueue<string>;
  private readonly deployments: Informer<Obj>;
  private readonly replicaSets: Informer<Obj>;
  private readonly pods: Informer<Obj>;

  constructor(private readonly ctx: ControllerContext) {
    this.queue = new WorkQueue<string>({ clock: ctx.clock });
    this.deployments = ctx.factory.informerFor<Obj>(R.deployments);
    this.replicaSets = ctx.factory.informerFor<Obj>(R.replicaSets);
    this.pods = ctx.factory.informerFor<Obj>(R.pods);
    this.deployments.on('add', (d) => this.queue.add(keyOf(d)));
    this.deployments.on('update', (_o, d) => this.queue.add(keyOf(d)));
    this.deployments.on('delete', (d) => this.queue.add(keyOf(d)));
    this.replicaSets.on('add', (rs) => this.enqueueFor(rs));
    this.replicaSets.on('update', (old, rs) => { this.enqueueFor(old); this.enqueueFor(rs); });
    this.replicaSets.on('delete', (rs) => this.enqueueFor(rs));
    this.pods.on('delete', (pod) => this.podDeleted(pod));
  }

  /** Runs two workers until `signal` aborts. */
  run(signal: AbortSignal): Promise<void> {
    return runControllerLoop(this.ctx, NAME, this.queue, 2, (key) => this.sync(key), signal);
  }

  private ownerKey(rs: Obj): string | undefined {
    const ref = controllerRef(rs);
    if (!ref || ref.kind !== 'Deployment') return undefined;
    const key = `${rs.metadata.namespace}/${ref.name}`;
    return this.deployments.cache.get(key)?.metadata?.uid === ref.uid ? key : undefined;
  }

  private enqueueFor(rs: Obj): void {
    const owner = this.ownerKey(rs);
    if (owner) return this.queue.add(owner);
    if (controllerRef(rs)) return;
    for (const d of this.deployments.cache.byIndex(NAMESPACE_INDEX, rs.metadata.namespace)) {
      if (selects(selectorOf(d), rs)) this.queue.add(keyOf(d));
    }
  }

  /** Recreate waits for old pods to be gone, so their deletion must wake the Deployment. */
  private podDeleted(pod: Obj): void {
    const ref = controllerRef(pod);
    if (ref?.kind !== 'ReplicaSet') return;
    const rs = this.replicaSets.cache.get(`${pod.metadata.namespace}/${ref.name}`);
    if (rs) this.enqueueFor(rs);
  }

  /** Level-triggered: converges one Deployment one step and writes its status. */
  async sync(key: string): Promise<void> {
    const d = this.deployments.cache.get(key);
    if (!d) return;
    const { namespace } = splitKey(key);
    const rss = await this.claimReplicaSets(d, this.replicaSets.cache.byIndex(NAMESPACE_INDEX, namespace!));
    const { newRS, oldRSs } = splitNewAndOld(d, rss);
    const oldPodsRunning = oldRSs.some((rs) => this.pods.cache.byIndex(OWNER_INDEX, rs.metadata.uid)
      .some((p) => p.status?.phase !== 'Succeeded' && p.status?.phase !== 'Failed'));
    const ownerRef = newControllerRef(d, 'apps/v1', 'Deployment');
    const plan = planDeployment({ deployment: d, replicaSets: rss, oldPodsRunning, ownerRef });
    let current = d;
    const after = new Map(rss.map((rs) => [rs.metadata.uid as string, rs]));
    let created: Obj | undefined;
    for (const action of plan.actions) {
      const result = await this.apply(d, action);
      if (action.type === 'delete') after.delete(action.rs.metadata.uid);
      else if (result) after.set(result.metadata.uid, result);
      if (action.type === 'create') created = result;
      if (action.type === 'create' && !result) return;
    }
    if (plan.revision && d.metadata.annotations?.[REVISION] !== plan.revision) {
      current = await this.ctx.client.patch<Obj>(R.deployments, namespace, d.metadata.name, 'merge', {
        metadata: { resourceVersion: d.metadata.resourceVersion, annotations: { [REVISION]: plan.revision } },
      });
    }
    await this.writeStatus(key, current, newRS ?? created, [...after.values()], plan.statusMode, created);
  }

  private async claimReplicaSets(d: Obj, candidates: Obj[]): Promise<Obj[]> {
    const c = claim(d, candidates);
    const ref = newControllerRef(d, 'apps/v1', 'Deployment');
    const owned = c.owned.filter((rs) => !c.adopt.includes(rs));
    for (const rs of c.adopt) {
      try {
        owned.push(await this.ctx.client.patch(R.replicaSets, rs.metadata.namespace, rs.metadata.name, 'merge', adoptPatch(rs, ref)));
      } catch (err) {
        if (!isNotFound(err)) throw err;
      }
    }
    for (const rs of c.release) {
      await this.ctx.client.patch(R.replicaSets, rs.metadata.namespace, rs.metadata.name, 'merge', releasePatch(rs, d.metadata.uid)).catch((err) => {
        if (!isNotFound(err)) throw err;
      });
    }
    return owned;
  }

  /** Applies one action; answers the written ReplicaSet (undefined for a create that found a stale cache). */
  private async apply(d: Obj, action: Action): Promise<Obj | undefined> {
    const { client, recorder } = this.ctx;
    if (action.type === 'delete') {
      await client.delete(R.replicaSets, action.rs.metadata.namespace, action.rs.metadata.name).catch((err) => {
        if (!isNotFound(err)) throw err;
      });
      return undefined;
    }
    if (action.type === 'create') return this.createReplicaSet(d, action.rs);
    const rs = action.rs;
    const from = rs.spec?.replicas ?? 0;
    const next = {
      ...rs,
      metadata: { ...rs.metadata, annotations: { ...(rs.metadata.annotations ?? {}), ...action.annotations } },
      spec: { ...rs.spec, replicas: action.replicas, minReadySeconds: action.minReadySeconds },
    };
    const written = await client.update<Obj>(R.replicaSets, next);
    if (from !== action.replicas) {
      recorder.record(d, 'Normal', 'ScalingReplicaSet', `Scaled ${action.replicas > from ? 'up' : 'down'} replica set ${rs.metadata.name} from ${from} to ${action.replicas}`);
    }
    return written;
  }

  /**
   * Creates the new ReplicaSet. A name already taken by a ReplicaSet with the
   * same template that we own means our cache is behind (requeue); anything
   * else is a hash collision: bump status.collisionCount so the next name differs.
   */
  private async createReplicaSet(d: Obj, rs: Obj): Promise<Obj | undefined> {
    try {
      const created = await this.ctx.client.create<Obj>(R.replicaSets, d.metadata.namespace, rs);
      this.ctx.recorder.record(d, 'Normal', 'ScalingReplicaSet', `Scaled up replica set ${created.metadata.name} from 0 to ${rs.spec.replicas}`);
      return created;
    } catch (err) {
      if (!isAlreadyExists(err)) throw err;
    }
    const existing = await this.ctx.client.get<Obj>(R.replicaSets, d.metadata.namespace, rs.metadata.name);
    if (controllerRef(existing)?.uid === d.metadata.uid && templatesEqual(existing.spec?.template, d.spec?.template)) {
      this.queue.addAfter(keyOf(d), 100);
      return undefined;
    }
    const status = { ...(d.status ?? {}), collisionCount: (d.status?.collisionCount ?? 0) + 1 };
    await this.ctx.client.updateStatus<Obj>(R.deployments, { ...d, status });
    throw new Error(`hash collision for ReplicaSet ${rs.metadata.name}; collisionCount is now ${status.collisionCount}`);
  }

  private async writeStatus(key: string, d: Obj, newRS: Obj | undefined, all: Obj[], mode: 'rollout' | 'counts', created?: Obj): Promise<void> {
    const now = this.ctx.clock.now();
    let conditions: Condition[] = d.status?.conditions ?? [];
    const paused = pausedCondition(d, now);
    if (paused) conditions = setCondition(conditions, paused);
    if (d.spec?.progressDeadlineSeconds != null && !d.spec?.paused) {
      if (created) conditions = setCondition(conditions, condition('Progressing', 'True', 'NewReplicaSetCreated', `Created new replica set "${created.metadata.name}"`, now));
      else if (newRS && !getCondition({ conditions }, 'Progressing')) conditions = setCondition(conditions, condition('Progressing', 'True', 'FoundNewReplicaSet', `Found new replica set "${newRS.metadata.name}"`, now));
    }
    const seen = { ...d, status: { ...(d.status ?? {}), conditions } };
    const status = mode === 'rollout' ? rolloutStatus(seen, newRS, all, now) : calculateStatus(seen, newRS, all, now);
    if (!isDeepStrictEqual(status, d.status ?? {})) {
      try {
        await this.ctx.client.updateStatus<Obj>(R.deployments, { ...d, status });
      } catch (err) {
        if (!isNotFound(err)) throw err;
      }
    }
    const wait = mode === 'rollout' ? deadlineIn(seen, status, now) : undefined;
    if (wait !== undefined) this.queue.addAfter(key, wait);
  }
}
