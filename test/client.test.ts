import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { ApiError } from '../src/api/errors.js';
import { findResource } from '../src/api/resources.js';
import { startApiserver, type RunningApiserver } from '../src/apiserver/server.js';
import { ConnectionError, isConflict, isGone, isNotFound } from '../src/client/errors.js';
import { Informer, type ListWatchClient } from '../src/client/informer.js';
import { RestClient } from '../src/client/rest-client.js';
import type { KubeObject, WatchEvent } from '../src/client/types.js';
import { startTestCluster, type TestCluster } from './helpers/cluster.js';

const NAMESPACES = findResource('', 'v1', 'namespaces')!;
const CONFIGMAPS = findResource('', 'v1', 'configmaps')!;
/** Small history so a lagging watcher really gets 410. */
const APISERVER_OPTIONS = { historyLength: 50, ringSize: 20, processMetrics: false, bookmarkIntervalMs: 1000 };

interface ConfigMap extends KubeObject {
  data?: Record<string, string>;
}

let cluster: TestCluster;
let client: RestClient;
/** Apiservers this file started itself (the fixture stops only its own). */
const extraServers: RunningApiserver[] = [];
const informers: Informer<ConfigMap>[] = [];

test.before(async () => {
  cluster = await startTestCluster(APISERVER_OPTIONS);
  client = new RestClient({ server: cluster.url, userAgent: 'redkube-client-test' });
  for (const name of ['crud', 'inf', 'reconnect', 'relist', 'down']) {
    await client.create(NAMESPACES, undefined, { metadata: { name } });
  }
});

test.after(async () => {
  await Promise.all(informers.map((i) => i.stop()));
  client.close();
  for (const s of extraServers) await s.close().catch(() => undefined);
  await cluster.stop();
});

const cm = (ns: string, name: string, data: Record<string, string> = {}, labels?: Record<string, string>): ConfigMap =>
  ({ metadata: { name, namespace: ns, labels }, data });

async function eventually(what: string, check: () => boolean, timeoutMs = 10_000): Promise<void> {
  const until = Date.now() + timeoutMs;
  while (!check()) {
    if (Date.now() > until) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 20));
  }
}

/** Wraps the client to count list and watch calls. */
function counting(inner: RestClient): ListWatchClient & { lists: number; watches: number } {
  const counted = {
    lists: 0,
    watches: 0,
    listAll: ((...args: Parameters<RestClient['listAll']>) => {
      counted.lists++;
      return inner.listAll(...args);
    }) as ListWatchClient['listAll'],
    watch: ((...args: Parameters<RestClient['watch']>) => {
      counted.watches++;
      return inner.watch(...args);
    }) as ListWatchClient['watch'],
  };
  return counted;
}

function track(informer: Informer<ConfigMap>): string[] {
  const events: string[] = [];
  informer.on('add', (o) => events.push(`add ${o.metadata!.name}`));
  informer.on('update', (_, o) => events.push(`update ${o.metadata!.name} ${JSON.stringify(o.data ?? {})}`));
  informer.on('delete', (o) => events.push(`delete ${o.metadata!.name}`));
  informers.push(informer);
  return events;
}

