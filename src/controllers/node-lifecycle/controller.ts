/**
 * The node lifecycle controller: checks every node each monitor period (a
 * silent node sends no events, so this one is polled), marks unreachable nodes
 * Ready Unknown, keeps the NoExecute health taints in step, marks their pods
 * not Ready, and evicts pods whose tolerations ran out, at a limited rate.
 */
import { isDeepStrictEqual } from 'node:util';
import { BucketRateLimiter, Informer, WorkQueue, isConflict, isNotFound, keyOf, sleep, NODE_NAME_INDEX } from '../../client/index.js';
import { R, runControllerLoop, type ControllerContext } from '../common/context.js';
import type { Obj } from '../common/owners.js';
import { isPodReady } from '../common/pods.js';
import {
  DEFAULT_GRACE_MS, DEFAULT_TOLERATION_SECONDS, desiredTaints, evictionTime, nodeHealth, unknownConditions, withDefaultTolerations,
} from './plan.js';

const NAME = 'node-lifecycle';

/** Tunables; Kubernetes' defaults except where noted. */
export interface NodeLifecycleOptions {
  /** Lease silence after which a node is unreachable (50 s). */
  graceMs?: number;
  /** How often each node is re-checked (5 s). */
  monitorPeriodMs?: number;
  /** Seconds of the default not-ready/unreachable tolerations for pods without their own (300). */
  defaultTolerationSeconds?: number;
  /** Pod evictions per second across the cluster, and the burst allowed (1/s, burst 10). */
  evictionQps?: number;
  evictionBurst?: number;
}

/** The controller; `run` resolves when `signal` aborts. */
export class NodeLifecycleController {
  readonly queue: WorkQueue<string>;
  private readonly nodes: Informer<Obj>;
  private readonly leases: Informer<Obj>;
  private readonly pods: Informer<Obj>;
  private readonly evictions: BucketRateLimiter<string>;
  private readonly opts: Required<NodeLifecycleOptions>;
  private signal?: AbortSignal;

  constructor(private readonly ctx: ControllerContext, opts: NodeLifecycleOptions = {}) {
    this.opts = {
      graceMs: DEFAULT_GRACE_MS, monitorPeriodMs: 5000, defaultTolerationSeconds: DEFAULT_TOLERATION_SECONDS, evictionQps: 1, evictionBurst: 10, ...opts,
    };
    this.queue = new WorkQueue<string>({ clock: ctx.clock });
    this.evictions = new BucketRateLimiter<string>(this.opts.evictionQps, this.opts.evictionBurst, ctx.clock);
    this.nodes = ctx.factory.informerFor<Obj>(R.nodes);
    this.leases = ctx.factory.informerFor<Obj>(R.leases);
    this.pods = ctx.factory.informerFor<Obj>(R.pods);
    this.nodes.on('add', (n) => this.queue.add(n.metadata.name));
    this.nodes.on('update', (_o, n) => this.queue.add(n.metadata.name));
    this.leases.on('update', (_o, l) => { if (l.metadata.namespace === 'kube-node-lease') this.queue.add(l.metadata.name); });
  }

  /** Runs two workers until `signal` aborts. */
  run(signal: AbortSignal): Promise<void> {
    this.signal = signal;
    return runControllerLoop(this.ctx, NAME, this.queue, 2, (key) => this.sync(key), signal);
  }

  /** Level-triggered check of one node; always schedules the next check. */
  async sync(name: string): Promise<void> {
    let node = this.nodes.cache.get(name);
    if (!node) return;
    const now = this.ctx.clock.now();
    let next = this.opts.monitorPeriodMs;
    try {
      const health = nodeHealth(node, this.leases.cache.get(`kube-node-lease/${name}`), now, this.opts.graceMs);
      if (health === 'unreachable') {
        const conditions = unknownConditions(node, now);
        if (!isDeepStrictEqual(conditions, node.status?.conditions ?? [])) {
          node = await this.ctx.client.updateStatus<Obj>(R.nodes, { ...node, status: { ...node.status, conditions } });
          this.ctx.recorder.record(node!, 'Normal', 'NodeNotReady', `Node ${name} status is now: NodeNotReady`);
          this.ctx.log(NAME, 'node unreachable', { node: name });
        }
      }
      const taints = desiredTaints(node!, health, now);
      if (!isDeepStrictEqual(taints, node!.spec?.taints ?? [])) {
        node = await this.ctx.client.update<Obj>(R.nodes, { ...node!, spec: { ...node!.spec, taints: taints.length ? taints : undefined } });
      }
      const pods = this.pods.cache.byIndex(NODE_NAME_INDEX, name);
      if (health !== 'ready') await this.markNotReady(pods);
      const due = await this.evict(node!, pods, now);
      if (due !== undefined) next = Math.min(next, Math.max(10, due - now));
    } finally {
      this.queue.addAfter(name, next);
    }
  }

  private async markNotReady(pods: Obj[]): Promise<void> {
    for (const pod of pods.filter(isPodReady)) {
      const conditions = (pod.status.conditions ?? []).map((c: Obj) => (c.type === 'Ready' ? { ...c, status: 'False', lastTransitionTime: new Date(this.ctx.clock.now()).toISOString().replace(/\.\d+Z$/, 'Z') } : c));
      await this.ctx.client.patch(R.pods, pod.metadata.namespace, pod.metadata.name, 'merge', { metadata: { resourceVersion: pod.metadata.resourceVersion }, status: { conditions } }, { subresource: 'status' })
        .catch((err) => { if (!isNotFound(err) && !isConflict(err)) throw err; });
    }
  }

  /** Deletes pods whose tolerations ran out (rate-limited); answers the next eviction time, if any. */
  private async evict(node: Obj, pods: Obj[], now: number): Promise<number | undefined> {
    const taints: Obj[] = node.spec?.taints ?? [];
    if (!taints.some((t) => t.effect === 'NoExecute')) return undefined;
    let soonest: number | undefined;
    for (const pod of pods) {
      if (pod.metadata.deletionTimestamp) continue;
      const when = evictionTime(withDefaultTolerations(pod.spec?.tolerations, this.opts.defaultTolerationSeconds), taints, now);
      if (typeof when === 'number') soonest = soonest === undefined ? when : Math.min(soonest, when);
      if (when !== 'now') continue;
      const wait = this.evictions.when();
      if (wait > 0) await sleep(this.ctx.clock, wait, this.signal);
      if (this.signal?.aborted) return soonest;
      await this.ctx.client.delete(R.pods, pod.metadata.namespace, pod.metadata.name, { preconditions: { uid: pod.metadata.uid } })
        .catch((err) => { if (!isNotFound(err) && !isConflict(err)) throw err; });
      this.ctx.recorder.record(pod, 'Normal', 'TaintManagerEviction', `Marking for deletion Pod ${keyOf(pod)}`);
    }
    return soonest;
  }
}
