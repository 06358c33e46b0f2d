import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { startTestCluster, type TestCluster } from './helpers/cluster.js';
import { call } from './helpers/http.js';
import { ipToInt, parseCidr, claimsOf } from '../src/apiserver/registry/service-allocation.js';

let c: TestCluster;
let tiny: TestCluster;
const svc = (name: string, spec: Record<string, unknown> = {}) => ({ metadata: { name }, spec: { selector: { app: name }, ports: [{ port: 80 }], ...spec } });
const post = (cl: TestCluster, body: unknown) => call(cl.url, 'POST', '/api/v1/namespaces/default/services', body);

test.before(async () => {
  c = await startTestCluster({ serviceClusterIPRange: '10.96.0.0/16', serviceNodePortRange: [30000, 30009] });
  tiny = await startTestCluster({ serviceClusterIPRange: '10.100.0.0/29' });
});
test.after(async () => { await c.stop(); await tiny.stop(); });

test('CIDR helpers and claims', () => {
  assert.equal(parseCidr('10.96.3.7/16'), { cidr: '10.96.3.7/16', first: ipToInt('10.96.0.0'), size: 65536 });
  assert.equal(claimsOf({ kind: 'Service', spec: { clusterIP: '10.96.0.5', clusterIPs: ['10.96.0.5'], ports: [{ port: 80, protocol: 'UDP', nodePort: 30001 }] } }), ['ip/10.96.0.5', 'nodeport/UDP/30001']);
  assert.equal(claimsOf({ kind: 'Service', spec: { clusterIP: 'None' } }), []);
  assert.equal(claimsOf({ kind: 'ConfigMap' }), []);
});

test('the kubernetes Service has the first address and Endpoints pointing at the apiserver', async () => {
  const s = (await call(c.url, 'GET', '/api/v1/namespaces/default/services/kubernetes')).json;
  assert.is(s.spec.clusterIP, '10.96.0.1');
  assert.is(s.spec.ports[0].port, 443);
  const ep = (await call(c.url, 'GET', '/api/v1/namespaces/default/endpoints/kubernetes')).json;
  assert.is(ep.subsets[0].addresses[0].ip, '127.0.0.1');
  assert.is(ep.subsets[0].ports[0].port, c.apiserver.port);
  const slice = (await call(c.url, 'GET', '/apis/discovery.k8s.io/v1/namespaces/default/endpointslices/kubernetes')).json;
  assert.is(slice.metadata.labels['kubernetes.io/service-name'], 'kubernetes');
  assert.equal(slice.endpoints.map((e: any) => [e.addresses, e.conditions.ready]), [[['127.0.0.1'], true]]);
  assert.equal(slice.ports, [{ name: 'https', port: c.apiserver.port, protocol: 'TCP' }]);
});

test('concurrent creates get distinct ClusterIPs from the range', async () => {
  const rs = await Promise.all(Array.from({ length: 40 }, (_, i) => post(c, svc(`s${i}`))));
  assert.ok(rs.every((r) => r.status === 201), rs.map((r) => r.status).join(','));
  const ips = rs.map((r) => r.json.spec.clusterIP);
  assert.is(new Set(ips).size, 40);
  for (const ip of ips) assert.ok(ipToInt(ip) > ipToInt('10.96.0.1') && ipToInt(ip) < ipToInt('10.96.255.255'), ip);
  assert.equal(rs[0].json.spec.clusterIPs, [rs[0].json.spec.clusterIP]);
});

test('a requested ClusterIP is honoured, refused when taken or out of range, and freed on delete', async () => {
  const a = await post(c, svc('want', { clusterIP: '10.96.7.7' }));
  assert.is(a.status, 201);
  assert.is(a.json.spec.clusterIP, '10.96.7.7');
  const dup = await post(c, svc('dup', { clusterIP: '10.96.7.7' }));
  assert.is(dup.status, 422);
  assert.match(dup.json.message, /already allocated/);
  const out = await post(c, svc('out', { clusterIP: '192.168.1.1' }));
  assert.is(out.status, 422);
  assert.match(out.json.message, /not in the valid range/);
  assert.is((await call(c.url, 'DELETE', '/api/v1/namespaces/default/services/want')).status, 200);
  assert.is((await post(c, svc('again', { clusterIP: '10.96.7.7' }))).status, 201);
});

test('headless and ExternalName services get no ClusterIP', async () => {
  const h = await post(c, svc('headless', { clusterIP: 'None' }));
  assert.is(h.status, 201);
  assert.is(h.json.spec.clusterIP, 'None');
  const e = await post(c, { metadata: { name: 'ext' }, spec: { type: 'ExternalName', externalName: 'example.com' } });
  assert.is(e.status, 201, e.text);
  assert.is(e.json.spec.clusterIP, undefined);
});

test('NodePorts: allocated in range, requested ones checked, kept on update, ClusterIP immutable', async () => {
  const n = await post(c, svc('np', { type: 'NodePort', ports: [{ port: 80, name: 'http' }, { port: 443, name: 'https' }] }));
  assert.is(n.status, 201, n.text);
  const ports = n.json.spec.ports.map((p: any) => p.nodePort);
  assert.ok(ports.every((p: number) => p >= 30000 && p <= 30009) && ports[0] !== ports[1], String(ports));
  const clash = await post(c, svc('np2', { type: 'NodePort', ports: [{ port: 80, nodePort: ports[0] }] }));
  assert.is(clash.status, 422);
  const put = { ...n.json, spec: { ...n.json.spec, clusterIP: undefined, clusterIPs: undefined, ports: n.json.spec.ports.map((p: any) => ({ ...p, nodePort: undefined })) } };
  const kept = await call(c.url, 'PUT', '/api/v1/namespaces/default/services/np', put);
  assert.is(kept.status, 200, kept.text);
  assert.is(kept.json.spec.clusterIP, n.json.spec.clusterIP);
  assert.equal(kept.json.spec.ports.map((p: any) => p.nodePort), ports);
  const moved = await call(c.url, 'PATCH', '/api/v1/namespaces/default/services/np', { spec: { clusterIP: '10.96.9.9', clusterIPs: ['10.96.9.9'] } }, { 'Content-Type': 'application/merge-patch+json' });
  assert.is(moved.status, 422);
  const toCluster = await call(c.url, 'PATCH', '/api/v1/namespaces/default/services/np', { spec: { type: 'ClusterIP' } }, { 'Content-Type': 'application/merge-patch+json' });
  assert.is(toCluster.status, 200, toCluster.text);
  assert.ok(toCluster.json.spec.ports.every((p: any) => p.nodePort === undefined));
  const reuse = await post(c, svc('np3', { type: 'NodePort', ports: [{ port: 80, nodePort: ports[0] }] }));
  assert.is(reuse.status, 201, 'the released NodePort can be taken again');
});

test('a full range answers 422 and frees addresses on delete', async () => {
  const made: string[] = [];
  for (let i = 0; i < 5; i++) {
    const r = await post(tiny, svc(`t${i}`));
    assert.is(r.status, 201, r.text);
    made.push(r.json.spec.clusterIP);
  }
  assert.is(new Set(made).size, 5);
  const full = await post(tiny, svc('t5'));
  assert.is(full.status, 422);
  assert.match(full.json.message, /range is full/);
  await call(tiny.url, 'DELETE', '/api/v1/namespaces/default/services/t2');
  const r = await post(tiny, svc('t6'));
  assert.is(r.status, 201);
  assert.is(r.json.spec.clusterIP, made[2]);
});

test.run();
