/**
 * The scheduler against a real apiserver and Redis: nodes are Node objects only;
 * pods get scheduled and bound through pods/<name>/binding with a Scheduled
 * event; an unschedulable pod gets PodScheduled=False and a FailedScheduling event
 * with kube-scheduler's summary, and is scheduled once a fitting node appears.
 */
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { findResource } from '../src/api/resources.js';
import { RestClient } from '../src/client/index.js';
import { Scheduler } from '../src/scheduler/index.js';
import { defaultProfile } from '../src/scheduler/config.js';
import { podInfoOf } from '../src/scheduler/model/pod-info.js';
import { startTestCluster, type TestCluster } from './helpers/cluster.js';
import { node, pod } from './helpers/scheduler-fixtures.js';

const PODS = findResource('', 'v1', 'pods')!;
const NODES = findResource('', 'v1', 'nodes')!;
const EVENTS = findResource('', 'v1', 'events')!;
const PCS = findResource('scheduling.k8s.io', 'v1', 'priorityclasses')!;

type Obj = Record<string, any>;

let cluster: TestCluster;
let client: RestClient;
let stop: AbortController;
let scheduler: Scheduler;
let running: Promise<void>;
const logs: string[] = [];

async function until<T>(what: string, fn: () => Promise<T | undefined | false>, timeoutMs = 10_000): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const v = await fn();
    if (v) return v;
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 50));
  }
}

const getPod = (name: string) => client.get<Obj>(PODS, 'default', name);
const boundTo = (name: string) => until(`${name} bound`, async () => (await getPod(name)).spec.nodeName as string | undefined);
const eventsOf = async (name: string): Promise<Obj[]> => (await client.list<Obj>(EVENTS, 'default')).items.filter((e) => e.involvedObject?.name === name);

test.before(async () => {
  cluster = await startTestCluster();
  client = new RestClient({ server: cluster.url });
  for (const n of ['n1', 'n2', 'n3']) await client.create(NODES, undefined, node(n, { cpu: '2', memory: '4Gi' }) as never);
  stop = new AbortController();
  scheduler = new Scheduler({ client, profile: { ...defaultProfile(), batchSize: 16 }, log: (m) => logs.push(m) });
  running = scheduler.run(stop.signal);
});

test.after(async () => {
  stop.abort();
  await running;
  client.close();
  await cluster.stop();
});

test('pending pods are bound to nodes, marked PodScheduled and get a Scheduled event', async () => {
  for (let i = 0; i < 6; i++) await client.create(PODS, 'default', pod(`web-${i}`, { cpu: '500m', memory: '256Mi', labels: { app: 'web' } }) as never);
  const placed = await Promise.all(Array.from({ length: 6 }, (_, i) => boundTo(`web-${i}`)));
  assert.ok(placed.every((n) => ['n1', 'n2', 'n3'].includes(n)));
  const perNode = new Map<string, number>();
  for (const n of placed) perNode.set(n, (perNode.get(n) ?? 0) + 1);
  assert.equal([...perNode.values()].sort(), [2, 2, 2], 'LeastAllocated spreads equal pods evenly');
  const p = await getPod('web-0');
  assert.equal(p.status.conditions.find((c: Obj) => c.type === 'PodScheduled').status, 'True');
  const [ev] = await until('Scheduled event', async () => {
    const evs = await eventsOf('web-0');
    return evs.length ? evs : undefined;
  });
  assert.is(ev.reason, 'Scheduled');
  assert.is(ev.type, 'Normal');
  assert.is(ev.message, `Successfully assigned default/web-0 to ${p.spec.nodeName}`);
  assert.is(ev.source.component, 'default-scheduler');
  assert.is(ev.count, 1);
  assert.equal(ev.involvedObject, { apiVersion: 'v1', kind: 'Pod', namespace: 'default', name: 'web-0', uid: p.metadata.uid, resourceVersion: ev.involvedObject.resourceVersion });
  assert.ok(ev.firstTimestamp && ev.lastTimestamp);
});

