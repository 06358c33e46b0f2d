import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { resolveFenceposts, resolveIntOrPercent } from '../src/controllers/deployment/fenceposts.js';
import { planCleanup, planDeployment, type Action } from '../src/controllers/deployment/plan.js';
import { podTemplateHash, templatesEqual, REVISION, DESIRED_REPLICAS, MAX_REPLICAS } from '../src/controllers/deployment/replica-sets.js';
import { newRSReplicas, planOldReplicaSets } from '../src/controllers/deployment/rolling.js';
import { isScalingEvent, planScale } from '../src/controllers/deployment/scaling.js';
import { calculateStatus, deadlineIn, pausedCondition, rolloutStatus } from '../src/controllers/deployment/status.js';

const T0 = Date.parse('2026-01-01T00:00:00Z');
const iso = (ms: number) => new Date(ms).toISOString().replace('.000Z', 'Z');
const template = (image: string) => ({ metadata: { labels: { app: 'web' } }, spec: { containers: [{ name: 'c', image }] } });

function deploy(o: { replicas?: number; surge?: number | string; unavail?: number | string; image?: string; strategy?: string; paused?: boolean; status?: any; generation?: number; history?: number } = {}) {
  return {
    metadata: { name: 'web', namespace: 'ns', uid: 'd-uid', generation: o.generation ?? 1, annotations: {} as Record<string, string> },
    spec: {
      replicas: o.replicas ?? 10, selector: { matchLabels: { app: 'web' } }, template: template(o.image ?? 'v2'), paused: o.paused,
      strategy: o.strategy === 'Recreate' ? { type: 'Recreate' } : { type: 'RollingUpdate', rollingUpdate: { maxSurge: o.surge ?? '25%', maxUnavailable: o.unavail ?? '25%' } },
      revisionHistoryLimit: o.history ?? 10, progressDeadlineSeconds: 600,
    },
    status: o.status,
  };
}

function rs(name: string, o: { replicas: number; available?: number; ready?: number; image?: string; revision?: number; created?: number; desired?: number; max?: number; statusReplicas?: number }) {
  const annotations: Record<string, string> = { [REVISION]: String(o.revision ?? 1) };
  if (o.desired !== undefined) annotations[DESIRED_REPLICAS] = String(o.desired);
  if (o.max !== undefined) annotations[MAX_REPLICAS] = String(o.max);
  return {
    metadata: { name, namespace: 'ns', uid: `uid-${name}`, creationTimestamp: iso(o.created ?? T0), annotations, generation: 1 },
    spec: { replicas: o.replicas, template: template(o.image ?? 'v1') },
    status: { replicas: o.statusReplicas ?? o.replicas, availableReplicas: o.available ?? o.replicas, readyReplicas: o.ready ?? o.available ?? o.replicas, observedGeneration: 1 },
  };
}

const sizes = (actions: Action[]) => Object.fromEntries(actions.filter((a) => a.type === 'update').map((a: any) => [a.rs.metadata.name, a.replicas]));

test('int-or-percent rounding and fenceposts as in Kubernetes', () => {
  assert.is(resolveIntOrPercent('25%', 10, true), 3);
  assert.is(resolveIntOrPercent('25%', 10, false), 2);
  assert.is(resolveIntOrPercent(2, 10, false), 2);
  assert.is(resolveIntOrPercent('3', 10, false), 3);
  assert.throws(() => resolveIntOrPercent('x%', 10, false));
  assert.equal(resolveFenceposts(deploy({ replicas: 1, surge: '25%', unavail: '25%' })), { maxSurge: 1, maxUnavailable: 0 });
  assert.equal(resolveFenceposts(deploy({ replicas: 3, surge: 0, unavail: '10%' })), { maxSurge: 0, maxUnavailable: 1 });
  assert.equal(resolveFenceposts(deploy({ strategy: 'Recreate' })), { maxSurge: 0, maxUnavailable: 0 });
});

