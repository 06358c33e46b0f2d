/**
 * The pod facts behind kubectl's READY, STATUS and RESTARTS columns, derived
 * from container statuses the way kubectl derives them: init containers first
 * (stopping at the first one not done), then app containers last-to-first, so
 * the first app container's state wins the STATUS cell.
 */
import type { ContainerStatus, ContainerStateTerminated, Pod } from 'kubernetes-types/core/v1.js';
import { timeOf } from './duration.js';

/** What the pod printer shows, before formatting. */
export interface PodSummary {
  ready: number;
  total: number;
  reason: string;
  restarts: number;
  /** Latest `lastState.terminated.finishedAt` among counted containers, in ms; 0 when none. */
  lastRestart: number;
}

interface Restarts {
  count: number;
  last: number;
}

interface InitScan {
  all: Restarts;
  sidecars: Restarts;
  ready: number;
  /** Set when initialization is still in progress or failed. */
  reason?: string;
}

/** Reason the node lifecycle controller puts on pods of an unreachable node. */
const NODE_LOST = 'NodeLost';

function addRestarts(into: Restarts, status: ContainerStatus): void {
  into.count += status.restartCount ?? 0;
  const finished = timeOf(status.lastState?.terminated?.finishedAt);
  if (finished !== undefined && finished > into.last) into.last = finished;
}

function exitDescription(t: ContainerStateTerminated): string {
  return t.signal ? `Signal:${t.signal}` : `ExitCode:${t.exitCode}`;
}

function conditionTrue(pod: Pod, type: string): boolean {
  const found = (pod.status?.conditions ?? []).find((c) => c.type === type);
  return found?.status === 'True';
}

function initialReason(pod: Pod): string {
  const gated = (pod.status?.conditions ?? []).some((c) => c.type === 'PodScheduled' && c.reason === 'SchedulingGated');
  if (gated) return 'SchedulingGated';
  return pod.status?.reason || pod.status?.phase || '';
}

function initReason(status: ContainerStatus, index: number, count: number): string {
  const terminated = status.state?.terminated;
  if (terminated) return `Init:${terminated.reason || exitDescription(terminated)}`;
  const waiting = status.state?.waiting?.reason;
  if (waiting && waiting !== 'PodInitializing') return `Init:${waiting}`;
  return `Init:${index}/${count}`;
}

function scanInitContainers(pod: Pod): InitScan {
  const specs = pod.spec?.initContainers ?? [];
  const sidecarNames = new Set(specs.filter((c) => c.restartPolicy === 'Always').map((c) => c.name));
  const scan: InitScan = { all: { count: 0, last: 0 }, sidecars: { count: 0, last: 0 }, ready: 0 };
  for (const [index, status] of (pod.status?.initContainerStatuses ?? []).entries()) {
    const sidecar = sidecarNames.has(status.name);
    addRestarts(scan.all, status);
    if (sidecar) addRestarts(scan.sidecars, status);
    if (status.state?.terminated?.exitCode === 0) continue;
    if (sidecar && status.started) {
      if (status.ready) scan.ready++;
      continue;
    }
    return { ...scan, reason: initReason(status, index, specs.length) };
  }
  return scan;
}

/** App containers last-to-first; restarts start from the sidecars' because init restarts no longer count. */
function scanAppContainers(pod: Pod, init: InitScan, reason: string): Omit<PodSummary, 'total'> {
  const restarts = { ...init.sidecars };
  let ready = init.ready;
  let hasRunning = false;
  const statuses = pod.status?.containerStatuses ?? [];
  for (let i = statuses.length - 1; i >= 0; i--) {
    const status = statuses[i];
    addRestarts(restarts, status);
    const { waiting, terminated, running } = status.state ?? {};
    if (waiting?.reason) reason = waiting.reason;
    else if (terminated) reason = terminated.reason || exitDescription(terminated);
    else if (status.ready && running) {
      hasRunning = true;
      ready++;
    }
  }
  if (reason === 'Completed' && hasRunning) reason = conditionTrue(pod, 'Ready') ? 'Running' : 'NotReady';
  return { ready, reason, restarts: restarts.count, lastRestart: restarts.last };
}

/** A pod being deleted reads `Terminating`, or `Unknown` when its node is lost; finished pods keep their phase. */
function deletionReason(pod: Pod, reason: string): string {
  if (!pod.metadata?.deletionTimestamp) return reason;
  if (pod.status?.reason === NODE_LOST) return 'Unknown';
  const phase = pod.status?.phase;
  return phase === 'Succeeded' || phase === 'Failed' ? reason : 'Terminating';
}

/**
 * READY counts, STATUS reason and RESTARTS of a pod as kubectl computes them:
 * `Init:N/M`, `Init:<reason>`, the first app container's waiting or terminated
 * reason (`Signal:N`/`ExitCode:N` without one), `NotReady`/`Running` for a
 * completed pod with a container still running, then `Terminating`/`Unknown`.
 * Sidecars (init containers with `restartPolicy: Always`) count as containers.
 */
export function summarizePod(pod: Pod): PodSummary {
  const sidecars = (pod.spec?.initContainers ?? []).filter((c) => c.restartPolicy === 'Always').length;
  const total = (pod.spec?.containers ?? []).length + sidecars;
  const init = scanInitContainers(pod);
  const base = init.reason ?? initialReason(pod);
  const summary = init.reason === undefined || conditionTrue(pod, 'Initialized')
    ? scanAppContainers(pod, init, base)
    : { ready: init.ready, reason: base, restarts: init.all.count, lastRestart: init.all.last };
  return { ...summary, total, reason: deletionReason(pod, summary.reason) };
}