test('an unschedulable pod gets PodScheduled=False and FailedScheduling, then lands on a node that fits', async () => {
  await client.create(PODS, 'default', pod('big', { cpu: '3' }) as never);
  const summary = '0/3 nodes are available: 3 Insufficient cpu.';
  const cond = await until('PodScheduled=False', async () => (await getPod('big')).status.conditions?.find((c: Obj) => c.type === 'PodScheduled' && c.status === 'False'));
  assert.is(cond.reason, 'Unschedulable');
  assert.is(cond.message, summary);
  const ev = await until('FailedScheduling event', async () => (await eventsOf('big')).find((e) => e.reason === 'FailedScheduling'));
  assert.is(ev.type, 'Warning');
  assert.is(ev.message, summary);
  assert.is(ev.source.component, 'default-scheduler');
  assert.is((await getPod('big')).spec.nodeName, undefined);
  await client.create(NODES, undefined, node('n4', { cpu: '8', memory: '16Gi' }) as never);
  assert.is(await boundTo('big'), 'n4');
  const scheduled = await until('Scheduled event', async () => (await eventsOf('big')).find((e) => e.reason === 'Scheduled'));
  assert.is(scheduled.message, 'Successfully assigned default/big to n4');
});

test('taints and node selectors steer pods; a user-set nodeName is respected and counted', async () => {
  await client.patch(NODES, undefined, 'n4', 'merge', { spec: { taints: [{ key: 'dedicated', value: 'gpu', effect: 'NoSchedule' }] } });
  await client.create(PODS, 'default', pod('pinned', { nodeName: 'n1', cpu: '100m' }) as never);
  await client.create(PODS, 'default', pod('gpu', { cpu: '1', spec: { nodeSelector: { 'kubernetes.io/hostname': 'n4' }, tolerations: [{ key: 'dedicated', operator: 'Exists' }] } }) as never);
  assert.is(await boundTo('gpu'), 'n4');
  await client.create(PODS, 'default', pod('nogpu', { cpu: '1', spec: { nodeSelector: { 'kubernetes.io/hostname': 'n4' } } }) as never);
  const ev = await until('FailedScheduling for nogpu', async () => (await eventsOf('nogpu')).find((e) => e.reason === 'FailedScheduling'));
  assert.is(ev.message, "0/4 nodes are available: 1 node(s) had untolerated taint {dedicated: gpu}, 3 node(s) didn't match Pod's node affinity/selector.");
  assert.is((await getPod('pinned')).spec.nodeName, 'n1');
  assert.ok(scheduler.cache.pods.has('default/pinned'), 'the user-bound pod is accounted for');
});

test('a repeated FailedScheduling is folded into one Event with a growing count', async () => {
  await client.create(PODS, 'default', pod('huge', { cpu: '64' }) as never);
  const first = await until('FailedScheduling', async () => (await eventsOf('huge')).find((e) => e.reason === 'FailedScheduling'));
  assert.is(first.count, 1);
  // A node change re-queues the pod (after its 1 s backoff); it fails again with the same message.
  await client.patch(NODES, undefined, 'n1', 'merge', { metadata: { labels: { touched: 'yes' } } });
  const again = await until('count 2', async () => (await eventsOf('huge')).find((e) => e.reason === 'FailedScheduling' && e.count >= 2));
  assert.is(again.metadata.name, first.metadata.name);
  assert.is(again.message, first.message);
  assert.ok(again.lastTimestamp >= first.firstTimestamp);
  assert.is((await eventsOf('huge')).filter((e) => e.reason === 'FailedScheduling').length, 1);
});

test('pod priority comes from spec.priority, the PriorityClass, or the global default class', async () => {
  await client.create(PCS, undefined, { metadata: { name: 'urgent' }, value: 1000 } as never);
  await client.create(PCS, undefined, { metadata: { name: 'everyone' }, value: 7, globalDefault: true } as never);
  const info = (spec: Obj) => podInfoOf(pod('x', { spec }));
  await until('PriorityClasses seen', async () => scheduler.priorityOf(info({ priorityClassName: 'urgent' })) === 1000);
  assert.is(scheduler.priorityOf(info({ priority: 5, priorityClassName: 'urgent' })), 5);
  assert.is(scheduler.priorityOf(info({ priorityClassName: 'system-node-critical' })), 2_000_001_000);
  await until('global default seen', async () => scheduler.priorityOf(info({})) === 7);
  await client.create(PODS, 'default', pod('urgent-pod', { cpu: '100m', spec: { priorityClassName: 'urgent' } }) as never);
  assert.ok(await boundTo('urgent-pod'));
});

test.run();
