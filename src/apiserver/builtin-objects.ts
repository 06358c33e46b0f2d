/**
 * Objects every cluster has from the start: the built-in namespaces, and the
 * `kubernetes` Service in `default` (first address of the Service range, port 443)
 * whose Endpoints and EndpointSlice point at this apiserver, so pods (through the
 * service proxy, which reads EndpointSlices) find the API as in Kubernetes.
 */
import { ApiError } from '../api/errors.js';
import { findResource } from '../api/resources.js';
import type { ObjectService } from './registry/object-service.js';

/** Namespaces that exist from the start, as in every Kubernetes cluster. */
export const BUILTIN_NAMESPACES = ['default', 'kube-system', 'kube-public', 'kube-node-lease'];

const NAMESPACES = findResource('', 'v1', 'namespaces')!;
const SERVICES = findResource('', 'v1', 'services')!;
const ENDPOINTS = findResource('', 'v1', 'endpoints')!;
const ENDPOINT_SLICES = findResource('discovery.k8s.io', 'v1', 'endpointslices')!;
const WRITE = { dryRun: false, fieldValidation: 'Strict' as const };

async function createIfMissing(run: () => Promise<unknown>): Promise<void> {
  try {
    await run();
  } catch (err) {
    if (!(err instanceof ApiError) || err.reason !== 'AlreadyExists') throw err;
  }
}

/** Creates the built-in namespaces when missing (idempotent). */
export async function ensureBuiltinNamespaces(objects: ObjectService): Promise<void> {
  for (const name of BUILTIN_NAMESPACES) await createIfMissing(() => objects.create(NAMESPACES, '', { metadata: { name } }, WRITE));
}

/** Creates the `kubernetes` Service and points its Endpoints and EndpointSlice at `host:port` (updating them when the address changed). */
export async function ensureApiserverService(objects: ObjectService, host: string, port: number): Promise<void> {
  const labels = { component: 'apiserver', provider: 'kubernetes' };
  await createIfMissing(() => objects.create(SERVICES, 'default', {
    metadata: { name: 'kubernetes', labels },
    spec: { type: 'ClusterIP', clusterIP: objects.services.apiserverServiceIP, ports: [{ name: 'https', port: 443, protocol: 'TCP', targetPort: port }], sessionAffinity: 'None' },
  }, WRITE));
  const subsets = [{ addresses: [{ ip: host }], ports: [{ name: 'https', port, protocol: 'TCP' }] }];
  await upsert(ENDPOINTS, { metadata: { name: 'kubernetes', labels: { 'endpointslice.kubernetes.io/skip-mirror': 'true' } }, subsets }, { subsets });
  const slice = {
    addressType: host.includes(':') ? 'IPv6' : 'IPv4',
    endpoints: [{ addresses: [host], conditions: { ready: true, serving: true, terminating: false } }],
    ports: [{ name: 'https', port, protocol: 'TCP' }],
  };
  await upsert(ENDPOINT_SLICES, { metadata: { name: 'kubernetes', labels: { 'kubernetes.io/service-name': 'kubernetes' } }, ...slice }, slice);

  /** Creates the object in `default`, or sets `fields` on the existing one. */
  async function upsert(info: typeof ENDPOINTS, obj: Record<string, any>, fields: Record<string, unknown>): Promise<void> {
    try {
      await objects.create(info, 'default', obj, WRITE);
    } catch (err) {
      if (!(err instanceof ApiError) || err.reason !== 'AlreadyExists') throw err;
      await objects.update(info, 'default', obj.metadata.name, (cur) => ({ ...cur, ...fields }), WRITE);
    }
  }
}
