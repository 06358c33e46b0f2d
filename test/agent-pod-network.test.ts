import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { execa } from 'execa';
import { randomClusterCidr, rkUp, type UpCluster } from './helpers/rk-up.js';
import { RestClient } from '../src/client/index.js';
import { startAgent, type RunningAgent } from '../node-agent/main.js';
import { startTestCluster } from './helpers/cluster.js';
import { boundPod, getPod, R } from './agent-fixture.js';

const capable = process.platform === 'linux' && process.getuid?.() === 0 && existsSync('/usr/sbin/ip');
let up: UpCluster | undefined;
const server = "require('http').createServer((q,s)=>s.end(process.env.HOSTNAME)).listen(8080,'0.0.0.0')";
const pod = (name: string, node: string) => `apiVersion: v1
kind: Pod
metadata: {name: ${name}}
spec:
  nodeName: ${node}
  terminationGracePeriodSeconds: 1
  containers:
  - {name: srv, image: node, command: [node, -e, "${server}"], readinessProbe: {httpGet: {port: 8080}, periodSeconds: 1}}
`;
async function until<T>(what: string, fn: () => Promise<T | undefined>, ms = 30_000): Promise<T> {
  const deadline = Date.now() + ms;
  for (;;) {
    const v = await fn().catch(() => undefined);
    if (v) return v;
    if (Date.now() > deadline) throw new Error(`timed out: ${what}\n--- rk up output (tail) ---\n${up?.output().slice(-4000) ?? ''}`);
    await new Promise((r) => setTimeout(r, 200));
  }
}
async function json(args: string[]): Promise<any> {
  const r = await up!.kubectl([...args, '-o', 'json']);
  assert.is(r.exitCode, 0, r.stderr);
  return JSON.parse(r.stdout);
}
const readyPod = (name: string) => until(`${name} ready`, async () => {
  const p = await json(['get', 'pod', name]);
  return p.status?.conditions?.some((c: any) => c.type === 'Ready' && c.status === 'True') ? p : undefined;
});

const CLUSTER_CIDR = randomClusterCidr();
/** `10.a.b` prefixes of the /24s inside the test's /20. */
const inCluster = (addr: string) => {
  const [a, b, c] = CLUSTER_CIDR.split('.').map(Number);
  const [x, y, z] = addr.split('.').map(Number);
  return x === a && y === b && z >= c && z < c + 16;
};

/** Removes bridges and pod namespaces on the test's range that a failed run may have left (agents clean up on a clean stop). */
async function sweepLeftovers(): Promise<void> {
  const links = (await execa('ip', ['-4', '-o', 'addr', 'show'], { reject: false })).stdout.split('\n');
  for (const l of links) {
    const m = /^\d+: (rkbr\w+)\s+inet ([\d.]+)/.exec(l);
    if (m && inCluster(m[2])) await execa('ip', ['link', 'del', m[1]], { reject: false });
  }
  for (const ns of (await execa('ip', ['netns', 'list'], { reject: false })).stdout.split('\n').map((l) => l.split(' ')[0]).filter((n) => n.startsWith('rk-'))) {
    const addr = (await execa('ip', ['-n', ns, '-4', '-o', 'addr', 'show', 'eth0'], { reject: false })).stdout;
    const m = /inet ([\d.]+)/.exec(addr);
    if (m && inCluster(m[1])) await execa('ip', ['netns', 'del', ns], { reject: false });
  }
}

test.after(async () => {
  await up?.stop();
  if (capable) await sweepLeftovers();
});

