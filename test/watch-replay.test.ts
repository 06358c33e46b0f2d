import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { startTestCluster, type TestCluster } from './helpers/cluster.js';
import { call, openWatch, type RawWatch } from './helpers/http.js';
import { startApiserver, type RunningApiserver } from '../src/apiserver/server.js';

const MERGE = { 'Content-Type': 'application/merge-patch+json' };
const REPLAYED = 3000;

let c: TestCluster;
/** A second apiserver on the same Redis with a tiny ring: it replays history from the stream. */
let peer: RunningApiserver;

test.before(async () => {
  // Bookmarks every millisecond, so several fall due while a replay awaits Redis.
  c = await startTestCluster({ bookmarkIntervalMs: 1 });
  peer = await startApiserver({ redisUrl: c.redis.url, port: 0, processMetrics: false, ringSize: 5, bookmarkIntervalMs: 1 });
});
test.after(async () => { await peer.close(); await c.stop(); });

const rvOf = (e: any): number => Number(e.object.metadata.resourceVersion);
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

async function waitUntil(what: string, done: () => boolean, timeoutMs = 30_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!done()) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await sleep(20);
  }
}

async function revision(url: string, path: string): Promise<number> {
  return Number((await call(url, 'GET', path)).json.metadata.resourceVersion);
}

/** Every event of a watch that the server ends after `timeoutSeconds`, bookmarks left out. */
async function allEvents(url: string, path: string): Promise<[string, string][]> {
  const w = openWatch(url, `${path}&timeoutSeconds=2`);
  assert.is(await w.status, 200, path);
  await w.ended;
  return w.events.map((e) => [e.type, e.object.metadata.name]);
}

/** Fails on a BOOKMARK followed by an event it claims to cover (rv <= the bookmark's). */
function assertBookmarksNeverAhead(w: RawWatch, label: string): number {
  let covered = 0;
  let bookmarksBeforeLastEvent = 0;
  let pending = 0;
  for (const e of w.events) {
    if (e.type === 'BOOKMARK') { covered = Math.max(covered, rvOf(e)); pending++; continue; }
    assert.ok(rvOf(e) > covered, `${label}: ${e.type} at ${rvOf(e)} after a bookmark at ${covered}`);
    bookmarksBeforeLastEvent += pending;
    pending = 0;
  }
  return bookmarksBeforeLastEvent;
}

test('bookmarks sent during a long replay never run ahead of the events still to come', async () => {
  assert.is((await call(c.url, 'POST', '/api/v1/namespaces', { metadata: { name: 'bm' } })).status, 201);
  const start = await revision(c.url, '/api/v1/namespaces/bm/configmaps');
  let next = 0;
  const writer = async () => {
    while (next < REPLAYED) {
      const r = await call(c.url, 'POST', '/api/v1/namespaces/bm/configmaps', { metadata: { name: `cm-${next++}` }, data: { pad: 'x'.repeat(200) } });
      assert.is(r.status, 201, r.text);
    }
  };
  await Promise.all(Array.from({ length: 16 }, writer));
  const last = await revision(c.url, '/api/v1/namespaces/bm/configmaps');
  // From the ring (the main apiserver) and from Redis (the peer, whose ring holds 5 events).
  for (const url of [c.url, peer.url]) {
    const w = openWatch(url, `/api/v1/namespaces/bm/configmaps?watch=true&allowWatchBookmarks=true&resourceVersion=${start}`);
    assert.is(await w.status, 200);
    await waitUntil(`${REPLAYED} events from ${url}`, () => w.events.filter((e) => e.type !== 'BOOKMARK').length >= REPLAYED);
    await waitUntil('a bookmark after the replay', () => w.events.some((e) => e.type === 'BOOKMARK' && rvOf(e) === last));
    w.close();
    const interleaved = assertBookmarksNeverAhead(w, url);
    if (url === peer.url) assert.ok(interleaved > 0, 'bookmarks fell due while the replay read Redis');
    assert.equal(w.events.filter((e) => e.type !== 'BOOKMARK').map(rvOf), Array.from({ length: last - start }, (_, i) => start + 1 + i));
  }
});

