/**
 * Node registration and heartbeat: the agent creates (or takes over) its Node and
 * renews its Lease in kube-node-lease every quarter of the lease duration (10 s
 * by default, as the kubelet), so the control plane can tell a live node from a
 * dead one, and reports host pressure conditions in its status.
 */
import { findResource } from '../src/api/resources.js';
import { formatMicroTime, isAlreadyExists, isNotFound, realClock, sleep, type RestClient } from '../src/client/index.js';
import { rfc3339 } from '../src/apiserver/registry/object-meta.js';
import { buildNode, readHostFacts, type HostFacts, type NodeEndpoints } from './host-facts.js';
import { REDKUBE_VERSION } from '../src/version.js';
import { conditionsChanged, nodeConditions, readPressure } from './node-conditions.js';

const NODES = findResource('', 'v1', 'nodes')!;
const LEASES = findResource('coordination.k8s.io', 'v1', 'leases')!;
/** How long a Lease stays valid without renewal, by default (the kubelet's nodeLeaseDurationSeconds). */
export const LEASE_DURATION_S = 40;

/**
 * How often a Lease of `durationSeconds` is renewed: a quarter of it, as the
 * kubelet does (10 s for the default 40 s). The node-monitor grace period of the
 * controller-manager must be well above this, or live nodes turn unreachable
 * between two renewals.
 */
export function leaseRenewMs(durationSeconds: number): number {
  return durationSeconds * 250;
}

/**
 * A lease duration that fits a node-monitor grace period of `graceSeconds`: the
 * default 40 s when the grace period is 50 s or more (Kubernetes' defaults), else
 * 80 % of it (whole seconds, at least 1), so the grace period always spans about
 * five renewals and a live node is never taken for unreachable.
 */
export function leaseSecondsForGrace(graceSeconds: number): number {
  return Math.max(1, Math.min(LEASE_DURATION_S, Math.floor(graceSeconds * 0.8)));
}

/** Registers the Node (creating it, or refreshing status of an existing one). `facts` defaults to this host's. */
export async function registerNode(client: RestClient, name: string, runtime: string, endpoints: NodeEndpoints = {}, facts: HostFacts = readHostFacts()): Promise<void> {
  const node = buildNode(name, facts, runtime, REDKUBE_VERSION, rfc3339(Date.now()), endpoints);
  try {
    await client.create(NODES, undefined, node as never);
  } catch (err) {
    if (!isAlreadyExists(err)) throw err;
    const current = await client.get<any>(NODES, undefined, name);
    await client.updateStatus(NODES, { ...current, status: node.status });
  }
}

/** Renews the node's Lease (valid `durationSeconds`) every `leaseRenewMs(durationSeconds)` until `signal` aborts; errors are retried on the next beat. */
export async function heartbeat(client: RestClient, name: string, signal: AbortSignal, log: (msg: string) => void, durationSeconds = LEASE_DURATION_S): Promise<void> {
  while (!signal.aborted) {
    try {
      await renewLease(client, name, durationSeconds);
    } catch (err) {
      log(`lease renewal failed: ${(err as Error).message}`);
    }
    await sleep(realClock, leaseRenewMs(durationSeconds), signal).catch(() => undefined);
  }
}

/** How often host readings are checked; the status is written when a condition flips. */
export const NODE_STATUS_CHECK_MS = 10_000;
/** A status write at least this often even when nothing changed (the kubelet's nodeStatusReportFrequency). */
export const NODE_STATUS_REPORT_MS = 5 * 60_000;

/** Timing of `reportNodeStatus`. */
export interface NodeStatusTiming {
  /** How often host readings are compared with the Node's conditions (NODE_STATUS_CHECK_MS). */
  checkMs?: number;
  /** Longest time between two writes (NODE_STATUS_REPORT_MS). */
  reportMs?: number;
}

/**
 * Keeps the Node's conditions current until `signal` aborts: every check it reads
 * the host and the Node, and patches the status when a condition differs from
 * what the Node says, and every 5 minutes. Comparing with the Node rather than
 * with its own last write (as the kubelet does) puts Ready back to True at the
 * next check after the control plane marked the node Unknown while its Lease
 * had lapsed.
 */
export async function reportNodeStatus(client: RestClient, names: string[], signal: AbortSignal, log: (msg: string) => void, timing: NodeStatusTiming = {}): Promise<void> {
  const { checkMs = NODE_STATUS_CHECK_MS, reportMs = NODE_STATUS_REPORT_MS } = timing;
  const lastWrite = new Map<string, number>();
  while (!signal.aborted) {
    await sleep(realClock, checkMs, signal);
    if (signal.aborted) return;
    const now = Date.now();
    const readings = readPressure();
    try {
      for (const [name, current] of await currentConditions(client, names)) {
        const next = nodeConditions(readings, current, rfc3339(now));
        if (!conditionsChanged(current, next) && now - (lastWrite.get(name) ?? 0) < reportMs) continue;
        await client.patch(NODES, undefined, name, 'strategic', { status: { conditions: next } }, { subresource: 'status' });
        lastWrite.set(name, now);
      }
    } catch (err) {
      log(`node status update failed: ${(err as Error).message}`);
    }
  }
}

/** The conditions each of `names` has in the apiserver: one GET for one node, one LIST for the hollow nodes of a sim agent. */
async function currentConditions(client: RestClient, names: string[]): Promise<Map<string, any[]>> {
  if (names.length === 1) {
    const node = await client.get<any>(NODES, undefined, names[0]);
    return new Map([[names[0], node.status?.conditions ?? []]]);
  }
  const wanted = new Set(names);
  const nodes = (await client.listAll<any>(NODES, undefined)).items.filter((n) => wanted.has(n.metadata.name));
  return new Map(nodes.map((n) => [n.metadata.name, n.status?.conditions ?? []]));
}

async function renewLease(client: RestClient, name: string, durationSeconds: number): Promise<void> {
  const now = formatMicroTime(Date.now());
  try {
    const lease = await client.get<any>(LEASES, 'kube-node-lease', name);
    await client.update(LEASES, { ...lease, spec: { ...lease.spec, holderIdentity: name, leaseDurationSeconds: durationSeconds, renewTime: now } });
  } catch (err) {
    if (!isNotFound(err)) throw err;
    await client.create(LEASES, 'kube-node-lease', {
      metadata: { name, namespace: 'kube-node-lease' },
      spec: { holderIdentity: name, leaseDurationSeconds: durationSeconds, acquireTime: now, renewTime: now },
    } as never);
  }
}
