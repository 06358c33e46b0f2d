/**
 * Record bookkeeping that does not touch a runtime: seeding records from the
 * status a previous agent run wrote (so restartCount continues and completed init
 * containers are not run again), and folding an exit into a record. Pure.
 */
import { backoffDelay, nextCrashCount, type BackoffConfig } from './backoff.js';
import { shouldRestart } from './plan.js';
import { newRecord, type ContainerRecord, type PodSpecLite, type Termination } from './types.js';

function parseTermination(t: any): Termination | undefined {
  if (!t) return undefined;
  return {
    containerID: String(t.containerID ?? '').replace(/^[a-z]+:\/\//, ''), exitCode: t.exitCode ?? 0, reason: t.reason ?? 'Error',
    message: t.message, startedAt: Date.parse(t.startedAt ?? '') || 0, finishedAt: Date.parse(t.finishedAt ?? '') || 0,
  };
}

/**
 * Records for a pod as the apiserver last saw it. A container reported running
 * was stopped when the previous agent run ended (the new run killed its process
 * group), so it counts as exited with 137, like a container killed by SIGKILL.
 */
export function seedRecords(spec: PodSpecLite, status: any, now: number): Map<string, ContainerRecord> {
  const records = new Map<string, ContainerRecord>();
  const seen = new Map<string, any>([...(status?.initContainerStatuses ?? []), ...(status?.containerStatuses ?? [])].map((s: any) => [s.name, s]));
  const add = (c: { name: string; image?: string }, init: boolean) => {
    const r = newRecord(c.name, c.image ?? '', init);
    const s = seen.get(c.name);
    if (s) {
      const ran = Boolean(s.state?.running || s.state?.terminated || s.lastState?.terminated);
      r.attempts = (s.restartCount ?? 0) + (ran ? 1 : 0);
      r.lastExit = parseTermination(s.state?.terminated) ?? parseTermination(s.lastState?.terminated);
      if (s.state?.running) {
        r.previousExit = r.lastExit;
        r.lastExit = { containerID: String(s.containerID ?? '').replace(/^[a-z]+:\/\//, ''), exitCode: 137, reason: 'Error', message: 'stopped by a node agent restart', startedAt: Date.parse(s.state.running.startedAt) || now, finishedAt: now };
      }
    }
    records.set(c.name, r);
  };
  for (const c of spec.initContainers ?? []) add(c, true);
  for (const c of spec.containers) add(c, false);
  return records;
}

/** Folds an exit into a record: clears the run, shifts lastState, counts the crash and sets the back-off. */
export function recordExit(r: ContainerRecord, exit: Termination, policy: string | undefined, cfg: BackoffConfig): void {
  r.running = undefined;
  r.previousExit = r.lastExit;
  r.lastExit = exit;
  r.ready = false;
  r.started = false;
  r.unhealthy = false;
  r.waiting = undefined;
  r.crashes = nextCrashCount(r.crashes, exit.finishedAt - exit.startedAt, cfg);
  const restarts = r.init ? exit.exitCode !== 0 && policy !== 'Never' : shouldRestart(policy, exit.exitCode);
  r.backoffUntil = restarts ? exit.finishedAt + backoffDelay(r.crashes, cfg) : undefined;
}
