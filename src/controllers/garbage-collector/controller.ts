/**
 * The garbage collector: watches every resource that can own or depend on
 * another, collects dependents whose owners are gone, and carries out the
 * Foreground (`foregroundDeletion` finalizer) and Orphan (`orphan` finalizer)
 * modes of cascading deletion that the apiserver starts. Handlers only enqueue
 * `resource|namespace/name`; decisions come from the pure functions in plan.ts.
 */
import { findByKind, qualifiedResource, RESOURCES, type ResourceInfo } from '../../api/resources.js';
import { Informer, WorkQueue, isConflict, isNotFound, keyOf, splitKey } from '../../client/index.js';
import { runControllerLoop, type ControllerContext } from '../common/context.js';
import type { Obj } from '../common/owners.js';
import { planDependent, planForeground, withoutOwner, type OwnerRef, type OwnerState } from './plan.js';

const NAME = 'garbage-collector';
const UID_INDEX = 'gc-uid';
const OWNER_UID_INDEX = 'gc-owner-uid';
/** Events are never owners worth tracking and churn the most. */
const WATCHED = RESOURCES.filter((r) => r.resource !== 'events');

interface Watched {
  info: ResourceInfo;
  informer: Informer<Obj>;
}

const refsOf = (obj: Obj): OwnerRef[] => obj.metadata?.ownerReferences ?? [];
const finalizersOf = (obj: Obj): string[] => obj.metadata?.finalizers ?? [];

/** The controller; `run` resolves when `signal` aborts. */
export class GarbageCollector {
  readonly queue: WorkQueue<string>;
  private readonly watched = new Map<string, Watched>();

  constructor(private readonly ctx: ControllerContext) {
    this.queue = new WorkQueue<string>({ clock: ctx.clock });
    for (const info of WATCHED) {
      const informer = ctx.factory.informerFor<Obj>(info);
      informer.cache.addIndexer(UID_INDEX, (o) => (o.metadata?.uid ? [o.metadata.uid] : []));
      informer.cache.addIndexer(OWNER_UID_INDEX, (o) => refsOf(o).map((r) => r.uid));
      const q = qualifiedResource(info);
      this.watched.set(q, { info, informer });
      informer.on('add', (o) => this.changed(q, o));
      informer.on('update', (_old, o) => this.changed(q, o));
      informer.on('delete', (o) => this.removed(o));
    }
  }

  /** Runs two workers until `signal` aborts. */
  run(signal: AbortSignal): Promise<void> {
    return runControllerLoop(this.ctx, NAME, this.queue, 2, (key) => this.sync(key), signal);
  }

  private changed(resource: string, obj: Obj): void {
    const fin = finalizersOf(obj);
    const pending = obj.metadata?.deletionTimestamp && (fin.includes('orphan') || fin.includes('foregroundDeletion'));
    if (refsOf(obj).length || pending) this.queue.add(`${resource}|${keyOf(obj)}`);
    if (obj.metadata?.deletionTimestamp) this.enqueueOwners(obj);
  }

  /** A deleted object may orphan dependents and may unblock an owner waiting in the foreground. */
  private removed(obj: Obj): void {
    const uid = obj.metadata?.uid;
    if (uid) for (const [q, w] of this.watched) for (const dep of w.informer.cache.byIndex(OWNER_UID_INDEX, uid)) this.queue.add(`${q}|${keyOf(dep)}`);
    this.enqueueOwners(obj);
  }

  private enqueueOwners(obj: Obj): void {
    for (const ref of refsOf(obj)) {
      const owner = this.findByUid(ref);
      if (owner) this.queue.add(`${owner.resource}|${keyOf(owner.obj)}`);
    }
  }

  private findByUid(ref: OwnerRef): { resource: string; obj: Obj } | undefined {
    const info = findByKind(ref.apiVersion, ref.kind);
    if (!info) return undefined;
    const q = qualifiedResource(info);
    const obj = this.watched.get(q)?.informer.cache.byIndex(UID_INDEX, ref.uid)[0];
    return obj ? { resource: q, obj } : undefined;
  }

  /** Level-triggered: settles one object's finalizers and its ownership. */
  async sync(key: string): Promise<void> {
    const [resource, objKey] = [key.slice(0, key.indexOf('|')), key.slice(key.indexOf('|') + 1)];
    const w = this.watched.get(resource);
    const obj = w?.informer.cache.get(objKey);
    if (!w || !obj) return;
    if (obj.metadata.deletionTimestamp && finalizersOf(obj).includes('orphan')) return this.orphan(w, obj);
    if (obj.metadata.deletionTimestamp && finalizersOf(obj).includes('foregroundDeletion')) return this.foreground(w, obj);
    if (refsOf(obj).length) await this.checkOwners(w, obj);
  }

  private hasDependents(obj: Obj): boolean {
    return [...this.watched.values()].some((w) => w.informer.cache.byIndex(OWNER_UID_INDEX, obj.metadata.uid).length > 0);
  }

