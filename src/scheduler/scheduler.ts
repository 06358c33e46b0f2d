/**
 * The scheduler host: informers on pods, nodes, namespaces and PriorityClasses
 * feed the cache and the queue; the loop pops a batch of pods, decides it in one
 * kernel call, assumes each placed pod and binds it asynchronously
 * (`POST pods/<name>/binding`), forgetting the assumption if the bind fails.
 * Pods that fit nowhere get the PodScheduled=False condition and a
 * FailedScheduling event with kube-scheduler's summary; bound pods a Scheduled event.
 *
 * Picks only pods with an empty spec.nodeName, our schedulerName, no scheduling
 * gates and no deletion in progress; pods bound by users are only accounted for.
 */
import { findResource } from '../api/resources.js';
import {
  InformerFactory, isConflict, isNotFound, keyOf, realClock, type Clock, type Informer, type RestClient,
} from '../client/index.js';
import { SchedulerCache } from './cache.js';
import { defaultProfile, type SchedulerProfile } from './config.js';
import { SchedulingEngine, type Decision } from './engine.js';
import { SchedulerEventRecorder, type EventRecorderOptions } from './events.js';
import type { Kernel } from './kernel/types.js';
import { WasmKernel } from './kernel/wasm.js';
import { nodeInfoOf, sameNodeInfo } from './model/node-info.js';
import { podInfoOf, type PodInfo } from './model/pod-info.js';
import { SchedulingQueue, type QueueOptions, type QueuedPod } from './queue.js';
import { fitErrorMessage, type Diagnosis } from './reasons.js';

const PODS = findResource('', 'v1', 'pods')!;
const NODES = findResource('', 'v1', 'nodes')!;
const NAMESPACES = findResource('', 'v1', 'namespaces')!;
const PRIORITY_CLASSES = findResource('scheduling.k8s.io', 'v1', 'priorityclasses')!;

/** Kubernetes' built-in PriorityClasses. */
const SYSTEM_PRIORITY: Record<string, number> = { 'system-node-critical': 2_000_001_000, 'system-cluster-critical': 2_000_000_000 };

type Obj = Record<string, any>;

/** How to run a scheduler. */
export interface SchedulerOptions {
  client: RestClient;
  profile?: SchedulerProfile;
  /** The WebAssembly kernel unless given. */
  kernel?: Kernel;
  clock?: Clock;
  log?: (msg: string) => void;
  /** Binds in flight at once. */
  bindConcurrency?: number;
  events?: EventRecorderOptions;
  queue?: Omit<QueueOptions, 'clock' | 'priorityOf'>;
}

/** Counters, for logs, tests and benchmarks. */
export interface SchedulerStats {
  attempts: number;
  scheduled: number;
  unschedulable: number;
  bindErrors: number;
  batches: number;
}

function sameSpecAndLabels(a: Obj | undefined, b: Obj): boolean {
  if (!a) return false;
  return JSON.stringify(a.spec) === JSON.stringify(b.spec) && JSON.stringify(a.metadata?.labels ?? {}) === JSON.stringify(b.metadata?.labels ?? {})
    && Boolean(a.metadata?.deletionTimestamp) === Boolean(b.metadata?.deletionTimestamp);
}

/** A kube-scheduler: run it while leading. */
export class Scheduler {
  readonly cache = new SchedulerCache();
  readonly queue: SchedulingQueue;
  readonly engine: SchedulingEngine;
  readonly events: SchedulerEventRecorder;
  readonly profile: SchedulerProfile;
  readonly stats: SchedulerStats = { attempts: 0, scheduled: 0, unschedulable: 0, bindErrors: 0, batches: 0 };
  private readonly client: RestClient;
  private readonly log: (msg: string) => void;
  private readonly factory: InformerFactory;
  private readonly pods: Informer<Obj>;
  private readonly nsLabels = new Map<string, Record<string, string>>();
  private readonly priorityClasses = new Map<string, { value: number; globalDefault: boolean }>();
  private readonly bindConcurrency: number;
  private readonly bindBacklog: { qp: QueuedPod; node: string }[] = [];
  private bindsRunning = 0;
  private bindsIdle: (() => void)[] = [];

