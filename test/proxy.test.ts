import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { createServer, type Server, request } from 'node:http';
import { createSocket } from 'node:dgram';
import { startTestCluster, type TestCluster } from './helpers/cluster.js';
import { call } from './helpers/http.js';
import { freePort } from '../src/util/redis-server.js';
import { RestClient } from '../src/client/index.js';
import { ServiceProxy } from '../node-agent/proxy/proxy.js';
import { wasmBuilder } from '../node-agent/proxy/maglev-wasm.js';
import { buildTableReference, tableSizeFor } from '../node-agent/proxy/maglev-reference.js';
import { buildFrontends } from '../node-agent/proxy/service-map.js';
import { readHostFacts } from '../node-agent/host-facts.js';

let c: TestCluster;
let proxy: ServiceProxy;
const backends: Server[] = [];
let port = 0;
const IPS = ['127.0.1.1', '127.0.1.2', '127.0.1.3'];

const get = (host: string, p: number): Promise<string> => new Promise((resolve, reject) => {
  const req = request({ host, port: p, path: '/', agent: false, timeout: 3000 }, (res) => {
    let body = '';
    res.on('data', (d) => { body += d; });
    res.on('end', () => resolve(body));
  });
  req.on('error', reject);
  req.on('timeout', () => req.destroy(new Error('timeout')));
  req.end();
});
const slice = (ready: boolean[]) => ({
  apiVersion: 'discovery.k8s.io/v1', kind: 'EndpointSlice',
  metadata: { name: 'web-abc', labels: { 'kubernetes.io/service-name': 'web' } },
  addressType: 'IPv4', ports: [{ name: 'http', port, protocol: 'TCP' }],
  endpoints: IPS.map((ip, i) => ({ addresses: [ip], conditions: { ready: ready[i] } })),
});
async function until(what: string, check: () => boolean | Promise<boolean>, ms = 5000): Promise<void> {
  const end = Date.now() + ms;
  while (!(await check())) {
    if (Date.now() > end) throw new Error(`timed out: ${what}`);
    await new Promise((r) => setTimeout(r, 20));
  }
}
const backendsOf = () => proxy.frontends().find((f) => f.service === 'default/web')?.backends.map((b) => b.ip) ?? [];
async function spread(ip: string, p: number, n = 30): Promise<Map<string, number>> {
  const seen = new Map<string, number>();
  for (let i = 0; i < n; i++) {
    const who = await get(ip, p);
    seen.set(who, (seen.get(who) ?? 0) + 1);
  }
  return seen;
}

test.before(async () => {
  c = await startTestCluster({ serviceClusterIPRange: '127.96.0.0/16', serviceNodePortRange: [31000, 31999] });
  port = await freePort();
  for (const ip of IPS) {
    const s = createServer((_req, res) => res.end(ip));
    await new Promise<void>((r) => s.listen(port, ip, r));
    backends.push(s);
  }
  proxy = new ServiceProxy({ client: new RestClient({ server: c.url }), builder: await wasmBuilder() });
  await proxy.start();
});
test.after(async () => {
  await proxy.stop();
  for (const s of backends) s.close();
  await c.stop();
});

test('Maglev reference: balanced table, prime size, little disruption when a backend leaves', () => {
  assert.is(tableSizeFor(3), 65537);
  assert.is(tableSizeFor(1000), 100003);
  const keys = Array.from({ length: 10 }, (_, i) => `10.0.0.${i}:80`);
  const t = buildTableReference(keys, 65537);
  const counts = new Array(10).fill(0);
  for (const e of t) counts[e]++;
  assert.ok(Math.max(...counts) - Math.min(...counts) <= 1, String(counts));
  const fewer = buildTableReference(keys.filter((_, i) => i !== 4), 65537);
  let kept = 0;
  let others = 0;
  for (let i = 0; i < t.length; i++) {
    if (t[i] === 4) continue;
    others++;
    if (keys[t[i]] === keys.filter((_, j) => j !== 4)[fewer[i]]) kept++;
  }
  assert.ok(kept / others > 0.9, `only ${(100 * kept / others).toFixed(1)}% of entries stayed`);
});

test('service map: only ready endpoints, named ports, no headless or ExternalName frontends', () => {
  const svc = (name: string, spec: any) => ({ metadata: { namespace: 'n', name }, spec });
  const f = buildFrontends(
    [svc('a', { clusterIP: '127.96.0.9', ports: [{ name: 'http', port: 80, protocol: 'TCP' }] }), svc('h', { clusterIP: 'None', ports: [{ port: 80 }] }), svc('x', { type: 'ExternalName' })],
    [{ metadata: { namespace: 'n', name: 'a-1', labels: { 'kubernetes.io/service-name': 'a' } }, addressType: 'IPv4', ports: [{ name: 'http', port: 8080, protocol: 'TCP' }, { name: 'other', port: 9090 }],
      endpoints: [{ addresses: ['1.1.1.1'], conditions: { ready: true } }, { addresses: ['2.2.2.2'], conditions: { ready: false } }, { addresses: ['3.3.3.3'] }] }],
  );
  assert.equal(f.map((x) => x.id), ['n/a:80/TCP']);
  assert.equal(f[0].backends.map((b) => b.key), ['1.1.1.1:8080', '3.3.3.3:8080']);
});

