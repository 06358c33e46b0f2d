import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { spawn } from 'node:child_process';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { parse, parseAllDocuments } from 'yaml';
import { rkUp, type UpCluster } from './helpers/rk-up.js';

let up: UpCluster;
const k = (...args: string[]) => up.kubectl(args);
const ok = async (...args: string[]) => {
  const r = await up.kubectl(args);
  assert.is(r.exitCode, 0, `kubectl ${args.join(' ')} failed: ${r.stderr}\n--- rk up output (tail) ---\n${up.output().slice(-4000)}`);
  return r.stdout;
};
const web = (image: string, replicas = 2) => `apiVersion: apps/v1
kind: Deployment
metadata:
  name: web
  labels: {app: web}
spec:
  replicas: ${replicas}
  selector: {matchLabels: {app: web}}
  template:
    metadata: {labels: {app: web}}
    spec:
      containers:
      - name: nginx
        image: ${image}
        ports: [{containerPort: 80}]
`;

test.before(async () => { up = await rkUp(); });
test.after(async () => { await up?.stop(); });

test('kubectl get ns shows the built-in namespaces', async () => {
  const out = await ok('get', 'ns');
  assert.match(out, /^NAME\s+STATUS\s+AGE/m);
  assert.match(out, /^default\s+Active/m);
  assert.match(out, /^kube-system\s+Active/m);
  assert.match(out, /^kube-node-lease\s+Active/m);
});

test('the node agent registered a Ready node', async () => {
  let out = '';
  const deadline = Date.now() + 30_000;
  while (!/\sReady\s/.test(out) && Date.now() < deadline) {
    out = (await k('get', 'nodes')).stdout;
    if (!/\sReady\s/.test(out)) await new Promise((r) => setTimeout(r, 200));
  }
  const why = `kubectl get nodes printed:\n${out}\n--- rk up output (tail) ---\n${up.output().slice(-4000)}`;
  assert.match(out, /^NAME\s+STATUS\s+ROLES\s+AGE\s+VERSION/m, why);
  assert.match(out, /\sReady\s/, why);
});

test('kubectl create -f and apply -f with default validation (twice, the second a change)', async () => {
  const f = join(up.dir, 'web.yaml');
  writeFileSync(f, web('nginx:1.27'));
  assert.match(await ok('create', '-f', f), /deployment.apps\/web created/);
  writeFileSync(f, web('nginx:1.27', 3));
  assert.match(await ok('apply', '-f', f), /deployment.apps\/web configured/);
  writeFileSync(f, web('nginx:1.28', 3));
  assert.match(await ok('apply', '-f', f), /deployment.apps\/web configured/);
  const d = JSON.parse(await ok('get', 'deploy', 'web', '-o', 'json'));
  assert.is(d.spec.template.spec.containers[0].image, 'nginx:1.28');
  assert.is(d.spec.replicas, 3);
  assert.ok(d.metadata.annotations['kubectl.kubernetes.io/last-applied-configuration'].includes('nginx:1.28'));
  const cm = join(up.dir, 'cm.yaml');
  writeFileSync(cm, 'apiVersion: v1\nkind: ConfigMap\nmetadata: {name: settings}\ndata: {a: "1"}\n');
  assert.match(await ok('apply', '-f', cm), /configmap\/settings created/);
  assert.match(await ok('apply', '-f', cm), /configmap\/settings unchanged/);
  const bad = join(up.dir, 'bad.yaml');
  writeFileSync(bad, 'apiVersion: v1\nkind: ConfigMap\nmetadata: {name: bad}\nbogus: 1\n');
  const r = await k('apply', '-f', bad);
  assert.is.not(r.exitCode, 0, 'strict validation rejects an unknown field');
  assert.match(r.stderr, /unknown field/);
});

test('kubectl apply --server-side creates and updates', async () => {
  const f = join(up.dir, 'ssa.yaml');
  writeFileSync(f, 'apiVersion: v1\nkind: ConfigMap\nmetadata: {name: ssa}\ndata: {a: "1"}\n');
  assert.match(await ok('apply', '--server-side', '-f', f), /serverside-applied/);
  writeFileSync(f, 'apiVersion: v1\nkind: ConfigMap\nmetadata: {name: ssa}\ndata: {a: "2"}\n');
  await ok('apply', '--server-side', '-f', f);
  assert.is(JSON.parse(await ok('get', 'cm', 'ssa', '-o', 'json')).data.a, '2');
});

test('kubectl run, get pods -o wide and -o yaml', async () => {
  await ok('run', 'mypod', '--image=busybox', '--restart=Never', '--', 'sleep', '3600');
  const wide = await ok('get', 'pods', '-o', 'wide');
  assert.match(wide, /^NAME\s+READY\s+STATUS\s+RESTARTS\s+AGE\s+IP\s+NODE\s+NOMINATED NODE\s+READINESS GATES/m);
  assert.match(wide, /^mypod\s+[01]\/1\s+\w+/m);
  const list = parse(await ok('get', 'pods', '-o', 'yaml'));
  assert.is(list.kind, 'List');
  assert.ok(list.items.some((p: any) => p.metadata.name === 'mypod' && p.spec.containers[0].image === 'busybox'));
});

