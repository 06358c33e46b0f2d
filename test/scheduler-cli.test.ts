/**
 * The real `rk scheduler` processes: two replicas, one leads (the kube-scheduler
 * Lease) and binds; when it stops, the standby takes over and schedules. Also
 * `--config` (a KubeSchedulerConfiguration) and `--kernel ts`.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { findResource } from '../src/api/resources.js';
import { RestClient } from '../src/client/index.js';
import { startTestCluster, type TestCluster } from './helpers/cluster.js';
import { node, pod } from './helpers/scheduler-fixtures.js';

const LEASES = findResource('coordination.k8s.io', 'v1', 'leases')!;
const PODS = findResource('', 'v1', 'pods')!;
const NODES = findResource('', 'v1', 'nodes')!;
const cli = fileURLToPath(new URL('../src/cli/main.js', import.meta.url));
let cluster: TestCluster;
let client: RestClient;
const children: ChildProcess[] = [];

function schedulerProcess(extra: string[] = []): { child: ChildProcess; output: () => string } {
  const child = spawn(process.execPath, [cli, 'scheduler', '--server', cluster.url, ...extra], { stdio: ['ignore', 'pipe', 'pipe'] });
  let out = '';
  child.stdout!.on('data', (d) => { out += d; });
  child.stderr!.on('data', (d) => { out += d; });
  children.push(child);
  return { child, output: () => out };
}

async function eventually<T>(what: string, fn: () => Promise<T | undefined | false>, timeoutMs = 20_000): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const v = await fn().catch(() => undefined);
    if (v) return v;
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 100));
  }
}

const holder = async (): Promise<string | undefined> => (await client.get<any>(LEASES, 'kube-system', 'kube-scheduler')).spec?.holderIdentity;
const boundTo = (name: string) => eventually(`${name} bound`, async () => (await client.get<any>(PODS, 'default', name)).spec.nodeName as string | undefined);

test.before(async () => {
  cluster = await startTestCluster();
  client = new RestClient({ server: cluster.url });
  await client.create(NODES, undefined, node('small', { cpu: '2' }) as never);
  await client.create(NODES, undefined, node('large', { cpu: '16' }) as never);
});

test.after(async () => {
  for (const c of children) if (c.exitCode === null && c.signalCode === null) c.kill('SIGKILL');
  client?.close();
  await cluster?.stop();
});

test('one of two replicas leads and schedules; the standby takes over when it stops', async () => {
  const dir = mkdtempSync(join(tmpdir(), 'rk-sched-'));
  const config = join(dir, 'config.yaml');
  // MostAllocated packs pods onto the node they fill most: 'small'.
  writeFileSync(config, [
    'apiVersion: kubescheduler.config.k8s.io/v1', 'kind: KubeSchedulerConfiguration', 'profiles:', '- schedulerName: default-scheduler',
    '  pluginConfig:', '  - name: NodeResourcesFit', '    args:', '      scoringStrategy:', '        type: MostAllocated', '',
  ].join('\n'));
  const a = schedulerProcess(['--config', config]);
  const first = await eventually('a leader', holder);
  const b = schedulerProcess(['--config', config, '--kernel', 'ts']);
  await eventually('the standby sees the leader', async () => /leader is/.test(b.output()), 10_000);
  await client.create(PODS, 'default', pod('one', { cpu: '500m' }) as never);
  assert.is(await boundTo('one'), 'small', 'MostAllocated from --config');
  assert.match(a.output(), /became leader/);
  assert.not.match(b.output(), /became leader/);
  a.child.kill('SIGTERM');
  const second = await eventually('the standby leads', async () => {
    const h = await holder();
    return h && h !== first ? h : undefined;
  });
  assert.ok(second);
  await eventually('b leading', async () => /became leader/.test(b.output()) && /kernel ts/.test(b.output()));
  await client.create(PODS, 'default', pod('two', { cpu: '500m' }) as never);
  assert.is(await boundTo('two'), 'small');
});

test.run();
