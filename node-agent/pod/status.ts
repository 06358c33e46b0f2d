/**
 * Builds a pod's status from the worker's container records: phase, the four
 * conditions, init and app container statuses, IPs and startTime, with
 * Kubernetes' field names and reasons. Pure: it takes the previous status only
 * to keep transition times and startTime stable.
 */
import { rfc3339 } from '../../src/apiserver/registry/object-meta.js';
import { initDone, shouldRestart } from './plan.js';
import type { ContainerRecord, PodSpecLite, Termination } from './types.js';

/** Inputs besides the records. */
export interface StatusInput {
  spec: PodSpecLite;
  records: Map<string, ContainerRecord>;
  previous: Record<string, any> | undefined;
  now: number;
  hostIP: string;
  podIP: string;
  runtime: string;
  initFailed: boolean;
}

function terminated(t: Termination, runtime: string): Record<string, unknown> {
  return {
    terminated: {
      exitCode: t.exitCode, reason: t.reason, message: t.message, signal: undefined,
      startedAt: rfc3339(t.startedAt), finishedAt: rfc3339(t.finishedAt), containerID: `${runtime}://${t.containerID}`,
    },
  };
}

function containerState(r: ContainerRecord, policy: string | undefined, now: number, initPending: boolean, runtime: string): Record<string, any> {
  if (r.running) return { running: { startedAt: rfc3339(r.running.startedAt) } };
  if (r.waiting && !r.lastExit) return { waiting: { ...r.waiting } };
  if (!r.lastExit) return { waiting: { reason: initPending ? 'PodInitializing' : 'ContainerCreating' } };
  const restarts = r.init ? r.lastExit.exitCode !== 0 && policy !== 'Never' : shouldRestart(policy, r.lastExit.exitCode);
  if (!restarts) return terminated(r.lastExit, runtime);
  if (r.backoffUntil !== undefined && now < r.backoffUntil) {
    const secs = Math.round((r.backoffUntil - r.lastExit.finishedAt) / 1000);
    return { waiting: { reason: 'CrashLoopBackOff', message: `back-off ${secs}s restarting failed container=${r.name}` } };
  }
  return r.waiting ? { waiting: { ...r.waiting } } : { waiting: { reason: 'ContainerCreating' } };
}

function containerStatus(r: ContainerRecord, policy: string | undefined, now: number, initPending: boolean, runtime: string): Record<string, any> {
  const state = containerState(r, policy, now, initPending, runtime);
  const last = state.terminated ? r.previousExit : r.lastExit;
  const id = r.running?.containerID ?? r.lastExit?.containerID;
  return {
    name: r.name, image: r.image, imageID: '', containerID: id ? `${runtime}://${id}` : undefined,
    state, lastState: last ? terminated(last, runtime) : {},
    ready: r.init ? r.lastExit?.exitCode === 0 && !r.running : Boolean(r.running) && r.ready,
    started: r.init ? undefined : Boolean(r.running) && r.started,
    restartCount: Math.max(0, r.attempts - 1),
  };
}

/** Phase by Kubernetes' rules (see getPhase in the kubelet). */
export function podPhase(spec: PodSpecLite, records: Map<string, ContainerRecord>, initFailed: boolean): string {
  if (initFailed) return 'Failed';
  if (!initDone(spec, records)) return 'Pending';
  const app = spec.containers.map((c) => records.get(c.name)!);
  if (app.some((r) => !r.running && !r.lastExit)) return 'Pending';
  if (app.some((r) => r.running)) return 'Running';
  if (spec.restartPolicy === 'Never') return app.some((r) => r.lastExit!.exitCode !== 0) ? 'Failed' : 'Succeeded';
  if (spec.restartPolicy === 'OnFailure') return app.every((r) => r.lastExit!.exitCode === 0) ? 'Succeeded' : 'Running';
  return 'Running';
}

function condition(type: string, ok: boolean, previous: any[], now: number, reason?: string, message?: string): Record<string, unknown> {
  const status = ok ? 'True' : 'False';
  const old = previous.find((c) => c.type === type);
  const lastTransitionTime = old?.status === status ? old.lastTransitionTime : rfc3339(now);
  return { type, status, lastProbeTime: null, lastTransitionTime, ...(ok ? {} : { reason, message }) };
}

/** The full status the agent writes. */
export function buildPodStatus(input: StatusInput): Record<string, any> {
  const { spec, records, previous, now, runtime } = input;
  const prevConds: any[] = previous?.conditions ?? [];
  const phase = podPhase(spec, records, input.initFailed);
  const inited = initDone(spec, records);
  const app = spec.containers.map((c) => records.get(c.name)!);
  const unready = app.filter((r) => !(r.running && r.ready)).map((r) => r.name);
  const terminal = phase === 'Succeeded' || phase === 'Failed';
  const readyReason = terminal ? 'PodCompleted' : 'ContainersNotReady';
  const readyMsg = terminal ? undefined : `containers with unready status: [${unready.join(' ')}]`;
  const initPending = (spec.initContainers ?? []).filter((c) => !(records.get(c.name)!.lastExit?.exitCode === 0)).map((c) => c.name);
  const conditions = [
    condition('PodReadyToStartContainers', true, prevConds, now),
    condition('Initialized', inited, prevConds, now, terminal ? 'PodCompleted' : 'ContainersNotInitialized', `containers with incomplete status: [${initPending.join(' ')}]`),
    condition('Ready', !terminal && unready.length === 0, prevConds, now, readyReason, readyMsg),
    condition('ContainersReady', !terminal && unready.length === 0, prevConds, now, readyReason, readyMsg),
    condition('PodScheduled', true, prevConds, now),
  ];
  const status: Record<string, any> = {
    phase, conditions, hostIP: input.hostIP, hostIPs: [{ ip: input.hostIP }], podIP: input.podIP, podIPs: [{ ip: input.podIP }],
    startTime: previous?.startTime ?? rfc3339(now), qosClass: previous?.qosClass,
    containerStatuses: app.map((r) => containerStatus(r, spec.restartPolicy, now, !inited, runtime)),
  };
  if (spec.initContainers?.length) {
    status.initContainerStatuses = spec.initContainers.map((c) => containerStatus(records.get(c.name)!, spec.restartPolicy, now, false, runtime));
  }
  return status;
}
