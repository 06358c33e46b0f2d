import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { parse } from 'yaml';
import { type CliCluster, rkJson, rkOk, startCliCluster } from './cli-helpers.js';

let c: CliCluster;
const ok = rkOk(() => c);
const json = rkJson(ok);

const web = (image: string, env: string, extra = '') => `apiVersion: apps/v1
kind: Deployment
metadata:
  name: web
  labels: {app: web}
spec:
  replicas: 2
  selector: {matchLabels: {app: web}}
  template:
    metadata: {labels: {app: web}}
    spec:
      containers:
      - name: nginx
        image: ${image}
        env: ${env}
${extra}`;

test.before(async () => { c = await startCliCluster(); });
test.after(async () => { await c?.stop(); });

test('apply: created, unchanged, configured with a three-way merge that keeps other writers\' changes', async () => {
  const f = join(c.dir, 'web.yaml');
  writeFileSync(f, web('nginx:1.27', '[{name: A, value: "1"}, {name: B, value: "2"}]', '      nodeSelector: {disk: ssd}\n'));
  assert.is(await ok(['apply', '-f', f]), 'deployment.apps/web created\n');
  assert.is(await ok(['apply', '-f', f]), 'deployment.apps/web unchanged\n');
  await ok(['scale', 'deploy', 'web', '--replicas=4']);
  await ok(['label', 'deploy', 'web', 'owner=ops']);
  writeFileSync(f, web('nginx:1.28', '[{name: A, value: "1"}]'));
  assert.is(await ok(['apply', '-f', f]), 'deployment.apps/web configured\n');
  const d = await json('get', 'deploy', 'web');
  const ctr = d.spec.template.spec.containers[0];
  assert.is(ctr.image, 'nginx:1.28');
  assert.equal(ctr.env, [{ name: 'A', value: '1' }], 'env B removed');
  assert.is(d.spec.template.spec.nodeSelector, undefined, 'nodeSelector dropped from the manifest is removed');
  assert.is(d.spec.replicas, 2, 'manifest replicas re-applied');
  assert.is(d.metadata.labels.owner, 'ops', 'a label added by another writer survives');
  assert.is(ctr.terminationMessagePolicy, 'File', 'server defaults survive');
  assert.match(d.metadata.annotations['kubectl.kubernetes.io/last-applied-configuration'], /nginx:1\.28/);
});

test('apply -f DIR -R and stdin with several documents; per-object failures exit 1', async () => {
  const dir = join(c.dir, 'manifests');
  mkdirSync(join(dir, 'sub'), { recursive: true });
  writeFileSync(join(dir, 'a.yaml'), 'apiVersion: v1\nkind: ConfigMap\nmetadata: {name: a}\ndata: {k: v}\n');
  writeFileSync(join(dir, 'sub', 'b.json'), '{"apiVersion":"v1","kind":"ConfigMap","metadata":{"name":"b"}}');
  writeFileSync(join(dir, 'notes.txt'), 'ignored');
  assert.is(await ok(['apply', '-f', dir]), 'configmap/a created\n', 'no recursion without -R');
  assert.is(await ok(['apply', '-f', dir, '-R']), 'configmap/a unchanged\nconfigmap/b created\n');
  const stdin = 'apiVersion: v1\nkind: ConfigMap\nmetadata: {name: c}\n---\napiVersion: v1\nkind: ConfigMap\nmetadata: {name: "Bad_Name"}\n---\napiVersion: v1\nkind: Widget\nmetadata: {name: w}\n';
  const r = await c.rk(['apply', '-f', '-'], { input: stdin });
  assert.is(r.exitCode, 1);
  assert.is(r.stdout, 'configmap/c created\n');
  assert.match(r.stderr, /Error from server \(Invalid\): .*Bad_Name/);
  assert.match(r.stderr, /error: resource mapping not found for kind "Widget" in version "v1"/);
});

