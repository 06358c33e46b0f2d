import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { findResource } from '../src/api/resources.js';
import { planStatefulSet, statefulPod } from '../src/controllers/statefulset/plan.js';
import { eventually, namespace, RES, startControllerEnv, type ControllerEnv } from './helpers/controllers.js';

const STS = findResource('apps', 'v1', 'statefulsets')!;
const T0 = Date.parse('2026-01-01T00:00:00Z');
const set = (replicas: number, extra: any = {}) => ({ metadata: { name: 'db', namespace: 'ns', generation: 1 }, spec: { replicas, podManagementPolicy: 'OrderedReady', updateStrategy: { type: 'RollingUpdate', rollingUpdate: { partition: 0 } }, ...extra } });
const pod = (o: number, rev = 'A', ok = true) => ({
  metadata: { name: `db-${o}`, labels: { 'controller-revision-hash': rev } },
  status: { phase: 'Running', conditions: [{ type: 'Ready', status: ok ? 'True' : 'False', lastTransitionTime: '2026-01-01T00:00:00Z' }] },
});
const names = (p: any) => ({ create: p.create.map((c: any) => c.ordinal), delete: p.delete.map((d: any) => d.metadata.name) });

test('OrderedReady: one ordinal at a time, each Ready first; scale down from the highest', () => {
  assert.equal(names(planStatefulSet(set(3), [], 'A', 'A', T0)), { create: [0], delete: [] });
  assert.equal(names(planStatefulSet(set(3), [pod(0)], 'A', 'A', T0)), { create: [1], delete: [] });
  assert.equal(names(planStatefulSet(set(3), [pod(0, 'A', false)], 'A', 'A', T0)), { create: [], delete: [] });
  assert.equal(names(planStatefulSet(set(1), [pod(0), pod(1), pod(2)], 'A', 'A', T0)), { create: [], delete: ['db-2'] });
  assert.equal(names(planStatefulSet(set(1), [pod(0), pod(1, 'A', false), pod(2)], 'A', 'A', T0)), { create: [], delete: [] }, 'waits for every pod to be healthy');
});

test('Parallel: everything at once', () => {
  const par = (n: number) => set(n, { podManagementPolicy: 'Parallel' });
  assert.equal(names(planStatefulSet(par(3), [], 'A', 'A', T0)), { create: [0, 1, 2], delete: [] });
  assert.equal(names(planStatefulSet(par(1), [pod(0), pod(1), pod(2)], 'A', 'A', T0)), { create: [], delete: ['db-2', 'db-1'] });
});

test('RollingUpdate from the highest ordinal down to the partition, one healthy pod at a time', () => {
  const s = set(3, { updateStrategy: { type: 'RollingUpdate', rollingUpdate: { partition: 1 } } });
  assert.equal(names(planStatefulSet(s, [pod(0), pod(1), pod(2)], 'A', 'B', T0)), { create: [], delete: ['db-2'] });
  assert.equal(names(planStatefulSet(s, [pod(0), pod(1), pod(2, 'B', false)], 'A', 'B', T0)), { create: [], delete: [] });
  assert.equal(names(planStatefulSet(s, [pod(0), pod(1), pod(2, 'B')], 'A', 'B', T0)), { create: [], delete: ['db-1'] });
  const done = planStatefulSet(s, [pod(0), pod(1, 'B'), pod(2, 'B')], 'A', 'B', T0);
  assert.equal(names(done), { create: [], delete: [] }, 'the partition holds ordinal 0');
  assert.equal([done.status.currentReplicas, done.status.updatedReplicas, done.status.currentRevision], [1, 2, 'A']);
  const recreate = planStatefulSet(s, [pod(1, 'B'), pod(2, 'B')], 'A', 'B', T0);
  assert.equal(recreate.create, [{ ordinal: 0, revision: 'current' }]);
  const all = planStatefulSet(set(2), [pod(0, 'B'), pod(1, 'B')], 'A', 'B', T0);
  assert.is(all.status.currentRevision, 'B', 'a finished rollout makes the update revision current');
  const p = statefulPod({ metadata: { name: 'db', namespace: 'ns' }, spec: { serviceName: 'db-h' } }, { metadata: { labels: { app: 'db' } }, spec: { containers: [] } }, 2, 'db-abc', {});
  assert.equal([p.metadata.name, p.spec.hostname, p.spec.subdomain, p.metadata.labels['statefulset.kubernetes.io/pod-name']], ['db-2', 'db-2', 'db-h', 'db-2']);
});

