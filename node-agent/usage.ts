/**
 * Builds the agent's `/metrics/resource` answer from OS samples and the pod
 * workers' running containers. Hollow (sim) nodes report zero usage.
 */
import { cpus } from 'node:os';
import type { NodeAgent } from './agent.js';
import { cpuRate, nodeMemoryBytes, type UsageSampler } from './metrics.js';
import type { ResourceUsage } from './server.js';

/** Usage of every node and pod the agent serves. */
export async function collectUsage(agent: NodeAgent, sampler: UsageSampler, real: boolean): Promise<ResourceUsage> {
  const { before, after } = await sampler.window();
  const ms = after.at - before.at;
  const group = (pid: number | undefined) => {
    if (!real || !pid) return { cpuCores: 0, memoryBytes: 0 };
    const a = after.groups.get(pid);
    const b = before.groups.get(pid);
    return { cpuCores: a && b ? cpuRate(b.ticks, a.ticks, ms) : 0, memoryBytes: a?.rssBytes ?? 0 };
  };
  const nodeCpu = real ? Math.min(cpus().length, cpuRate(before.nodeBusyTicks, after.nodeBusyTicks, ms)) : 0;
  return {
    timestamp: new Date(after.at).toISOString(), windowSeconds: Math.max(1, Math.round(ms / 1000)),
    nodes: agent.nodeNames.map((name) => ({ name, cpuCores: nodeCpu, memoryBytes: real ? nodeMemoryBytes() : 0 })),
    pods: agent.allWorkers().map((w) => ({
      namespace: w.current.metadata.namespace, name: w.current.metadata.name,
      containers: w.runningContainers().map((c) => ({ name: c.name, ...group(c.pid) })),
    })),
  };
}
