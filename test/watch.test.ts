import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { startTestCluster, type TestCluster } from './helpers/cluster.js';
import { call, openWatch } from './helpers/http.js';
import { startApiserver } from '../src/apiserver/server.js';

let c: TestCluster;
let small: TestCluster;
let wide: TestCluster;
const WRITES = 10_000;
const WATCHERS = 10;

test.before(async () => {
  c = await startTestCluster({ ringSize: 2000 });
  small = await startTestCluster({ historyLength: 100, ringSize: 50 });
  wide = await startTestCluster({ historyLength: 50 });
});
test.after(async () => { await c.stop(); await small.stop(); await wide.stop(); });

/** A watcher that cuts its own connection every `cutEvery` events and resumes from the last resourceVersion. */
async function resumingWatcher(from: string, want: number, cutEvery: number, seen: number[]): Promise<number> {
  let rv = from;
  let reconnects = 0;
  while (seen.length < want) {
    const w = openWatch(c.url, `/api/v1/namespaces/watch/configmaps?watch=true&resourceVersion=${rv}`);
    const status = await w.status;
    if (status !== 200) throw new Error(`watch answered ${status}`);
    const target = Math.min(want - seen.length, cutEvery);
    try { await w.waitFor(target, 60_000); } finally { w.close(); }
    for (const e of w.events) {
      if (e.type === 'ERROR') throw new Error(`watch error ${JSON.stringify(e.object)}`);
      seen.push(Number(e.object.metadata.resourceVersion));
    }
    rv = String(seen[seen.length - 1]);
    reconnects++;
  }
  return reconnects;
}

test(`${WATCHERS} watchers see each of ${WRITES} writes exactly once, in order, across cut connections`, async () => {
  assert.is((await call(c.url, 'POST', '/api/v1/namespaces', { metadata: { name: 'watch' } })).status, 201);
  const start = (await call(c.url, 'GET', '/api/v1/namespaces/watch/configmaps')).json.metadata.resourceVersion;
  const seen: number[][] = Array.from({ length: WATCHERS }, () => []);
  const watchers = seen.map((s, i) => resumingWatcher(start, WRITES, 700 + i * 137, s));
  const acked: number[] = [];
  let next = 0;
  const writer = async () => {
    while (next < WRITES) {
      const i = next++;
      const r = await call(c.url, 'POST', '/api/v1/namespaces/watch/configmaps', { metadata: { name: `cm-${i}` }, data: { i: String(i) } });
      if (r.status !== 201) throw new Error(`create answered ${r.status}: ${r.text}`);
      acked.push(Number(r.json.metadata.resourceVersion));
    }
  };
  await Promise.all(Array.from({ length: 32 }, writer));
  const reconnects = await Promise.all(watchers);
  acked.sort((a, b) => a - b);
  assert.is(acked.length, WRITES);
  for (let i = 0; i < WATCHERS; i++) {
    assert.is(seen[i].length, WRITES, `watcher ${i} count`);
    assert.equal(seen[i], acked, `watcher ${i} saw every write once, in order`);
    assert.ok(reconnects[i] >= 5, `watcher ${i} was cut and resumed (${reconnects[i]} connections)`);
  }
});

test('a watch from before the retained history gets 410 Expired; a recent one works', async () => {
  await call(small.url, 'POST', '/api/v1/namespaces', { metadata: { name: 'w' } });
  let last = 0;
  for (let i = 0; i < 600; i++) {
    const r = await call(small.url, 'POST', '/api/v1/namespaces/w/configmaps', { metadata: { name: `c${i}` } });
    last = Number(r.json.metadata.resourceVersion);
  }
  const old = await call(small.url, 'GET', '/api/v1/namespaces/w/configmaps?watch=true&resourceVersion=2');
  assert.is(old.status, 410);
  assert.is(old.json.reason, 'Expired');
  assert.match(old.json.message, /^too old resource version: 2 \(\d+\)$/);
  const w = openWatch(small.url, `/api/v1/namespaces/w/configmaps?watch=true&resourceVersion=${last - 10}`);
  assert.is(await w.status, 200);
  await w.waitFor(10);
  assert.equal(w.events.map((e) => Number(e.object.metadata.resourceVersion)), Array.from({ length: 10 }, (_, i) => last - 9 + i));
  w.close();
});

test('with a ring larger than the history, the Redis window decides 410, alike on every apiserver', async () => {
  // `wide` keeps the default ring (50,000 events), so its ring still holds every write below.
  await call(wide.url, 'POST', '/api/v1/namespaces', { metadata: { name: 'w' } });
  const rvs: number[] = [];
  for (let i = 0; i < 600; i++) {
    const r = await call(wide.url, 'POST', '/api/v1/namespaces/w/configmaps', { metadata: { name: `c${i}` } });
    rvs.push(Number(r.json.metadata.resourceVersion));
  }
  // A second apiserver on the same Redis whose ring holds none of those writes: it reads history from the stream.
  const peer = await startApiserver({ redisUrl: wide.redis.url, port: 0, processMetrics: false, historyLength: 50, ringSize: 10 });
  try {
    const oldest = await wide.apiserver.context.store.oldestRetainedRevision();
    assert.ok(rvs[10] + 1 < oldest, `the stream was trimmed past the early writes (oldest retained ${oldest})`);
    for (const url of [wide.url, peer.url]) {
      for (const rv of [rvs[10], oldest - 2]) {
        const old = await call(url, 'GET', `/api/v1/namespaces/w/configmaps?watch=true&resourceVersion=${rv}&timeoutSeconds=1`);
        assert.is(old.status, 410, `${url} rv ${rv}`);
        assert.is(old.json.reason, 'Expired');
        assert.is(old.json.message, `too old resource version: ${rv} (${oldest - 1})`);
      }
      const w = openWatch(url, `/api/v1/namespaces/w/configmaps?watch=true&resourceVersion=${oldest - 1}`);
      assert.is(await w.status, 200, url);
      await w.waitFor(3);
      assert.equal(w.events.slice(0, 3).map((e) => Number(e.object.metadata.resourceVersion)), [oldest, oldest + 1, oldest + 2], url);
      w.close();
    }
  } finally {
    await peer.close();
  }
});

test('a watch survives an apiserver restart by resuming from its resourceVersion', async () => {
  const before = (await call(small.url, 'GET', '/api/v1/namespaces/w/configmaps?limit=1')).json.metadata.resourceVersion;
  await small.restartApiserver();
  await call(small.url, 'POST', '/api/v1/namespaces/w/configmaps', { metadata: { name: 'after-restart' } });
  const w = openWatch(small.url, `/api/v1/namespaces/w/configmaps?watch=true&resourceVersion=${before}`);
  await w.waitFor(1);
  assert.is(w.events[0].type, 'ADDED');
  assert.is(w.events[0].object.metadata.name, 'after-restart');
  w.close();
});

test.run();
