/**
 * Wires a node agent together from command-line settings: host facts, the state
 * dir, the runtime, the pod workers and the agent API. Used by `rk agent` and by
 * tests that run an agent in-process.
 */
import { createHash } from 'node:crypto';
import { mkdirSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { RestClient } from '../src/client/index.js';
import { NodeAgent } from './agent.js';
import { readHostFacts } from './host-facts.js';
import type { BackoffConfig } from './pod/backoff.js';
import { ProcessRuntime } from './runtime/process.js';
import { PodNetworks } from './runtime/netns.js';
import { SimRuntime } from './runtime/sim.js';
import type { Runtime } from './runtime/types.js';
import { startAgentApi } from './server.js';
import { UsageSampler } from './metrics.js';
import { collectUsage } from './usage.js';

/** Settings of one agent process. */
export interface AgentSettings {
  client: RestClient;
  nodeNames: string[];
  runtime: 'process' | 'sim';
  /** Default: `<tmpdir>/redkube-agent/<hash of server URL>-<first node>`, so clusters on one host never share records. */
  stateDir?: string;
  nodeIP?: string;
  port?: number;
  /** Token the agent API requires from callers (the apiserver's proxy sends it). */
  token?: string;
  backoff?: BackoffConfig;
  shutdownGraceMs?: number;
  /** Lease duration of the node(s) in seconds, renewed every quarter of it (default 40). */
  leaseDurationSeconds?: number;
  /** Directory of static pod manifests. */
  podManifestPath?: string;
  /** Pod CIDR of this node: pods get their own network namespace and IP from it (Linux, root, process runtime). */
  podCidr?: string;
  /** Pods get their own network namespaces on the CIDR node IPAM assigns to the Node (waits for spec.podCIDR). */
  podNetwork?: boolean;
  /** pids.max of each pod (pids cgroup; Linux, root). */
  podPidsLimit?: number;
  log: (msg: string) => void;
}

/** A started agent. */
export interface RunningAgent {
  agent: NodeAgent;
  stateDir: string;
  /** Port of the agent API. */
  port: number;
  stop(): Promise<void>;
}

/** Pod networks on `cidr`; refuses where network namespaces cannot be made (not Linux, not root). */
function networksFor(cidr: string, stateDir: string): PodNetworks {
  checkNetworkCapable();
  return new PodNetworks(cidr, stateDir);
}

function checkNetworkCapable(): void {
  if (process.platform !== 'linux' || process.getuid?.() !== 0) throw new Error('--pod-cidr and --pod-network need Linux and root (pods use the host network otherwise)');
}

/** The default state dir of an agent. */
export function defaultStateDir(server: string, node: string): string {
  return join(tmpdir(), 'redkube-agent', `${createHash('sha256').update(server).digest('hex').slice(0, 12)}-${node}`);
}

/** Starts an agent; resolves once its pod watch has synced. */
export async function startAgent(s: AgentSettings): Promise<RunningAgent> {
  const facts = readHostFacts();
  if (s.nodeIP) facts.internalIP = s.nodeIP;
  const stateDir = s.stateDir ?? defaultStateDir(s.client.server, s.nodeNames[0]);
  mkdirSync(stateDir, { recursive: true });
  const runtime = s.runtime === 'sim' ? new SimRuntime() : new ProcessRuntime({ stateDir, logDir: join(stateDir, 'logs'), podPidsLimit: s.podPidsLimit });
  if (s.podNetwork && runtime.real) checkNetworkCapable();
  const sampler = new UsageSampler();
  const api = await startAgentApi({
    workerFor: (ns, name) => agent.workerFor(ns, name),
    logDir: (pod, container) => runtime instanceof ProcessRuntime
      ? runtime.logDir({ podNamespace: pod.metadata.namespace, podName: pod.metadata.name, podUid: pod.metadata.uid, name: container }) : undefined,
    exec: (config, argv, stream) => runtime.exec(config, argv, 0, stream),
    execInteractive: (config, argv, tty, out) => (runtime as Runtime).execInteractive?.(config, argv, tty, out),
    usage: () => collectUsage(agent, sampler, runtime.real),
  }, facts.internalIP, s.port ?? 0, s.token);
  const agent = new NodeAgent({
    client: s.client, nodeNames: s.nodeNames, runtime, facts, backoff: s.backoff, log: s.log, shutdownGraceMs: s.shutdownGraceMs, leaseDurationSeconds: s.leaseDurationSeconds, agentPort: api.port,
    volumeRoot: runtime instanceof ProcessRuntime ? stateDir : undefined, podManifestPath: s.podManifestPath,
    network: s.podCidr && runtime.real ? networksFor(s.podCidr, stateDir) : undefined,
    networkFromNode: s.podNetwork && runtime.real ? (cidr) => networksFor(cidr, stateDir) : undefined,
  });
  await agent.start();
  s.log(`serving ${s.nodeNames.length} node(s) with the ${runtime.name} runtime on ${facts.internalIP}:${api.port}; state in ${stateDir}`);
  return {
    agent, stateDir, port: api.port,
    async stop() {
      await agent.stop();
      await (runtime as Runtime).close?.();
      await api.close();
    },
  };
}
