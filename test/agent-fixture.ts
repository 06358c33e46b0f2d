/**
 * Test fixture for node-agent tests: a private cluster (redis + apiserver), an
 * in-process agent with the process runtime and fast back-off, and helpers to
 * create bound pods and poll for conditions.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { findResource } from '../src/api/resources.js';
import { RestClient } from '../src/client/index.js';
import { startAgent, type AgentSettings, type RunningAgent } from '../node-agent/main.js';
import { startTestCluster, type TestCluster } from './helpers/cluster.js';

/** Resources the agent tests touch. */
export const R = {
  pods: findResource('', 'v1', 'pods')!,
  nodes: findResource('', 'v1', 'nodes')!,
  events: findResource('', 'v1', 'events')!,
  configmaps: findResource('', 'v1', 'configmaps')!,
  secrets: findResource('', 'v1', 'secrets')!,
  services: findResource('', 'v1', 'services')!,
  leases: findResource('coordination.k8s.io', 'v1', 'leases')!,
};

/** A cluster with one agent. */
export interface AgentCluster {
  cluster: TestCluster;
  client: RestClient;
  agent: RunningAgent;
  node: string;
  stateDir: string;
  logs: string[];
  stop(): Promise<void>;
}

/** Starts a cluster and a process-runtime agent named `node` (back-off 200 ms doubling to 1.6 s). */
export async function startAgentCluster(node = 'node-a', runtime: 'process' | 'sim' = 'process', count = 1, podManifestPath?: string, podCidr?: string, extra: Partial<AgentSettings> = {}): Promise<AgentCluster> {
  const cluster = await startTestCluster();
  const client = new RestClient({ server: cluster.url });
  const stateDir = mkdtempSync(join(tmpdir(), 'rk-agent-'));
  const logs: string[] = [];
  const agent = await startAgent({
    client, nodeNames: count > 1 ? Array.from({ length: count }, (_, i) => `${node}-${i}`) : [node], runtime, stateDir, nodeIP: '127.0.0.1',
    backoff: { initialMs: 200, maxMs: 1600, resetAfterMs: 60_000 }, shutdownGraceMs: 500, log: (m) => logs.push(m), podManifestPath, podCidr, ...extra,
  });
  return {
    cluster, client, agent, node, stateDir, logs,
    async stop() {
      await agent.stop();
      client.close();
      await cluster.stop();
      rmSync(stateDir, { recursive: true, force: true });
    },
  };
}

/** Polls `fn` until it returns a truthy value; throws with the last value after `ms`. */
export async function waitFor<T>(what: string, fn: () => Promise<T> | T, ms = 15_000): Promise<NonNullable<T>> {
  const deadline = Date.now() + ms;
  let last: T | undefined;
  for (;;) {
    try {
      last = await fn();
      if (last) return last as NonNullable<T>;
    } catch (err) {
      last = err as T;
    }
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}; last: ${JSON.stringify(last)?.slice(0, 2000)}`);
    await new Promise((r) => setTimeout(r, 50));
  }
}

/** A pod bound to `node` at create (the scheduler is not involved). */
export function boundPod(name: string, node: string, containers: any[], extra: Record<string, any> = {}): any {
  const withImage = (list: any[] | undefined) => list?.map((x) => ({ image: 'busybox', ...x }));
  const spec = { nodeName: node, terminationGracePeriodSeconds: 2, ...extra, containers: withImage(containers), initContainers: withImage(extra.initContainers) };
  return { metadata: { name, namespace: 'default' }, spec };
}

/** Reads a pod, or undefined when it does not exist. */
export async function getPod(client: RestClient, name: string): Promise<any> {
  try {
    return await client.get(R.pods, 'default', name);
  } catch {
    return undefined;
  }
}

/** Container status by name. */
export function cstatus(pod: any, name: string): any {
  return [...(pod?.status?.initContainerStatuses ?? []), ...(pod?.status?.containerStatuses ?? [])].find((c: any) => c.name === name);
}