test('pod-template-hash is stable, ignores the hash label, and moves with the collision count', () => {
  const a = podTemplateHash(template('v1'));
  assert.match(a, /^[bcdfghjklmnpqrstvwxz2456789]+$/);
  assert.is(podTemplateHash({ metadata: { labels: { app: 'web', 'pod-template-hash': a } }, spec: { containers: [{ name: 'c', image: 'v1' }] } }), a);
  assert.is.not(podTemplateHash(template('v2')), a);
  assert.is.not(podTemplateHash(template('v1'), 1), a);
  assert.ok(templatesEqual({ metadata: { labels: { app: 'web', 'pod-template-hash': 'x' }, creationTimestamp: null }, spec: { containers: [{ image: 'v1', name: 'c' }] } }, template('v1')));
});

test('rolling update steps: surge first, then shrink old within maxUnavailable', () => {
  const d = deploy({ surge: 2, unavail: 1 });
  const old = rs('old', { replicas: 10 });
  assert.is(newRSReplicas(d, [old], undefined), 2);
  const fresh = rs('new', { replicas: 2, available: 0, image: 'v2', created: T0 + 1000 });
  assert.equal([...planOldReplicaSets(d, fresh, [old])], [['old', 9]]);
  // new pods became available: old may drop by the available surplus
  const ready = rs('new', { replicas: 3, available: 3, image: 'v2', created: T0 + 1000 });
  assert.equal([...planOldReplicaSets(d, ready, [rs('old', { replicas: 9 })])], [['old', 6]]);
  // unhealthy old replicas go first and cost no availability
  const sick = rs('old', { replicas: 10, available: 7 });
  assert.equal([...planOldReplicaSets(d, rs('new', { replicas: 2, available: 0, image: 'v2' }), [sick])], [['old', 9]]);
  // an old ReplicaSet told to shrink but still reporting its former availability is counted at its new size
  const stale = { ...rs('old', { replicas: 9 }), status: { replicas: 10, availableReplicas: 10 } };
  assert.equal([...planOldReplicaSets(d, rs('new', { replicas: 2, available: 2, image: 'v2' }), [stale])], [['old', 7]]);
});

test('planDeployment: creates the new ReplicaSet with the next revision and annotations', () => {
  const d = deploy({ surge: 2, unavail: 1 });
  const plan = planDeployment({ deployment: d, replicaSets: [rs('old', { replicas: 10, revision: 3 })], oldPodsRunning: true, ownerRef: { uid: 'd-uid' } });
  assert.is(plan.actions.length, 1);
  const a = plan.actions[0] as any;
  assert.is(a.type, 'create');
  assert.is(a.rs.spec.replicas, 2);
  assert.is(a.rs.metadata.annotations[REVISION], '4');
  assert.is(a.rs.metadata.annotations[MAX_REPLICAS], '12');
  const hash = a.rs.metadata.labels['pod-template-hash'];
  assert.is(a.rs.metadata.name, `web-${hash}`);
  assert.is(a.rs.spec.selector.matchLabels['pod-template-hash'], hash);
  assert.is(a.rs.spec.template.metadata.labels['pod-template-hash'], hash);
  assert.is(plan.revision, '4');
});

test('planDeployment: rollback reuses the old ReplicaSet and gives it a new revision', () => {
  const d = deploy({ image: 'v1', surge: 2, unavail: 1 });
  const v1 = rs('v1', { replicas: 0, image: 'v1', revision: 1 });
  const v2 = rs('v2', { replicas: 10, image: 'v2', revision: 2, created: T0 + 1000, desired: 10 });
  const plan = planDeployment({ deployment: d, replicaSets: [v1, v2], oldPodsRunning: true, ownerRef: {} });
  const update = plan.actions.find((a: any) => a.rs.metadata.name === 'v1') as any;
  assert.is(update.annotations[REVISION], '3');
  assert.is(update.replicas, 2);
  assert.is(plan.revision, '3');
  assert.not.ok(plan.actions.some((a) => a.type === 'create'));
});

test('planDeployment: paused deployments neither create nor roll, but still scale', () => {
  const d = deploy({ paused: true, replicas: 4 });
  const old = rs('old', { replicas: 3, desired: 3 });
  const plan = planDeployment({ deployment: d, replicaSets: [old], oldPodsRunning: true, ownerRef: {} });
  assert.equal(sizes(plan.actions), { old: 4 });
  assert.is(plan.statusMode, 'counts');
});