let env: ControllerEnv;
test('integration: ordered creation, rolling update in reverse order, scale down in reverse order', async () => {
  env = await startControllerEnv({ readyDelayMs: 200 });
  const { client } = env;
  await namespace(client, 'sts');
  const start = await client.list<any>(RES.pods, 'sts');
  const log: string[] = [];
  const ac = new AbortController();
  const watching = (async () => {
    for await (const ev of client.watch<any>(RES.pods, 'sts', { resourceVersion: start.metadata?.resourceVersion, signal: ac.signal })) {
      const p = ev.object;
      const ready = (p.status?.conditions ?? []).some((c: any) => c.type === 'Ready' && c.status === 'True');
      if (ev.type === 'ADDED') log.push(`add ${p.metadata.name}`);
      else if (ev.type === 'DELETED') log.push(`del ${p.metadata.name}`);
      else if (ready && !log.includes(`ready ${p.metadata.name}:${p.metadata.uid}`)) log.push(`ready ${p.metadata.name}:${p.metadata.uid}`);
    }
  })().catch(() => undefined);
  const tpl = (image: string) => ({ metadata: { labels: { app: 'db' } }, spec: { containers: [{ name: 'c', image }] } });
  await client.create(STS, 'sts', { metadata: { name: 'db' }, spec: { replicas: 3, serviceName: 'db', selector: { matchLabels: { app: 'db' } }, template: tpl('v1') } });
  await eventually('3 ready', async () => (await client.get<any>(STS, 'sts', 'db')).status?.readyReplicas === 3, 20_000);
  const order = log.filter((l) => l.startsWith('add') || l.startsWith('ready')).map((l) => l.split(':')[0]);
  assert.equal(order, ['add db-0', 'ready db-0', 'add db-1', 'ready db-1', 'add db-2', 'ready db-2']);
  log.length = 0;
  const before = (await client.get<any>(STS, 'sts', 'db')).status.updateRevision;
  await client.patch(STS, 'sts', 'db', 'strategic', { spec: { template: { spec: { containers: [{ name: 'c', image: 'v2' }] } } } });
  const s = await eventually('rolled', async () => {
    const x = await client.get<any>(STS, 'sts', 'db');
    return x.status?.updateRevision !== before && x.status.observedGeneration === x.metadata.generation && x.status.updatedReplicas === 3 && x.status.readyReplicas === 3 && x.status.currentRevision === x.status.updateRevision && x;
  }, 30_000);
  assert.equal(log.filter((l) => l.startsWith('del')), ['del db-2', 'del db-1', 'del db-0'], log.join('\n'));
  assert.is(s.status.currentReplicas, 3);
  log.length = 0;
  await client.patch(STS, 'sts', 'db', 'merge', { spec: { replicas: 1 } });
  await eventually('scaled down', async () => log.filter((l) => l.startsWith('del')).length === 2, 20_000);
  assert.equal(log.filter((l) => l.startsWith('del')), ['del db-2', 'del db-1']);
  ac.abort();
  await watching;
  await client.create(STS, 'sts', { metadata: { name: 'vol' }, spec: { replicas: 1, serviceName: 'vol', selector: { matchLabels: { app: 'vol' } }, template: { ...tpl('v1'), metadata: { labels: { app: 'vol' } } }, volumeClaimTemplates: [{ metadata: { name: 'data' }, spec: { accessModes: ['ReadWriteOnce'], resources: { requests: { storage: '1Gi' } } } }] } })
    .catch(() => undefined);
  const rejected = await eventually('refused clearly', async () => {
    try {
      await client.get(STS, 'sts', 'vol');
    } catch {
      return 'rejected by the apiserver';
    }
    const ev = (await client.list<any>(RES.events, 'sts')).items.find((e) => e.involvedObject.name === 'vol' && e.reason === 'FailedCreate');
    return ev && ev.message;
  });
  assert.match(rejected, /not supported|rejected/);
  assert.is((await client.list<any>(RES.pods, 'sts', { labelSelector: 'app=vol' })).items.length, 0);
});

test.after(async () => { await env?.stop(); });
test.run();
