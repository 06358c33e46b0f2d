/**
 * The real `rk controller-manager` processes under leader election: a standby
 * takes over when the leader is killed with SIGKILL in the middle of a rollout,
 * finishes it, and no pod is created twice. Also the --metrics-port listener.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { findResource } from '../src/api/resources.js';
import { RestClient } from '../src/client/index.js';
import { freePort } from '../src/util/redis-server.js';
import { startTestCluster, type TestCluster } from './helpers/cluster.js';
import { eventually, namespace, RES } from './helpers/controllers.js';
import { startSimKubelet, type SimKubelet } from './helpers/sim-kubelet.js';

const LEASES = findResource('coordination.k8s.io', 'v1', 'leases')!;
const cli = fileURLToPath(new URL('../src/cli/main.js', import.meta.url));
let cluster: TestCluster;
let client: RestClient;
let kubelet: SimKubelet;
const children: ChildProcess[] = [];

function manager(extra: string[] = []): { child: ChildProcess; output: () => string } {
  const child = spawn(process.execPath, [cli, 'controller-manager', '--server', cluster.url, ...extra], { stdio: ['ignore', 'pipe', 'pipe'] });
  let out = '';
  child.stdout!.on('data', (d) => { out += d; });
  child.stderr!.on('data', (d) => { out += d; });
  children.push(child);
  return { child, output: () => out };
}

test.before(async () => {
  cluster = await startTestCluster();
  client = new RestClient({ server: cluster.url });
  kubelet = startSimKubelet(client, { readyDelayMs: 700 });
});
test.after(async () => {
  for (const c of children) if (c.exitCode === null && c.signalCode === null) c.kill('SIGKILL');
  await kubelet?.stop();
  client?.close();
  await cluster?.stop();
});

async function holder(): Promise<string | undefined> {
  try {
    return (await client.get<any>(LEASES, 'kube-system', 'kube-controller-manager')).spec?.holderIdentity;
  } catch {
    return undefined;
  }
}

test('a standby finishes a rollout after the leader is killed, creating no pod twice', async () => {
  const metricsPort = await freePort();
  const a = manager(['--metrics-port', String(metricsPort)]);
  const first = await eventually('a leader', holder, 20_000);
  const b = manager();
  await eventually('standby sees the leader', async () => /leader is/.test(b.output()), 10_000);
  const metrics = await eventually('metrics served', async () => {
    const r = await fetch(`http://127.0.0.1:${metricsPort}/metrics`);
    return r.ok && r.text();
  });
  assert.match(metrics, /workqueue_depth\{name="deployment"\}/);

  await namespace(client, 'ha');
  await client.create(RES.deployments, 'ha', {
    metadata: { name: 'web' },
    spec: {
      replicas: 4, strategy: { type: 'RollingUpdate', rollingUpdate: { maxSurge: 1, maxUnavailable: 0 } }, selector: { matchLabels: { app: 'web' } },
      template: { metadata: { labels: { app: 'web' } }, spec: { containers: [{ name: 'c', image: 'v1' }] } },
    },
  });
  await eventually('available', async () => (await client.get<any>(RES.deployments, 'ha', 'web')).status?.availableReplicas === 4, 20_000);
  const start = await client.list<any>(RES.pods, 'ha');
  const added = new Map<string, number>();
  const ac = new AbortController();
  const watching = (async () => {
    for await (const ev of client.watch<any>(RES.pods, 'ha', { resourceVersion: start.metadata?.resourceVersion, signal: ac.signal })) {
      if (ev.type !== 'ADDED') continue;
      const image = ev.object.spec.containers[0].image;
      added.set(image, (added.get(image) ?? 0) + 1);
    }
  })().catch(() => undefined);
  await client.patch(RES.deployments, 'ha', 'web', 'strategic', { spec: { template: { spec: { containers: [{ name: 'c', image: 'v2' }] } } } });
  await eventually('rollout under way', async () => (added.get('v2') ?? 0) >= 1, 10_000);
  a.child.kill('SIGKILL');
  const killedAt = Date.now();
  const done = await eventually('standby finished the rollout', async () => {
    const d = await client.get<any>(RES.deployments, 'ha', 'web');
    const s = d.status ?? {};
    return d.metadata.generation === s.observedGeneration && s.updatedReplicas === 4 && s.replicas === 4 && s.availableReplicas === 4 && d;
  }, 45_000);
  console.log(`standby finished the rollout ${Date.now() - killedAt} ms after the leader was killed`);
  const next = await holder();
  ac.abort();
  await watching;
  assert.is.not(next, first, 'leadership moved');
  assert.match(b.output(), /became leader/);
  assert.is(added.get('v2'), 4, `v2 pods created: ${added.get('v2')}`);
  assert.is(added.get('v1') ?? 0, 0, 'no old pod recreated');
  assert.is(done.metadata.annotations['deployment.kubernetes.io/revision'], '2');
});

test.run();
