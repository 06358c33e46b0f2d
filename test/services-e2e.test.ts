/**
 * Services end to end, as the acceptance asks: a Deployment of 3 HTTP
 * servers (process runtime, pods in network namespaces of their own) behind a
 * NodePort Service, with the controller-manager and scheduler as processes and the
 * service proxy putting ClusterIPs on a dummy interface of its own. Requests to
 * ClusterIP:port from the host and from inside another pod reach all 3; ClientIP
 * affinity keeps a client on one backend; a pod failing readiness gets no new
 * connections; NodePort works; scaling changes the spread. Linux as root only;
 * unique pod CIDR, Service range and interface name, all removed afterwards.
 */
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { spawn, type ChildProcess } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { request } from 'node:http';
import { get as httpsGet } from 'node:https';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { execa } from 'execa';
import { findResource } from '../src/api/resources.js';
import { RestClient } from '../src/client/index.js';
import { startAgent, type RunningAgent } from '../node-agent/main.js';
import { PodNetworks } from '../node-agent/runtime/netns.js';
import { ServiceProxy } from '../node-agent/proxy/proxy.js';
import { wasmBuilder } from '../node-agent/proxy/maglev-wasm.js';
import { ServiceAddresses, parseAddrShow, planAddresses, validInterfaceName } from '../node-agent/proxy/service-addresses.js';
import { defaultServiceCidr } from '../src/cli/commands/up.js';
import { startTestCluster, type TestCluster } from './helpers/cluster.js';
import { rkUp } from './helpers/rk-up.js';
import { waitFor } from './agent-fixture.js';

const capable = process.platform === 'linux' && process.getuid?.() === 0 && existsSync('/usr/sbin/ip');
const cli = fileURLToPath(new URL('../src/cli/main.js', import.meta.url));
const tag = Math.random().toString(16).slice(2, 6);
const SERVICE_RANGE = `10.96.${1 + Math.floor(Math.random() * 250)}.0/24`;
const POD_CIDR = `10.244.${2 + Math.floor(Math.random() * 97)}.0/24`;
const IFACE = `rksvc-e2e-${tag}`;
const R = {
  pods: findResource('', 'v1', 'pods')!,
  services: findResource('', 'v1', 'services')!,
  deployments: findResource('apps', 'v1', 'deployments')!,
  nodes: findResource('', 'v1', 'nodes')!,
};

let cluster: TestCluster | undefined;
let client: RestClient;
let agent: RunningAgent | undefined;
let proxy: ServiceProxy | undefined;
let stateDir = '';
let dir = '';
const children: ChildProcess[] = [];
let clusterIP = '';
let nodePort = 0;

/** One HTTP GET on a new connection (so each request is hashed afresh); resolves to the body (the pod name). */
const get = (host: string, port: number): Promise<string> => new Promise((resolve, reject) => {
  const req = request({ host, port, path: '/', agent: false, timeout: 5000 }, (res) => {
    let body = '';
    res.on('data', (d) => { body += d; });
    res.on('end', () => resolve(body));
  });
  req.on('error', reject);
  req.on('timeout', () => req.destroy(new Error('timeout')));
  req.end();
});
async function spread(host: string, port: number, n: number): Promise<Map<string, number>> {
  const seen = new Map<string, number>();
  for (let i = 0; i < n; i++) {
    const who = await get(host, port);
    seen.set(who, (seen.get(who) ?? 0) + 1);
  }
  return seen;
}
/** The same requests made from inside a pod's network namespace, by a node one-liner there. */
async function spreadFromPod(netns: string, host: string, port: number, n: number): Promise<Map<string, number>> {
  const script = `const h=require('http');const seen={};let left=${n};const one=()=>h.get({host:'${host}',port:${port},agent:false},(r)=>{let b='';r.on('data',d=>b+=d);r.on('end',()=>{seen[b]=(seen[b]||0)+1;if(--left)one();else console.log(JSON.stringify(seen));});}).on('error',(e)=>{console.error(e.message);process.exit(1);});one();`;
  const r = await execa('ip', ['netns', 'exec', netns, process.execPath, '-e', script], { reject: false, timeout: 30_000 });
  if (r.exitCode !== 0) throw new Error(`request from pod failed: ${r.stderr}`);
  return new Map(Object.entries(JSON.parse(String(r.stdout))));
}
const ready = (p: any) => p?.status?.conditions?.some((x: any) => x.type === 'Ready' && x.status === 'True');
async function readyPods(): Promise<any[]> {
  const list: any = await client.list(R.pods, 'default', { labelSelector: 'app=web' });
  return list.items.filter((p: any) => !p.metadata.deletionTimestamp && ready(p));
}
const backendCount = () => proxy?.frontends().find((f) => f.service === 'default/web')?.backends.length ?? -1;
const names = (m: Map<string, number>) => [...m.keys()].sort();

