/**
 * The scheduling queue (priority, FIFO, backoff 1 s doubling to 10 s, requeue on
 * cluster events, leftover flush), the cache's assume/confirm/forget, and the
 * snapshot's incremental updates (only changed nodes re-encoded; the result equal
 * to a full re-encode).
 */
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { ManualClock } from '../src/client/clock.js';
import { SchedulerCache } from '../src/scheduler/cache.js';
import { SchedulingQueue } from '../src/scheduler/queue.js';
import { KeyedHeap } from '../src/scheduler/heap.js';
import { podInfoOf, type PodInfo } from '../src/scheduler/model/pod-info.js';
import * as abi from '../src/scheduler/kernel/abi.js';
import { WasmKernel } from '../src/scheduler/kernel/wasm.js';
import { SchedulingEngine } from '../src/scheduler/engine.js';
import { defaultProfile, profileFromConfig } from '../src/scheduler/config.js';
import { engine, node, pod } from './helpers/scheduler-fixtures.js';

const info = (name: string, priority?: number): PodInfo => podInfoOf(pod(name, { spec: priority === undefined ? {} : { priority } }));
const names = (qs: { key: string }[]) => qs.map((q) => q.key.split('/')[1]);

function setup() {
  const clock = new ManualClock(1_000_000);
  const q = new SchedulingQueue({ clock });
  return { clock, q };
}

test('keyed heap: random pushes, updates and deletes come out in order', () => {
  type Item = { key: string; v: number; heapIndex: number };
  const h = new KeyedHeap<Item>((x) => x.key, (a, b) => a.v < b.v);
  const model = new Map<string, number>();
  let seed = 7;
  const rnd = (n: number) => ((seed = (seed * 1103515245 + 12345) % 2 ** 31) % n);
  for (let i = 0; i < 2000; i++) {
    const key = `k${rnd(300)}`;
    const op = rnd(3);
    if (op < 2) {
      const v = rnd(1000);
      h.push({ key, v, heapIndex: -1 });
      model.set(key, v);
    } else {
      assert.is(h.delete(key)?.v, model.get(key));
      model.delete(key);
    }
  }
  assert.is(h.size, model.size);
  const out: number[] = [];
  for (let x = h.pop(); x; x = h.pop()) out.push(x.v);
  assert.equal(out, [...model.values()].sort((a, b) => a - b));
});

test('activeQ pops by priority, then first in first out', async () => {
  const { q, clock } = setup();
  q.addOrUpdate(info('a'));
  clock.advance(1);
  q.addOrUpdate(info('b', 100));
  clock.advance(1);
  q.addOrUpdate(info('c'));
  clock.advance(1);
  q.addOrUpdate(info('d', 100));
  assert.equal(names(await q.popBatch(10)), ['b', 'd', 'a', 'c']);
  q.close();
});

test('popBatch waits for a pod and takes at most max', async () => {
  const { q } = setup();
  let got: string[] | undefined;
  void q.popBatch(2).then((b) => { got = names(b); });
  await new Promise((r) => setImmediate(r));
  assert.is(got, undefined);
  for (const n of ['a', 'b', 'c']) q.addOrUpdate(info(n));
  await new Promise((r) => setImmediate(r));
  assert.equal(got, ['a', 'b']);
  assert.is(q.stats().active, 1);
  q.close();
});

test('backoff is 1 s doubling per attempt, capped at 10 s', () => {
  const { q } = setup();
  assert.equal([1, 2, 3, 4, 5, 6, 10].map((n) => q.backoffDuration(n)), [1000, 2000, 4000, 8000, 10000, 10000, 10000]);
  q.close();
});

