import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { eventually, namespace, RES, startControllerEnv, type ControllerEnv } from './helpers/controllers.js';

let env: ControllerEnv;
test.before(async () => { env = await startControllerEnv(); });
test.after(async () => { await env?.stop(); });

const rsObj = (name: string, replicas: number, app = name) => ({
  metadata: { name },
  spec: { replicas, selector: { matchLabels: { app } }, template: { metadata: { labels: { app } }, spec: { containers: [{ name: 'c', image: 'busybox' }] } } },
});

async function pods(ns: string, selector: string): Promise<any[]> {
  return (await env.client.list<any>(RES.pods, ns, { labelSelector: selector })).items;
}

test('keeps exactly spec.replicas pods, owned and counted in status', async () => {
  const { client } = env;
  await namespace(client, 'rs1');
  await client.create(RES.replicaSets, 'rs1', rsObj('web', 3));
  const rs = await eventually('status ready 3', async () => {
    const r = await client.get<any>(RES.replicaSets, 'rs1', 'web');
    return r.status?.availableReplicas === 3 && r.status.readyReplicas === 3 && r.status.replicas === 3 && r.status.fullyLabeledReplicas === 3 && r.status.observedGeneration === r.metadata.generation && r;
  });
  const list = await pods('rs1', 'app=web');
  assert.is(list.length, 3);
  for (const p of list) {
    assert.equal(p.metadata.ownerReferences, [{ apiVersion: 'apps/v1', kind: 'ReplicaSet', name: 'web', uid: rs.metadata.uid, controller: true, blockOwnerDeletion: true }]);
    assert.match(p.metadata.name, /^web-[a-z0-9]{5}$/);
  }
  const events = await eventually('SuccessfulCreate events', async () => {
    const ev = (await client.list<any>(RES.events, 'rs1')).items.filter((e) => e.reason === 'SuccessfulCreate');
    return ev.length === 3 && ev;
  });
  assert.equal(events[0].involvedObject.uid, rs.metadata.uid);
  assert.is(events[0].source.component, 'controller-manager');
  assert.is(events[0].type, 'Normal');
  assert.is(events[0].count, 1);
});

test('scale down removes the surplus, scale up replaces, a deleted pod is replaced', async () => {
  const { client } = env;
  await client.patch(RES.replicaSets, 'rs1', 'web', 'merge', { spec: { replicas: 1 } });
  await eventually('1 active pod', async () => (await pods('rs1', 'app=web')).length === 1);
  const [survivor] = await pods('rs1', 'app=web');
  await client.delete(RES.pods, 'rs1', survivor.metadata.name, { gracePeriodSeconds: 0 });
  await eventually('replacement', async () => {
    const list = await pods('rs1', 'app=web');
    return list.length === 1 && list[0].metadata.name !== survivor.metadata.name;
  });
  await client.patch(RES.replicaSets, 'rs1', 'web', 'merge', { spec: { replicas: 4 } });
  await eventually('4 available', async () => (await client.get<any>(RES.replicaSets, 'rs1', 'web')).status?.availableReplicas === 4);
  assert.is((await pods('rs1', 'app=web')).length, 4);
});

test('adopts a matching orphan and releases a pod whose labels stop matching', async () => {
  const { client } = env;
  await namespace(client, 'rs2');
  await client.create(RES.pods, 'rs2', { metadata: { name: 'orphan', labels: { app: 'api' } }, spec: { containers: [{ name: 'c', image: 'busybox' }] } });
  await client.create(RES.replicaSets, 'rs2', rsObj('api', 2));
  await eventually('2 available', async () => (await client.get<any>(RES.replicaSets, 'rs2', 'api')).status?.availableReplicas === 2);
  const list = await pods('rs2', 'app=api');
  assert.is(list.length, 2, 'the orphan counts toward replicas');
  const orphan = await client.get<any>(RES.pods, 'rs2', 'orphan');
  assert.is(orphan.metadata.ownerReferences?.[0]?.name, 'api');
  await client.patch(RES.pods, 'rs2', 'orphan', 'merge', { metadata: { labels: { app: 'other' } } });
  await eventually('released and replaced', async () => {
    const o = await client.get<any>(RES.pods, 'rs2', 'orphan');
    return !(o.metadata.ownerReferences ?? []).length && (await pods('rs2', 'app=api')).length === 2;
  });
});

test('minReadySeconds delays availableReplicas', async () => {
  const { client } = env;
  await namespace(client, 'rs3');
  const obj = rsObj('slow', 1);
  (obj.spec as any).minReadySeconds = 2;
  await client.create(RES.replicaSets, 'rs3', obj);
  await eventually('ready but not yet available', async () => {
    const s = (await client.get<any>(RES.replicaSets, 'rs3', 'slow')).status;
    return s?.readyReplicas === 1 && s.availableReplicas === 0;
  });
  await eventually('available after minReadySeconds', async () => (await client.get<any>(RES.replicaSets, 'rs3', 'slow')).status?.availableReplicas === 1, 6000);
});

test('metrics count syncs and expose queue depth', async () => {
  const text = await env.metrics.registry.metrics();
  assert.match(text, /controller_syncs_total\{controller="replicaset"\} [1-9]/);
  assert.match(text, /workqueue_depth\{name="replicaset"\}/);
  assert.match(text, /controller_sync_duration_seconds_bucket\{le="[^"]+",controller="replicaset"\}/);
});

test.run();