test('ClusterIP:port reaches all three backends; one client keeps its backend with ClientIP affinity', async () => {
  const s = await call(c.url, 'POST', '/api/v1/namespaces/default/services', { metadata: { name: 'web' }, spec: { selector: { app: 'web' }, ports: [{ name: 'http', port: 80, targetPort: 'http' }] } });
  assert.is(s.status, 201);
  const ip = s.json.spec.clusterIP;
  assert.ok(ip.startsWith('127.96.'), ip);
  assert.is((await call(c.url, 'POST', '/apis/discovery.k8s.io/v1/namespaces/default/endpointslices', slice([true, true, true]))).status, 201);
  await until('proxy has 3 backends', () => backendsOf().length === 3);
  const seen = await spread(ip, 80, 40);
  assert.equal([...seen.keys()].sort(), IPS, `spread: ${JSON.stringify([...seen])}`);
  await call(c.url, 'PATCH', '/api/v1/namespaces/default/services/web', { spec: { sessionAffinity: 'ClientIP' } }, { 'Content-Type': 'application/merge-patch+json' });
  await until('affinity applied', () => proxy.frontends().some((f) => f.service === 'default/web' && f.affinityTimeoutSeconds !== undefined));
  assert.is((await spread(ip, 80, 20)).size, 1, 'one client, one backend');
  await call(c.url, 'PATCH', '/api/v1/namespaces/default/services/web', { spec: { sessionAffinity: 'None' } }, { 'Content-Type': 'application/merge-patch+json' });
  await until('affinity removed', () => proxy.frontends().some((f) => f.service === 'default/web' && f.affinityTimeoutSeconds === undefined));
});

test('a not-ready endpoint gets no new connections; a refusing backend is skipped by retry', async () => {
  const ip = (await call(c.url, 'GET', '/api/v1/namespaces/default/services/web')).json.spec.clusterIP;
  const cur = (await call(c.url, 'GET', '/apis/discovery.k8s.io/v1/namespaces/default/endpointslices/web-abc')).json;
  await call(c.url, 'PUT', '/apis/discovery.k8s.io/v1/namespaces/default/endpointslices/web-abc', { ...slice([true, false, true]), metadata: cur.metadata });
  await until('proxy drops the not-ready backend', () => backendsOf().length === 2);
  const seen = await spread(ip, 80, 30);
  assert.ok(!seen.has(IPS[1]), JSON.stringify([...seen]));
  assert.is(seen.size, 2);
  backends[0].close();
  await new Promise((r) => setTimeout(r, 50));
  const after = await spread(ip, 80, 20);
  assert.equal([...after.keys()], [IPS[2]], 'every request still answered, by the live backend');
  const errors = await proxy.metrics.backendErrors.get();
  assert.ok(errors.values.reduce((a, v) => a + v.value, 0) > 0, 'refusals were counted');
});

test('NodePort forwards on loopback and the node address', async () => {
  const r = await call(c.url, 'PATCH', '/api/v1/namespaces/default/services/web', { spec: { type: 'NodePort' } }, { 'Content-Type': 'application/merge-patch+json' });
  assert.is(r.status, 200, r.text);
  const nodePort = r.json.spec.ports[0].nodePort;
  assert.ok(nodePort >= 31000 && nodePort <= 31999);
  await until('NodePort served', () => proxy.frontends().some((f) => f.nodePort === nodePort));
  assert.is(await get('127.0.0.1', nodePort), IPS[2]);
  const hostIP = readHostFacts().internalIP;
  assert.is(await get(hostIP, nodePort), IPS[2], `NodePort answers on the host's InternalIP ${hostIP} too`);
});

