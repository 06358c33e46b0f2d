import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { findResource } from '../src/api/resources.js';
import { planDaemonSet, shouldRun, REVISION_HASH } from '../src/controllers/daemonset/plan.js';
import { currentRevision } from '../src/controllers/common/revisions.js';
import { eventually, namespace, startControllerEnv, type ControllerEnv } from './helpers/controllers.js';
import { startSimKubelet, type SimKubelet } from './helpers/sim-kubelet.js';

const DS = findResource('apps', 'v1', 'daemonsets')!;
const NODES = findResource('', 'v1', 'nodes')!;
const PODS = findResource('', 'v1', 'pods')!;
const REVS = findResource('apps', 'v1', 'controllerrevisions')!;
const T0 = Date.parse('2026-01-01T00:00:00Z');

const node = (name: string, labels: Record<string, string> = {}, taints: any[] = []) => ({ metadata: { name, labels }, spec: { taints } });
const tpl = (extra: any = {}) => ({ metadata: { labels: { app: 'd' } }, spec: { containers: [{ name: 'c', image: 'v1' }], ...extra } });
const dpod = (name: string, nodeName: string, hash: string, ready = true) => ({
  metadata: { name, labels: { app: 'd', [REVISION_HASH]: hash }, creationTimestamp: '2026-01-01T00:00:00Z' },
  spec: { nodeName }, status: { phase: 'Running', conditions: [{ type: 'Ready', status: ready ? 'True' : 'False', lastTransitionTime: '2026-01-01T00:00:00Z' }] },
});

test('eligibility: nodeSelector, required affinity, taints; node-problem taints are tolerated', () => {
  assert.ok(shouldRun(tpl(), node('a')));
  assert.not.ok(shouldRun(tpl({ nodeSelector: { disk: 'ssd' } }), node('a')));
  assert.ok(shouldRun(tpl({ nodeSelector: { disk: 'ssd' } }), node('a', { disk: 'ssd' })));
  const affinity = { nodeAffinity: { requiredDuringSchedulingIgnoredDuringExecution: { nodeSelectorTerms: [{ matchExpressions: [{ key: 'zone', operator: 'In', values: ['z1'] }] }] } } };
  assert.not.ok(shouldRun(tpl({ affinity }), node('a', { zone: 'z2' })));
  assert.ok(shouldRun(tpl({ affinity }), node('a', { zone: 'z1' })));
  assert.not.ok(shouldRun(tpl(), node('a', {}, [{ key: 'gpu', effect: 'NoSchedule' }])));
  assert.ok(shouldRun(tpl(), node('a', {}, [{ key: 'gpu', effect: 'NoSchedule' }]), true), 'a NoSchedule taint does not evict');
  assert.ok(shouldRun(tpl(), node('a', {}, [{ key: 'node.kubernetes.io/unreachable', effect: 'NoExecute' }])));
});

test('plan: create on nodes without a pod, delete extras and misscheduled, roll within maxUnavailable', () => {
  const ds = { metadata: { generation: 2 }, spec: { template: tpl(), updateStrategy: { type: 'RollingUpdate', rollingUpdate: { maxUnavailable: 1 } } } };
  const nodes = [node('a'), node('b'), node('c')];
  const p = planDaemonSet(ds, nodes, [dpod('a1', 'a', 'old'), dpod('a2', 'a', 'old'), dpod('b1', 'b', 'old'), dpod('x1', 'gone', 'old')], 'new', T0);
  assert.equal(p.create, ['c']);
  assert.equal(p.delete.map((x) => x.metadata.name).sort(), ['a2', 'x1'], 'no rolling step while c is unavailable');
  assert.equal(p.status, { desiredNumberScheduled: 3, currentNumberScheduled: 2, numberMisscheduled: 1, numberReady: 2, numberAvailable: 2, numberUnavailable: 1, updatedNumberScheduled: 0, observedGeneration: 2 });
  const roll = planDaemonSet(ds, nodes, [dpod('a1', 'a', 'old'), dpod('b1', 'b', 'old'), dpod('c1', 'c', 'new')], 'new', T0);
  assert.is(roll.delete.length, 1, 'one old pod at a time');
  const onDelete = planDaemonSet({ ...ds, spec: { ...ds.spec, updateStrategy: { type: 'OnDelete' } } }, nodes, [dpod('a1', 'a', 'old'), dpod('b1', 'b', 'old'), dpod('c1', 'c', 'new')], 'new', T0);
  assert.is(onDelete.delete.length, 0);
});

test('revisions: create for a new template, bump an older matching one (rollback)', () => {
  const ds = { metadata: { name: 'd', namespace: 'ns' }, spec: { template: tpl() } };
  const created = currentRevision(ds, [], {});
  assert.is(created.type, 'create');
  assert.is(created.revision.revision, 1);
  assert.is(created.revision.data.spec.template.$patch, 'replace');
  const r1 = { ...created.revision, metadata: { ...created.revision.metadata, labels: { [REVISION_HASH]: created.hash } } };
  const r2 = { metadata: { name: 'd-x', labels: {} }, data: { spec: { template: tpl({ containers: [{ name: 'c', image: 'v2' }] }) } }, revision: 2 };
  const back = currentRevision(ds, [r1, r2], {});
  assert.is(back.type, 'bump');
  assert.is((back as any).number, 3);
  assert.is(back.hash, created.hash);
});

let env: ControllerEnv;
let second: SimKubelet;
test('integration: one pod per node, a new node gets one, a removed node loses it, a template change rolls', async () => {
  env = await startControllerEnv();
  second = startSimKubelet(env.client, { node: 'node-2', ipBlock: 2 });
  const { client } = env;
  await eventually('nodes registered', async () => (await client.list(NODES, undefined)).items.length === 2);
  await namespace(client, 'ds');
  await client.create(DS, 'ds', { metadata: { name: 'agent' }, spec: { selector: { matchLabels: { app: 'd' } }, template: tpl() } });
  const podsOn = async () => (await client.list<any>(PODS, 'ds')).items.filter((p) => !p.metadata.deletionTimestamp);
  await eventually('2 available', async () => (await client.get<any>(DS, 'ds', 'agent')).status?.numberAvailable === 2);
  assert.equal((await podsOn()).map((p) => p.spec.nodeName).sort(), ['node-1', 'node-2']);
  await client.create(NODES, undefined, { metadata: { name: 'node-3' } });
  await eventually('pod on node-3', async () => (await podsOn()).some((p) => p.spec.nodeName === 'node-3'));
  await eventually('desired 3', async () => (await client.get<any>(DS, 'ds', 'agent')).status?.desiredNumberScheduled === 3);
  await client.delete(NODES, undefined, 'node-3');
  await eventually('node-3 pod removed', async () => !(await podsOn()).some((p) => p.spec.nodeName === 'node-3') && (await client.get<any>(DS, 'ds', 'agent')).status?.desiredNumberScheduled === 2);
  await client.patch(DS, 'ds', 'agent', 'strategic', { spec: { template: { spec: { containers: [{ name: 'c', image: 'v2' }] } } } });
  await eventually('rolled', async () => {
    const s = (await client.get<any>(DS, 'ds', 'agent')).status;
    const pods = await podsOn();
    return s?.updatedNumberScheduled === 2 && s.numberAvailable === 2 && pods.length === 2 && pods.every((p) => p.spec.containers[0].image === 'v2');
  }, 20_000);
  const revs = (await client.list<any>(REVS, 'ds')).items.map((r) => r.revision).sort();
  assert.equal(revs, [1, 2]);
});

test.after(async () => { await second?.stop(); await env?.stop(); });
test.run();