test('planDeployment: Recreate scales old to zero, waits for old pods, then creates the new one at full size', () => {
  const d = deploy({ strategy: 'Recreate', replicas: 3 });
  const old = rs('old', { replicas: 3, desired: 3 });
  assert.equal(sizes(planDeployment({ deployment: d, replicaSets: [old], oldPodsRunning: true, ownerRef: {} }).actions), { old: 0 });
  const drained = rs('old', { replicas: 0, desired: 3 });
  assert.equal(planDeployment({ deployment: d, replicaSets: [drained], oldPodsRunning: true, ownerRef: {} }).actions, []);
  const created = planDeployment({ deployment: d, replicaSets: [drained], oldPodsRunning: false, ownerRef: {} }).actions[0] as any;
  assert.is(created.type, 'create');
  assert.is(created.rs.spec.replicas, 3);
});

test('proportional scaling during a rollout (Kubernetes docs example: 10->15, maxSurge 3)', () => {
  const d = deploy({ replicas: 15, surge: 3, unavail: 2, image: 'v2' });
  const old = rs('old', { replicas: 8, desired: 10, max: 13 });
  const fresh = rs('new', { replicas: 5, available: 0, image: 'v2', created: T0 + 1000, desired: 10, max: 13 });
  assert.ok(isScalingEvent(d, [old, fresh]));
  assert.equal(Object.fromEntries(planScale(d, fresh, [old])), { old: 11, new: 7 });
  const down = deploy({ replicas: 5, surge: 3, unavail: 2, image: 'v2' });
  const s = Object.fromEntries(planScale(down, fresh, [old]));
  assert.is(s.old + s.new, 8);
  assert.ok(s.old > s.new);
});

test('cleanup keeps revisionHistoryLimit old ReplicaSets and never deletes one with pods', () => {
  const d = deploy({ history: 1 });
  const olds = [rs('r1', { replicas: 0, revision: 1 }), rs('r2', { replicas: 0, revision: 2, statusReplicas: 1 }), rs('r3', { replicas: 0, revision: 3 })];
  assert.equal(planCleanup(d, olds).map((r) => r.metadata.name), ['r1']);
});

test('status: counts, Available, Progressing through created, progressing, complete and deadline', () => {
  const d = deploy({ replicas: 3, surge: 1, unavail: 0, generation: 2 });
  const newRS = { ...rs('new', { replicas: 3, available: 1, image: 'v2' }), status: { replicas: 3, readyReplicas: 2, availableReplicas: 1 } };
  const s = calculateStatus(d, newRS, [newRS], T0);
  assert.equal({ ...s, conditions: undefined }, { observedGeneration: 2, replicas: 3, updatedReplicas: 3, readyReplicas: 2, availableReplicas: 1, unavailableReplicas: 2, conditions: undefined });
  assert.is(s.conditions[0].reason, 'MinimumReplicasUnavailable');
  const created = { ...d, status: { conditions: [{ type: 'Progressing', status: 'True', reason: 'NewReplicaSetCreated', message: '', lastUpdateTime: iso(T0), lastTransitionTime: iso(T0) }] } };
  const p1 = rolloutStatus(created, newRS, [newRS], T0 + 1000);
  const prog = p1.conditions.find((c: any) => c.type === 'Progressing');
  assert.is(prog.reason, 'ReplicaSetUpdated');
  assert.is(prog.lastTransitionTime, iso(T0));
  assert.is(deadlineIn(created, p1, T0 + 1000), 601_000);
  const stuck = rolloutStatus({ ...d, status: p1 }, newRS, [newRS], T0 + 1000 + 601_000);
  assert.is(stuck.conditions.find((c: any) => c.type === 'Progressing').reason, 'ProgressDeadlineExceeded');
  const doneRS = { ...newRS, status: { replicas: 3, readyReplicas: 3, availableReplicas: 3 } };
  const done = rolloutStatus({ ...d, status: p1 }, doneRS, [doneRS], T0 + 2000);
  assert.is(done.conditions.find((c: any) => c.type === 'Progressing').reason, 'NewReplicaSetAvailable');
  assert.is(done.conditions.find((c: any) => c.type === 'Available').status, 'True');
  assert.is(pausedCondition(deploy({ paused: true }), T0)?.reason, 'DeploymentPaused');
  assert.is(pausedCondition({ ...deploy(), status: { conditions: [{ type: 'Progressing', reason: 'DeploymentPaused' }] } }, T0)?.reason, 'DeploymentResumed');
});

test.run();
