import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { rkUp, type UpCluster } from './helpers/rk-up.js';
import { runRk } from './cli-helpers.js';

// The acceptance script: a whole `rk up` cluster (hollow nodes), driven only by rk,
// every step checked by exit code and -o jsonpath, as a CI script would.
let up: UpCluster;
const rk = (...args: string[]) => runRk(up.kubeconfig, args, { env: { HOME: up.dir }, timeout: 90_000 });
const ok = async (...args: string[]) => {
  const r = await rk(...args);
  assert.is(r.exitCode, 0, `rk ${args.join(' ')} failed: ${r.stderr}`);
  return r.stdout;
};
const jp = (kind: string, name: string, path: string) => ok('get', kind, name, '-n', 'app', '-o', `jsonpath={${path}}`);

test.before(async () => { up = await rkUp(['--runtime', 'sim', '--agents', '2']); });
test.after(async () => { await up?.stop(); });

test('apply a directory, roll out, scale, roll back, drain, delete — checked by exit codes and jsonpath', async () => {
  const dir = join(up.dir, 'manifests');
  mkdirSync(join(dir, 'app'), { recursive: true });
  writeFileSync(join(dir, '00-namespace.yaml'), 'apiVersion: v1\nkind: Namespace\nmetadata: {name: app}\n');
  writeFileSync(join(dir, 'app', 'web.yaml'), `apiVersion: apps/v1
kind: Deployment
metadata: {name: web, namespace: app}
spec:
  replicas: 2
  selector: {matchLabels: {app: web}}
  template:
    metadata: {labels: {app: web}}
    spec:
      terminationGracePeriodSeconds: 0
      containers: [{name: web, image: "nginx:1.27"}]
---
apiVersion: v1
kind: Service
metadata: {name: web, namespace: app}
spec:
  selector: {app: web}
  ports: [{port: 80}]
`);
  assert.is(await ok('apply', '-f', dir, '-R'), 'namespace/app created\ndeployment.apps/web created\nservice/web created\n');
  assert.match(await ok('rollout', 'status', 'deploy/web', '-n', 'app', '--timeout=60s'), /deployment "web" successfully rolled out\n$/);
  assert.is(await jp('deploy', 'web', '.status.readyReplicas'), '2');

  assert.is(await ok('scale', 'deploy/web', '-n', 'app', '--replicas=4'), 'deployment.apps/web scaled\n');
  await ok('rollout', 'status', 'deploy/web', '-n', 'app', '--timeout=60s');
  assert.is(await jp('deploy', 'web', '.status.readyReplicas'), '4');

  assert.is(await ok('set', 'image', 'deploy/web', '-n', 'app', 'web=nginx:1.28'), 'deployment.apps/web image updated\n');
  await ok('rollout', 'status', 'deploy/web', '-n', 'app', '--timeout=60s');
  assert.is(await jp('deploy', 'web', '.spec.template.spec.containers[0].image'), 'nginx:1.28');
  assert.match(await ok('rollout', 'history', 'deploy/web', '-n', 'app'), /^1 +<none>\n2 +<none>\n/m);
  assert.is(await ok('rollout', 'undo', 'deploy/web', '-n', 'app'), 'deployment.apps/web rolled back\n');
  await ok('rollout', 'status', 'deploy/web', '-n', 'app', '--timeout=60s');
  assert.is(await jp('deploy', 'web', '.spec.template.spec.containers[0].image'), 'nginx:1.27');
  const images = await ok('get', 'pods', '-n', 'app', '-l', 'app=web', '-o', 'jsonpath={.items[*].spec.containers[0].image}');
  assert.ok(images.split(' ').every((i) => i === 'nginx:1.27'), `pods run the rolled-back image: ${images}`);

  const drained = await rk('drain', 'node-0', '--ignore-daemonsets', '--timeout=60s');
  assert.is(drained.exitCode, 0, drained.stderr);
  assert.match(drained.stdout, /^node\/node-0 cordoned\n[\s\S]*node\/node-0 drained\n$/);
  assert.is(await ok('get', 'node', 'node-0', '-o', 'jsonpath={.spec.unschedulable}'), 'true');
  await ok('rollout', 'status', 'deploy/web', '-n', 'app', '--timeout=60s');
  const nodes = await ok('get', 'pods', '-n', 'app', '-o', 'jsonpath={range .items[*]}{.spec.nodeName}{"\\n"}{end}');
  assert.not.match(nodes, /node-0/, 'no pod left on the drained node');
  assert.is(await ok('uncordon', 'node-0'), 'node/node-0 uncordoned\n');

  const del = await rk('delete', '-f', join(dir, 'app'), '--timeout=60s');
  assert.is(del.exitCode, 0, del.stderr);
  assert.is(del.stdout, 'deployment.apps "web" deleted\nservice "web" deleted\n');
  const deadline = Date.now() + 30_000;
  while ((await ok('get', 'pods', '-n', 'app', '-o', 'name')) !== '') {
    assert.ok(Date.now() < deadline, 'the garbage collector removes the pods');
    await new Promise((r) => setTimeout(r, 200));
  }
  assert.is(await ok('delete', '-f', dir, '--timeout=60s'), 'namespace "app" deleted\n');
  const gone = await rk('get', 'ns', 'app');
  assert.is(gone.exitCode, 1, 'delete --wait returned once the namespace was gone');
  assert.match(gone.stderr, /NotFound/);
});

test.run();
