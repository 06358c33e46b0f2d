/**
 * The pure heart of a pod worker: given the pod spec and what each container is
 * doing, decide which containers to start or kill now and when to look again.
 * Init containers run one at a time, in order, each to success, before any app
 * container; restartPolicy decides which exits are restarted; CrashLoopBackOff
 * holds restarts until `backoffUntil`.
 */
import type { ContainerRecord, PodSpecLite } from './types.js';

/** One thing the worker must do. */
export type Action = { type: 'start'; name: string } | { type: 'kill'; name: string; reason: 'Unhealthy' };

/** The planner's answer. */
export interface Plan {
  actions: Action[];
  /** Re-plan at this time (ms) even if nothing else happens (a back-off ends). */
  wakeAt?: number;
  /** An init container failed under restartPolicy Never: the pod is Failed. */
  initFailed: boolean;
}

/** Whether a container that exited with `exitCode` is restarted under `policy`. */
export function shouldRestart(policy: string | undefined, exitCode: number): boolean {
  if (policy === 'Never') return false;
  if (policy === 'OnFailure') return exitCode !== 0;
  return true;
}

/** True when every init container has completed successfully. */
export function initDone(spec: PodSpecLite, records: Map<string, ContainerRecord>): boolean {
  return (spec.initContainers ?? []).every((c) => {
    const r = records.get(c.name);
    return r && !r.running && r.lastExit?.exitCode === 0;
  });
}

function startOrWait(r: ContainerRecord, now: number, plan: Plan): void {
  if (r.backoffUntil !== undefined && now < r.backoffUntil) {
    plan.wakeAt = Math.min(plan.wakeAt ?? Infinity, r.backoffUntil);
  } else {
    plan.actions.push({ type: 'start', name: r.name });
  }
}

function planInit(spec: PodSpecLite, records: Map<string, ContainerRecord>, now: number, plan: Plan): boolean {
  for (const c of spec.initContainers ?? []) {
    const r = records.get(c.name)!;
    if (r.running) return false;
    if (r.lastExit?.exitCode === 0) continue;
    if (r.lastExit && !shouldRestart(spec.restartPolicy === 'Never' ? 'Never' : 'OnFailure', r.lastExit.exitCode)) {
      plan.initFailed = true;
      return false;
    }
    startOrWait(r, now, plan);
    return false;
  }
  return true;
}

/** Decides the next actions for a pod that is not being deleted. */
export function planPod(spec: PodSpecLite, records: Map<string, ContainerRecord>, now: number): Plan {
  const plan: Plan = { actions: [], initFailed: false };
  if (!planInit(spec, records, now, plan)) return plan;
  for (const c of spec.containers) {
    const r = records.get(c.name)!;
    if (r.running) {
      if (r.unhealthy) plan.actions.push({ type: 'kill', name: c.name, reason: 'Unhealthy' });
      continue;
    }
    if (!r.lastExit || shouldRestart(spec.restartPolicy, r.lastExit.exitCode)) startOrWait(r, now, plan);
  }
  return plan;
}
