/**
 * The DaemonSet controller: one pod per eligible node, placed directly on it
 * (spec.nodeName), rolled within maxUnavailable (or on delete), with
 * ControllerRevisions for history. Handlers only enqueue DaemonSet keys
 * (every DaemonSet on a node change); `sync` reads the caches and applies
 * `planDaemonSet`.
 */
import { isDeepStrictEqual } from 'node:util';
import { Informer, WorkQueue, isAlreadyExists, isNotFound, keyOf, splitKey, NAMESPACE_INDEX, OWNER_INDEX } from '../../client/index.js';
import { Expectations } from '../common/expectations.js';
import { R, runControllerLoop, type ControllerContext } from '../common/context.js';
import { adoptPatch, claim, controllerRef, newControllerRef, type Obj } from '../common/owners.js';
import { nextAvailableIn, type Pod } from '../common/pods.js';
import { podFromTemplate } from '../replicaset/controller.js';
import { daemonTolerations, planDaemonSet, REVISION_HASH } from './plan.js';
import { currentRevision, revisionsToPrune } from '../common/revisions.js';

const NAME = 'daemonset';

/** The controller; `run` resolves when `signal` aborts. */
export class DaemonSetController {
  readonly queue: WorkQueue<string>;
  private readonly expectations: Expectations;
  private readonly daemonSets: Informer<Obj>;
  private readonly nodes: Informer<Obj>;
  private readonly pods: Informer<Obj>;
  private readonly revisions: Informer<Obj>;

  constructor(private readonly ctx: ControllerContext) {
    this.queue = new WorkQueue<string>({ clock: ctx.clock });
    this.expectations = new Expectations(ctx.clock);
    this.daemonSets = ctx.factory.informerFor<Obj>(R.daemonSets);
    this.nodes = ctx.factory.informerFor<Obj>(R.nodes);
    this.pods = ctx.factory.informerFor<Obj>(R.pods);
    this.revisions = ctx.factory.informerFor<Obj>(R.controllerRevisions);
    this.daemonSets.on('add', (d) => this.queue.add(keyOf(d)));
    this.daemonSets.on('update', (_o, d) => this.queue.add(keyOf(d)));
    this.daemonSets.on('delete', (d) => this.expectations.delete(keyOf(d)));
    const all = () => { for (const d of this.daemonSets.cache.list()) this.queue.add(keyOf(d)); };
    this.nodes.on('add', all);
    this.nodes.on('update', (o, n) => { if (!isDeepStrictEqual([o.metadata.labels, o.spec], [n.metadata.labels, n.spec])) all(); });
    this.nodes.on('delete', all);
    this.pods.on('add', (p) => this.podEvent(p, 'add'));
    this.pods.on('update', (o, p) => this.podEvent(p, p.metadata.deletionTimestamp && !o.metadata.deletionTimestamp ? 'delete' : 'update'));
    this.pods.on('delete', (p) => this.podEvent(p, 'delete'));
  }

  /** Runs two workers until `signal` aborts. */
  run(signal: AbortSignal): Promise<void> {
    return runControllerLoop(this.ctx, NAME, this.queue, 2, (key) => this.sync(key), signal);
  }

  private podEvent(pod: Pod, kind: 'add' | 'update' | 'delete'): void {
    const ref = controllerRef(pod);
    if (ref?.kind !== 'DaemonSet') return;
    const key = `${pod.metadata.namespace}/${ref.name}`;
    if (this.daemonSets.cache.get(key)?.metadata?.uid !== ref.uid) return;
    if (kind === 'add') this.expectations.creationObserved(key);
    if (kind === 'delete') this.expectations.deletionObserved(key, keyOf(pod));
    this.queue.add(key);
  }

  /** Level-triggered sync of one DaemonSet. */
  async sync(key: string): Promise<void> {
    const ds = this.daemonSets.cache.get(key);
    if (!ds) return;
    const { namespace } = splitKey(key);
    const ownerRef = newControllerRef(ds, 'apps/v1', 'DaemonSet');
    const c = claim(ds, this.pods.cache.byIndex(NAMESPACE_INDEX, namespace!));
    for (const pod of c.adopt) await this.ctx.client.patch(R.pods, namespace, pod.metadata.name, 'merge', adoptPatch(pod, ownerRef));
    const pods = c.owned;
    const hash = await this.syncRevisions(ds, pods, ownerRef);
    const now = this.ctx.clock.now();
    const plan = planDaemonSet(ds, this.nodes.cache.list(), pods, hash, now);
    if (this.expectations.satisfied(key) && !ds.metadata.deletionTimestamp) await this.apply(key, ds, plan.create, plan.delete, hash, ownerRef);
    if (!isDeepStrictEqual(plan.status, ds.status ?? {})) {
      await this.ctx.client.updateStatus<Obj>(R.daemonSets, { ...ds, status: plan.status }).catch((err) => { if (!isNotFound(err)) throw err; });
    }
    const wait = nextAvailableIn(pods, ds.spec?.minReadySeconds ?? 0, now);
    if (wait !== undefined) this.queue.addAfter(key, wait + 50);
  }

  /** Ensures the current template's ControllerRevision and prunes history; answers the pods' revision hash. */
  private async syncRevisions(ds: Obj, pods: Pod[], ownerRef: Obj): Promise<string> {
    const revisions = this.revisions.cache.byIndex(OWNER_INDEX, ds.metadata.uid);
    const action = currentRevision(ds, revisions, ownerRef);
    if (action.type === 'create') {
      await this.ctx.client.create(R.controllerRevisions, ds.metadata.namespace, action.revision).catch((err) => { if (!isAlreadyExists(err)) throw err; });
    } else if (action.type === 'bump') {
      await this.ctx.client.update(R.controllerRevisions, { ...action.revision, revision: action.number } as Obj);
    }
    const inUse = new Set(pods.map((p) => p.metadata.labels?.[REVISION_HASH]).filter(Boolean));
    for (const old of revisionsToPrune(ds, revisions, new Set([action.revision.metadata.name]), inUse)) {
      await this.ctx.client.delete(R.controllerRevisions, ds.metadata.namespace, old.metadata.name).catch((err) => { if (!isNotFound(err)) throw err; });
    }
    return action.hash;
  }

  private async apply(key: string, ds: Obj, nodes: string[], doomed: Pod[], hash: string, ownerRef: Obj): Promise<void> {
    this.expectations.expect(key, nodes.length, doomed.map(keyOf));
    await Promise.all(nodes.map(async (node) => {
      const pod = podFromTemplate(ds, ds.spec.template, ownerRef);
      pod.metadata.labels[REVISION_HASH] = hash;
      pod.spec.nodeName = node;
      pod.spec.tolerations = daemonTolerations(ds.spec.template);
      try {
        const created = await this.ctx.client.create<Obj>(R.pods, ds.metadata.namespace, pod);
        this.ctx.recorder.record(ds, 'Normal', 'SuccessfulCreate', `Created pod: ${created.metadata?.name}`);
      } catch (err) {
        this.expectations.creationObserved(key);
        this.ctx.recorder.record(ds, 'Warning', 'FailedCreate', `Error creating: ${(err as Error).message}`);
        throw err;
      }
    }));
    await Promise.all(doomed.map(async (pod) => {
      try {
        await this.ctx.client.delete(R.pods, pod.metadata.namespace, pod.metadata.name);
        this.ctx.recorder.record(ds, 'Normal', 'SuccessfulDelete', `Deleted pod: ${pod.metadata.name}`);
      } catch (err) {
        this.expectations.deletionObserved(key, keyOf(pod));
        if (!isNotFound(err)) throw err;
      }
    }));
  }
}