test('RestClient: create, get, list with selectors and pages, update, patch, delete', async () => {
  const created = await client.create(CONFIGMAPS, 'crud', cm('crud', 'one', { a: '1' }, { app: 'x' }));
  assert.is(created.metadata?.namespace, 'crud');
  assert.ok(created.metadata?.resourceVersion);
  const got = await client.get<ConfigMap>(CONFIGMAPS, 'crud', 'one');
  assert.equal(got.data, { a: '1' });

  for (let i = 0; i < 6; i++) await client.create(CONFIGMAPS, 'crud', cm('crud', `page-${i}`));
  const page = await client.list(CONFIGMAPS, 'crud', { limit: 2 });
  assert.is(page.items.length, 2);
  assert.ok(page.metadata?.continue, 'a limited list returns a continue token');
  const all = await client.listAll(CONFIGMAPS, 'crud', { limit: 2 });
  assert.is(all.items.filter((o) => o.metadata?.name?.startsWith('page-')).length, 6);
  assert.ok(all.metadata?.resourceVersion);
  const selected = await client.list(CONFIGMAPS, 'crud', { labelSelector: 'app=x' });
  assert.equal(selected.items.map((o) => o.metadata?.name), ['one']);

  const updated = await client.update<ConfigMap>(CONFIGMAPS, { ...got, data: { a: '2' } });
  assert.equal(updated.data, { a: '2' });
  const stale = await client.update(CONFIGMAPS, { ...got, data: { a: '3' } }).catch((e: unknown) => e);
  assert.ok(stale instanceof ApiError, 'a stale write fails with ApiError');
  assert.ok(isConflict(stale));
  assert.is((stale as ApiError).code, 409);

  const merged = await client.patch<ConfigMap>(CONFIGMAPS, 'crud', 'one', 'merge', { data: { b: 'x' } });
  assert.equal(merged.data, { a: '2', b: 'x' });
  const patched = await client.patch<ConfigMap>(CONFIGMAPS, 'crud', 'one', 'json', [{ op: 'remove', path: '/data/a' }]);
  assert.equal(patched.data, { b: 'x' });

  await client.delete(CONFIGMAPS, 'crud', 'one');
  const missing = await client.get(CONFIGMAPS, 'crud', 'one').catch((e: unknown) => e);
  assert.ok(isNotFound(missing));
  assert.is((missing as ApiError).reason, 'NotFound');
  assert.match((missing as ApiError).message, /configmaps "one" not found/);
  await client.deleteCollection(CONFIGMAPS, 'crud', {});
  assert.is((await client.list(CONFIGMAPS, 'crud')).items.length, 0);
});

test('RestClient: raw requests, and a ConnectionError when nothing listens', async () => {
  const version = await client.request<{ gitVersion?: string }>('GET', '/version');
  assert.type(version, 'object');
  const nowhere = new RestClient({ server: 'http://127.0.0.1:1' });
  const err = await nowhere.get(CONFIGMAPS, 'crud', 'x').catch((e: unknown) => e);
  nowhere.close();
  assert.ok(err instanceof ConnectionError);
  assert.not.ok(err instanceof ApiError);
});

test('RestClient.watch streams changes from a resourceVersion and ends quietly on abort', async () => {
  const from = (await client.list(CONFIGMAPS, 'crud')).metadata!.resourceVersion;
  const abort = new AbortController();
  const seen: WatchEvent[] = [];
  const consuming = (async () => {
    for await (const ev of client.watch(CONFIGMAPS, 'crud', { resourceVersion: from, signal: abort.signal })) seen.push(ev);
  })();
  await client.create(CONFIGMAPS, 'crud', cm('crud', 'watched'));
  await client.patch(CONFIGMAPS, 'crud', 'watched', 'merge', { data: { k: 'v' } });
  await eventually('two events', () => seen.length >= 2);
  abort.abort();
  await consuming;
  assert.equal(seen.map((e) => `${e.type} ${e.object.metadata?.name}`), ['ADDED watched', 'MODIFIED watched']);
});

test('Informer: list then watch sees adds, updates and deletes', async () => {
  await client.create(CONFIGMAPS, 'inf', cm('inf', 'before'));
  const informer = new Informer<ConfigMap>({ client, info: CONFIGMAPS, namespace: 'inf', freeze: true });
  const events = track(informer);
  informer.start();
  assert.ok(await informer.waitForSync());
  assert.equal(events, ['add before']);
  await client.create(CONFIGMAPS, 'inf', cm('inf', 'after'));
  await client.patch(CONFIGMAPS, 'inf', 'before', 'merge', { data: { x: '1' } });
  await client.delete(CONFIGMAPS, 'inf', 'after');
  await eventually('three more events', () => events.length >= 4);
  assert.equal(events, ['add before', 'add after', 'update before {"x":"1"}', 'delete after']);
  assert.equal(informer.cache.keys(), ['inf/before']);
  assert.equal(informer.cache.get('inf/before')?.data, { x: '1' });
  await informer.stop();
});