test('apply --server-side and --dry-run', async () => {
  const f = join(c.dir, 'ssa.yaml');
  writeFileSync(f, 'apiVersion: v1\nkind: ConfigMap\nmetadata: {name: ssa}\ndata: {a: "1"}\n');
  assert.is(await ok(['apply', '--server-side', '-f', f]), 'configmap/ssa serverside-applied\n');
  writeFileSync(f, 'apiVersion: v1\nkind: ConfigMap\nmetadata: {name: ssa}\ndata: {a: "2"}\n');
  assert.is(await ok(['apply', '--server-side', '-f', f]), 'configmap/ssa serverside-applied\n');
  assert.equal((await json('get', 'cm', 'ssa')).data, { a: '2' });
  const dry = join(c.dir, 'dry.yaml');
  writeFileSync(dry, 'apiVersion: v1\nkind: ConfigMap\nmetadata: {name: dry}\ndata: {a: "1"}\n');
  assert.is(await ok(['apply', '-f', dry, '--dry-run=client']), 'configmap/dry created (dry run)\n');
  const server = parse(await ok(['apply', '-f', dry, '--dry-run=server', '-o', 'yaml']));
  assert.ok(server.metadata.uid, 'server dry run returns what would be stored');
  assert.is((await c.rk(['get', 'cm', 'dry'])).exitCode, 1, 'nothing stored');
});

test('create -f and generators, with --dry-run=client -o yaml', async () => {
  assert.is(await ok(['create', 'namespace', 'dev']), 'namespace/dev created\n');
  assert.is(await ok(['create', 'ns', 'dev2', '-o', 'name']), 'namespace/dev2\n');
  const file = join(c.dir, 'conf.txt');
  writeFileSync(file, 'hello');
  assert.is(await ok(['create', 'configmap', 'cfg', '-n', 'dev', '--from-literal=mode=prod', `--from-file=${file}`]), 'configmap/cfg created\n');
  assert.equal((await json('get', 'cm', 'cfg', '-n', 'dev')).data, { mode: 'prod', 'conf.txt': 'hello' });
  assert.is(await ok(['create', 'secret', 'generic', 'db', '--from-literal=password=s3cret']), 'secret/db created\n');
  assert.is(Buffer.from((await json('get', 'secret', 'db')).data.password, 'base64').toString(), 's3cret');
  const y = parse(await ok(['create', 'deployment', 'api', '--image=busybox:1.36', '--replicas=3', '--dry-run=client', '-o', 'yaml']));
  assert.equal([y.kind, y.spec.replicas, y.spec.template.spec.containers[0].name, y.metadata.namespace], ['Deployment', 3, 'busybox', undefined]);
  assert.is((await c.rk(['get', 'deploy', 'api'])).exitCode, 1, 'client dry run sends nothing');
  assert.is(await ok(['create', 'deployment', 'api', '--image=busybox:1.36']), 'deployment.apps/api created\n');
  assert.is(await ok(['create', 'job', 'once', '--image=busybox', '--', 'echo', 'hi']), 'job.batch/once created\n');
  assert.equal((await json('get', 'job', 'once')).spec.template.spec.containers[0].command, ['echo', 'hi']);
  assert.is(await ok(['create', 'service', 'clusterip', 'api', '--tcp=80:8080']), 'service/api created\n');
  assert.is(await ok(['create', 'service', 'nodeport', 'api-np', '--tcp=80']), 'service/api-np created\n');
  assert.is((await json('get', 'svc', 'api-np')).spec.type, 'NodePort');
  const dup = await c.rk(['create', 'namespace', 'dev']);
  assert.is(dup.exitCode, 1);
  assert.match(dup.stderr, /Error from server \(AlreadyExists\): namespaces "dev" already exists/);
});

test('patch: strategic, merge, json; no change', async () => {
  assert.is(await ok(['patch', 'deploy', 'web', '-p', '{"spec":{"template":{"spec":{"containers":[{"name":"nginx","image":"nginx:1.29"}]}}}}']), 'deployment.apps/web patched\n');
  const d = await json('get', 'deploy', 'web');
  assert.equal([d.spec.template.spec.containers.length, d.spec.template.spec.containers[0].image], [1, 'nginx:1.29']);
  assert.is(await ok(['patch', 'cm/a', '--type=merge', '-p', 'data: {k: w}']), 'configmap/a patched\n');
  assert.is(await ok(['patch', 'cm', 'a', '--type=json', '-p', '[{"op":"add","path":"/data/x","value":"y"}]']), 'configmap/a patched\n');
  assert.equal((await json('get', 'cm', 'a')).data, { k: 'w', x: 'y' });
  const bad = await c.rk(['patch', 'cm', 'a', '--type=json', '-p', '[{"op":"remove","path":"/data/nope"}]']);
  assert.is(bad.exitCode, 1);
  assert.match(bad.stderr, /^Error from server/);
});