test('an unschedulable pod waits for an event that can help, then for its backoff', async () => {
  const { q, clock } = setup();
  q.addOrUpdate(info('p'));
  const [qp] = await q.popBatch(1);
  q.unschedulableAttempt(qp, new Set(['NodeResourcesFit']));
  assert.equal(q.stats(), { active: 0, backoff: 0, unschedulable: 1, inFlight: 0 });
  q.move('AssignedPodAdd');
  assert.is(q.stats().unschedulable, 1, 'a new assigned pod cannot free resources');
  q.move('AssignedPodDelete');
  assert.equal(q.stats(), { active: 0, backoff: 1, unschedulable: 0, inFlight: 0 }, 'still backing off');
  clock.advance(999);
  assert.is(q.stats().active, 0);
  clock.advance(1);
  assert.is(q.stats().active, 1, 'active after 1 s');
  const [again] = await q.popBatch(1);
  q.unschedulableAttempt(again, new Set(['InterPodAffinity']));
  clock.advance(5000);
  q.move('NodeAdd');
  assert.is(q.stats().active, 1, 'the 2 s backoff already passed: straight to activeQ');
  q.close();
});

test('a move event during the attempt sends the pod to backoff instead of parking it', async () => {
  const { q, clock } = setup();
  q.addOrUpdate(info('p'));
  const [qp] = await q.popBatch(1);
  q.move('NodeAdd');
  q.unschedulableAttempt(qp, new Set(['NodeResourcesFit']));
  assert.equal(q.stats(), { active: 0, backoff: 1, unschedulable: 0, inFlight: 0 });
  clock.advance(1000);
  assert.is(q.stats().active, 1);
  q.close();
});

test('parked pods are retried after 5 minutes without events; spec changes retry, status updates do not', async () => {
  const { q, clock } = setup();
  q.addOrUpdate(info('p'));
  q.addOrUpdate(info('s'));
  const batch = await q.popBatch(2);
  for (const qp of batch) q.unschedulableAttempt(qp, new Set(['TaintToleration']));
  q.addOrUpdate(info('s'), false);
  assert.is(q.stats().unschedulable, 2, 'a status-only update leaves the pod parked');
  q.addOrUpdate(podInfoOf(pod('s', { labels: { changed: 'yes' } })));
  assert.is(q.stats().unschedulable, 1);
  clock.advance(5 * 60_000 + 30_000);
  assert.is(q.stats().unschedulable, 0);
  assert.is(q.stats().active, 2);
  q.close();
});

test('a failed bind retries after the backoff; deleting a pod removes it everywhere', async () => {
  const { q, clock } = setup();
  q.addOrUpdate(info('p'));
  q.addOrUpdate(info('gone'));
  const [p, gone] = await q.popBatch(2);
  q.failedAttempt(p);
  q.delete(gone.key);
  q.failedAttempt(gone);
  assert.equal(q.stats(), { active: 0, backoff: 1, unschedulable: 0, inFlight: 0 });
  clock.advance(1000);
  assert.equal(names(await q.popBatch(5)), ['p']);
  q.close();
});

test('cache: assume, confirm by the informer, forget after a failed bind', () => {
  const cache = new SchedulerCache();
  cache.upsertNode(node('n1'));
  cache.dirty.clear();
  const p = info('p');
  cache.assume(p, 'n1', true);
  assert.ok(cache.isAssumed(p.key));
  assert.is(cache.dirty.size, 0, 'the kernel already counted it');
  assert.ok(cache.upsertBoundPod(podInfoOf(pod('p', { nodeName: 'n1' }))), 'confirmed');
  assert.not.ok(cache.isAssumed(p.key));
  assert.is(cache.dirty.size, 0, 'confirmation changes nothing');
  cache.assume(info('q'), 'n1', true);
  cache.forget('default/q');
  assert.ok(cache.dirty.has('n1'), 'forgetting re-encodes the node');
  assert.equal([...cache.podsOn('n1')].map((x) => x.name), ['p']);
});