test('Informer: a watch the server ends is resumed from the last resourceVersion without relisting', async () => {
  const counted = counting(client);
  const informer = new Informer<ConfigMap>({ client: counted, info: CONFIGMAPS, namespace: 'reconnect', watchTimeoutSeconds: 1 });
  const events = track(informer);
  informer.start();
  await informer.waitForSync();
  await eventually('the first watch to time out', () => counted.watches >= 2, 5000);
  await client.create(CONFIGMAPS, 'reconnect', cm('reconnect', 'late'));
  await eventually('the late add', () => events.includes('add late'));
  assert.is(counted.lists, 1, 'never relisted');
  assert.equal(events, ['add late']);
  await informer.stop();
});

test('Informer: keeps retrying while the apiserver is down, recovers when it is back', async () => {
  const errors: unknown[] = [];
  const informer = new Informer<ConfigMap>({ client, info: CONFIGMAPS, namespace: 'down', onError: (e) => errors.push(e) });
  const events = track(informer);
  informer.start();
  await informer.waitForSync();
  const port = cluster.apiserver.port;
  await cluster.apiserver.close();
  await eventually('several failed retries', () => errors.filter((e) => e instanceof ConnectionError).length >= 3, 10_000);
  assert.ok(errors.every((e) => e instanceof ConnectionError || isGone(e)), 'only connection errors (and the 410 the apiserver ends watches with on shutdown)');
  const revived = await startApiserver({ ...APISERVER_OPTIONS, redisUrl: cluster.redis.url, port });
  extraServers.push(revived);
  await client.create(CONFIGMAPS, 'down', cm('down', 'after-restart'));
  await eventually('the add after restart', () => events.includes('add after-restart'), 15_000);
  assert.equal(events, ['add after-restart']);
  await informer.stop();
});

test('Informer: a watch resumed from a revision older than the history gets 410, relists, and emits deletes for vanished objects', async () => {
  await client.create(CONFIGMAPS, 'relist', cm('relist', 'doomed'));
  await client.create(CONFIGMAPS, 'relist', cm('relist', 'kept'));
  const counted = counting(client);
  let openGate = (): void => undefined;
  const gate = new Promise<void>((resolve) => (openGate = resolve));
  let gated = false;
  let attempts = 0;
  const slowWatch: ListWatchClient['watch'] = async function* (...args) {
    attempts++;
    if (gated) await gate;
    yield* counted.watch(...args);
  };
  const errors: unknown[] = [];
  const informer = new Informer<ConfigMap>({
    client: { listAll: counted.listAll, watch: slowWatch }, info: CONFIGMAPS, namespace: 'relist',
    watchTimeoutSeconds: 1, onError: (e) => errors.push(e),
  });
  const events = track(informer);
  try {
    try {
      informer.start();
      await informer.waitForSync();
      await eventually('the first watch', () => attempts === 1);
      gated = true;
      await eventually('the first watch to end and the next to wait', () => attempts === 2, 15_000);
      await client.delete(CONFIGMAPS, 'relist', 'doomed');
      await client.create(CONFIGMAPS, 'relist', cm('relist', 'born'));
      for (let i = 0; i < 250; i++) await client.patch(CONFIGMAPS, 'relist', 'kept', 'merge', { data: { n: String(i) } });
    } finally {
      openGate();
    }
    await eventually('the relist', () => events.includes('delete doomed') && events.includes('add born'), 15_000);
    assert.ok(errors.some((e) => isGone(e)), 'saw 410');
    assert.is(counted.lists, 2, 'one initial list, one relist');
    assert.equal(events, ['add doomed', 'add kept', 'delete doomed', 'add born', 'update kept {"n":"249"}']);
    assert.equal(informer.cache.keys().sort(), ['relist/born', 'relist/kept']);
  } finally {
    await informer.stop();
  }
});

test.run();
