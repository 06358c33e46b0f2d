/**
 * End to end against the real `rk up` (its controller-manager runs the
 * controllers) with real kubectl: `rollout status/history/undo/restart/pause/resume`.
 * Pods are bound and marked Ready by the simulated kubelet through the apiserver.
 */
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { clientFromKubeconfig, type RestClient } from '../src/client/index.js';
import { eventually, RES } from './helpers/controllers.js';
import { rkUp, type UpCluster } from './helpers/rk-up.js';
import { startSimKubelet, type SimKubelet } from './helpers/sim-kubelet.js';

let up: UpCluster;
let client: RestClient;
let kubelet: SimKubelet;

test.before(async () => {
  up = await rkUp(['--agents', '0']);
  client = clientFromKubeconfig(up.kubeconfig).client;
  kubelet = startSimKubelet(client, {
    becomesReady: (p) => !p.spec.containers[0].image.startsWith('broken'),
    finish: (p) => (p.spec.containers[0].image === 'done' ? 'Succeeded' : undefined),
  });
});
test.after(async () => {
  await kubelet?.stop();
  client?.close();
  await up?.stop();
});

async function ok(args: string[], timeout = 60_000): Promise<string> {
  const r = await up.kubectl(args, { timeout });
  assert.is(r.exitCode, 0, `kubectl ${args.join(' ')} failed: ${r.stderr}${r.stdout}`);
  return r.stdout;
}

async function image(): Promise<string> {
  return (await client.get<any>(RES.deployments, 'default', 'web')).spec.template.spec.containers[0].image;
}

test('create, rollout status and a recorded change', async () => {
  await ok(['create', 'deployment', 'web', '--image=nginx:1', '--replicas=3']);
  assert.match(await ok(['rollout', 'status', 'deployment/web', '--timeout=60s']), 'deployment "web" successfully rolled out');
  await ok(['annotate', 'deployment/web', 'kubernetes.io/change-cause=to nginx 2']);
  await ok(['set', 'image', 'deployment/web', 'nginx=nginx:2']);
  assert.match(await ok(['rollout', 'status', 'deployment/web', '--timeout=60s']), 'successfully rolled out');
  const history = await ok(['rollout', 'history', 'deployment/web']);
  assert.match(history, /^1\s+<none>$/m);
  assert.match(history, /^2\s+to nginx 2$/m);
  assert.match(await ok(['rollout', 'history', 'deployment/web', '--revision=1']), /Image:\s+nginx:1/);
  const pods = await ok(['get', 'pods', '-l', 'app=web', '-o', 'jsonpath={.items[*].spec.containers[0].image}']);
  assert.equal(pods.split(' ').sort(), ['nginx:2', 'nginx:2', 'nginx:2']);
});

test('rollout undo and undo --to-revision reuse the old ReplicaSets', async () => {
  assert.match(await ok(['rollout', 'undo', 'deployment/web']), 'rolled back');
  await ok(['rollout', 'status', 'deployment/web', '--timeout=60s']);
  assert.is(await image(), 'nginx:1');
  const history = await ok(['rollout', 'history', 'deployment/web']);
  assert.match(history, /^2\s+/m);
  assert.match(history, /^3\s+/m);
  assert.not.match(history, /^1\s+/m);
  await ok(['rollout', 'undo', 'deployment/web', '--to-revision=2']);
  await ok(['rollout', 'status', 'deployment/web', '--timeout=60s']);
  assert.is(await image(), 'nginx:2');
  const rss = (await client.list<any>(RES.replicaSets, 'default', { labelSelector: 'app=web' })).items;
  assert.is(rss.length, 2);
  const d = await client.get<any>(RES.deployments, 'default', 'web');
  assert.is(d.metadata.annotations['deployment.kubernetes.io/revision'], '4');
});

test('rollout restart rolls every pod through a new ReplicaSet', async () => {
  const before = new Set((await client.list<any>(RES.pods, 'default', { labelSelector: 'app=web' })).items.map((p) => p.metadata.name));
  assert.match(await ok(['rollout', 'restart', 'deployment/web']), 'restarted');
  await ok(['rollout', 'status', 'deployment/web', '--timeout=60s']);
  const after = await eventually('old pods gone', async () => {
    const pods = (await client.list<any>(RES.pods, 'default', { labelSelector: 'app=web' })).items;
    return pods.length === 3 && pods;
  });
  for (const p of after) {
    assert.not.ok(before.has(p.metadata.name));
    assert.ok(p.metadata.annotations['kubectl.kubernetes.io/restartedAt']);
  }
});

