import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { execa } from 'execa';
import { existsSync, writeFileSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import * as k8s from '@kubernetes/client-node';
import { startTestCluster, type TestCluster } from './helpers/cluster.js';

let c: TestCluster;
let kc: k8s.KubeConfig;
const dir = mkdtempSync(join(tmpdir(), 'rk-compat-'));

test.before(async () => {
  c = await startTestCluster();
  kc = new k8s.KubeConfig();
  kc.loadFromOptions({
    clusters: [{ name: 'rk', server: c.url, skipTLSVerify: true }],
    users: [{ name: 'rk' }],
    contexts: [{ name: 'rk', cluster: 'rk', user: 'rk' }],
    currentContext: 'rk',
  });
});
test.after(async () => { await c.stop(); rmSync(dir, { recursive: true, force: true }); });

test('@kubernetes/client-node: typed create, read, list with selector, patch and delete', async () => {
  const core = kc.makeApiClient(k8s.CoreV1Api);
  const apps = kc.makeApiClient(k8s.AppsV1Api);
  await core.createNamespacedConfigMap({ namespace: 'default', body: { metadata: { name: 'js', labels: { from: 'js' } }, data: { a: '1' } } });
  const read = await core.readNamespacedConfigMap({ namespace: 'default', name: 'js' });
  assert.is(read.data?.a, '1');
  const list = await core.listNamespacedConfigMap({ namespace: 'default', labelSelector: 'from=js' });
  assert.equal(list.items.map((i) => i.metadata?.name), ['js']);
  await apps.createNamespacedDeployment({ namespace: 'default', body: {
    metadata: { name: 'jsdep' },
    spec: { replicas: 1, selector: { matchLabels: { app: 'jsdep' } }, template: { metadata: { labels: { app: 'jsdep' } }, spec: { containers: [{ name: 'c', image: 'nginx' }] } } },
  } });
  const scaled = await apps.patchNamespacedDeploymentScale({ namespace: 'default', name: 'jsdep', body: { spec: { replicas: 4 } } }, k8s.setHeaderOptions('Content-Type', k8s.PatchStrategy.MergePatch));
  assert.is(scaled.spec?.replicas, 4);
  await core.deleteNamespacedConfigMap({ namespace: 'default', name: 'js' });
  let status = 0;
  try { await core.readNamespacedConfigMap({ namespace: 'default', name: 'js' }); } catch (e) { status = (e as { code?: number }).code ?? 0; }
  assert.is(status, 404);
});

test('@kubernetes/client-node: the informer lists and then sees a watch event', async () => {
  const core = kc.makeApiClient(k8s.CoreV1Api);
  const informer = k8s.makeInformer(kc, '/api/v1/namespaces/default/configmaps', () => core.listNamespacedConfigMap({ namespace: 'default' }));
  const added: string[] = [];
  informer.on('add', (o) => { added.push(o.metadata!.name!); });
  await informer.start();
  await core.createNamespacedConfigMap({ namespace: 'default', body: { metadata: { name: 'seen-by-informer' } } });
  for (let i = 0; i < 100 && !added.includes('seen-by-informer'); i++) await new Promise((r) => setTimeout(r, 50));
  await informer.stop();
  assert.ok(added.includes('seen-by-informer'), added.join(','));
});

test('the Python kubernetes client creates, reads and lists', async () => {
  const python = existsSync('/usr/bin/python3') ? '/usr/bin/python3' : 'python3';
  const probe = await execa(python, ['-c', 'import kubernetes'], { reject: false });
  assert.is(probe.exitCode, 0, 'the Python kubernetes client is missing: apt-get install python3-kubernetes (.ci/run does)');
  const script = join(dir, 'compat.py');
  writeFileSync(script, [
    'import sys',
    'from kubernetes import client',
    'cfg = client.Configuration()',
    `cfg.host = "${c.url}"`,
    'api = client.CoreV1Api(client.ApiClient(cfg))',
    'api.create_namespaced_config_map("default", {"metadata": {"name": "from-python"}, "data": {"k": "v"}})',
    'print(api.read_namespaced_config_map("from-python", "default").data["k"])',
    'print(",".join(sorted(n.metadata.name for n in api.list_namespace().items)))',
  ].join('\n'));
  const r = await execa(python, [script], { reject: false });
  assert.is(r.exitCode, 0, r.stderr);
  const [value, namespaces] = r.stdout.trim().split('\n');
  assert.is(value, 'v');
  assert.ok(namespaces.split(',').includes('kube-system'), namespaces);
});

test.run();
