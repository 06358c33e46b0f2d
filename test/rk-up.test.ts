import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { execa } from 'execa';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { createServer, type AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Redis } from 'ioredis';
import { parse } from 'yaml';
import { rkUp, type UpCluster } from './helpers/rk-up.js';
import { rkCommand } from './cli-helpers.js';
import { startFailure } from '../src/cli/commands/up.js';
import { startRedisServer } from '../src/util/redis-server.js';

let up: UpCluster | undefined;
test.after(async () => { await up?.stop(); });

/** Processes whose command line mentions the cluster's data directory or its redis port. */
async function leftovers(dir: string, redisPort: string): Promise<string[]> {
  const ps = await execa('ps', ['-eo', 'pid,args'], { reject: false });
  return String(ps.stdout).split('\n').filter((l) => (l.includes(dir) || l.includes(`redis-server 127.0.0.1:${redisPort}`)) && !l.includes('ps -eo'));
}

test('start-up failures read as one line: the address in words for a port that cannot be bound', () => {
  const inUse = Object.assign(new Error('listen EADDRINUSE: address already in use 127.0.0.1:6443'), { code: 'EADDRINUSE', syscall: 'listen', address: '127.0.0.1', port: 6443 });
  assert.is(startFailure(inUse), 'cannot listen on 127.0.0.1:6443: address already in use');
  assert.is(startFailure(Object.assign(new Error('x'), { code: 'EACCES', syscall: 'listen', address: '::1', port: 80 })), 'cannot listen on [::1]:80: permission denied');
  assert.is(startFailure(new Error('redis-server exited during start-up (is redis-server installed?)')), 'redis-server exited during start-up (is redis-server installed?)');
});

test('rk up on a port in use: a clear one-line error, exit 1, no help text, and the redis-server it started is stopped', async () => {
  const dir = mkdtempSync(join(tmpdir(), 'rk-up-busy-'));
  const busy = createServer();
  await new Promise<void>((r) => busy.listen(0, '127.0.0.1', () => r()));
  const port = (busy.address() as AddressInfo).port;
  try {
    const [bin, ...pre] = rkCommand();
    const r = await execa(bin, [...pre, 'up', '--data-dir', dir, '--port', String(port), '--service-cidr', '127.96.250.0/24', '--host-network'], { reject: false, timeout: 30_000 });
    const out = `${r.stdout}\n${r.stderr}`;
    assert.is(r.exitCode, 1, out);
    assert.is(r.stderr.trim(), `rk up: cannot listen on 127.0.0.1:${port}: address already in use`);
    assert.not.match(out, /Options:|--data-dir|\n\s+at /, 'no yargs help, no stack');
    const redisPort = /redis-server ready at redis:\/\/127\.0\.0\.1:(\d+)/.exec(r.stdout)?.[1];
    assert.ok(redisPort, `the private redis-server had started: ${out}`);
    assert.match(r.stdout, /redis-server stopped/);
    assert.equal(await leftovers(dir, redisPort!), [], 'no redis-server left running');
  } finally {
    busy.close();
    rmSync(dir, { recursive: true, force: true });
  }
});

test('rk up --redis-url --prefix keeps the cluster under its own key prefix in a shared Redis', async () => {
  const redis = await startRedisServer();
  const db = new Redis(redis.url);
  let blue: UpCluster | undefined;
  try {
    await db.set('other-cluster-key', 'x');
    blue = await rkUp(['--redis-url', redis.url, '--prefix', 'blue', '--agents', '0', '--host-network']);
    assert.is((await blue.kubectl(['create', 'configmap', 'in-blue', '--from-literal=k=v'])).exitCode, 0);
    const keys = (await db.keys('*')).filter((k) => k !== 'other-cluster-key');
    assert.ok(keys.length > 0, 'the cluster wrote keys');
    assert.equal(keys.filter((k) => !k.startsWith('{blue}:')), [], 'every key under {blue}');
    assert.is(await db.get('other-cluster-key'), 'x');
  } finally {
    await blue?.stop();
    db.disconnect();
    await redis.stop();
  }
});

