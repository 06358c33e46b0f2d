import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { execa } from 'execa';
import { createServer, request, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { join } from 'node:path';
import { parse } from 'yaml';
import { type CliCluster, rkCommand, rkOk, runRk, startCliCluster } from './cli-helpers.js';
import { ConnectionError, StatusError } from '../src/client/index.js';
import { watchRecovery } from '../src/cli/get/watch.js';
import { writeKubeconfig } from '../src/cli/kubeconfig-file.js';

let c: CliCluster;
const ok = rkOk(() => c);

async function until(what: string, cond: () => boolean, ms = 15_000): Promise<void> {
  const deadline = Date.now() + ms;
  while (!cond()) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 50));
  }
}

const FIXTURES = `apiVersion: v1
kind: Namespace
metadata: {name: team}
---
apiVersion: v1
kind: ConfigMap
metadata: {name: alpha, labels: {app: web, tier: front}}
data: {a: "1", b: "2"}
---
apiVersion: v1
kind: ConfigMap
metadata: {name: beta, labels: {app: db}}
data: {a: "1"}
---
apiVersion: v1
kind: ConfigMap
metadata: {name: gamma, namespace: team}
data: {}
`;

test.before(async () => {
  c = await startCliCluster();
  await ok(['apply', '-f', '-'], FIXTURES);
});
test.after(async () => { await c?.stop(); });

test('get prints the server table with kubectl alignment; -A adds NAMESPACE', async () => {
  const out = await ok(['get', 'cm']);
  const lines = out.trimEnd().split('\n');
  assert.match(lines[0], /^NAME    DATA   AGE$/);
  assert.match(lines[1], /^alpha   2      \d+s$/);
  assert.match(lines[2], /^beta    1      \d+s$/);
  const all = await ok(['get', 'configmaps', '-A', '--sort-by=.metadata.name']);
  assert.match(all, /^NAMESPACE   NAME    DATA   AGE\ndefault     alpha   2 /);
  assert.match(all, /^team        gamma   0 /m);
  assert.match(await ok(['get', 'cm', '--no-headers']), /^alpha\s+2\s+\d+s\nbeta/);
});

test('names, comma lists, kind/name, short and kind names, all', async () => {
  assert.match(await ok(['get', 'ConfigMap', 'beta']), /^NAME   DATA   AGE\nbeta   1 /);
  const two = await ok(['get', 'cm/alpha', 'namespace/team']);
  assert.match(two, /^NAME              DATA   AGE\nconfigmap\/alpha   2 /);
  assert.match(two, /\n\nNAME             STATUS   AGE\nnamespace\/team   Active/);
  assert.match(await ok(['get', 'cm,ns', '-o', 'name']), /^configmap\/alpha\nconfigmap\/beta\nnamespace\/default\n/);
  assert.match(await ok(['get', 'all']), /^NAME\s+TYPE\s+CLUSTER-IP.*\nservice\/kubernetes\s+ClusterIP/);
});

test('selectors, labels columns', async () => {
  assert.is(await ok(['get', 'cm', '-l', 'app=web', '-o', 'name']), 'configmap/alpha\n');
  assert.is(await ok(['get', 'cm', '--field-selector', 'metadata.name=beta', '-o', 'name']), 'configmap/beta\n');
  const labels = await ok(['get', 'cm', '--show-labels', '-L', 'app']);
  assert.match(labels, /^NAME    DATA   AGE\s+APP   LABELS\nalpha   2      \d+s\s+web   app=web,tier=front\nbeta    1      \d+s\s+db    app=db\n$/);
});

test('machine formats: json/yaml of one object and of a list, jsonpath, custom-columns, sort-by', async () => {
  const one = JSON.parse(await ok(['get', 'cm', 'alpha', '-o', 'json']));
  assert.equal([one.kind, one.apiVersion, one.data], ['ConfigMap', 'v1', { a: '1', b: '2' }]);
  const list = JSON.parse(await ok(['get', 'cm', '-o', 'json']));
  assert.equal([list.kind, list.items.map((i: { kind: string }) => i.kind)], ['List', ['ConfigMap', 'ConfigMap']]);
  const y = parse(await ok(['get', 'cm', 'beta', '-o', 'yaml']));
  assert.is(y.metadata.labels.app, 'db');
  assert.is(await ok(['get', 'cm', '-o', 'jsonpath={range .items[*]}{.metadata.name}:{.data.a}{"\\n"}{end}']), 'alpha:1\nbeta:1\n');
  assert.is(await ok(['get', 'cm', 'beta', '-o', 'jsonpath={.metadata.labels.app}']), 'db');
  assert.is(await ok(['get', 'cm', '-o', 'custom-columns=N:.metadata.name,T:.metadata.labels.tier']), 'N       T\nalpha   front\nbeta    <none>\n');
  assert.is(await ok(['get', 'cm', '--sort-by={.metadata.labels.app}', '-o', 'name']), 'configmap/beta\nconfigmap/alpha\n');
});