test('rk up --agents 2: each node gets its own /24 of --cluster-cidr; pods on the two nodes reach each other and the host by IP', async () => {
  if (!capable) return console.log('  (needs Linux and root: skipped)');
  up = await rkUp(['--agents', '2', '--cluster-cidr', CLUSTER_CIDR]);
  const nodes = await until('two nodes with pod ranges', async () => {
    const items = (await json(['get', 'nodes'])).items;
    return items.length === 2 && items.every((n: any) => n.spec?.podCIDR) ? items : undefined;
  });
  const [a, b] = nodes.map((n: any) => n.spec.podCIDR);
  assert.is.not(a, b);
  assert.equal(nodes.map((n: any) => n.spec.podCIDRs), [[a], [b]]);
  for (const [i, n] of nodes.entries()) assert.is((await up.kubectl(['apply', '-f', '-'], { input: pod(`p${i}`, n.metadata.name) })).exitCode, 0);
  const p0 = await readyPod('p0');
  const p1 = await readyPod('p1');
  assert.ok(p0.status.podIP.startsWith(a.replace(/0\/24$/, '')), `${p0.status.podIP} in ${a}`);
  assert.ok(p1.status.podIP.startsWith(b.replace(/0\/24$/, '')), `${p1.status.podIP} in ${b}`);
  assert.is(await (await fetch(`http://${p1.status.podIP}:8080`)).text(), 'p1');
  const r = await up.kubectl(['exec', 'p0', '--', 'node', '-e', `fetch('http://${p1.status.podIP}:8080').then(r=>r.text()).then(console.log)`]);
  assert.is(r.exitCode, 0, r.stderr);
  assert.is(r.stdout, 'p1', 'a pod on node 0 reaches a pod on node 1');
  await up.stop();
  up = undefined;
  const links = (await execa('ip', ['-4', '-o', 'addr', 'show'])).stdout.split('\n').filter((l) => /rkbr/.test(l) && inCluster(/inet ([\d.]+)/.exec(l)![1]));
  assert.equal(links, [], 'the agents removed their bridges when they stopped');
});

test('an agent with --pod-network waits for its Node\'s spec.podCIDR (renewing its Lease meanwhile), then runs pods on that range', async () => {
  if (!capable) return console.log('  (needs Linux and root: skipped)');
  const cluster = await startTestCluster();
  const client = new RestClient({ server: cluster.url });
  const stateDir = mkdtempSync(join(tmpdir(), 'rk-agent-pn-'));
  const logs: string[] = [];
  const range = CLUSTER_CIDR.replace(/\/20$/, '/24');
  let running: RunningAgent | undefined;
  try {
    const starting = startAgent({ client, nodeNames: ['pn'], runtime: 'process', stateDir, nodeIP: '127.0.0.1', podNetwork: true, shutdownGraceMs: 500, log: (m) => logs.push(m) });
    await until('waiting logged', async () => logs.some((l) => /waiting for node pn to get a spec.podCIDR/.test(l)) || undefined);
    await until('lease renewed while waiting', async () => Boolean(await client.get(R.leases, 'kube-node-lease', 'pn')));
    await client.patch(R.nodes, undefined, 'pn', 'merge', { spec: { podCIDR: range, podCIDRs: [range] } });
    running = await starting;
    await client.create(R.pods, 'default', boundPod('onrange', 'pn', [{ name: 'srv', command: ['node', '-e', server], readinessProbe: { httpGet: { port: 8080 }, periodSeconds: 1 } }]));
    const p = await until('pod ready', async () => {
      const pod = await getPod(client, 'onrange');
      return pod?.status?.conditions?.some((c: any) => c.type === 'Ready' && c.status === 'True') ? pod : undefined;
    });
    assert.ok(inCluster(p.status.podIP) && p.status.podIP.startsWith(range.replace(/0\/24$/, '')), `${p.status.podIP} in ${range}`);
    assert.is(await (await fetch(`http://${p.status.podIP}:8080`)).text(), 'onrange');
  } finally {
    await running?.stop();
    client.close();
    await cluster.stop();
    rmSync(stateDir, { recursive: true, force: true });
  }
});

test('rk up --host-network: no pod ranges, pods use the node IP', async () => {
  up = await rkUp(['--host-network']);
  const node = await until('node', async () => (await json(['get', 'nodes'])).items[0]);
  assert.is((await up.kubectl(['apply', '-f', '-'], { input: pod('h', node.metadata.name) })).exitCode, 0);
  const p = await readyPod('h');
  assert.is(p.status.podIP, p.status.hostIP);
  assert.is((await json(['get', 'node', node.metadata.name])).spec.podCIDR, undefined);
  await up.stop();
  up = undefined;
});

test('rk up refuses an invalid --cluster-cidr', async () => {
  const dir = mkdtempSync(join(tmpdir(), 'rk-up-bad-'));
  const err = await rkUp(['--cluster-cidr', '10.300.0.0/16'], { dir }).then(async (u) => { await u.stop(); return undefined; }, (e: Error) => e.message);
  rmSync(dir, { recursive: true, force: true });
  assert.match(String(err), /--cluster-cidr: invalid IPv4 CIDR/);
});

test.run();
