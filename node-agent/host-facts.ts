/**
 * Reads the facts a Node object reports about its host (capacity, addresses, OS),
 * and builds the Node from them. `buildNode` is pure so it is table-tested.
 */
import { arch, cpus, hostname, networkInterfaces, platform, release, totalmem, type } from 'node:os';
import { statfsSync } from 'node:fs';
import { nodeConditions, readPressure } from './node-conditions.js';

/** What the agent measured on its host. */
export interface HostFacts {
  hostname: string;
  cpuCount: number;
  memoryBytes: number;
  ephemeralStorageBytes: number;
  internalIP: string;
  os: string;
  arch: string;
  kernel: string;
  osImage: string;
}

/** Reads the host's facts now. */
export function readHostFacts(dataDir = '/'): HostFacts {
  const fs = statfsSync(dataDir);
  const ip = Object.values(networkInterfaces()).flat().find((a) => a && a.family === 'IPv4' && !a.internal)?.address ?? '127.0.0.1';
  return {
    hostname: hostname(), cpuCount: cpus().length, memoryBytes: totalmem(), ephemeralStorageBytes: fs.blocks * fs.bsize,
    internalIP: ip, os: platform(), arch: arch() === 'x64' ? 'amd64' : arch(), kernel: release(), osImage: `${type()} ${release()}`,
  };
}

/** What the agent serves besides the Node facts: the port of its API (logs, exec, metrics). */
export interface NodeEndpoints {
  /** Port of the agent's API, advertised as status.daemonEndpoints.kubeletEndpoint.port. */
  agentPort?: number;
  /** Pod CIDR the agent gives pod IPs from (spec.podCIDR). */
  podCIDR?: string;
}

/** The Node a freshly registering agent creates (Kubernetes' kubelet reports the same fields). */
export function buildNode(name: string, facts: HostFacts, runtime: string, agentVersion: string, now: string, endpoints: NodeEndpoints = {}): Record<string, any> {
  const capacity = {
    cpu: String(facts.cpuCount), memory: `${Math.floor(facts.memoryBytes / 1024)}Ki`, pods: '110',
    'ephemeral-storage': `${Math.floor(facts.ephemeralStorageBytes / 1024)}Ki`,
  };
  return {
    apiVersion: 'v1', kind: 'Node',
    metadata: { name, labels: { 'kubernetes.io/hostname': name, 'kubernetes.io/os': facts.os, 'kubernetes.io/arch': facts.arch, 'beta.kubernetes.io/os': facts.os, 'beta.kubernetes.io/arch': facts.arch } },
    spec: endpoints.podCIDR ? { podCIDR: endpoints.podCIDR, podCIDRs: [endpoints.podCIDR] } : {},
    status: {
      capacity, allocatable: { ...capacity },
      addresses: [{ type: 'InternalIP', address: facts.internalIP }, { type: 'Hostname', address: name }],
      daemonEndpoints: { kubeletEndpoint: { Port: endpoints.agentPort ?? 0 } },
      conditions: nodeConditions(readPressure(), [], now),
      nodeInfo: {
        machineID: '', systemUUID: '', bootID: '', kernelVersion: facts.kernel, osImage: facts.osImage, operatingSystem: facts.os,
        architecture: facts.arch, containerRuntimeVersion: `${runtime}://${agentVersion}`, kubeletVersion: `v1.32.0-redkube-${agentVersion}`, kubeProxyVersion: '',
      },
    },
  };
}