test('label, annotate, scale, set image', async () => {
  assert.is(await ok(['label', 'cm', 'a', 'b', 'team=x']), 'configmap/a labeled\nconfigmap/b labeled\n');
  assert.is(await ok(['label', 'cm', '-l', 'team=x', 'tier=y']), 'configmap/a labeled\nconfigmap/b labeled\n');
  const clash = await c.rk(['label', 'cm', 'a', 'team=z']);
  assert.is(clash.exitCode, 1);
  assert.match(clash.stderr, /'team' already has a value \(x\), and --overwrite is false/);
  assert.is(await ok(['label', 'cm', 'a', 'team=z', '--overwrite']), 'configmap/a labeled\n');
  assert.is(await ok(['label', 'cm', 'a', 'team-']), 'configmap/a labeled\n');
  assert.equal((await json('get', 'cm', 'a')).metadata.labels, { tier: 'y' });
  assert.is(await ok(['annotate', 'cm', 'a', 'note=hi']), 'configmap/a annotated\n');
  assert.is(await ok(['annotate', 'cm', 'a', 'note-']), 'configmap/a annotated\n');
  assert.is((await json('get', 'cm', 'a')).metadata.annotations?.note, undefined);
  assert.is(await ok(['scale', 'deploy/web', '--replicas=3']), 'deployment.apps/web scaled\n');
  const cur = await c.rk(['scale', 'deploy', 'web', '--current-replicas=2', '--replicas=5']);
  assert.is(cur.exitCode, 1);
  assert.match(cur.stderr, /Expected replicas to be 2, was 3/);
  assert.is((await json('get', 'deploy', 'web')).spec.replicas, 3);
  assert.is(await ok(['set', 'image', 'deploy/web', 'nginx=nginx:1.30']), 'deployment.apps/web image updated\n');
  assert.is((await json('get', 'deploy', 'web')).spec.template.spec.containers[0].image, 'nginx:1.30');
});

test('delete: names, -f, -l, --all, dry-run, not found, --wait', async () => {
  assert.is(await ok(['delete', 'cm', 'c', '--dry-run=server']), 'configmap "c" deleted (server dry run)\n');
  assert.is((await c.rk(['get', 'cm', 'c'])).exitCode, 0);
  const r = await c.rk(['delete', 'cm', 'c', 'nope']);
  assert.is(r.exitCode, 1);
  assert.is(r.stdout, 'configmap "c" deleted\n');
  assert.is(r.stderr.trim(), 'Error from server (NotFound): configmaps "nope" not found');
  assert.is(await ok(['delete', '-f', join(c.dir, 'manifests'), '-R']), 'configmap "a" deleted\nconfigmap "b" deleted\n');
  await ok(['create', 'cm', 'l1']);
  await ok(['label', 'cm', 'l1', 'del=yes']);
  assert.is(await ok(['delete', 'cm', '-l', 'del=yes']), 'configmap "l1" deleted\n');
  assert.is(await ok(['delete', 'cm', '--all', '-n', 'dev']), 'configmap "cfg" deleted\n');
  const none = await c.rk(['delete', 'cm', 'x', '--ignore-not-found']);
  assert.equal([none.exitCode, none.stderr], [0, '']);
  assert.is(await ok(['delete', 'deploy', 'api', '--grace-period=0', '--force', '-o', 'name']), 'deployment.apps/api\n');
  assert.is((await c.rk(['get', 'deploy', 'api'])).exitCode, 1, '--wait returned after the object was gone');
  const needName = await c.rk(['delete', 'cm']);
  assert.match(needName.stderr, /no name was specified/);
});

test.run();
