/**
 * The controller-manager's body: one informer factory, event recorder and
 * metrics registry shared by every controller, all controllers started together
 * and stopped together when `signal` aborts (leadership lost or shutdown).
 */
import { setMaxListeners } from 'node:events';
import { InformerFactory, realClock, type Clock, type RestClient } from '../../client/index.js';
import { consoleLog, type ControllerContext } from '../common/context.js';
import { ControllerMetrics } from '../common/metrics.js';
import { EventRecorder } from '../events/recorder.js';
import { NamespaceController } from '../namespace/controller.js';
import { ReplicaSetController } from '../replicaset/controller.js';
import { DeploymentController } from '../deployment/controller.js';
import { GarbageCollector } from '../garbage-collector/controller.js';
import { JobController } from '../job/controller.js';
import { CronJobController } from '../cronjob/controller.js';
import type { Backoff } from '../job/plan.js';
import { EndpointsController } from '../endpoints/controller.js';
import { NodeLifecycleController, type NodeLifecycleOptions } from '../node-lifecycle/controller.js';
import { PodGarbageCollector, type PodGCOptions } from '../pod-gc/controller.js';
import { DaemonSetController } from '../daemonset/controller.js';
import { StatefulSetController } from '../statefulset/controller.js';
import { HPAController } from '../hpa/controller.js';
import { NodeIpamController, type NodeIpamOptions } from '../node-ipam/controller.js';

/** Options of `runControllerManager`. */
export interface ManagerOptions {
  clock?: Clock;
  /** Shared metrics; a fresh registry when omitted (the caller serves it over HTTP). */
  metrics?: ControllerMetrics;
  log?: ControllerContext['log'];
  /** Job pod re-creation back-off; Kubernetes' 10 s doubling to 6 min by default (tests shorten it). */
  jobBackoff?: Backoff;
  /** Node grace period, default tolerations and eviction rate (tests shorten them). */
  nodeLifecycle?: NodeLifecycleOptions;
  /** Finished-pod threshold and sweep period. */
  podGC?: PodGCOptions;
  /** How often each HorizontalPodAutoscaler is evaluated (15 s). */
  hpaSyncPeriodMs?: number;
  /** Node IPAM: when set, nodes get a spec.podCIDR from this cluster CIDR (`--allocate-node-cidrs`). */
  nodeIpam?: NodeIpamOptions;
  /** Deep-freeze cached objects so a controller that mutates one fails loudly (tests). */
  freezeCaches?: boolean;
}

/** Runs every controller until `signal` aborts; resolves once all have stopped and pending events are written. */
export async function runControllerManager(client: RestClient, signal: AbortSignal, opts: ManagerOptions = {}): Promise<void> {
  // Every informer, queue and controller listens on this one signal.
  setMaxListeners(0, signal);
  const clock = opts.clock ?? realClock;
  const ctx: ControllerContext = {
    client, clock,
    factory: new InformerFactory(client, { freeze: opts.freezeCaches }),
    recorder: new EventRecorder(client, 'controller-manager', clock),
    metrics: opts.metrics ?? new ControllerMetrics(),
    log: opts.log ?? consoleLog,
  };
  const controllers = [
    new NamespaceController(ctx), new ReplicaSetController(ctx), new DeploymentController(ctx), new GarbageCollector(ctx),
    new JobController(ctx, opts.jobBackoff), new CronJobController(ctx), new EndpointsController(ctx),
    new NodeLifecycleController(ctx, opts.nodeLifecycle), new PodGarbageCollector(ctx, opts.podGC),
    new DaemonSetController(ctx), new StatefulSetController(ctx), new HPAController(ctx, opts.hpaSyncPeriodMs),
    ...(opts.nodeIpam ? [new NodeIpamController(ctx, opts.nodeIpam)] : []),
  ];
  ctx.factory.start();
  const synced = await ctx.factory.waitForSync(signal);
  if (synced) await Promise.all(controllers.map((c) => c.run(signal)));
  await ctx.factory.stop();
  await ctx.recorder.flush();
}