test('snapshot: a changed node is re-encoded alone; adds, removals and label changes match a full re-encode', () => {
  const nodes = Array.from({ length: 100 }, (_, i) => node(`n${i}`, { labels: { zone: `z${i % 3}` } }));
  const { engine: e, cache } = engine(new WasmKernel(), nodes);
  const s = e.snapshot;
  e.schedule([podInfoOf(pod('warm', { spec: { nodeSelector: { zone: 'z1' } } }))]);
  const writes = s.stats.slotWrites;
  const rebuilds = s.stats.rebuilds;
  cache.upsertNode(node('n5', { labels: { zone: 'z9' } }));
  s.sync();
  assert.is(s.stats.slotWrites - writes, 1);
  assert.is(s.stats.rebuilds, rebuilds);
  cache.removeNode('n10');
  cache.upsertBoundPod(podInfoOf(pod('x', { nodeName: 'n20', cpu: '1' })));
  cache.upsertNode(node('n100', { labels: { zone: 'z1' } }));
  s.sync();
  assert.is(s.stats.rebuilds, rebuilds, 'no rebuild for in-capacity changes');
  const view = (eng: SchedulingEngine) => {
    const snap = eng.snapshot;
    const n = snap.caps.nodes;
    const col = snap.column('zone');
    return Object.fromEntries(snap.slotNames.map((name, slot) => [name, {
      zone: snap.I[snap.addr(abi.A_COLS, 4) + col * n + slot],
      cpu: snap.F[snap.addr(abi.A_REQ, 8) + slot],
    }]));
  };
  const incremental = view(e);
  const fresh = new SchedulingEngine(new WasmKernel(), cache, { ...defaultProfile(), percentageOfNodesToScore: 100 });
  fresh.snapshot.sync();
  const full = view(fresh);
  const zoneName = (eng: SchedulingEngine, v: Record<string, { zone: number; cpu: number }>) => Object.fromEntries(Object.entries(v).map(([k, x]) => [k, [x.cpu, eng.snapshot.valueName(x.zone)]]));
  assert.equal(zoneName(e, incremental), zoneName(fresh, full));
  assert.is(Object.keys(incremental).length, 100);
  assert.not.ok('n10' in incremental);
});

test('config: a KubeSchedulerConfiguration sets weights, strategy and sampling; unknown plugins are refused', () => {
  const p = profileFromConfig({
    apiVersion: 'kubescheduler.config.k8s.io/v1', kind: 'KubeSchedulerConfiguration', percentageOfNodesToScore: 30, seed: 9,
    profiles: [{
      schedulerName: 'packer',
      plugins: { score: { disabled: [{ name: '*' }], enabled: [{ name: 'NodeResourcesFit', weight: 5 }, { name: 'TaintToleration' }] } },
      pluginConfig: [
        { name: 'NodeResourcesFit', args: { scoringStrategy: { type: 'MostAllocated', resources: [{ name: 'cpu', weight: 2 }] } } },
        { name: 'InterPodAffinity', args: { hardPodAffinityWeight: 0 } },
      ],
    }],
  });
  assert.is(p.schedulerName, 'packer');
  assert.is(p.percentageOfNodesToScore, 30);
  assert.is(p.seed, 9);
  assert.is(p.strategy, 'MostAllocated');
  assert.equal(p.fitResources, [{ name: 'cpu', weight: 2 }]);
  assert.is(p.hardPodAffinityWeight, 0);
  assert.equal(p.weights, { NodeResourcesFit: 5, NodeResourcesBalancedAllocation: 0, NodeAffinity: 0, TaintToleration: 3, InterPodAffinity: 0, PodTopologySpread: 0, ImageLocality: 0 });
  assert.equal(defaultProfile().weights, { NodeResourcesFit: 1, NodeResourcesBalancedAllocation: 1, NodeAffinity: 2, TaintToleration: 3, InterPodAffinity: 2, PodTopologySpread: 2, ImageLocality: 1 });
  assert.throws(() => profileFromConfig({ profiles: [{ plugins: { score: { enabled: [{ name: 'Nope' }] } } }] }), /unknown score plugin Nope/);
});

test.run();
