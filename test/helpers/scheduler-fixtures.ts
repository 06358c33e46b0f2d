/**
 * Builders for scheduler tests: Node and Pod objects in the shapes the API holds,
 * and an engine over an in-memory cache with either kernel.
 */
import { SchedulerCache } from '../../src/scheduler/cache.js';
import { defaultProfile, type SchedulerProfile } from '../../src/scheduler/config.js';
import { SchedulingEngine, type Decision } from '../../src/scheduler/engine.js';
import { ReferenceKernel } from '../../src/scheduler/kernel/reference/index.js';
import { WasmKernel } from '../../src/scheduler/kernel/wasm.js';
import { podInfoOf } from '../../src/scheduler/model/pod-info.js';
import { reasonsOf } from '../../src/scheduler/reasons.js';
import type { Kernel } from '../../src/scheduler/kernel/types.js';

type Obj = Record<string, any>;

export const KERNELS: Record<string, () => Kernel> = { ts: () => new ReferenceKernel(), wasm: () => new WasmKernel() };

/** Options of `node`. */
export interface NodeOpts {
  cpu?: string;
  memory?: string;
  pods?: string;
  allocatable?: Record<string, string>;
  labels?: Record<string, string>;
  taints?: { key: string; value?: string; effect: string }[];
  unschedulable?: boolean;
  /** Ready condition status; null leaves the condition out. */
  ready?: 'True' | 'False' | 'Unknown' | null;
  images?: { names: string[]; sizeBytes: number }[];
}

/** A Node object; labelled with its hostname. */
export function node(name: string, o: NodeOpts = {}): Obj {
  const conditions = o.ready === null ? [] : [{ type: 'Ready', status: o.ready ?? 'True' }];
  return {
    apiVersion: 'v1', kind: 'Node',
    metadata: { name, labels: { 'kubernetes.io/hostname': name, ...o.labels } },
    spec: { taints: o.taints, unschedulable: o.unschedulable },
    status: {
      allocatable: { cpu: o.cpu ?? '4', memory: o.memory ?? '32Gi', pods: o.pods ?? '110', 'ephemeral-storage': '100Gi', ...o.allocatable },
      conditions, images: o.images,
    },
  };
}

/** Options of `pod`. */
export interface PodOpts {
  namespace?: string;
  cpu?: string;
  memory?: string;
  requests?: Record<string, string>;
  labels?: Record<string, string>;
  nodeName?: string;
  spec?: Obj;
  containers?: Obj[];
  owner?: { kind: string; uid: string };
  deleting?: boolean;
}

/** A Pod object with one container (unless `containers` is given). */
export function pod(name: string, o: PodOpts = {}): Obj {
  const requests: Record<string, string> = { ...o.requests };
  if (o.cpu) requests.cpu = o.cpu;
  if (o.memory) requests.memory = o.memory;
  const containers = o.containers ?? [{ name: 'c', image: 'registry.example/app:1', resources: { requests } }];
  return {
    apiVersion: 'v1', kind: 'Pod',
    metadata: {
      name, namespace: o.namespace ?? 'default', uid: `uid-${o.namespace ?? 'default'}-${name}`, labels: o.labels ?? {},
      ownerReferences: o.owner ? [{ apiVersion: 'apps/v1', kind: o.owner.kind, name: 'owner', uid: o.owner.uid, controller: true }] : undefined,
      deletionTimestamp: o.deleting ? '2026-01-01T00:00:00Z' : undefined,
    },
    spec: { schedulerName: 'default-scheduler', containers, nodeName: o.nodeName, ...o.spec },
    status: { phase: o.nodeName ? 'Running' : 'Pending' },
  };
}

/** An engine over `nodes` and `existing` (bound) pods. */
export function engine(kernel: Kernel, nodes: Obj[], existing: Obj[] = [], profile: Partial<SchedulerProfile> = {}): { engine: SchedulingEngine; cache: SchedulerCache } {
  const cache = new SchedulerCache();
  for (const n of nodes) cache.upsertNode(n);
  for (const p of existing) cache.upsertBoundPod(podInfoOf(p));
  const e = new SchedulingEngine(kernel, cache, { ...defaultProfile(), percentageOfNodesToScore: 100, ...profile });
  return { engine: e, cache };
}

/** Schedules pods one call each, assuming every placement (as the host does). */
export function decide(e: SchedulingEngine, cache: SchedulerCache, pods: Obj[]): Decision[] {
  const out: Decision[] = [];
  for (const p of pods) {
    const [d] = e.schedule([podInfoOf(p)]);
    if (d.node) cache.assume(d.pod, d.node, true);
    out.push(d);
  }
  return out;
}

/** Nodes that pass every filter for one pod (not placed), with the reason of each failing node. */
export function filterOutcome(kernel: Kernel, nodes: Obj[], existing: Obj[], incoming: Obj, profile: Partial<SchedulerProfile> = {}): Record<string, string> {
  const { engine: e } = engine(kernel, nodes, existing, profile);
  e.schedule([podInfoOf(incoming)]);
  const out: Record<string, string> = {};
  for (const o of e.lastOutcomes()) out[o.node] = o.reason === 0 ? 'ok' : reasonText(e, o.reason, o.detail);
  return out;
}

function reasonText(e: SchedulingEngine, code: number, detail: number): string {
  return reasonsOf(code, detail, e.names).join(', ');
}

/** Total scores of the feasible nodes for one pod, with only the given plugin weights (others 0). */
export function scoresWith(kernel: Kernel, nodes: Obj[], existing: Obj[], incoming: Obj, weights: Partial<SchedulerProfile['weights']>, profile: Partial<SchedulerProfile> = {}): Record<string, number> {
  const zero = { NodeResourcesFit: 0, NodeResourcesBalancedAllocation: 0, NodeAffinity: 0, TaintToleration: 0, InterPodAffinity: 0, PodTopologySpread: 0, ImageLocality: 0 };
  const { engine: e } = engine(kernel, nodes, existing, { ...profile, weights: { ...zero, ...weights } });
  e.schedule([podInfoOf(incoming)]);
  return Object.fromEntries(e.lastScores().map((s) => [s.node, s.score]));
}
