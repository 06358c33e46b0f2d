import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { computeSlices, computeSubsets, resolvePorts } from '../src/controllers/endpoints/plan.js';
import { eventually, namespace, RES, startControllerEnv, type ControllerEnv } from './helpers/controllers.js';
import { findResource } from '../src/api/resources.js';

const SERVICES = findResource('', 'v1', 'services')!;
const ENDPOINTS = findResource('', 'v1', 'endpoints')!;
const SLICES = findResource('discovery.k8s.io', 'v1', 'endpointslices')!;

function pod(name: string, ip: string, ready: boolean, portName = 'http', port = 8080, extra: any = {}) {
  return {
    metadata: { name, namespace: 'ns', uid: `u-${name}`, labels: { app: 'web' }, ...extra.metadata },
    spec: { nodeName: 'n1', containers: [{ name: 'c', ports: [{ name: portName, containerPort: port }] }] },
    status: { phase: 'Running', podIP: ip, conditions: [{ type: 'Ready', status: ready ? 'True' : 'False' }] },
  };
}
const svc = (extra: any = {}) => ({ metadata: { name: 'web', namespace: 'ns' }, spec: { selector: { app: 'web' }, ports: [{ name: 'http', port: 80, targetPort: 'http', protocol: 'TCP' }], ...extra } });

test('subsets: ready and not-ready addresses, grouped by resolved named port; terminating and unmatched pods left out', () => {
  const pods = [
    pod('a', '10.0.0.2', true), pod('b', '10.0.0.1', false), pod('c', '10.0.0.3', true, 'http', 9090),
    pod('d', '10.0.0.4', true, 'other'), pod('e', '10.0.0.5', true, 'http', 8080, { metadata: { deletionTimestamp: '2026-01-01T00:00:00Z' } }),
    { ...pod('f', '10.0.0.6', true), metadata: { name: 'f', namespace: 'ns', uid: 'u-f', labels: { app: 'db' } } },
  ];
  const subsets = computeSubsets(svc(), pods);
  assert.is(subsets.length, 2);
  const s8080 = subsets.find((s) => s.ports[0].port === 8080)!;
  assert.equal(s8080.addresses.map((a: any) => a.ip), ['10.0.0.2']);
  assert.equal(s8080.notReadyAddresses.map((a: any) => a.ip), ['10.0.0.1']);
  assert.equal(s8080.ports, [{ name: 'http', port: 8080, protocol: 'TCP' }]);
  assert.equal(s8080.addresses[0].targetRef, { kind: 'Pod', namespace: 'ns', name: 'a', uid: 'u-a' });
  assert.equal(subsets.find((s) => s.ports[0].port === 9090)!.addresses.map((a: any) => a.ip), ['10.0.0.3']);
  const all = computeSubsets(svc({ publishNotReadyAddresses: true }), pods);
  assert.equal(all.find((s) => s.ports[0].port === 8080)!.addresses.map((a: any) => a.ip), ['10.0.0.1', '10.0.0.2']);
  assert.is(resolvePorts(svc(), pods[3]), undefined);
});

test('slices: conditions per endpoint, terminating pods kept as terminating', () => {
  const slices = computeSlices(svc(), [pod('a', '10.0.0.2', true), pod('e', '10.0.0.5', true, 'http', 8080, { metadata: { deletionTimestamp: 'x' } }), pod('b', '10.0.0.1', false)]);
  assert.is(slices.length, 1);
  assert.equal(slices[0].endpoints.map((e) => [e.addresses[0], e.conditions]), [
    ['10.0.0.1', { ready: false, serving: false, terminating: false }],
    ['10.0.0.2', { ready: true, serving: true, terminating: false }],
    ['10.0.0.5', { ready: false, serving: true, terminating: true }],
  ]);
});

let env: ControllerEnv;
test('integration: Endpoints and EndpointSlices follow pods; deleting the Service removes them', async () => {
  env = await startControllerEnv({ becomesReady: (p) => p.metadata.name !== 'slow' });
  const { client } = env;
  await namespace(client, 'ep');
  const mk = (name: string, port: number) => client.create(RES.pods, 'ep', {
    metadata: { name, labels: { app: 'web' } }, spec: { containers: [{ name: 'c', image: 'x', ports: [{ name: 'http', containerPort: port }] }] },
  });
  await client.create(SERVICES, 'ep', { metadata: { name: 'web' }, spec: { selector: { app: 'web' }, ports: [{ name: 'http', port: 80, targetPort: 'http' }] } });
  await mk('a', 8080);
  await mk('b', 8080);
  await mk('slow', 8080);
  const ep = await eventually('endpoints', async () => {
    const e = await client.get<any>(ENDPOINTS, 'ep', 'web');
    return e.subsets?.[0]?.addresses?.length === 2 && e.subsets[0].notReadyAddresses?.length === 1 && e;
  });
  assert.equal(ep.subsets[0].ports, [{ name: 'http', port: 8080, protocol: 'TCP' }]);
  assert.equal(ep.subsets[0].notReadyAddresses[0].targetRef.name, 'slow');
  const slice = await eventually('slice', async () => {
    const s = (await client.list<any>(SLICES, 'ep', { labelSelector: 'kubernetes.io/service-name=web' })).items;
    return s.length === 1 && s[0].endpoints?.length === 3 && s[0];
  });
  assert.is(slice.addressType, 'IPv4');
  assert.is(slice.metadata.labels['endpointslice.kubernetes.io/managed-by'], 'endpointslice-controller.k8s.io');
  assert.is(slice.metadata.ownerReferences[0].kind, 'Service');
  await client.delete(RES.pods, 'ep', 'a', { gracePeriodSeconds: 0 });
  await eventually('a removed', async () => (await client.get<any>(ENDPOINTS, 'ep', 'web')).subsets[0].addresses.length === 1);
  await client.delete(SERVICES, 'ep', 'web');
  await eventually('endpoints and slices removed', async () => {
    const slices = (await client.list<any>(SLICES, 'ep')).items.length;
    const eps = (await client.list<any>(ENDPOINTS, 'ep')).items.length;
    return slices === 0 && eps === 0;
  });
});

test.after(async () => { await env?.stop(); });
test.run();
