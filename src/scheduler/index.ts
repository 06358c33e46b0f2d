/**
 * redkube's scheduler: kube-scheduler's filters and scores run by a WebAssembly
 * kernel (assembly/scheduler) over a snapshot encoded by the host, with a
 * TypeScript reference kernel of identical semantics (src/scheduler/kernel/reference).
 *
 * Layout: `scheduler.ts` (informers, queue, assume and bind, conditions, events),
 * `engine.ts` (one batch: sync, compile, kernel call, results), `snapshot/`
 * (interning, memory layout, incremental node encoding, pod compilation),
 * `kernel/` (the ABI, the WebAssembly host, the reference kernel), `model/`
 * (PodInfo and NodeInfo parsed once per object version), `queue.ts`, `config.ts`.
 *
 * Where this differs from kube-scheduler, and why:
 * - Node readiness: there is no TaintNodesByCondition admission here, so the host
 *   turns a Ready condition that is not True into the `node.kubernetes.io/not-ready`
 *   (or `unreachable`) NoSchedule taint, which pods may tolerate as in Kubernetes.
 * - Priority: without a Priority admission plugin, the scheduler resolves
 *   `priorityClassName` itself (spec.priority, else the PriorityClass, else the
 *   global default class, else 0), including the two system classes.
 * - System default spreading (selector spreading of a controller's pods) selects
 *   the pods of the same controller (ReplicaSet, StatefulSet, ReplicationController
 *   owner uid) rather than the union of Service and controller selectors.
 * - Pods are decided in batches (one kernel call), each pod seeing the ones before
 *   it placed: the same decisions as one at a time (a property test checks this).
 * - Nodes are searched in snapshot slot order from a rotating start
 *   (kube-scheduler walks its zone-interleaved node tree); ties are broken by a
 *   seeded xorshift reservoir choice, so runs are reproducible.
 * - Not implemented: preemption (PostFilter), volume plugins, and
 *   scheduling-gate/DRA plugins beyond skipping gated pods.
 */
export { Scheduler, type SchedulerOptions, type SchedulerStats } from './scheduler.js';
export { SchedulingEngine, type Decision, type NodeOutcome } from './engine.js';
export { SchedulerCache } from './cache.js';
export { SchedulingQueue, type QueuedPod, type ClusterEvent } from './queue.js';
export { defaultProfile, loadSchedulerConfig, profileFromConfig, type SchedulerProfile } from './config.js';
export { WasmKernel } from './kernel/wasm.js';
export { ReferenceKernel } from './kernel/reference/index.js';
export type { Kernel } from './kernel/types.js';
export { podInfoOf, type PodInfo } from './model/pod-info.js';
export { nodeInfoOf, type NodeInfo } from './model/node-info.js';
export { fitErrorMessage, type Diagnosis } from './reasons.js';