  /** Every dependent of `owner` across all watched resources, with its reference to the owner. */
  private dependentsOf(owner: Obj): { w: Watched; obj: Obj; ref: OwnerRef }[] {
    const out: { w: Watched; obj: Obj; ref: OwnerRef }[] = [];
    for (const w of this.watched.values()) {
      for (const obj of w.informer.cache.byIndex(OWNER_UID_INDEX, owner.metadata.uid)) {
        out.push({ w, obj, ref: refsOf(obj).find((r) => r.uid === owner.metadata.uid)! });
      }
    }
    return out;
  }

  /**
   * The owner's state, confirmed against the apiserver when the cache says it
   * is gone (a dependent is never collected on the word of a stale cache).
   */
  private async ownerState(dependent: Obj, ref: OwnerRef): Promise<OwnerState> {
    const info = findByKind(ref.apiVersion, ref.kind);
    if (!info) return 'present';
    const ns = info.namespaced ? dependent.metadata.namespace : undefined;
    let owner = this.watched.get(qualifiedResource(info))?.informer.cache.get(ns ? `${ns}/${ref.name}` : ref.name);
    if (owner?.metadata?.uid !== ref.uid) {
      try {
        owner = await this.ctx.client.get<Obj>(info, ns, ref.name);
      } catch (err) {
        if (isNotFound(err)) return 'absent';
        throw err;
      }
      if (owner.metadata?.uid !== ref.uid) return 'absent';
    }
    const waiting = owner.metadata?.deletionTimestamp && finalizersOf(owner).includes('foregroundDeletion');
    return waiting ? 'waitingForDependents' : 'present';
  }

  private async checkOwners(w: Watched, obj: Obj): Promise<void> {
    const owners = await Promise.all(refsOf(obj).map(async (ref) => ({ ref, state: await this.ownerState(obj, ref) })));
    const action = planDependent(owners, this.hasDependents(obj));
    const { namespace, name } = { namespace: obj.metadata.namespace, name: obj.metadata.name };
    if (action.type === 'delete') {
      if (obj.metadata.deletionTimestamp && action.propagationPolicy === 'Background') return;
      this.ctx.log(NAME, 'deleting dependent', { resource: w.info.resource, key: keyOf(obj), policy: action.propagationPolicy });
      await this.ctx.client.delete(w.info, namespace, name, { propagationPolicy: action.propagationPolicy, preconditions: { uid: obj.metadata.uid } })
        .catch((err) => { if (!isNotFound(err) && !isConflict(err)) throw err; });
    } else if (action.type === 'removeRefs') {
      await this.patchRefs(w, obj, withoutOwner(refsOf(obj), action.uids));
    }
  }

  private async patchRefs(w: Watched, obj: Obj, ownerReferences: OwnerRef[]): Promise<void> {
    await this.ctx.client.patch(w.info, obj.metadata.namespace, obj.metadata.name, 'merge', {
      metadata: { resourceVersion: obj.metadata.resourceVersion, ownerReferences: ownerReferences.length ? ownerReferences : null },
    }).catch((err) => { if (!isNotFound(err)) throw err; });
  }

  private async removeFinalizer(w: Watched, obj: Obj, finalizer: string): Promise<void> {
    const finalizers = finalizersOf(obj).filter((f) => f !== finalizer);
    await this.ctx.client.patch(w.info, obj.metadata.namespace, obj.metadata.name, 'merge', {
      metadata: { resourceVersion: obj.metadata.resourceVersion, finalizers: finalizers.length ? finalizers : null },
    }).catch((err) => { if (!isNotFound(err)) throw err; });
  }

  /** Orphan mode: strip this owner from every dependent, then let the owner go. */
  private async orphan(w: Watched, owner: Obj): Promise<void> {
    for (const dep of this.dependentsOf(owner)) {
      await this.patchRefs(dep.w, dep.obj, withoutOwner(refsOf(dep.obj), [owner.metadata.uid]));
    }
    await this.removeFinalizer(w, owner, 'orphan');
  }

  /** Foreground mode: delete dependents; the owner goes once no blocking dependent is left. */
  private async foreground(w: Watched, owner: Obj): Promise<void> {
    const deps = this.dependentsOf(owner);
    const plan = planForeground(deps.map((d) => ({ key: `${qualifiedResource(d.w.info)}|${keyOf(d.obj)}`, deleting: !!d.obj.metadata.deletionTimestamp, ref: d.ref, hasDependents: this.hasDependents(d.obj) })));
    for (const del of plan.delete) {
      const dep = deps.find((d) => `${qualifiedResource(d.w.info)}|${keyOf(d.obj)}` === del.key)!;
      const { namespace, name } = splitKey(keyOf(dep.obj));
      await this.ctx.client.delete(dep.w.info, namespace, name, { propagationPolicy: del.propagationPolicy })
        .catch((err) => { if (!isNotFound(err)) throw err; });
    }
    if (plan.removeFinalizer) await this.removeFinalizer(w, owner, 'foregroundDeletion');
  }
}