test('rk up writes a kubeconfig with the cluster CA and a token, runs every component, and stops them all on SIGTERM', async () => {
  up = await rkUp();
  const config = parse(readFileSync(up.kubeconfig, 'utf8'));
  assert.ok(config.clusters[0].cluster.server.startsWith('https://127.0.0.1:'));
  assert.ok(config.clusters[0].cluster['certificate-authority-data']);
  assert.ok(config.users[0].user.token.length >= 24);
  const noToken = await execa('kubectl', ['--kubeconfig', up.kubeconfig, '--token', 'wrong', 'get', 'ns'], { reject: false });
  assert.is.not(noToken.exitCode, 0, 'a wrong token is refused');
  for (let i = 0; i < 100 && !/Ready/.test((await up.kubectl(['get', 'nodes'])).stdout); i++) await new Promise((r) => setTimeout(r, 100));
  const leases = (await up.kubectl(['get', 'leases', '-n', 'kube-system', '-o', 'json'])).stdout;
  const holders = JSON.parse(leases).items.map((l: any) => l.metadata.name).sort();
  assert.ok(holders.includes('kube-controller-manager') && holders.includes('kube-scheduler'), `leader leases: ${holders}`);
  const redisPort = /redis-server ready at redis:\/\/127\.0\.0\.1:(\d+)/.exec(up.output())?.[1];
  assert.ok(redisPort, up.output());
  const children = await leftovers(up.dir, redisPort!);
  assert.ok(children.some((l) => l.includes('redis-server')), children.join('\n'));
  assert.ok(children.some((l) => l.includes(' proxy ')), 'the service proxy runs');
  assert.is((await up.kubectl(['create', 'configmap', 'survivor', '--from-literal=k=v'])).exitCode, 0);
  const exited = new Promise<number | null>((r) => up!.process.once('exit', (code) => r(code)));
  up.process.kill('SIGTERM');
  assert.is(await exited, 0);
  assert.equal(await leftovers(up.dir, redisPort!), [], 'no component or redis-server left running');
  assert.match(up.output(), /redis-server stopped/);
});

test('a restarted rk up keeps the data (AOF) and the same CA and token', async () => {
  const dir = up!.dir;
  const before = parse(readFileSync(join(dir, 'kubeconfig'), 'utf8'));
  up = await rkUp([], { dir });
  const after = parse(readFileSync(up.kubeconfig, 'utf8'));
  assert.is(after.clusters[0].cluster['certificate-authority-data'], before.clusters[0].cluster['certificate-authority-data']);
  assert.is(after.users[0].user.token, before.users[0].user.token);
  const cm = await up.kubectl(['get', 'configmap', 'survivor', '-o', 'jsonpath={.data.k}']);
  assert.is(cm.exitCode, 0, cm.stderr);
  assert.is(cm.stdout, 'v');
});

test('rk up passes node failure timing to the apiserver (default tolerations), the controller-manager and the agents (a Lease that fits the grace period)', async () => {
  await up?.stop();
  up = await rkUp(['--node-monitor-grace-period', '20', '--default-toleration-seconds', '40',
    '--default-not-ready-toleration-seconds', '30', '--default-unreachable-toleration-seconds', '60']);
  const pod = await up.kubectl(['run', 'p', '--image=x', '--dry-run=server', '-o', 'json']);
  assert.is(pod.exitCode, 0, pod.stderr);
  const seconds = Object.fromEntries(JSON.parse(pod.stdout).spec.tolerations.map((t: any) => [t.key, t.tolerationSeconds]));
  assert.equal(seconds, { 'node.kubernetes.io/not-ready': 30, 'node.kubernetes.io/unreachable': 60 });
  const ps = await execa('ps', ['-eo', 'args'], { reject: false });
  const manager = String(ps.stdout).split('\n').find((l) => l.includes(up!.dir) && l.includes(' controller-manager '));
  assert.ok(manager, up.output());
  assert.match(manager!, /--node-monitor-grace-period 20 --default-toleration-seconds 40/);
  const agent = String(ps.stdout).split('\n').find((l) => l.includes(up!.dir) && l.includes(' agent '));
  assert.ok(agent, 'the agent runs');
  assert.match(agent!, /--node-lease-duration-seconds 16/, 'the agents renew often enough for the 20 s grace period');
});

test.run();