  constructor(options: SchedulerOptions) {
    this.client = options.client;
    this.profile = options.profile ?? defaultProfile();
    this.log = options.log ?? ((msg) => console.log(msg));
    this.bindConcurrency = options.bindConcurrency ?? 64;
    const clock = options.clock ?? realClock;
    this.queue = new SchedulingQueue({ ...options.queue, clock, priorityOf: (info) => this.priorityOf(info) });
    this.engine = new SchedulingEngine(options.kernel ?? new WasmKernel(), this.cache, this.profile, (ns) => this.nsLabels.get(ns));
    this.events = new SchedulerEventRecorder(this.client, { ...options.events, component: this.profile.schedulerName, clock });
    this.factory = new InformerFactory(this.client, { onError: (err) => this.log(`informer: ${(err as Error).message}`) });
    this.pods = this.factory.informerFor<Obj>(PODS);
    this.pods.on('add', (p) => this.onPod(undefined, p)).on('update', (o, p) => this.onPod(o, p)).on('delete', (p) => this.onPodDeleted(p));
    this.factory.informerFor<Obj>(NODES)
      .on('add', (n) => this.onNode(n)).on('update', (_, n) => this.onNode(n)).on('delete', (n) => this.cache.removeNode(n.metadata.name));
    this.factory.informerFor<Obj>(NAMESPACES)
      .on('add', (ns) => this.onNamespace(ns)).on('update', (_, ns) => this.onNamespace(ns)).on('delete', (ns) => this.nsLabels.delete(ns.metadata.name));
    this.factory.informerFor<Obj>(PRIORITY_CLASSES)
      .on('add', (pc) => this.onPriorityClass(pc)).on('update', (_, pc) => this.onPriorityClass(pc)).on('delete', (pc) => this.priorityClasses.delete(pc.metadata.name));
  }

  /** Runs until `signal` aborts: syncs the informers, then schedules whatever becomes pending. */
  async run(signal: AbortSignal): Promise<void> {
    this.factory.start();
    try {
      if (!(await this.factory.waitForSync(signal))) return;
      this.log(`caches synced: ${this.cache.nodes.size} nodes, ${this.cache.pods.size} assigned pods, ${this.queue.stats().active} pending; kernel ${this.engine.kernel.name}`);
      while (!signal.aborted) {
        const batch = await this.queue.popBatch(this.profile.batchSize, signal);
        if (batch.length) this.scheduleBatch(batch);
        await new Promise((resolve) => setImmediate(resolve));
      }
    } finally {
      this.queue.close();
      await this.bindsSettled();
      await Promise.race([this.events.flush(), new Promise((r) => setTimeout(r, 2000).unref())]);
      await this.factory.stop();
    }
  }

  /** Resolves when no bind is queued or in flight. */
  bindsSettled(): Promise<void> {
    if (this.bindsRunning === 0 && this.bindBacklog.length === 0) return Promise.resolve();
    return new Promise((resolve) => this.bindsIdle.push(resolve));
  }

  /** The pod's priority: spec.priority, else its PriorityClass, else the global default class, else 0. */
  priorityOf(info: PodInfo): number {
    if (info.specPriority !== undefined) return info.specPriority;
    if (info.priorityClassName) return this.priorityClasses.get(info.priorityClassName)?.value ?? SYSTEM_PRIORITY[info.priorityClassName] ?? 0;
    for (const pc of this.priorityClasses.values()) if (pc.globalDefault) return pc.value;
    return 0;
  }

  /** Decides one batch and applies the decisions. */
  scheduleBatch(batch: QueuedPod[]): Decision[] {
    this.stats.batches++;
    this.stats.attempts += batch.length;
    let decisions: Decision[];
    try {
      decisions = this.engine.schedule(batch.map((qp) => qp.info));
    } catch (err) {
      // A batch the engine cannot decide (a limit such as 32 resource names, or a bug)
      // is retried after backoff; the snapshot is re-encoded from the cache.
      this.log(`scheduling ${batch.length} pods failed: ${(err as Error).message}`);
      for (const qp of batch) this.queue.failedAttempt(qp);
      this.engine.snapshot.rebuild(false);
      return [];
    }
    decisions.forEach((d, i) => {
      if (d.node) {
        this.cache.assume(d.pod, d.node, true);
        this.bind(batch[i], d.node);
      } else {
        this.unschedulable(batch[i], d.diagnosis!);
      }
    });
    return decisions;
  }

  private ours(info: PodInfo): boolean {
    return info.schedulerName === this.profile.schedulerName && !info.terminating && !info.terminal && !info.gated;
  }

  private onPod(old: Obj | undefined, pod: Obj): void {
    const info = podInfoOf(pod);
    if (info.nodeName) {
      this.queue.delete(info.key);
      const known = this.cache.pods.has(info.key);
      if (info.terminal) {
        if (known) this.podLeft(info.key);
        return;
      }
      const confirmed = this.cache.upsertBoundPod(info);
      if (!known || confirmed) this.queue.move('AssignedPodAdd');
      else if (!sameSpecAndLabels(old, pod)) this.queue.move('AssignedPodUpdate');
      return;
    }
    if (this.cache.isAssumed(info.key)) return;
    if (this.ours(info)) this.queue.addOrUpdate(info, !sameSpecAndLabels(old, pod));
    else this.queue.delete(info.key);
  }