test.before(async () => {
  if (!capable) return;
  dir = mkdtempSync(join(tmpdir(), 'rk-svc-e2e-'));
  cluster = await startTestCluster({ serviceClusterIPRange: SERVICE_RANGE, serviceNodePortRange: [32100, 32700] });
  client = new RestClient({ server: cluster.url });
  stateDir = join(dir, 'agent');
  agent = await startAgent({
    client, nodeNames: ['svc-node'], runtime: 'process', stateDir, nodeIP: '127.0.0.1',
    backoff: { initialMs: 200, maxMs: 1600, resetAfterMs: 60_000 }, shutdownGraceMs: 500, log: () => {}, podCidr: POD_CIDR,
  });
  for (const component of ['controller-manager', 'scheduler']) {
    children.push(spawn(process.execPath, [cli, component, '--server', cluster.url], { stdio: 'ignore' }));
  }
  proxy = new ServiceProxy({ client, builder: await wasmBuilder(), serviceInterface: IFACE });
  await proxy.start();
});

test.after(async () => {
  for (const c of children) if (c.exitCode === null) c.kill('SIGTERM');
  await proxy?.stop().catch(() => {});
  const leftover = agent ? new PodNetworks(POD_CIDR, stateDir).attachedUids().map((uid) => PodNetworks.netnsOf(uid)) : [];
  await agent?.stop();
  for (const ns of leftover) await execa('ip', ['netns', 'del', ns], { reject: false });
  if (capable) {
    await execa('ip', ['link', 'del', new PodNetworks(POD_CIDR, dir).bridge], { reject: false });
    await execa('ip', ['link', 'del', IFACE], { reject: false });
  }
  client?.close();
  await cluster?.stop();
  if (dir) rmSync(dir, { recursive: true, force: true });
});

test('address plans, ip output parsing and interface names', () => {
  assert.equal(planAddresses(['10.96.0.1', '10.96.0.2'], ['10.96.0.2', '10.96.0.3']), { add: ['10.96.0.3'], remove: ['10.96.0.1'] });
  assert.equal(planAddresses([], []), { add: [], remove: [] });
  assert.equal(parseAddrShow('7: rk-svc0    inet 10.96.0.1/32 scope global rk-svc0\\       valid_lft forever\n7: rk-svc0    inet 10.96.0.10/32 scope global rk-svc0'), ['10.96.0.1', '10.96.0.10']);
  assert.ok(validInterfaceName('rk-svc0'));
  assert.not.ok(validInterfaceName('a-name-longer-than-15'));
  assert.not.ok(validInterfaceName('bad name'));
  assert.throws(() => new ServiceAddresses('x/y'), /invalid interface name/);
  assert.is(defaultServiceCidr(true), '10.96.0.0/16');
  assert.is(defaultServiceCidr(false), '127.96.0.0/16');
});

test('rk up with a non-loopback Service range: the proxy puts the kubernetes ClusterIP on the interface and removes it on stop', async () => {
  if (!capable) return console.log('  (needs Linux and root: skipped)');
  const name = `rksvc-up-${tag}`;
  const range = `10.96.${1 + Math.floor(Math.random() * 250)}.0/24`;
  const first = `${range.split('.').slice(0, 3).join('.')}.1`;
  const up = await rkUp(['--service-cidr', range, '--service-interface', name]);
  let leftBehind = true;
  try {
    const svc = await up.kubectl(['get', 'service', 'kubernetes', '-o', 'jsonpath={.spec.clusterIP}']);
    assert.is(svc.stdout, first);
    await waitFor('ClusterIP on the interface', async () => (await execa('ip', ['-o', '-4', 'addr', 'show', 'dev', name], { reject: false })).stdout.includes(`inet ${first}/32`), 20_000);
    assert.match(up.output(), `Service ClusterIPs from ${range} on dummy interface ${name}`);
    const ca = readFileSync(join(up.dir, 'pki', 'ca.crt'), 'utf8');
    const token = readFileSync(join(up.dir, 'token'), 'utf8').trim();
    const version = await waitFor('the apiserver through its ClusterIP, verified against the cluster CA', () => new Promise<any>((resolve) => {
      const req = httpsGet({ host: first, port: 443, path: '/version', ca, headers: { authorization: `Bearer ${token}` }, timeout: 2000 }, (res) => {
        let body = '';
        res.on('data', (d) => { body += d; });
        res.on('end', () => resolve(res.statusCode === 200 && JSON.parse(body)));
      });
      req.on('error', () => resolve(false));
      req.on('timeout', () => { req.destroy(); resolve(false); });
    }), 20_000);
    assert.is(version.major, '1');
  } finally {
    await up.stop();
    leftBehind = existsSync(`/sys/class/net/${name}`);
    await execa('ip', ['link', 'del', name], { reject: false });
  }
  assert.not.ok(leftBehind, 'the interface is gone once rk up stopped');
});

