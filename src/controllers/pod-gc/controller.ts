/**
 * The pod garbage collector: a periodic sweep (there is no event for "too
 * many finished pods" or "node gone long ago") that force-deletes what
 * `planPodGC` selects. Orphans are confirmed against the apiserver first, so a
 * node missing only from a lagging cache never costs its pods.
 */
import { Informer, WorkQueue, isNotFound, keyOf } from '../../client/index.js';
import { R, runControllerLoop, type ControllerContext } from '../common/context.js';
import type { Obj } from '../common/owners.js';
import { DEFAULT_TERMINATED_THRESHOLD, planPodGC } from './plan.js';

const NAME = 'pod-gc';
const SWEEP = 'sweep';

/** Tunables: Kubernetes' 12500 finished pods and a 20 s sweep by default. */
export interface PodGCOptions {
  terminatedThreshold?: number;
  periodMs?: number;
}

/** The controller; `run` resolves when `signal` aborts. */
export class PodGarbageCollector {
  readonly queue: WorkQueue<string>;
  private readonly pods: Informer<Obj>;
  private readonly nodes: Informer<Obj>;
  private readonly threshold: number;
  private readonly periodMs: number;

  constructor(private readonly ctx: ControllerContext, opts: PodGCOptions = {}) {
    this.queue = new WorkQueue<string>({ clock: ctx.clock });
    this.pods = ctx.factory.informerFor<Obj>(R.pods);
    this.nodes = ctx.factory.informerFor<Obj>(R.nodes);
    this.threshold = opts.terminatedThreshold ?? DEFAULT_TERMINATED_THRESHOLD;
    this.periodMs = opts.periodMs ?? 20_000;
  }

  /** Sweeps every period until `signal` aborts. */
  run(signal: AbortSignal): Promise<void> {
    this.queue.add(SWEEP);
    return runControllerLoop(this.ctx, NAME, this.queue, 1, () => this.sweep(), signal);
  }

  /** One sweep; always schedules the next. */
  async sweep(): Promise<void> {
    try {
      const plan = planPodGC(this.pods.cache.list(), new Set(this.nodes.cache.keys()), this.threshold);
      for (const pod of [...plan.terminated, ...plan.unscheduledTerminating]) await this.forceDelete(pod, 'finished or unschedulable');
      for (const pod of plan.orphaned) {
        const gone = await this.ctx.client.get(R.nodes, undefined, pod.spec.nodeName).then(() => false, (err) => {
          if (isNotFound(err)) return true;
          throw err;
        });
        if (gone) await this.forceDelete(pod, `node ${pod.spec.nodeName} no longer exists`);
      }
    } finally {
      this.queue.addAfter(SWEEP, this.periodMs);
    }
  }

  private async forceDelete(pod: Obj, why: string): Promise<void> {
    this.ctx.log(NAME, 'deleting pod', { pod: keyOf(pod), reason: why });
    await this.ctx.client.delete(R.pods, pod.metadata.namespace, pod.metadata.name, { gracePeriodSeconds: 0, preconditions: { uid: pod.metadata.uid } })
      .catch((err) => { if (!isNotFound(err)) throw err; });
  }
}