test('rollout pause holds template changes until resume', async () => {
  await ok(['rollout', 'pause', 'deployment/web']);
  const rsCount = (await client.list<any>(RES.replicaSets, 'default', { labelSelector: 'app=web' })).items.length;
  await ok(['set', 'image', 'deployment/web', 'nginx=nginx:3']);
  await eventually('paused observed', async () => {
    const d = await client.get<any>(RES.deployments, 'default', 'web');
    return d.status.observedGeneration === d.metadata.generation && d;
  });
  assert.is((await client.list<any>(RES.replicaSets, 'default', { labelSelector: 'app=web' })).items.length, rsCount);
  const paused = await up.kubectl(['rollout', 'status', 'deployment/web', '--timeout=5s']);
  assert.ok(paused.exitCode !== 0 || /paused/.test(paused.stdout + paused.stderr));
  await ok(['rollout', 'resume', 'deployment/web']);
  await ok(['rollout', 'status', 'deployment/web', '--timeout=60s']);
  const pods = await ok(['get', 'pods', '-l', 'app=web', '-o', 'jsonpath={.items[*].spec.containers[0].image}']);
  assert.ok(pods.split(' ').every((i) => i === 'nginx:3'), pods);
});

test('rollout status fails once the progress deadline is exceeded', async () => {
  const manifest = JSON.stringify({
    apiVersion: 'apps/v1', kind: 'Deployment', metadata: { name: 'stuck' },
    spec: {
      replicas: 1, progressDeadlineSeconds: 2, selector: { matchLabels: { app: 'stuck' } },
      template: { metadata: { labels: { app: 'stuck' } }, spec: { containers: [{ name: 'c', image: 'broken:1' }] } },
    },
  });
  const created = await up.kubectl(['apply', '-f', '-'], { input: manifest });
  assert.is(created.exitCode, 0, created.stderr);
  const r = await up.kubectl(['rollout', 'status', 'deployment/stuck', '--timeout=30s'], { timeout: 40_000 });
  assert.is.not(r.exitCode, 0);
  assert.match(r.stderr, /exceeded its progress deadline/);
});

test('daemonset and statefulset: rollout status, history and undo', async () => {
  const ds = { apiVersion: 'apps/v1', kind: 'DaemonSet', metadata: { name: 'agent' }, spec: { selector: { matchLabels: { app: 'agent' } }, template: { metadata: { labels: { app: 'agent' } }, spec: { containers: [{ name: 'c', image: 'a:1' }] } } } };
  const sts = { apiVersion: 'apps/v1', kind: 'StatefulSet', metadata: { name: 'db' }, spec: { replicas: 2, serviceName: 'db', selector: { matchLabels: { app: 'db' } }, template: { metadata: { labels: { app: 'db' } }, spec: { containers: [{ name: 'c', image: 'd:1' }] } } } };
  for (const m of [ds, sts]) assert.is((await up.kubectl(['apply', '-f', '-'], { input: JSON.stringify(m) })).exitCode, 0);
  assert.match(await ok(['rollout', 'status', 'daemonset/agent', '--timeout=60s']), 'successfully rolled out');
  assert.match(await ok(['rollout', 'status', 'statefulset/db', '--timeout=60s']), /roll out complete|rolling update complete|partitioned roll out complete/);
  await ok(['set', 'image', 'daemonset/agent', 'c=a:2']);
  await ok(['rollout', 'status', 'daemonset/agent', '--timeout=60s']);
  const history = await ok(['rollout', 'history', 'daemonset/agent']);
  assert.match(history, /^1\s+/m);
  assert.match(history, /^2\s+/m);
  await ok(['rollout', 'undo', 'daemonset/agent']);
  await eventually('daemon pods back on a:1', async () => {
    const pods = (await client.list<any>(RES.pods, 'default', { labelSelector: 'app=agent' })).items.filter((p) => !p.metadata.deletionTimestamp);
    return pods.length === 1 && pods[0].spec.containers[0].image === 'a:1';
  }, 30_000);
});

test('kubectl create job --from=cronjob runs the CronJob template to completion', async () => {
  await ok(['create', 'cronjob', 'nightly', '--image=done', '--schedule=0 3 * * *', '--restart=Never']);
  await ok(['create', 'job', 'manual', '--from=cronjob/nightly']);
  await ok(['wait', '--for=condition=complete', 'job/manual', '--timeout=60s']);
  const job = await client.get<any>(RES.jobs, 'default', 'manual');
  assert.is(job.status.succeeded, 1);
  assert.is(job.metadata.ownerReferences?.[0]?.name, 'nightly');
});

test.run();