test('errors like kubectl: not found, partial failure, unknown type, empty lists', async () => {
  const partial = await c.rk(['get', 'cm', 'alpha', 'nope']);
  assert.is(partial.exitCode, 1);
  assert.match(partial.stdout, /^NAME    DATA   AGE\nalpha /);
  assert.is(partial.stderr.trim(), 'Error from server (NotFound): configmaps "nope" not found');
  const unknown = await c.rk(['get', 'widgets']);
  assert.is(unknown.exitCode, 1);
  assert.is(unknown.stderr.trim(), 'error: the server doesn\'t have a resource type "widgets"');
  const empty = await c.rk(['get', 'pods']);
  assert.equal([empty.exitCode, empty.stdout, empty.stderr.trim()], [0, '', 'No resources found in default namespace.']);
  const emptyNs = await c.rk(['get', 'cm', '-n', 'nowhere']);
  assert.is(emptyNs.stderr.trim(), 'No resources found in nowhere namespace.');
  assert.is((await c.rk(['get', 'cm', 'nope', '--ignore-not-found'])).exitCode, 0);
  const twoWatched = await c.rk(['get', 'cm', 'alpha', 'beta', '-w']);
  assert.is(twoWatched.exitCode, 1);
  assert.is(twoWatched.stderr.trim(), 'error: watch is only supported on individual resources and resource collections, but 2 resources were found');
  const bad = await c.rk(['get', 'cm', '-o', 'xml']);
  assert.is(bad.exitCode, 1);
  assert.match(bad.stderr, /unable to match a printer/);
});

test('get -w prints changes and survives an apiserver restart; --watch-only skips the list', async () => {
  const [bin, ...pre] = rkCommand();
  const env = { KUBECONFIG: c.kubeconfig, NO_COLOR: '1' };
  const watch = execa(bin, [...pre, 'get', 'cm', '-w'], { env, reject: false });
  const only = execa(bin, [...pre, 'get', 'cm', '--watch-only', '-o', 'name'], { env, reject: false });
  let out = '';
  let outOnly = '';
  watch.stdout!.on('data', (d) => { out += d; });
  only.stdout!.on('data', (d) => { outOnly += d; });
  try {
    await until('the initial list', () => /alpha/.test(out) && /beta/.test(out));
    await new Promise((r) => setTimeout(r, 500));
    await ok(['create', 'configmap', 'delta', '--from-literal=x=1']);
    await until('the new row', () => /^delta\s+1\s+\d+s$/m.test(out));
    await until('watch-only event', () => outOnly.includes('configmap/delta'));
    assert.not.match(outOnly, /alpha/, '--watch-only does not list');
    assert.is(out.match(/^NAME/gm)?.length, 1, 'one header');
    await c.cluster.restartApiserver();
    await ok(['create', 'configmap', 'epsilon', '--from-literal=x=1']);
    await until('a row after the restart', () => /^epsilon\s+1/m.test(out), 20_000);
    assert.is(watch.exitCode, null, 'still running');
  } finally {
    watch.kill();
    only.kill();
    await Promise.all([watch, only]);
  }
});

test('get -w: what a failed watch does next', () => {
  const status = (code: number) => new StatusError({ code, message: `answered ${code}` }, code);
  assert.is(watchRecovery(new ConnectionError('socket hang up')), 'retry');
  for (const code of [429, 500, 503, 504]) assert.is(watchRecovery(status(code)), 'retry', String(code));
  assert.is(watchRecovery(status(410)), 'relist');
  for (const code of [400, 401, 403, 404]) assert.is(watchRecovery(status(code)), 'fail', String(code));
  assert.is(watchRecovery(new SyntaxError('bad JSON')), 'fail');
});

