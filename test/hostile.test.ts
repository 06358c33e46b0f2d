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

test('duplicate fields follow fieldValidation: Strict is 400, Warn warns, Ignore accepts; JSON and YAML', async () => {
  const cms = '/api/v1/namespaces/default/configmaps';
  const dup = (name: string) => `{"apiVersion":"v1","kind":"ConfigMap","metadata":{"name":"${name}"},"data":{"a":"1"},"data":{"b":"2"}}`;
  const strict = await post(`${cms}?fieldValidation=Strict`, dup('dup-strict'));
  assert.is(strict.status, 400, strict.text);
  assert.is(strict.json.reason, 'BadRequest');
  assert.is(strict.json.message, 'ConfigMap in version "v1" cannot be handled as a ConfigMap: strict decoding error: duplicate field "data"');
  assert.is((await call(c.url, 'GET', `${cms}/dup-strict`)).status, 404);
  const nested = await post(`${cms}?fieldValidation=Strict`, '{"metadata":{"name":"dup-nested","name":"dup-nested"},"data":{"k":"1","k":"2"},"bogus":1}');
  assert.is(nested.status, 400);
  assert.match(nested.json.message, 'strict decoding error: duplicate field "metadata.name", duplicate field "data.k", unknown field "bogus"');
  for (const [query, name] of [['?fieldValidation=Warn', 'dup-warn'], ['', 'dup-default']]) {
    const warn = await post(`${cms}${query}`, dup(name));
    assert.is(warn.status, 201, `${query}: ${warn.text}`);
    assert.match(String(warn.headers.warning), 'duplicate field \\"data\\"');
    assert.equal(warn.json.data, { b: '2' }, 'the last value wins');
  }
  const ignore = await post(`${cms}?fieldValidation=Ignore`, dup('dup-ignore'));
  assert.is(ignore.status, 201);
  assert.is(ignore.headers.warning, undefined);
  const clean = await post(`${cms}?fieldValidation=Strict`, '{"metadata":{"name":"no-dup"},"data":{"a":"x:\\"data\\":1","data":"{\\"data\\":2}"}}');
  assert.is(clean.status, 201, `no false positive: ${clean.text}`);
  assert.is(clean.headers.warning, undefined);

  const yaml = 'apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: dup-yaml\ndata:\n  a: "1"\ndata:\n  b: "2"\n';
  const yamlStrict = await post(`${cms}?fieldValidation=Strict`, yaml, { 'Content-Type': 'application/yaml' });
  assert.is(yamlStrict.status, 400, yamlStrict.text);
  assert.is(yamlStrict.json.message, 'ConfigMap in version "v1" cannot be handled as a ConfigMap: strict decoding error: yaml: unmarshal errors:\n  line 7: key "data" already set in map');
  const yamlWarn = await post(`${cms}?fieldValidation=Warn`, yaml, { 'Content-Type': 'application/yaml' });
  assert.is(yamlWarn.status, 201);
  assert.match(String(yamlWarn.headers.warning), 'key \\"data\\" already set in map');

  const put = await call(c.url, 'PUT', `${cms}/dup-ignore?fieldValidation=Strict`, '{"metadata":{"name":"dup-ignore"},"data":{"a":"1"},"data":{"b":"2"}}');
  assert.is(put.status, 400);
  assert.match(put.json.message, 'duplicate field "data"');
  const patch = await call(c.url, 'PATCH', `${cms}/dup-ignore?fieldValidation=Strict`, '{"data":{"a":"1","a":"2"}}', { 'Content-Type': 'application/merge-patch+json' });
  assert.is(patch.status, 400);
  assert.match(patch.json.message, 'duplicate field "data.a"');
  const apply = await call(c.url, 'PATCH', `${cms}/dup-ignore?fieldValidation=Strict&fieldManager=t`, 'data:\n  a: "1"\n  a: "2"\n', { 'Content-Type': 'application/apply-patch+yaml' });
  assert.is(apply.status, 400);
  assert.match(apply.json.message, 'line 3: key "a" already set in map');
  assert.equal((await call(c.url, 'GET', `${cms}/dup-ignore`)).json.data, { b: '2' }, 'refused writes changed nothing');
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