test('the dummy interface manager is idempotent and removes what it added', async () => {
  if (!capable) return console.log('  (needs Linux and root: skipped)');
  const name = `rksvc-t-${tag}`;
  const base = SERVICE_RANGE.split('.').slice(0, 3).join('.');
  try {
    const a = new ServiceAddresses(name);
    await a.setup();
    await a.setup();
    await a.ensure([`${base}.201`, `${base}.202`]);
    await a.ensure([`${base}.201`, `${base}.202`]);
    const shown = async () => parseAddrShow(String((await execa('ip', ['-o', '-4', 'addr', 'show', 'dev', name])).stdout)).sort();
    assert.equal(await shown(), [`${base}.201`, `${base}.202`]);
    const adopted = new ServiceAddresses(name);
    await adopted.setup();
    assert.equal(adopted.addresses(), [`${base}.201`, `${base}.202`], 'a restarted proxy adopts the addresses left behind');
    await adopted.prune([`${base}.202`]);
    assert.equal(await shown(), [`${base}.202`]);
    await adopted.teardown();
    assert.not.ok(existsSync(`/sys/class/net/${name}`));
  } finally {
    await execa('ip', ['link', 'del', name], { reject: false });
  }
});

test('a Deployment of 3 behind a Service: ClusterIP from the host reaches all 3, NodePort works', async () => {
  if (!capable) return console.log('  (needs Linux and root: skipped)');
  const server = `const h=require('http'),fs=require('fs');h.createServer((q,s)=>{if(q.url==='/healthz'){s.statusCode=fs.existsSync('${dir}/unready-'+process.env.HOSTNAME)?500:200;return s.end();}s.end(process.env.HOSTNAME);}).listen(8080,'0.0.0.0')`;
  await client.create(R.deployments, 'default', {
    metadata: { name: 'web' },
    spec: {
      replicas: 3, selector: { matchLabels: { app: 'web' } },
      template: {
        metadata: { labels: { app: 'web' } },
        spec: {
          terminationGracePeriodSeconds: 1,
          containers: [{ name: 'srv', image: 'node', command: ['node', '-e', server], ports: [{ name: 'http', containerPort: 8080 }], readinessProbe: { httpGet: { path: '/healthz', port: 8080 }, periodSeconds: 1, failureThreshold: 1 } }],
        },
      },
    },
  } as never);
  const svc: any = await client.create(R.services, 'default', { metadata: { name: 'web' }, spec: { type: 'NodePort', selector: { app: 'web' }, ports: [{ name: 'http', port: 80, targetPort: 'http' }] } } as never);
  clusterIP = svc.spec.clusterIP;
  nodePort = svc.spec.ports[0].nodePort;
  assert.ok(clusterIP.startsWith(SERVICE_RANGE.split('.').slice(0, 3).join('.')), clusterIP);
  const pods = await waitFor('3 ready pods', async () => { const p = await readyPods(); return p.length === 3 ? p : undefined; }, 60_000);
  for (const p of pods) assert.ok(p.status.podIP.startsWith(POD_CIDR.split('.').slice(0, 3).join('.')), p.status.podIP);
  await waitFor('proxy has 3 backends', () => backendCount() === 3, 15_000);
  assert.ok(proxy!.serviceAddresses().includes(clusterIP), 'the ClusterIP is on the dummy interface');
  assert.match(String((await execa('ip', ['-o', '-4', 'addr', 'show', 'dev', IFACE])).stdout), `inet ${clusterIP}/32`);
  const seen = await spread(clusterIP, 80, 40);
  assert.equal(names(seen), pods.map((p) => p.metadata.name).sort(), `spread: ${JSON.stringify([...seen])}`);
  const viaNodePort = await spread('127.0.0.1', nodePort, 20);
  assert.ok([...viaNodePort.keys()].every((n) => pods.some((p) => p.metadata.name === n)), JSON.stringify([...viaNodePort]));
  assert.ok(viaNodePort.size >= 2, `NodePort spreads too: ${JSON.stringify([...viaNodePort])}`);
  const nodeIP = (await client.get(R.nodes, undefined, pods[0].spec.nodeName) as any).status.addresses.find((a: any) => a.type === 'InternalIP').address;
  const viaNodeIP = await spread(nodeIP, nodePort, 10);
  assert.ok([...viaNodeIP.keys()].every((n) => pods.some((p) => p.metadata.name === n)) && viaNodeIP.size >= 1, `NodePort on the node's InternalIP ${nodeIP}: ${JSON.stringify([...viaNodeIP])}`);
});