test('get -w retries a 503, a 429 and a watch that ends, resuming from the last resourceVersion; a 403 ends it with exit 1', async () => {
  const upstream = new URL(c.cluster.url);
  const watches: string[] = [];
  const status = (res: ServerResponse, code: number, reason: string) => {
    res.writeHead(code, { 'content-type': 'application/json' });
    res.end(JSON.stringify({ kind: 'Status', apiVersion: 'v1', status: 'Failure', message: `watch answered ${code}`, reason, code }));
  };
  const answers = [
    (res: ServerResponse) => status(res, 503, 'ServiceUnavailable'),
    (res: ServerResponse) => status(res, 429, 'TooManyRequests'),
    (res: ServerResponse) => {
      res.writeHead(200, { 'content-type': 'application/json' });
      const object = { kind: 'ConfigMap', apiVersion: 'v1', metadata: { name: 'from-watch', namespace: 'default', resourceVersion: '999999' } };
      res.end(`${JSON.stringify({ type: 'ADDED', object })}\n`);
    },
    (res: ServerResponse) => status(res, 403, 'Forbidden'),
  ];
  const proxy = createServer((req, res) => {
    if (/[?&]watch=true/.test(req.url ?? '')) {
      watches.push(req.url!);
      return answers[Math.min(watches.length, answers.length) - 1]!(res);
    }
    const out = request({ host: upstream.hostname, port: upstream.port, path: req.url, method: req.method, headers: req.headers }, (up) => {
      res.writeHead(up.statusCode ?? 502, up.headers);
      up.pipe(res);
    });
    req.pipe(out);
  });
  await new Promise<void>((r) => proxy.listen(0, '127.0.0.1', () => r()));
  try {
    const kubeconfig = join(c.dir, 'flaky-config');
    writeKubeconfig(kubeconfig, `http://127.0.0.1:${(proxy.address() as AddressInfo).port}`, 'unused-token');
    const started = Date.now();
    const r = await runRk(kubeconfig, ['get', 'cm', '--watch-only', '-o', 'name'], { timeout: 30_000 });
    assert.is(r.exitCode, 1, r.stderr);
    assert.is(r.stdout, 'configmap/from-watch\n');
    assert.match(r.stderr, /Error from server \(Forbidden\): watch answered 403/);
    assert.is(watches.length, 4, 'three retries, then the 403');
    assert.match(watches[3]!, /resourceVersion=999999/, 'resumed after the last event seen');
    assert.ok(Date.now() - started >= 3000, 'backed off between tries (1 s, 2 s, then 1 s after an event)');
  } finally {
    proxy.closeAllConnections();
    proxy.close();
  }
});

test('describe prints the object and its events', async () => {
  const uid = JSON.parse(await ok(['get', 'cm', 'alpha', '-o', 'json'])).metadata.uid;
  const event = {
    apiVersion: 'v1', kind: 'Event', metadata: { name: 'alpha.1' }, type: 'Warning', reason: 'Checked', message: 'looked at it',
    involvedObject: { kind: 'ConfigMap', name: 'alpha', namespace: 'default', uid }, source: { component: 'tester' },
    firstTimestamp: new Date().toISOString(), lastTimestamp: new Date().toISOString(), count: 1,
  };
  await ok(['create', '-f', '-'], JSON.stringify(event));
  const out = await ok(['describe', 'cm', 'alpha']);
  assert.match(out, /^Name:         alpha\nNamespace:    default\nLabels:       app=web\n              tier=front\n/);
  assert.match(out, /^Data\n====\na:\n----\n1\n/m);
  assert.match(out, /^Events:\n  Type\s+Reason\s+Age\s+From\s+Message\n  ----\s+------/m);
  assert.match(out, /^  Warning\s+Checked\s+\d+s\s+tester\s+looked at it$/m);
  const prefix = await ok(['describe', 'cm', 'bet']);
  assert.match(prefix, /^Name:\s+beta$/m, 'a name prefix matches');
  const miss = await c.rk(['describe', 'cm', 'zzz']);
  assert.is(miss.exitCode, 1);
  assert.match(miss.stderr, /Error from server \(NotFound\): configmaps "zzz" not found/);
});

test.run();
