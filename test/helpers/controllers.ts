/**
 * Test fixture for controller tests: a private Redis + apiserver, the
 * controller-manager running in-process, and the simulated kubelet.
 */
import { findResource } from '../../src/api/resources.js';
import { RestClient } from '../../src/client/index.js';
import { ControllerMetrics } from '../../src/controllers/common/metrics.js';
import { consoleLog } from '../../src/controllers/common/context.js';
import { runControllerManager, type ManagerOptions } from '../../src/controllers/manager/manager.js';
import { startTestCluster, type TestCluster } from './cluster.js';
import type { ApiserverOptions } from '../../src/apiserver/server.js';
import { startSimKubelet, type SimKubelet, type SimKubeletOptions } from './sim-kubelet.js';

/** Resources tests touch. */
export const RES = {
  namespaces: findResource('', 'v1', 'namespaces')!,
  pods: findResource('', 'v1', 'pods')!,
  events: findResource('', 'v1', 'events')!,
  replicaSets: findResource('apps', 'v1', 'replicasets')!,
  deployments: findResource('apps', 'v1', 'deployments')!,
  jobs: findResource('batch', 'v1', 'jobs')!,
  cronJobs: findResource('batch', 'v1', 'cronjobs')!,
};

/** A running controller test environment. */
export interface ControllerEnv {
  cluster: TestCluster;
  client: RestClient;
  metrics: ControllerMetrics;
  kubelet: SimKubelet;
  stop(): Promise<void>;
}

/** Starts the cluster, the controller-manager and the simulated kubelet. */
export async function startControllerEnv(kubelet: SimKubeletOptions = {}, manager: ManagerOptions = {}, apiserver: Partial<ApiserverOptions> = {}): Promise<ControllerEnv> {
  const cluster = await startTestCluster(apiserver);
  const client = new RestClient({ server: cluster.url });
  const metrics = new ControllerMetrics();
  const ac = new AbortController();
  // Frozen caches make a controller that mutates a cached object fail; RK_CONTROLLER_LOG=1 shows controller logs.
  const log = process.env.RK_CONTROLLER_LOG ? consoleLog : () => undefined;
  const running = runControllerManager(client, ac.signal, { metrics, log, freezeCaches: true, ...manager });
  const sim = startSimKubelet(client, kubelet);
  return {
    cluster, client, metrics, kubelet: sim,
    async stop() {
      ac.abort();
      await running;
      await sim.stop();
      client.close();
      await cluster.stop();
    },
  };
}

/** Polls `fn` until it returns a truthy value; fails with `what` after `timeoutMs`. */
export async function eventually<T>(what: string, fn: () => Promise<T | undefined | false>, timeoutMs = 15_000): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  let last: unknown;
  for (;;) {
    try {
      const v = await fn();
      if (v) return v;
    } catch (err) {
      last = err;
    }
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}${last ? `: ${(last as Error).message}` : ''}`);
    await new Promise((r) => setTimeout(r, 50));
  }
}

/** Creates a namespace (tests use one each). */
export async function namespace(client: RestClient, name: string): Promise<void> {
  await client.create(RES.namespaces, undefined, { metadata: { name } });
}
