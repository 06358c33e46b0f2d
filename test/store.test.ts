import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { Redis } from 'ioredis';
import { startRedisServer, type RedisServer } from '../src/util/redis-server.js';
import { Store } from '../src/store/store.js';
import { WatchCache, type WatchSink } from '../src/store/watch-cache.js';
import { findResource } from '../src/api/resources.js';
import { ApiError } from '../src/api/errors.js';
import { splitForRevision, joinWithRevision } from '../src/store/codec.js';

const ns = findResource('', 'v1', 'namespaces')!;
const cm = findResource('', 'v1', 'configmaps')!;
let redis: RedisServer;
let store: Store;

const reason = async (p: Promise<unknown>): Promise<string> => {
  try { await p; return 'ok'; } catch (e) { return e instanceof ApiError ? e.reason : String(e); }
};
const cmObj = (name: string, data: Record<string, string> = {}, labels?: Record<string, string>) => ({ apiVersion: 'v1', kind: 'ConfigMap', metadata: { name, namespace: 'default', labels }, data });
/** The stored version a write replaces, as the object service passes it. */
const was = (stored: { revision: number; json: string }) => ({ revision: stored.revision, obj: JSON.parse(stored.json) });

test.before(async () => {
  redis = await startRedisServer();
  store = Store.connect(redis.url, { prefix: 'storetest', historyLength: 50 });
  await store.create(ns, { apiVersion: 'v1', kind: 'Namespace', metadata: { name: 'default' } });
});
test.after(async () => { await store.close(); await redis.stop(); });

test('codec stamps the revision into metadata only, keeping [] and user strings intact', () => {
  const obj = { apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: 'x', annotations: { a: '"resourceVersion":"1"' } }, data: { list: '[]' }, extra: [] };
  const json = joinWithRevision(splitForRevision(obj), 42);
  const back = JSON.parse(json);
  assert.is(back.metadata.resourceVersion, '42');
  assert.equal(back.extra, []);
  assert.is(back.metadata.annotations.a, '"resourceVersion":"1"');
  assert.ok(json.startsWith('{"apiVersion":"v1","kind":"ConfigMap","metadata":{"name":"x","resourceVersion":"42"'));
});

test('create assigns increasing revisions and refuses a taken name with AlreadyExists', async () => {
  const a = await store.create(cm, cmObj('a'));
  const b = await store.create(cm, cmObj('b'));
  assert.ok(b.revision === a.revision + 1);
  assert.is(JSON.parse(a.json).metadata.resourceVersion, String(a.revision));
  assert.is(await reason(store.create(cm, cmObj('a'))), 'AlreadyExists');
  assert.is(await store.get(cm, 'default', 'a'), a.json);
});

test('namespaced create needs an existing, non-terminating namespace', async () => {
  assert.is(await reason(store.create(cm, { ...cmObj('x'), metadata: { name: 'x', namespace: 'nope' } })), 'NotFound');
  const created = await store.create(ns, { apiVersion: 'v1', kind: 'Namespace', metadata: { name: 'dying' } });
  await store.update(ns, JSON.parse(created.json), was(created), true);
  assert.is(await reason(store.create(cm, { ...cmObj('x'), metadata: { name: 'x', namespace: 'dying' } })), 'Forbidden');
});

test('update and delete check the expected revision (Conflict) and existence (NotFound)', async () => {
  const c = await store.create(cm, cmObj('u', { v: '1' }));
  const u = await store.update(cm, cmObj('u', { v: '2' }), was(c));
  assert.is(await reason(store.update(cm, cmObj('u', { v: '3' }), was(c))), 'Conflict');
  assert.is(await reason(store.remove(cm, cmObj('u'), was(c))), 'Conflict');
  assert.is(await reason(store.update(cm, cmObj('missing'), { revision: 1, obj: cmObj('missing') })), 'NotFound');
  const d = await store.remove(cm, cmObj('u', { v: '2' }), was(u));
  assert.ok(d.revision > u.revision);
  assert.is(await store.get(cm, 'default', 'u'), null);
});

test('every write appends one event whose stream ID is the revision', async () => {
  const before = await store.currentRevision();
  const c = await store.create(cm, cmObj('ev'));
  const u = await store.update(cm, cmObj('ev', { k: 'v' }), was(c));
  const d = await store.remove(cm, cmObj('ev', { k: 'v' }), was(u));
  const events = await store.readEvents(before, 10);
  assert.equal(events.map((e) => [e.revision, e.type, e.key]), [[c.revision, 'ADDED', 'default/ev'], [u.revision, 'MODIFIED', 'default/ev'], [d.revision, 'DELETED', 'default/ev']]);
  assert.is(JSON.parse(events[2].json).metadata.resourceVersion, String(d.revision));
});

test('an event carries the replaced version\'s selectable projection only when a write changed it', async () => {
  const before = await store.currentRevision();
  const c = await store.create(cm, cmObj('sel', {}, { app: 'web' }));
  const data = await store.update(cm, cmObj('sel', { k: 'v' }, { app: 'web' }), was(c));
  const relabel = await store.update(cm, cmObj('sel', { k: 'v' }, { app: 'db' }), was(data));
  await store.remove(cm, cmObj('sel', { k: 'v' }, { app: 'db' }), was(relabel));
  const events = await store.readEvents(before, 10);
  assert.equal(events.map((e) => e.previous), [undefined, undefined, '{"metadata":{"labels":{"app":"web"},"name":"sel","namespace":"default"}}', undefined]);
});

test('keys live under one hash-tagged prefix', async () => {
  const raw = new Redis(redis.url);
  const keys = await raw.keys('*');
  raw.disconnect();
  assert.ok(keys.length > 0);
  assert.ok(keys.every((k) => k.startsWith('{storetest}:')), keys.join(','));
});

test('watch cache delivers every event once, in order, and 410s a start older than the history', async () => {
  const cache = new WatchCache(store, { ringSize: 16 });
  await cache.start();
  const start = cache.revision;
  const seen: number[] = [];
  const sink: WatchSink = { deliver: (_t, _e, rev) => { seen.push(rev); }, end: () => undefined };
  const handle = await cache.watch('configmaps', start, () => true, sink);
  const written: number[] = [];
  for (let i = 0; i < 200; i++) written.push((await store.create(cm, cmObj(`w${i}`))).revision);
  assert.ok(await cache.waitFor(written[written.length - 1]));
  assert.equal(seen, written);
  handle.stop();
  const late: number[] = [];
  const resumed = await cache.watch('configmaps', written[150], () => true, { deliver: (_t, _e, rev) => { late.push(rev); }, end: () => undefined });
  assert.equal(late, written.slice(151));
  resumed.stop();
  assert.is(await reason(cache.watch('configmaps', 1, () => true, sink)), 'Expired');
  await cache.stop();
});

test.run();
