/**
 * The namespace controller: when a namespace is terminating, deletes everything in
 * it, then removes its `kubernetes` finalizer so the apiserver removes it.
 * Handlers only enqueue; `sync` reads the current state each time. It runs on the
 * shared controller loop, so its queue depth, sync latency and errors are measured
 * and its failures logged like every other controller's.
 */
import { findResource } from '../../api/resources.js';
import { Informer, WorkQueue, isNotFound } from '../../client/index.js';
import { runControllerLoop, type ControllerContext } from '../common/context.js';
import type { Obj } from '../common/owners.js';
import { NAMESPACED_RESOURCES, planNamespaceCleanup } from './plan.js';

const NAME = 'namespace';
const NAMESPACES = findResource('', 'v1', 'namespaces')!;
/** Recheck interval while content is still being removed (pods may take their grace period). */
const RECHECK_MS = 2000;

/** The controller; `run` resolves when `signal` aborts. */
export class NamespaceController {
  readonly queue: WorkQueue<string>;
  private readonly namespaces: Informer<Obj>;

  constructor(private readonly ctx: ControllerContext) {
    this.queue = new WorkQueue<string>({ clock: ctx.clock });
    this.namespaces = ctx.factory.informerFor<Obj>(NAMESPACES);
    this.namespaces.on('add', (ns) => this.enqueue(ns));
    this.namespaces.on('update', (_old, ns) => this.enqueue(ns));
  }

  /** Runs two workers until `signal` aborts. */
  run(signal: AbortSignal): Promise<void> {
    return runControllerLoop(this.ctx, NAME, this.queue, 2, (name) => this.sync(name), signal);
  }

  private enqueue(ns: Obj): void {
    if (ns.metadata?.deletionTimestamp && ns.metadata.name) this.queue.add(ns.metadata.name);
  }

  /** Level-triggered cleanup of one namespace: delete what is left, or finalize once it is empty. */
  async sync(name: string): Promise<void> {
    const ns = this.namespaces.cache.get(name);
    if (!ns) return;
    const { client } = this.ctx;
    const remaining = new Map<string, number>();
    for (const r of NAMESPACED_RESOURCES) remaining.set(r.resource, (await client.list(r, name, { limit: 1 })).items.length);
    const plan = planNamespaceCleanup(ns, remaining);
    if (plan.deleteFrom.length) this.ctx.log(NAME, 'deleting namespace content', { namespace: name, resources: plan.deleteFrom.map((r) => r.resource).join(',') });
    for (const r of plan.deleteFrom) await client.deleteCollection(r, name, { propagationPolicy: 'Background' });
    if (plan.finalize) {
      try {
        await client.request('PUT', `/api/v1/namespaces/${name}/finalize`, { body: { ...ns, spec: { ...(ns.spec ?? {}), finalizers: (ns.spec?.finalizers ?? []).filter((f: string) => f !== 'kubernetes') } } });
        this.ctx.log(NAME, 'namespace finalized', { namespace: name });
      } catch (err) {
        if (!isNotFound(err)) throw err;
      }
    } else if (ns.metadata?.deletionTimestamp) {
      this.queue.addAfter(name, RECHECK_MS);
    }
  }
}