  private onPodDeleted(pod: Obj): void {
    const key = keyOf(pod);
    this.queue.delete(key);
    if (this.cache.pods.has(key)) this.podLeft(key);
  }

  private podLeft(key: string): void {
    this.cache.removePod(key);
    this.queue.move('AssignedPodDelete');
  }

  private onNode(node: Obj): void {
    const before = this.cache.nodes.get(node.metadata.name);
    if (before && sameNodeInfo(before, nodeInfoOf(node))) return;
    this.cache.upsertNode(node);
    this.queue.move(before ? 'NodeUpdate' : 'NodeAdd');
  }

  private onNamespace(ns: Obj): void {
    const name = ns.metadata.name;
    const labels = ns.metadata.labels ?? {};
    const before = this.nsLabels.get(name);
    this.nsLabels.set(name, labels);
    if (before && JSON.stringify(before) !== JSON.stringify(labels)) {
      // Namespace selectors of affinity terms may now match differently: count afresh.
      this.engine.snapshot.terms.reset();
      this.engine.snapshot.rebuild(false);
    }
  }

  private onPriorityClass(pc: Obj): void {
    this.priorityClasses.set(pc.metadata.name, { value: Number(pc.value ?? 0), globalDefault: pc.globalDefault === true });
  }

  private unschedulable(qp: QueuedPod, diagnosis: Diagnosis): void {
    const message = fitErrorMessage(diagnosis);
    this.stats.unschedulable++;
    this.queue.unschedulableAttempt(qp, diagnosis.plugins);
    this.events.failedScheduling(qp.info, message);
    void this.setUnschedulableCondition(qp.info, message);
  }

  /** PodScheduled=False with reason Unschedulable, written only when it changes. */
  private async setUnschedulableCondition(info: PodInfo, message: string): Promise<void> {
    const current = this.pods.cache.get(info.key) as Obj | undefined;
    const cond = (current?.status?.conditions ?? []).find((c: Obj) => c.type === 'PodScheduled');
    if (cond?.status === 'False' && cond.reason === 'Unschedulable' && cond.message === message) return;
    const lastTransitionTime = cond?.status === 'False' && cond.lastTransitionTime ? cond.lastTransitionTime : new Date().toISOString().replace(/\.\d+Z$/, 'Z');
    try {
      await this.client.patch(PODS, info.namespace, info.name, 'strategic', {
        status: { conditions: [{ type: 'PodScheduled', status: 'False', reason: 'Unschedulable', message, lastProbeTime: null, lastTransitionTime }] },
      }, { subresource: 'status' });
    } catch (err) {
      if (!isNotFound(err)) this.log(`updating the PodScheduled condition of ${info.key}: ${(err as Error).message}`);
    }
  }

  private bind(qp: QueuedPod, node: string): void {
    this.bindBacklog.push({ qp, node });
    this.pumpBinds();
  }

  private pumpBinds(): void {
    while (this.bindsRunning < this.bindConcurrency && this.bindBacklog.length) {
      const { qp, node } = this.bindBacklog.shift()!;
      this.bindsRunning++;
      void this.doBind(qp, node).finally(() => {
        this.bindsRunning--;
        this.pumpBinds();
        if (this.bindsRunning === 0 && this.bindBacklog.length === 0) for (const f of this.bindsIdle.splice(0)) f();
      });
    }
  }

  private async doBind(qp: QueuedPod, node: string): Promise<void> {
    const p = qp.info;
    try {
      await this.client.createSubresource(PODS, p.namespace, p.name, 'binding', {
        apiVersion: 'v1', kind: 'Binding',
        metadata: { name: p.name, namespace: p.namespace, uid: p.uid },
        target: { apiVersion: 'v1', kind: 'Node', name: node },
      });
      this.stats.scheduled++;
      this.queue.done(qp.key);
      this.events.scheduled(p, node);
    } catch (err) {
      this.stats.bindErrors++;
      this.cache.forget(qp.key);
      if (isNotFound(err)) return this.queue.delete(qp.key);
      if (isConflict(err) && /already assigned/.test((err as Error).message)) return this.queue.done(qp.key);
      this.log(`binding ${p.key} to ${node} failed: ${(err as Error).message}`);
      this.events.failedScheduling(p, `Binding rejected: ${(err as Error).message}`);
      this.queue.failedAttempt(qp);
    }
  }
}