test('from inside another pod the ClusterIP reaches all 3; with ClientIP affinity one client keeps its backend', async () => {
  if (!capable) return console.log('  (needs Linux and root: skipped)');
  await client.create(R.pods, 'default', { metadata: { name: 'client' }, spec: { terminationGracePeriodSeconds: 1, containers: [{ name: 'c', image: 'node', command: ['sleep', '600'] }] } } as never);
  const pod = await waitFor('client pod running', async () => { const p: any = await client.get(R.pods, 'default', 'client'); return p.status?.phase === 'Running' && p.status.podIP ? p : undefined; }, 30_000);
  const netns = PodNetworks.netnsOf(pod.metadata.uid);
  const pods = await readyPods();
  const fromPod = await spreadFromPod(netns, clusterIP, 80, 40);
  assert.equal(names(fromPod), pods.map((p) => p.metadata.name).sort(), `from the pod: ${JSON.stringify([...fromPod])}`);

  await client.patch(R.services, 'default', 'web', 'merge', { spec: { sessionAffinity: 'ClientIP', sessionAffinityConfig: { clientIP: { timeoutSeconds: 60 } } } });
  await waitFor('affinity applied', () => proxy!.frontends().some((f) => f.service === 'default/web' && f.affinityTimeoutSeconds === 60));
  assert.is((await spread(clusterIP, 80, 20)).size, 1, 'the host keeps one backend');
  assert.is((await spreadFromPod(netns, clusterIP, 80, 20)).size, 1, 'the pod keeps one backend');
  await client.patch(R.services, 'default', 'web', 'merge', { spec: { sessionAffinity: 'None', sessionAffinityConfig: null } });
  await waitFor('affinity removed', () => proxy!.frontends().some((f) => f.service === 'default/web' && f.affinityTimeoutSeconds === undefined));
});

test('a pod failing readiness gets no new connections, and gets them back when ready again', async () => {
  if (!capable) return console.log('  (needs Linux and root: skipped)');
  const pods = await readyPods();
  const victim = pods[0].metadata.name;
  writeFileSync(join(dir, `unready-${victim}`), '');
  await waitFor('proxy drops the unready pod', () => backendCount() === 2, 20_000);
  const seen = await spread(clusterIP, 80, 40);
  assert.not.ok(seen.has(victim), `unready ${victim} still got: ${JSON.stringify([...seen])}`);
  assert.is(seen.size, 2);
  rmSync(join(dir, `unready-${victim}`));
  await waitFor('proxy takes it back', () => backendCount() === 3, 20_000);
  assert.ok((await spread(clusterIP, 80, 40)).has(victim));
});

test('scaling the Deployment changes the spread', async () => {
  if (!capable) return console.log('  (needs Linux and root: skipped)');
  await client.patch(R.deployments, 'default', 'web', 'merge', { spec: { replicas: 5 } });
  await waitFor('5 ready pods and backends', async () => (await readyPods()).length === 5 && backendCount() === 5, 60_000);
  const five = await spread(clusterIP, 80, 80);
  assert.equal(names(five), (await readyPods()).map((p) => p.metadata.name).sort(), `5 replicas: ${JSON.stringify([...five])}`);
  await client.patch(R.deployments, 'default', 'web', 'merge', { spec: { replicas: 2 } });
  await waitFor('2 backends', async () => backendCount() === 2 && (await readyPods()).length === 2, 60_000);
  const two = await spread(clusterIP, 80, 30);
  assert.equal(names(two), (await readyPods()).map((p) => p.metadata.name).sort(), `2 replicas: ${JSON.stringify([...two])}`);
});

test('deleting the Service takes its ClusterIP off the interface; stopping the proxy removes the interface', async () => {
  if (!capable) return console.log('  (needs Linux and root: skipped)');
  await client.delete(R.services, 'default', 'web');
  await waitFor('address removed', () => !proxy!.serviceAddresses().includes(clusterIP));
  assert.not.match(String((await execa('ip', ['-o', '-4', 'addr', 'show', 'dev', IFACE])).stdout), `inet ${clusterIP}/`);
  await proxy!.stop();
  proxy = undefined;
  assert.not.ok(existsSync(`/sys/class/net/${IFACE}`));
});

test.run();
