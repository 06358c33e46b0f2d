import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { startTestCluster, type TestCluster } from './helpers/cluster.js';
import { startApiserver, type RunningApiserver } from '../src/apiserver/server.js';
import { call, openWatch } from './helpers/http.js';

let c: TestCluster;
let second: RunningApiserver;
let otherCluster: RunningApiserver;

test.before(async () => {
  c = await startTestCluster();
  second = await startApiserver({ redisUrl: c.redis.url, port: 0, processMetrics: false });
  otherCluster = await startApiserver({ redisUrl: c.redis.url, port: 0, processMetrics: false, prefix: 'other' });
});
test.after(async () => { await second.close(); await otherCluster.close(); await c.stop(); });

test('two apiservers on one Redis serve the same cluster: a write on one is watched and read on the other', async () => {
  const w = openWatch(second.url, '/api/v1/namespaces/default/configmaps?watch=true');
  assert.is(await w.status, 200);
  const created = await call(c.url, 'POST', '/api/v1/namespaces/default/configmaps', { metadata: { name: 'shared' }, data: { a: '1' } });
  assert.is(created.status, 201);
  await w.waitFor(1);
  assert.is(w.events[0].object.metadata.resourceVersion, created.json.metadata.resourceVersion);
  w.close();
  const read = await call(second.url, 'GET', '/api/v1/namespaces/default/configmaps/shared');
  assert.is(read.json.metadata.uid, created.json.metadata.uid);
  const stale = await call(second.url, 'PUT', '/api/v1/namespaces/default/configmaps/shared', { ...created.json, data: { a: '2' } });
  assert.is(stale.status, 200);
  const conflict = await call(c.url, 'PUT', '/api/v1/namespaces/default/configmaps/shared', { ...created.json, data: { a: '3' } });
  assert.is(conflict.status, 409, 'the revision check spans apiservers');
});

test('another key prefix on the same Redis is a separate cluster', async () => {
  const r = await call(otherCluster.url, 'GET', '/api/v1/namespaces/default/configmaps/shared');
  assert.is(r.status, 404);
  assert.is((await call(otherCluster.url, 'POST', '/api/v1/namespaces/default/configmaps', { metadata: { name: 'shared' } })).status, 201);
});

test.run();
