import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { execa } from 'execa';
import { join } from 'node:path';
import { readFileSync } from 'node:fs';
import { parse } from 'yaml';
import { type CliCluster, rkCommand, rkOk, startCliCluster } from './cli-helpers.js';

let c: CliCluster;
const ok = rkOk(() => c);

test.before(async () => {
  c = await startCliCluster();
  await ok(['apply', '-f', '-'], 'apiVersion: v1\nkind: Namespace\nmetadata: {name: team}\n---\napiVersion: v1\nkind: ConfigMap\nmetadata: {name: gamma, namespace: team}\n---\napiVersion: v1\nkind: ConfigMap\nmetadata: {name: alpha}\n');
});
test.after(async () => { await c?.stop(); });

test('config view, get-contexts, set-context --current, use-context', async () => {
  assert.match(await ok(['config', 'view']), /token: REDACTED/);
  assert.match(await ok(['config', 'view', '--raw']), /token: unused-token/);
  assert.match(await ok(['config', 'get-contexts']), /^CURRENT   NAME      CLUSTER   AUTHINFO        NAMESPACE\n\*         redkube   redkube   redkube-admin   default\n$/);
  assert.is(await ok(['config', 'set-context', '--current', '--namespace=team']), 'Context "redkube" modified.\n');
  assert.match(await ok(['get', 'cm']), /^gamma /m, 'the new default namespace is used');
  assert.is(await ok(['config', 'set-context', 'other', '--cluster=redkube', '--user=redkube-admin']), 'Context "other" created.\n');
  assert.is(await ok(['config', 'use-context', 'other']), 'Switched to context "other".\n');
  assert.is(await ok(['config', 'current-context']), 'other\n');
  assert.match(await ok(['get', 'cm']), /^alpha /m, 'context "other" has no namespace: default');
  const doc = parse(readFileSync(c.kubeconfig, 'utf8'));
  assert.is(doc['current-context'], 'other', 'written to the kubeconfig file');
  assert.is((await c.rk(['config', 'use-context', 'nope'])).exitCode, 1);
  await ok(['config', 'use-context', 'redkube']);
  await ok(['config', 'set-context', '--current', '--namespace=default']);
  assert.match(await ok(['--kubeconfig', join(c.dir, 'config'), 'config', 'get-contexts', '-o', 'name']), /^other\nredkube\n$|^redkube\nother\n$/);
});

test('version, cluster-info, api-resources', async () => {
  const v = await ok(['version']);
  assert.match(v, /^Client Version: v\d+\.\d+\.\d+\nServer Version: v1\.32\.0\+redkube/);
  assert.ok(JSON.parse(await ok(['version', '-o', 'json'])).serverVersion.minor);
  assert.match(await ok(['cluster-info']), /^Kubernetes control plane is running at http:\/\/127\.0\.0\.1:\d+\n$/);
  const res = await ok(['api-resources']);
  assert.match(res, /^NAME\s+SHORTNAMES\s+APIVERSION\s+NAMESPACED\s+KIND\n/);
  assert.match(res, /^deployments\s+deploy\s+apps\/v1\s+true\s+Deployment$/m);
  assert.ok(res.indexOf('configmaps') < res.indexOf('deployments'), 'core group first');
  assert.is(await ok(['api-resources', '--api-group=apps', '--namespaced=true', '-o', 'name']), 'controllerrevisions.apps\ndaemonsets.apps\ndeployments.apps\nreplicasets.apps\nstatefulsets.apps\n');
  const down = await execa(rkCommand()[0], [...rkCommand().slice(1), 'version'], { reject: false, env: { KUBECONFIG: '/nonexistent' } });
  assert.is(down.exitCode, 1, 'no reachable server is an error');
  assert.match(down.stdout, /^Client Version: v/, 'after printing the client version');
  assert.match(down.stderr, /^error: no kubeconfig found/);
  const client = await execa(rkCommand()[0], [...rkCommand().slice(1), 'version', '--client'], { reject: false, env: { KUBECONFIG: '/nonexistent' } });
  assert.is(client.exitCode, 0);
});

test('--help has examples for every client command', async () => {
  for (const cmd of ['get', 'describe', 'apply', 'create', 'delete', 'patch', 'label', 'annotate', 'scale', 'cluster-info', 'api-resources', 'version']) {
    const r = await c.rk([cmd, '--help']);
    assert.is(r.exitCode, 0, cmd);
    assert.match(r.stdout, /Examples:/, `${cmd} --help has examples`);
  }
});

test.run();
