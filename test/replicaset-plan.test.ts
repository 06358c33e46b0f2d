import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { ManualClock } from '../src/client/clock.js';
import { Expectations } from '../src/controllers/common/expectations.js';
import { claim, newControllerRef } from '../src/controllers/common/owners.js';
import { isPodAvailable, nextAvailableIn } from '../src/controllers/common/pods.js';
import { computeReplicaSetStatus, planReplicas, rankForDeletion, slowStartBatches } from '../src/controllers/replicaset/plan.js';

const T0 = Date.parse('2026-01-01T00:00:00Z');
const iso = (ms: number) => new Date(ms).toISOString().replace('.000Z', 'Z');

function pod(name: string, o: { node?: string; phase?: string; ready?: number; created?: number; restarts?: number; deleting?: boolean; labels?: Record<string, string>; owner?: string } = {}) {
  return {
    metadata: {
      name, namespace: 'ns', uid: `uid-${name}`, creationTimestamp: iso(o.created ?? T0), labels: o.labels ?? { app: 'a' },
      deletionTimestamp: o.deleting ? iso(T0) : undefined,
      ownerReferences: o.owner ? [{ kind: 'ReplicaSet', name: 'rs', uid: o.owner, controller: true }] : undefined,
    },
    spec: { nodeName: o.node },
    status: {
      phase: o.phase ?? 'Pending',
      conditions: o.ready !== undefined ? [{ type: 'Ready', status: 'True', lastTransitionTime: iso(o.ready) }] : [],
      containerStatuses: [{ restartCount: o.restarts ?? 0 }],
    },
  };
}

test('planReplicas: creates the missing, deletes the surplus, ignores terminal and terminating pods', () => {
  const cases: [number, any[], number, string[]][] = [
    [3, [], 3, []],
    [3, [pod('a', { phase: 'Running' })], 2, []],
    [1, [pod('a', { phase: 'Failed' }), pod('b', { deleting: true })], 1, []],
    [0, [pod('a'), pod('b', { phase: 'Succeeded' })], 0, ['a']],
    [2, [pod('a'), pod('c', { created: T0 + 1000 }), pod('b')], 0, ['c']],
    [2000, [], 500, []],
  ];
  for (const [replicas, pods, create, del] of cases) {
    const p = planReplicas(replicas, pods);
    assert.is(p.create, create, `replicas=${replicas}`);
    assert.equal(p.delete.map((x) => x.metadata.name).sort(), del.sort());
  }
});

test('deletion ranking: unscheduled, then pending, then not ready, then shorter ready, more restarts, newer', () => {
  const pods = [
    pod('old-ready', { node: 'n', phase: 'Running', ready: T0, created: T0 }),
    pod('unscheduled', { created: T0 }),
    pod('pending-on-node', { node: 'n', phase: 'Pending' }),
    pod('running-not-ready', { node: 'n', phase: 'Running' }),
    pod('newly-ready', { node: 'n', phase: 'Running', ready: T0 + 5000, created: T0 }),
    pod('restarty', { node: 'n', phase: 'Running', ready: T0, restarts: 3, created: T0 }),
    pod('newer', { node: 'n', phase: 'Running', ready: T0, created: T0 + 1000 }),
  ];
  assert.equal(rankForDeletion(pods).map((p) => p.metadata.name),
    ['unscheduled', 'pending-on-node', 'running-not-ready', 'newly-ready', 'restarty', 'newer', 'old-ready']);
});

test('slow start batches double and sum to the count', () => {
  assert.equal(slowStartBatches(0), []);
  assert.equal(slowStartBatches(1), [1]);
  assert.equal(slowStartBatches(10), [1, 2, 4, 3]);
  assert.equal(slowStartBatches(15), [1, 2, 4, 8]);
});

test('status: replicas, fully labeled, ready, available after minReadySeconds, observedGeneration', () => {
  const rs = { metadata: { generation: 4 }, spec: { minReadySeconds: 10, template: { metadata: { labels: { app: 'a', tier: 'x' } } } } };
  const pods = [
    pod('a', { phase: 'Running', ready: T0, labels: { app: 'a', tier: 'x' } }),
    pod('b', { phase: 'Running', ready: T0 + 8000, labels: { app: 'a', tier: 'x' } }),
    pod('c', { phase: 'Running', labels: { app: 'a' } }),
    pod('d', { phase: 'Failed', ready: T0 }),
  ];
  const s = computeReplicaSetStatus(rs, pods, T0 + 10_000);
  assert.equal(s, { replicas: 3, fullyLabeledReplicas: 2, readyReplicas: 2, availableReplicas: 1, observedGeneration: 4 });
  assert.is(nextAvailableIn(pods, 10, T0 + 10_000), 8000);
  assert.ok(isPodAvailable(pods[1], 10, T0 + 18_000));
  const failed = computeReplicaSetStatus(rs, [], T0, { reason: 'FailedCreate', message: 'quota' });
  assert.is(failed.conditions?.[0].type, 'ReplicaFailure');
  assert.is(computeReplicaSetStatus({ ...rs, status: failed }, [], T0).conditions, undefined);
});

test('claim: adopts matching orphans, releases non-matching owned pods, skips foreign and deleting pods', () => {
  const owner = { metadata: { name: 'rs', uid: 'me' }, spec: { selector: { matchLabels: { app: 'a' } } } };
  const pods = [
    pod('orphan'),
    pod('mine', { owner: 'me' }),
    pod('mine-relabeled', { owner: 'me', labels: { app: 'b' } }),
    pod('foreign', { owner: 'other' }),
    pod('orphan-deleting', { deleting: true }),
    pod('orphan-other-labels', { labels: { app: 'z' } }),
  ];
  const c = claim(owner, pods);
  assert.equal(c.owned.map((p) => p.metadata.name).sort(), ['mine', 'orphan']);
  assert.equal(c.adopt.map((p) => p.metadata.name), ['orphan']);
  assert.equal(c.release.map((p) => p.metadata.name), ['mine-relabeled']);
  assert.equal(claim({ ...owner, spec: {} }, pods).adopt, []);
  assert.equal(newControllerRef(owner, 'apps/v1', 'ReplicaSet'), { apiVersion: 'apps/v1', kind: 'ReplicaSet', name: 'rs', uid: 'me', controller: true, blockOwnerDeletion: true });
});

test('expectations: block until observed, or until the timeout', () => {
  const clock = new ManualClock(0);
  const e = new Expectations(clock, 1000);
  assert.ok(e.satisfied('k'));
  e.expect('k', 2, ['ns/p']);
  assert.not.ok(e.satisfied('k'));
  e.creationObserved('k');
  e.creationObserved('k');
  assert.not.ok(e.satisfied('k'));
  e.deletionObserved('k', 'ns/p');
  assert.ok(e.satisfied('k'));
  e.expect('k', 1);
  clock.advance(1001);
  assert.ok(e.satisfied('k'));
});

test.run();
