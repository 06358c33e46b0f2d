import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { eventually, namespace, RES, startControllerEnv, type ControllerEnv } from './helpers/controllers.js';

let env: ControllerEnv;
test.before(async () => { env = await startControllerEnv(); });
test.after(async () => { await env?.stop(); });

test('deleting a namespace empties it (workloads included) and then removes it; creation while terminating is refused', async () => {
  const { client } = env;
  await namespace(client, 'doomed');
  await client.create(RES.deployments, 'doomed', {
    metadata: { name: 'web' },
    spec: { replicas: 3, selector: { matchLabels: { app: 'web' } }, template: { metadata: { labels: { app: 'web' } }, spec: { containers: [{ name: 'c', image: 'x' }] } } },
  });
  await eventually('running', async () => (await client.get<any>(RES.deployments, 'doomed', 'web')).status?.availableReplicas === 3);
  await client.delete(RES.namespaces, undefined, 'doomed');
  const refused = await client.create(RES.pods, 'doomed', { metadata: { name: 'late' }, spec: { containers: [{ name: 'c', image: 'x' }] } }).then(() => false, () => true);
  assert.ok(refused, 'no creation in a terminating namespace');
  await eventually('namespace gone', async () => client.get(RES.namespaces, undefined, 'doomed').then(() => false, () => true), 30_000);
  for (const r of [RES.pods, RES.replicaSets, RES.deployments]) assert.is((await client.list(r, 'doomed')).items.length, 0, r.resource);
});

test('the namespace controller runs on the shared loop: its syncs, queue depth and sync latency are metrics', async () => {
  const text = await env.metrics.registry.metrics();
  assert.match(text, /controller_syncs_total\{controller="namespace"\} [1-9]/);
  assert.match(text, /workqueue_depth\{name="namespace"\}/);
  assert.match(text, /controller_sync_duration_seconds_bucket\{le="[^"]+",controller="namespace"\}/);
});

test.run();
