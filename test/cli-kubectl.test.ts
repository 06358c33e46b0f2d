import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { rkUp, type UpCluster } from './helpers/rk-up.js';
import { runRk } from './cli-helpers.js';

let up: UpCluster;
const rk = (args: string[], input?: string) => runRk(up.kubeconfig, args, { input, env: { HOME: up.dir } });
const both = async (args: string[]) => {
  const [a, b] = await Promise.all([rk(args), up.kubectl(args)]);
  assert.is(a.exitCode, b.exitCode, `exit codes of ${args.join(' ')}: rk ${a.stderr} / kubectl ${b.stderr}`);
  return { rk: a, kubectl: b };
};
/** Table text with AGE cells masked and column padding collapsed (ages differ by the instant each tool ran). */
const masked = (text: string) => text.trimEnd().split('\n').map((l) => l.replace(/\b\d+(s|m|h|d|y)(\d+(s|m|h|d))?\b/g, 'AGE').replace(/ +/g, ' ')).join('\n');

const MANIFESTS = `apiVersion: v1
kind: Namespace
metadata: {name: shop, labels: {team: a}}
---
apiVersion: v1
kind: ConfigMap
metadata: {name: settings, namespace: shop, labels: {app: shop, tier: back}}
data: {mode: prod, level: "3"}
---
apiVersion: v1
kind: ConfigMap
metadata: {name: flags, namespace: shop, labels: {app: shop}}
data: {on: "yes"}
---
apiVersion: v1
kind: Secret
metadata: {name: creds, namespace: shop}
stringData: {password: hunter2}
---
apiVersion: v1
kind: Service
metadata: {name: front, namespace: shop, labels: {app: shop}}
spec:
  selector: {app: shop}
  ports: [{name: http, port: 80, targetPort: 8080}]
---
apiVersion: apps/v1
kind: Deployment
metadata: {name: api, namespace: shop, labels: {app: shop}}
spec:
  replicas: 0
  selector: {matchLabels: {app: api}}
  template:
    metadata: {labels: {app: api}}
    spec:
      containers: [{name: api, image: "busybox:1.36", command: [sleep, "3600"]}]
`;

test.before(async () => {
  up = await rkUp();
  const r = await rk(['apply', '-f', '-'], MANIFESTS);
  assert.is(r.exitCode, 0, r.stderr);
});
test.after(async () => { await up?.stop(); });

test('rk get and kubectl get print the same tables (modulo AGE)', async () => {
  const cases = [
    ['get', 'ns'], ['get', 'cm', '-n', 'shop'], ['get', 'svc', '-A'], ['get', 'secrets', '-n', 'shop'], ['get', 'deploy', '-n', 'shop', '-o', 'wide'],
    ['get', 'cm,svc', '-n', 'shop'], ['get', 'cm', '-n', 'shop', '--show-labels'], ['get', 'cm', '-n', 'shop', '-L', 'tier', '-L', 'app'],
    ['get', 'cm', '-A', '--sort-by=.metadata.name'], ['get', 'ns', '--no-headers'], ['get', 'configmap/flags', 'service/front', '-n', 'shop'],
  ];
  for (const args of cases) {
    const r = await both(args);
    assert.is(masked(r.rk.stdout), masked(r.kubectl.stdout), args.join(' '));
  }
});

test('machine formats are identical: json, yaml, name, jsonpath, custom-columns', async () => {
  for (const kind of ['cm', 'secrets', 'svc', 'ns']) {
    const r = await both(['get', kind, '-n', 'shop', '-o', 'json']);
    assert.equal(JSON.parse(r.rk.stdout), JSON.parse(r.kubectl.stdout), `${kind} -o json`);
  }
  const exact = [
    ['get', 'cm', 'settings', '-n', 'shop', '-o', 'yaml'],
    ['get', 'cm', 'settings', '-n', 'shop', '-o', 'json'],
    ['get', 'cm,svc,deploy', '-n', 'shop', '-o', 'name'],
    ['get', 'cm', '-n', 'shop', '-o', 'jsonpath={range .items[*]}{.metadata.name}{"\\t"}{.data}{"\\n"}{end}'],
    ['get', 'cm', '-n', 'shop', '-o', 'jsonpath={.items[*].metadata.labels.app}'],
    ['get', 'svc', 'front', '-n', 'shop', '-o', 'jsonpath={.spec.ports[?(@.name=="http")].targetPort}'],
    ['get', 'cm', '-n', 'shop', '-o', 'custom-columns=NAME:.metadata.name,TIER:.metadata.labels.tier,KEYS:.data'],
    ['get', 'cm', '-n', 'shop', '--sort-by=.metadata.name', '-o', 'name'],
  ];
  for (const args of exact) {
    const r = await both(args);
    assert.is(r.rk.stdout.trimEnd(), r.kubectl.stdout.trimEnd(), args.join(' '));
  }
});

test('errors match: not found (exit 1), partial failure', async () => {
  const r = await both(['get', 'cm', 'settings', 'nope', '-n', 'shop']);
  assert.is(r.rk.exitCode, 1);
  assert.is(r.rk.stderr.trim(), r.kubectl.stderr.trim());
  assert.is(masked(r.rk.stdout), masked(r.kubectl.stdout));
  const none = await both(['get', 'pods', '-n', 'shop']);
  assert.is(none.rk.stderr.trim(), none.kubectl.stderr.trim());
});

test('client-side apply interoperates with kubectl apply (same annotation, same three-way merge)', async () => {
  const f = join(up.dir, 'cm.yaml');
  const write = (data: string) => writeFileSync(f, `apiVersion: v1\nkind: ConfigMap\nmetadata: {name: shared, namespace: shop}\ndata: ${data}\n`);
  write('{a: "1", b: "2"}');
  assert.is((await rk(['apply', '-f', f])).stdout, 'configmap/shared created\n');
  assert.match((await up.kubectl(['apply', '-f', f])).stdout, /configmap\/shared unchanged/);
  write('{a: "1"}');
  assert.match((await up.kubectl(['apply', '-f', f])).stdout, /configmap\/shared configured/);
  assert.is((await rk(['apply', '-f', f])).stdout, 'configmap/shared unchanged\n');
  write('{a: "9", c: "3"}');
  assert.is((await rk(['apply', '-f', f])).stdout, 'configmap/shared configured\n');
  assert.match((await up.kubectl(['apply', '-f', f])).stdout, /configmap\/shared unchanged/);
  const live = JSON.parse((await rk(['get', 'cm', 'shared', '-n', 'shop', '-o', 'json'])).stdout);
  assert.equal(live.data, { a: '9', c: '3' });
  const kubectlDiff = await up.kubectl(['diff', '-f', f]);
  assert.is(kubectlDiff.exitCode, 0, `kubectl diff sees no change: ${kubectlDiff.stdout}`);
});

test.run();
