/**
 * Node registration and heartbeat: the agent creates (or takes over) its Node and
 * renews its Lease in kube-node-lease every 10 s, so the control plane can tell a
 * live node from a dead one, and reports host pressure conditions in its status.
 */
import { findResource } from '../src/api/resources.js';
import { formatMicroTime, isAlreadyExists, isNotFound, realClock, sleep, type RestClient } from '../src/client/index.js';
import { rfc3339 } from '../src/apiserver/registry/object-meta.js';
import { buildNode, readHostFacts, type HostFacts, type NodeEndpoints } from './host-facts.js';
import { REDKUBE_VERSION } from '../src/version.js';
import { conditionsChanged, nodeConditions, readPressure } from './node-conditions.js';

const NODES = findResource('', 'v1', 'nodes')!;
const LEASES = findResource('coordination.k8s.io', 'v1', 'leases')!;
/** How often the Lease is renewed, as the kubelet does. */
export const LEASE_RENEW_MS = 10_000;
/** How long a Lease stays valid without renewal. */
export const LEASE_DURATION_S = 40;

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

/** Renews the node's Lease until `signal` aborts; errors are retried on the next beat. */
export async function heartbeat(client: RestClient, name: string, signal: AbortSignal, log: (msg: string) => void): Promise<void> {
  while (!signal.aborted) {
    try {
      await renewLease(client, name);
    } catch (err) {
      log(`lease renewal failed: ${(err as Error).message}`);
    }
    await sleep(realClock, LEASE_RENEW_MS, signal).catch(() => undefined);
  }
}

/** How often host readings are checked; the status is written when a condition flips. */
export const NODE_STATUS_CHECK_MS = 10_000;
/** A status write at least this often even when nothing changed (the kubelet's nodeStatusReportFrequency). */
export const NODE_STATUS_REPORT_MS = 5 * 60_000;

/**
 * Keeps the Node's conditions current until `signal` aborts: reads the host every
 * 10 s and patches the status when a condition changes, and every 5 minutes.
 */
export async function reportNodeStatus(client: RestClient, names: string[], signal: AbortSignal, log: (msg: string) => void): Promise<void> {
  let previous: any[] = [];
  let lastWrite = 0;
  while (!signal.aborted) {
    await sleep(realClock, NODE_STATUS_CHECK_MS, signal);
    if (signal.aborted) return;
    const now = Date.now();
    const next = nodeConditions(readPressure(), previous, rfc3339(now));
    if (!conditionsChanged(previous, next) && now - lastWrite < NODE_STATUS_REPORT_MS) continue;
    try {
      for (const name of names) await client.patch(NODES, undefined, name, 'strategic', { status: { conditions: next } }, { subresource: 'status' });
      previous = next;
      lastWrite = now;
    } catch (err) {
      log(`node status update failed: ${(err as Error).message}`);
    }
  }
}

async function renewLease(client: RestClient, name: string): Promise<void> {
  const now = formatMicroTime(Date.now());
  try {
    const lease = await client.get<any>(LEASES, 'kube-node-lease', name);
    await client.update(LEASES, { ...lease, spec: { ...lease.spec, holderIdentity: name, leaseDurationSeconds: LEASE_DURATION_S, renewTime: now } });
  } catch (err) {
    if (!isNotFound(err)) throw err;
    await client.create(LEASES, 'kube-node-lease', {
      metadata: { name, namespace: 'kube-node-lease' },
      spec: { holderIdentity: name, leaseDurationSeconds: LEASE_DURATION_S, acquireTime: now, renewTime: now },
    } as never);
  }
}
