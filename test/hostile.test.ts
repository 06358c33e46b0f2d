import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { startTestCluster, type TestCluster } from './helpers/cluster.js';
import { call } from './helpers/http.js';

let c: TestCluster;
const post = (path: string, body: unknown, headers?: Record<string, string>) => call(c.url, 'POST', path, body, headers);
test.before(async () => { c = await startTestCluster(); });
test.after(async () => { await c.stop(); });

async function stillServing(): Promise<void> {
  const r = await call(c.url, 'GET', '/api/v1/namespaces/default');
  assert.is(r.status, 200, 'server still answers');
}

test('a body over 3 MiB gets 413', async () => {
  const big = { metadata: { name: 'big' }, data: { blob: 'x'.repeat(3 * 1024 * 1024 + 10) } };
  const r = await post('/api/v1/namespaces/default/configmaps', big);
  assert.is(r.status, 413);
  assert.is(r.json.reason, 'RequestEntityTooLarge');
  await stillServing();
});

test('a YAML alias bomb gets 400 quickly', async () => {
  const lines = ['a: &a ["x","x","x","x","x","x","x","x","x"]'];
  for (let i = 0; i < 9; i++) {
    const prev = String.fromCharCode(97 + i);
    const cur = String.fromCharCode(98 + i);
    lines.push(`${cur}: &${cur} [*${prev},*${prev},*${prev},*${prev},*${prev},*${prev},*${prev},*${prev},*${prev}]`);
  }
  lines.push('metadata: {name: bomb}', 'data: {k: *j}');
  const started = Date.now();
  const r = await post('/api/v1/namespaces/default/configmaps', lines.join('\n'), { 'Content-Type': 'application/yaml' });
  assert.is(r.status, 400);
  assert.is(r.json.kind, 'Status');
  assert.ok(Date.now() - started < 2000, 'rejected without expanding');
  await stillServing();
});

test('deeply nested JSON gets 400', async () => {
  const deep = '{"metadata":{"name":"deep"},"data":' + '{"a":'.repeat(100_000) + '1' + '}'.repeat(100_000) + '}';
  const r = await post('/api/v1/namespaces/default/configmaps', deep);
  assert.is(r.status, 400);
  assert.match(r.json.message, /nested/);
  await stillServing();
});

test('invalid names get 422 Invalid', async () => {
  for (const name of ['Upper', 'a'.repeat(254), '..', 'a/b', '-lead', 'bad_char']) {
    const r = await post('/api/v1/namespaces/default/configmaps', { metadata: { name }, data: {} });
    assert.is(r.status, 422, `${name.slice(0, 20)}: ${r.text.slice(0, 200)}`);
    assert.is(r.json.reason, 'Invalid');
  }
  const ns = await post('/api/v1/namespaces', { metadata: { name: 'a.b' } });
  assert.is(ns.status, 422, 'namespaces are DNS labels');
  await stillServing();
});

test('unknown kind or resource gets 404; a mismatched kind in the body 400', async () => {
  assert.is((await post('/api/v1/namespaces/default/widgets', { metadata: { name: 'w' } })).status, 404);
  assert.is((await post('/apis/example.com/v1/namespaces/default/widgets', { metadata: { name: 'w' } })).status, 404);
  const r = await post('/api/v1/namespaces/default/configmaps', { apiVersion: 'v1', kind: 'Secret', metadata: { name: 'k' } });
  assert.is(r.status, 400);
  await stillServing();
});

test('wrong types get 400, unknown fields follow fieldValidation', async () => {
  const wrong = await post('/apis/apps/v1/namespaces/default/deployments', {
    metadata: { name: 'typed' }, spec: { replicas: 'three', selector: { matchLabels: { a: 'b' } }, template: { metadata: { labels: { a: 'b' } }, spec: { containers: [{ name: 'c', image: 'i' }] } } },
  });
  assert.is(wrong.status, 400, wrong.text);
  const strict = await post('/api/v1/namespaces/default/configmaps?fieldValidation=Strict', { metadata: { name: 'strict' }, bogus: 1 });
  assert.is(strict.status, 400);
  assert.match(strict.json.message, /unknown field/);
  const warn = await post('/api/v1/namespaces/default/configmaps?fieldValidation=Warn', { metadata: { name: 'warned' }, bogus: 1 });
  assert.is(warn.status, 201);
  assert.match(String(warn.headers.warning), /unknown field/);
  assert.is(warn.json.bogus, undefined);
  const badJson = await post('/api/v1/namespaces/default/configmaps', '{"metadata": {', { 'Content-Type': 'application/json' });
  assert.is(badJson.status, 400);
  const notObject = await post('/api/v1/namespaces/default/configmaps', '[1,2]', { 'Content-Type': 'application/json' });
  assert.is(notObject.status, 400);
  const badType = await post('/api/v1/namespaces/default/configmaps', 'x', { 'Content-Type': 'text/csv' });
  assert.is(badType.status, 415);
  await stillServing();
});

test('missing required fields get 422 with the field path', async () => {
  const r = await post('/api/v1/namespaces/default/pods', { metadata: { name: 'nocontainers' }, spec: { containers: [] } });
  assert.is(r.status, 422);
  assert.match(r.json.message, /spec\.containers/);
  const sel = await post('/apis/apps/v1/namespaces/default/deployments', {
    metadata: { name: 'mismatch' }, spec: { selector: { matchLabels: { a: 'b' } }, template: { metadata: { labels: { a: 'c' } }, spec: { containers: [{ name: 'c', image: 'i' }] } } },
  });
  assert.is(sel.status, 422);
  assert.match(sel.json.message, /selector/);
  await stillServing();
});

test.run();
