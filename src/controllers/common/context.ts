/**
 * What every controller gets from the controller-manager, and the one loop that
 * runs a controller's workers: get key -> sync -> forget on success, rate-limited
 * requeue on failure (the WorkQueue guarantees a key never runs twice at once),
 * with sync latency and errors counted per controller.
 */
import type { ResourceInfo } from '../../api/resources.js';
import { findResource } from '../../api/resources.js';
import { isConflict, runWorkers, realClock, type Clock, type InformerFactory, type RestClient, type WorkQueue } from '../../client/index.js';
import type { EventRecorder } from '../events/recorder.js';
import type { ControllerMetrics } from './metrics.js';

/** Shared dependencies of the controllers of one controller-manager. */
export interface ControllerContext {
  client: RestClient;
  /** One informer per resource for the whole process. */
  factory: InformerFactory;
  recorder: EventRecorder;
  metrics: ControllerMetrics;
  clock: Clock;
  /** Structured log line (`controller=x key=y msg`). */
  log: (controller: string, msg: string, fields?: Record<string, unknown>) => void;
}

/** A log function writing `time controller msg k=v ...` lines to stdout. */
export function consoleLog(controller: string, msg: string, fields: Record<string, unknown> = {}): void {
  const kv = Object.entries(fields).map(([k, v]) => `${k}=${typeof v === 'string' ? JSON.stringify(v) : String(v)}`).join(' ');
  console.log(`${new Date(realClock.now()).toISOString()} controller=${controller} ${JSON.stringify(msg)}${kv ? ` ${kv}` : ''}`);
}

/** Registry entries controllers use, resolved once. */
export const R = {
  pods: findResource('', 'v1', 'pods')!,
  replicaSets: findResource('apps', 'v1', 'replicasets')!,
  deployments: findResource('apps', 'v1', 'deployments')!,
  jobs: findResource('batch', 'v1', 'jobs')!,
  cronJobs: findResource('batch', 'v1', 'cronjobs')!,
  services: findResource('', 'v1', 'services')!,
  endpoints: findResource('', 'v1', 'endpoints')!,
  endpointSlices: findResource('discovery.k8s.io', 'v1', 'endpointslices')!,
  nodes: findResource('', 'v1', 'nodes')!,
  leases: findResource('coordination.k8s.io', 'v1', 'leases')!,
  daemonSets: findResource('apps', 'v1', 'daemonsets')!,
  controllerRevisions: findResource('apps', 'v1', 'controllerrevisions')!,
  statefulSets: findResource('apps', 'v1', 'statefulsets')!,
  hpas: findResource('autoscaling', 'v2', 'horizontalpodautoscalers')!,
} satisfies Record<string, ResourceInfo>;

/**
 * Runs `workers` workers over `queue` until `signal` aborts, then shuts the
 * queue down and resolves once in-flight syncs finished.
 */
export async function runControllerLoop(
  ctx: ControllerContext, name: string, queue: WorkQueue<string>, workers: number, sync: (key: string) => Promise<void>, signal: AbortSignal,
): Promise<void> {
  ctx.metrics.watchQueue(name, queue);
  signal.addEventListener('abort', () => queue.shutDown(), { once: true });
  if (signal.aborted) queue.shutDown();
  const timed = async (key: string): Promise<void> => {
    const end = ctx.metrics.syncDuration.startTimer({ controller: name });
    ctx.metrics.syncs.inc({ controller: name });
    try {
      await sync(key);
    } finally {
      end();
    }
  };
  await runWorkers(queue, workers, timed, (key, err) => {
    ctx.metrics.syncErrors.inc({ controller: name });
    // A write computed from a cache one revision behind is routine: the retry re-reads it.
    if (!isConflict(err)) ctx.log(name, 'sync failed; retrying', { key, error: (err as Error).message });
  });
}