test('a caught-up watcher that filtered every event is bookmarked at the cache revision', async () => {
  const start = await revision(c.url, '/api/v1/namespaces/bm/configmaps');
  const w = openWatch(peer.url, `/api/v1/namespaces/bm/configmaps?watch=true&allowWatchBookmarks=true&labelSelector=none%3D1&resourceVersion=${start - REPLAYED}`);
  assert.is(await w.status, 200);
  await waitUntil('a bookmark at the newest revision', () => w.events.some((e) => e.type === 'BOOKMARK' && rvOf(e) === start));
  w.close();
  assert.ok(w.events.every((e) => e.type === 'BOOKMARK'));
});

test('a label-selector watch from an old revision gets DELETED for objects leaving it and ADDED for objects joining it', async () => {
  assert.is((await call(c.url, 'POST', '/api/v1/namespaces', { metadata: { name: 'sel' } })).status, 201);
  const cm = (name: string, app: string) => ({ metadata: { name, labels: { app } }, data: { v: '1' } });
  for (const [name, app] of [['leaves', 'web'], ['joins', 'db'], ['stays', 'web'], ['removed', 'web'], ['outside', 'db']]) {
    assert.is((await call(c.url, 'POST', '/api/v1/namespaces/sel/configmaps', cm(name, app))).status, 201);
  }
  const from = await revision(c.url, '/api/v1/namespaces/sel/configmaps');
  const patch = (name: string, body: unknown) => call(c.url, 'PATCH', `/api/v1/namespaces/sel/configmaps/${name}`, body, MERGE);
  assert.is((await patch('leaves', { metadata: { labels: { app: 'db' } } })).status, 200);
  assert.is((await patch('joins', { metadata: { labels: { app: 'web' } } })).status, 200);
  assert.is((await patch('stays', { data: { v: '2' } })).status, 200);
  assert.is((await patch('outside', { data: { v: '2' } })).status, 200);
  assert.is((await call(c.url, 'DELETE', '/api/v1/namespaces/sel/configmaps/removed')).status, 200);
  // Push those events out of the peer's 5-event ring, so it must read them back from Redis.
  for (let i = 0; i < 10; i++) await call(c.url, 'POST', '/api/v1/namespaces/sel/configmaps', { metadata: { name: `filler-${i}` } });
  const want = [['DELETED', 'leaves'], ['ADDED', 'joins'], ['MODIFIED', 'stays'], ['DELETED', 'removed']];
  for (const url of [c.url, peer.url]) {
    assert.equal(await allEvents(url, `/api/v1/namespaces/sel/configmaps?watch=true&labelSelector=app%3Dweb&resourceVersion=${from}`), want, url);
  }
});

test('a field-selector watch from an old revision gets DELETED when a pod is bound (the scheduler\'s unassigned-pods watch)', async () => {
  const pod = (name: string) => ({ metadata: { name }, spec: { containers: [{ name: 'c', image: 'busybox' }] } });
  assert.is((await call(c.url, 'POST', '/api/v1/namespaces/sel/pods', pod('bound'))).status, 201);
  assert.is((await call(c.url, 'POST', '/api/v1/namespaces/sel/pods', pod('waiting'))).status, 201);
  const from = await revision(c.url, '/api/v1/namespaces/sel/pods');
  const bind = await call(c.url, 'POST', '/api/v1/namespaces/sel/pods/bound/binding', { apiVersion: 'v1', kind: 'Binding', metadata: { name: 'bound' }, target: { kind: 'Node', name: 'n1' } });
  assert.is(bind.status, 201, bind.text);
  assert.is((await call(c.url, 'PATCH', '/api/v1/namespaces/sel/pods/waiting', { metadata: { labels: { x: 'y' } } }, MERGE)).status, 200);
  for (let i = 0; i < 10; i++) await call(c.url, 'POST', '/api/v1/namespaces/sel/configmaps', { metadata: { name: `pod-filler-${i}` } });
  const want = [['DELETED', 'bound'], ['MODIFIED', 'waiting']];
  for (const url of [c.url, peer.url]) {
    assert.equal(await allEvents(url, `/api/v1/namespaces/sel/pods?watch=true&fieldSelector=spec.nodeName%3D&resourceVersion=${from}`), want, url);
  }
});

test.run();
