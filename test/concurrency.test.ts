import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { startTestCluster, type TestCluster } from './helpers/cluster.js';
import { call } from './helpers/http.js';

let c: TestCluster;
test.before(async () => { c = await startTestCluster(); });
test.after(async () => { await c.stop(); });

test('8 clients read-increment-write one ConfigMap: final value = successful writes, the rest 409', async () => {
  const path = '/api/v1/namespaces/default/configmaps/counter';
  assert.is((await call(c.url, 'POST', '/api/v1/namespaces/default/configmaps', { metadata: { name: 'counter' }, data: { n: '0' } })).status, 201);
  let ok = 0;
  let conflicts = 0;
  let other = 0;
  const client = async () => {
    for (let i = 0; i < 60; i++) {
      const cur = (await call(c.url, 'GET', path)).json;
      cur.data.n = String(Number(cur.data.n) + 1);
      const r = await call(c.url, 'PUT', path, cur);
      if (r.status === 200) ok++;
      else if (r.status === 409 && r.json.reason === 'Conflict') conflicts++;
      else other++;
    }
  };
  await Promise.all(Array.from({ length: 8 }, client));
  const final = Number((await call(c.url, 'GET', path)).json.data.n);
  assert.is(other, 0);
  assert.is(ok + conflicts, 480);
  assert.ok(conflicts > 0, 'contention produced conflicts');
  assert.is(final, ok);
});

test.run();