test('kubectl get deploy,svc,cm and get all', async () => {
  const out = await ok('get', 'deploy,svc,cm');
  assert.match(out, /deployment.apps\/web\s+0\/3/);
  assert.match(out, /configmap\/settings\s+1/);
  const all = await ok('get', 'all');
  assert.match(all, /pod\/mypod/);
  assert.match(all, /deployment.apps\/web/);
});

test('kubectl get pods -w sees a change', async () => {
  const child = spawn('kubectl', ['--kubeconfig', up.kubeconfig, '--cache-dir', join(up.dir, 'kube-cache'), 'get', 'pods', '-w'], { stdio: ['ignore', 'pipe', 'pipe'] });
  let out = '';
  child.stdout.on('data', (d) => { out += d; });
  const waitFor = async (re: RegExp) => {
    for (let i = 0; i < 100 && !re.test(out); i++) await new Promise((r) => setTimeout(r, 100));
    return re.test(out);
  };
  try {
    assert.ok(await waitFor(/mypod/), `initial row: ${out}`);
    const rows = () => out.split('\n').filter((l) => l.startsWith('mypod')).length;
    const before = rows();
    await ok('label', 'pod', 'mypod', 'watched=yes');
    for (let i = 0; i < 100 && rows() <= before; i++) await new Promise((r) => setTimeout(r, 100));
    assert.ok(rows() > before, `a new row after the change: ${out}`);
  } finally {
    child.kill();
  }
});

test('kubectl describe shows the object and an Events section', async () => {
  const out = await ok('describe', 'pod', 'mypod');
  assert.match(out, /^Name:\s+mypod/m);
  assert.match(out, /^Namespace:\s+default/m);
  assert.match(out, /busybox/);
  assert.match(out, /^Events:/m);
  const d = await ok('describe', 'deployment', 'web');
  assert.match(d, /^Replicas:\s+3 desired/m);
});

test('kubectl label, annotate and scale', async () => {
  await ok('label', 'pod', 'mypod', 'tier=backend');
  await ok('annotate', 'pod', 'mypod', 'note=hello');
  const p = JSON.parse(await ok('get', 'pod', 'mypod', '-o', 'json'));
  assert.is(p.metadata.labels.tier, 'backend');
  assert.is(p.metadata.annotations.note, 'hello');
  await ok('label', 'pod', 'mypod', 'tier-');
  assert.is(JSON.parse(await ok('get', 'pod', 'mypod', '-o', 'json')).metadata.labels.tier, undefined);
  assert.match(await ok('scale', 'deploy', 'web', '--replicas=5'), /scaled/);
  assert.is(JSON.parse(await ok('get', 'deploy', 'web', '-o', 'json')).spec.replicas, 5);
  assert.match(await ok('get', 'pods', '-l', 'run=mypod', '--show-labels'), /run=mypod/);
});

test('kubectl patch --type=merge, json and strategic', async () => {
  await ok('patch', 'deploy', 'web', '--type=merge', '-p', '{"spec":{"replicas":2}}');
  await ok('patch', 'deploy', 'web', '--type=json', '-p', '[{"op":"add","path":"/metadata/labels/patched","value":"json"}]');
  await ok('patch', 'deploy', 'web', '--type=strategic', '-p', '{"spec":{"template":{"spec":{"containers":[{"name":"sidecar","image":"envoy"}]}}}}');
  const d = JSON.parse(await ok('get', 'deploy', 'web', '-o', 'json'));
  assert.is(d.spec.replicas, 2);
  assert.is(d.metadata.labels.patched, 'json');
  assert.equal(d.spec.template.spec.containers.map((c: any) => c.name).sort(), ['nginx', 'sidecar']);
});

test('kubectl create namespace and create configmap (protobuf bodies)', async () => {
  const ns = await k('create', 'namespace', 'foo');
  assert.is(ns.exitCode, 0, ns.stderr);
  assert.match(ns.stdout, /namespace\/foo created/);
  const cm = await k('create', 'configmap', 'x', '--from-literal=a=b', '-n', 'foo');
  assert.is(cm.exitCode, 0, cm.stderr);
  assert.is(JSON.parse(await ok('get', 'cm', 'x', '-n', 'foo', '-o', 'json')).data.a, 'b');
});

test('errors look like kubectl expects', async () => {
  const r = await k('get', 'pod', 'ghost');
  assert.is.not(r.exitCode, 0);
  assert.match(r.stderr, /Error from server \(NotFound\): pods "ghost" not found/);
});

test('kubectl delete removes objects, and deleting a namespace empties it', async () => {
  assert.match(await ok('delete', 'deploy', 'web'), /deployment.apps "web" deleted/);
  assert.is((await k('get', 'deploy', 'web')).exitCode, 1);
  assert.match(await ok('delete', 'namespace', 'foo', '--timeout=30s'), /namespace "foo" deleted/);
  assert.is((await k('get', 'ns', 'foo')).exitCode, 1);
  const docs = parseAllDocuments(await ok('get', 'cm', '-A', '-o', 'yaml')).map((d) => d.toJSON());
  assert.ok(!docs[0].items.some((c: any) => c.metadata.namespace === 'foo'));
});

test.run();