test('LoadBalancer: node addresses become ingress, and the service port is served on them', async () => {
  await call(c.url, 'POST', '/api/v1/nodes', { metadata: { name: 'lb-node' }, status: { addresses: [{ type: 'InternalIP', address: '192.0.2.10' }], conditions: [{ type: 'Ready', status: 'True' }] } });
  const lbPort = await freePort();
  const r = await call(c.url, 'POST', '/api/v1/namespaces/default/services', { metadata: { name: 'lb' }, spec: { type: 'LoadBalancer', ports: [{ name: 'http', port: lbPort, targetPort: 'http' }] } });
  assert.is(r.status, 201, r.text);
  await call(c.url, 'POST', '/apis/discovery.k8s.io/v1/namespaces/default/endpointslices', {
    metadata: { name: 'lb-1', labels: { 'kubernetes.io/service-name': 'lb' } }, addressType: 'IPv4',
    ports: [{ name: 'http', port, protocol: 'TCP' }], endpoints: [{ addresses: [IPS[2]], conditions: { ready: true } }],
  });
  await until('ingress published', async () => {
    const s = (await call(c.url, 'GET', '/api/v1/namespaces/default/services/lb')).json;
    return JSON.stringify(s.status?.loadBalancer?.ingress) === JSON.stringify([{ ip: '192.0.2.10' }]);
  });
  await until('LB port served', () => proxy.frontends().some((f) => f.loadBalancerPort === lbPort && f.backends.length === 1));
  assert.is(await get('127.0.0.1', lbPort), IPS[2]);
  assert.is(await get(readHostFacts().internalIP, lbPort), IPS[2], 'the LoadBalancer port answers on the node address it advertises as ingress');
});

test('UDP services forward datagrams and replies', async () => {
  const udpPort = await freePort();
  const echo = createSocket('udp4');
  echo.on('message', (m, r) => echo.send(Buffer.concat([Buffer.from('echo:'), m]), r.port, r.address));
  await new Promise<void>((r) => echo.bind(udpPort, '127.0.1.9', r));
  const s = await call(c.url, 'POST', '/api/v1/namespaces/default/services', { metadata: { name: 'dns' }, spec: { ports: [{ name: 'dns', port: 53, protocol: 'UDP' }] } });
  await call(c.url, 'POST', '/apis/discovery.k8s.io/v1/namespaces/default/endpointslices', {
    metadata: { name: 'dns-1', labels: { 'kubernetes.io/service-name': 'dns' } }, addressType: 'IPv4',
    ports: [{ name: 'dns', port: udpPort, protocol: 'UDP' }], endpoints: [{ addresses: ['127.0.1.9'], conditions: { ready: true } }],
  });
  await until('UDP frontend', () => proxy.frontends().some((f) => f.service === 'default/dns' && f.backends.length === 1));
  const client = createSocket('udp4');
  const reply = new Promise<string>((resolve) => client.once('message', (m) => resolve(m.toString())));
  client.send('hello', 53, s.json.spec.clusterIP);
  assert.is(await reply, 'echo:hello');
  client.close();
  echo.close();
});

test('a UDP session whose backend stops being ready moves to a ready one on its next datagram', async () => {
  const udpPort = await freePort();
  const ips = ['127.0.1.11', '127.0.1.12'];
  const servers = await Promise.all(ips.map(async (ip) => {
    const sock = createSocket('udp4');
    sock.on('message', (_m, r) => sock.send(ip, r.port, r.address));
    await new Promise<void>((r) => sock.bind(udpPort, ip, r));
    return sock;
  }));
  const s = await call(c.url, 'POST', '/api/v1/namespaces/default/services', { metadata: { name: 'dns2' }, spec: { ports: [{ name: 'dns', port: 53, protocol: 'UDP' }] } });
  const slice2 = (ready: boolean[]) => ({
    metadata: { name: 'dns2-1', labels: { 'kubernetes.io/service-name': 'dns2' } }, addressType: 'IPv4',
    ports: [{ name: 'dns', port: udpPort, protocol: 'UDP' }], endpoints: ips.map((ip, i) => ({ addresses: [ip], conditions: { ready: ready[i] } })),
  });
  await call(c.url, 'POST', '/apis/discovery.k8s.io/v1/namespaces/default/endpointslices', slice2([true, true]));
  await until('UDP frontend with 2 backends', () => proxy.frontends().some((f) => f.service === 'default/dns2' && f.backends.length === 2));
  const client = createSocket('udp4');
  const ask = () => new Promise<string>((resolve) => { client.once('message', (m) => resolve(m.toString())); client.send('q', 53, s.json.spec.clusterIP); });
  const first = await ask();
  assert.is(await ask(), first, 'one session keeps its backend');
  const r = await call(c.url, 'PUT', '/apis/discovery.k8s.io/v1/namespaces/default/endpointslices/dns2-1', { ...slice2(ips.map((ip) => ip !== first)), apiVersion: 'discovery.k8s.io/v1', kind: 'EndpointSlice' });
  assert.is(r.status, 200, r.text);
  await until('backend left the table', () => proxy.frontends().some((f) => f.service === 'default/dns2' && f.backends.length === 1));
  const after = await ask();
  assert.is.not(after, first, 'the next datagram goes to the ready backend');
  assert.ok(ips.includes(after));
  client.close();
  for (const sock of servers) sock.close();
});

test.run();
