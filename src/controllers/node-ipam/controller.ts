/**
 * The node IPAM controller (kube-controller-manager's range allocator): gives
 * every Node without one a `spec.podCIDR` (and `podCIDRs`) carved from the
 * cluster CIDR, never the same range to two nodes. Which ranges are taken is
 * derived from the node cache on every sync plus the ranges this process
 * assigned but has not yet seen come back through the watch, so a deleted
 * node's range is free again and a restarted or newly elected controller
 * rebuilds its allocations from the existing nodes. One worker, so two syncs
 * never pick the same free range.
 */
import { Informer, WorkQueue, isNotFound } from '../../client/index.js';
import { R, runControllerLoop, type ControllerContext } from '../common/context.js';
import type { Obj } from '../common/owners.js';
import { checkSettings, nextFreeRange, rangeIndex } from './plan.js';

const NAME = 'node-ipam';
/** How soon a node that found the cluster CIDR full tries again. */
const EXHAUSTED_RETRY_MS = 10_000;

/** Settings: Kubernetes' `--cluster-cidr` and `--node-cidr-mask-size`. */
export interface NodeIpamOptions {
  clusterCidr: string;
  /** Prefix length of each node's range (24). */
  nodeCidrMaskSize?: number;
}

/** Default cluster CIDR of `rk up` and `rk controller-manager --allocate-node-cidrs`. */
export const DEFAULT_CLUSTER_CIDR = '10.244.0.0/16';

/** The controller; `run` resolves when `signal` aborts. */
export class NodeIpamController {
  readonly queue: WorkQueue<string>;
  private readonly nodes: Informer<Obj>;
  private readonly mask: number;
  /** Node name -> range index assigned by this process (until the cache shows it, or the node is gone). */
  private readonly assigned = new Map<string, number>();

  constructor(private readonly ctx: ControllerContext, private readonly opts: NodeIpamOptions) {
    this.mask = opts.nodeCidrMaskSize ?? 24;
    const bad = checkSettings(opts.clusterCidr, this.mask);
    if (bad) throw new Error(bad);
    this.queue = new WorkQueue<string>({ clock: ctx.clock });
    this.nodes = ctx.factory.informerFor<Obj>(R.nodes);
    this.nodes.on('add', (n) => this.queue.add(n.metadata.name));
    this.nodes.on('update', (_o, n) => this.queue.add(n.metadata.name));
    this.nodes.on('delete', (n) => {
      this.queue.add(n.metadata.name);
      // Its range is free now: nodes still waiting for one get another try.
      for (const waiting of this.nodes.cache.list()) if (!waiting.spec?.podCIDR) this.queue.add(waiting.metadata.name);
    });
  }

  /** Runs one worker until `signal` aborts. */
  run(signal: AbortSignal): Promise<void> {
    return runControllerLoop(this.ctx, NAME, this.queue, 1, (key) => this.sync(key), signal);
  }

  /** Range indexes in use: every cached node's podCIDR plus this process's fresh assignments. */
  private used(): Set<number> {
    const used = new Set<number>();
    const names = new Set<string>();
    for (const node of this.nodes.cache.list()) {
      names.add(node.metadata.name);
      const idx = rangeIndex(this.opts.clusterCidr, this.mask, node.spec?.podCIDR ?? '');
      if (idx !== undefined) used.add(idx);
    }
    for (const [name, idx] of this.assigned) {
      if (names.has(name)) used.add(idx);
    }
    return used;
  }

  /** Level-triggered: a node without a podCIDR gets the lowest free range; a gone node releases its range. */
  async sync(name: string): Promise<void> {
    const node = this.nodes.cache.get(name);
    if (!node) {
      if (this.assigned.delete(name)) this.ctx.log(NAME, 'released pod CIDR of deleted node', { node: name });
      return;
    }
    if (node.spec?.podCIDR) {
      this.assigned.delete(name);
      return;
    }
    if (this.assigned.has(name)) return; // written; the watch has not caught up yet
    const cidr = nextFreeRange(this.opts.clusterCidr, this.mask, this.used());
    if (!cidr) {
      this.ctx.recorder.record(node, 'Normal', 'CIDRNotAvailable', `Node ${name} status is now: CIDRNotAvailable`);
      this.ctx.log(NAME, 'cluster CIDR exhausted', { node: name, clusterCidr: this.opts.clusterCidr });
      this.queue.addAfter(name, EXHAUSTED_RETRY_MS);
      return;
    }
    try {
      // The resourceVersion precondition makes a concurrent writer's podCIDR win (Conflict, retried).
      await this.ctx.client.patch(R.nodes, undefined, name, 'merge', { metadata: { resourceVersion: node.metadata.resourceVersion }, spec: { podCIDR: cidr, podCIDRs: [cidr] } });
    } catch (err) {
      if (isNotFound(err)) return;
      throw err;
    }
    this.assigned.set(name, rangeIndex(this.opts.clusterCidr, this.mask, cidr)!);
    this.ctx.log(NAME, 'assigned pod CIDR', { node: name, podCIDR: cidr });
  }
}
