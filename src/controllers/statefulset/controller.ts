/**
 * The StatefulSet controller: stable pod identities, ordered or parallel
 * management and partitioned rolling updates, with ControllerRevisions.
 * Handlers only enqueue the StatefulSet's `namespace/name`. Pod names are
 * fixed, so a create against a stale cache answers AlreadyExists instead of
 * duplicating a replica.
 */
import { isDeepStrictEqual } from 'node:util';
import { Informer, WorkQueue, isAlreadyExists, isNotFound, keyOf, splitKey, NAMESPACE_INDEX, OWNER_INDEX } from '../../client/index.js';
import { R, runControllerLoop, type ControllerContext } from '../common/context.js';
import { adoptPatch, claim, controllerRef, newControllerRef, type Obj } from '../common/owners.js';
import { nextAvailableIn } from '../common/pods.js';
import { currentRevision, revisionsToPrune, templateOf } from '../common/revisions.js';
import { planStatefulSet, statefulPod } from './plan.js';

const NAME = 'statefulset';

/** The controller; `run` resolves when `signal` aborts. */
export class StatefulSetController {
  readonly queue: WorkQueue<string>;
  private readonly sets: Informer<Obj>;
  private readonly pods: Informer<Obj>;
  private readonly revisions: Informer<Obj>;

  constructor(private readonly ctx: ControllerContext) {
    this.queue = new WorkQueue<string>({ clock: ctx.clock });
    this.sets = ctx.factory.informerFor<Obj>(R.statefulSets);
    this.pods = ctx.factory.informerFor<Obj>(R.pods);
    this.revisions = ctx.factory.informerFor<Obj>(R.controllerRevisions);
    this.sets.on('add', (s) => this.queue.add(keyOf(s)));
    this.sets.on('update', (_o, s) => this.queue.add(keyOf(s)));
    const podChanged = (p: Obj) => {
      const ref = controllerRef(p);
      if (ref?.kind === 'StatefulSet') this.queue.add(`${p.metadata.namespace}/${ref.name}`);
    };
    this.pods.on('add', podChanged);
    this.pods.on('update', (_o, p) => podChanged(p));
    this.pods.on('delete', podChanged);
  }

  /** Runs two workers until `signal` aborts. */
  run(signal: AbortSignal): Promise<void> {
    return runControllerLoop(this.ctx, NAME, this.queue, 2, (key) => this.sync(key), signal);
  }

  /** Level-triggered sync of one StatefulSet. */
  async sync(key: string): Promise<void> {
    const set = this.sets.cache.get(key);
    if (!set) return;
    const { namespace } = splitKey(key);
    if ((set.spec?.volumeClaimTemplates ?? []).length) {
      this.ctx.recorder.record(set, 'Warning', 'FailedCreate', 'volumeClaimTemplates are not supported by redkube yet: no pods were created');
      return;
    }
    const ownerRef = newControllerRef(set, 'apps/v1', 'StatefulSet');
    const c = claim(set, this.pods.cache.byIndex(NAMESPACE_INDEX, namespace!));
    for (const pod of c.adopt) await this.ctx.client.patch(R.pods, namespace, pod.metadata.name, 'merge', adoptPatch(pod, ownerRef));
    const revisions = this.revisions.cache.byIndex(OWNER_INDEX, set.metadata.uid);
    const update = currentRevision(set, revisions, ownerRef);
    if (update.type === 'create') {
      await this.ctx.client.create(R.controllerRevisions, namespace, update.revision).catch((err) => { if (!isAlreadyExists(err)) throw err; });
    } else if (update.type === 'bump') {
      await this.ctx.client.update(R.controllerRevisions, { ...update.revision, revision: update.number } as Obj);
    }
    const updateName: string = update.revision.metadata.name;
    const currentRev = revisions.find((r) => r.metadata.name === set.status?.currentRevision);
    const currentName: string = currentRev ? currentRev.metadata.name : updateName;
    const now = this.ctx.clock.now();
    const plan = planStatefulSet(set, c.owned, currentName, updateName, now);
    if (!set.metadata.deletionTimestamp) {
      for (const p of plan.create) {
        const template = p.revision === 'current' && currentRev ? templateOf(currentRev) ?? set.spec.template : set.spec.template;
        const pod = statefulPod(set, template, p.ordinal, p.revision === 'current' ? currentName : updateName, ownerRef);
        try {
          await this.ctx.client.create(R.pods, namespace, pod);
          this.ctx.recorder.record(set, 'Normal', 'SuccessfulCreate', `create Pod ${pod.metadata.name} in StatefulSet ${set.metadata.name} successful`);
        } catch (err) {
          if (!isAlreadyExists(err)) throw err;
        }
      }
      for (const pod of plan.delete) {
        await this.ctx.client.delete(R.pods, namespace, pod.metadata.name, { preconditions: { uid: pod.metadata.uid } }).catch((err) => { if (!isNotFound(err)) throw err; });
        this.ctx.recorder.record(set, 'Normal', 'SuccessfulDelete', `delete Pod ${pod.metadata.name} in StatefulSet ${set.metadata.name} successful`);
      }
    }
    const inUse = new Set(c.owned.map((p) => p.metadata.labels?.['controller-revision-hash']).filter(Boolean));
    for (const old of revisionsToPrune(set, revisions, new Set([currentName, updateName]), inUse)) {
      await this.ctx.client.delete(R.controllerRevisions, namespace, old.metadata.name).catch((err) => { if (!isNotFound(err)) throw err; });
    }
    if (!isDeepStrictEqual(plan.status, set.status ?? {})) {
      await this.ctx.client.updateStatus<Obj>(R.statefulSets, { ...set, status: plan.status }).catch((err) => { if (!isNotFound(err)) throw err; });
    }
    const wait = nextAvailableIn(c.owned, set.spec?.minReadySeconds ?? 0, now);
    if (wait !== undefined) this.queue.addAfter(key, wait + 50);
  }
}
