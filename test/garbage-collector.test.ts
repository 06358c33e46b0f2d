import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { findResource } from '../src/api/resources.js';
import { planDependent, planForeground } from '../src/controllers/garbage-collector/plan.js';
import { eventually, namespace, RES, startControllerEnv, type ControllerEnv } from './helpers/controllers.js';

const CONFIGMAPS = findResource('', 'v1', 'configmaps')!;
let env: ControllerEnv;
test.before(async () => { env = await startControllerEnv(); });
test.after(async () => { await env?.stop(); });

const ref = (uid: string, block = false) => ({ apiVersion: 'v1', kind: 'ConfigMap', name: uid, uid, blockOwnerDeletion: block });

test('planDependent: collect when every owner is gone, drop dangling refs, follow foreground owners', () => {
  assert.equal(planDependent([]), { type: 'none' });
  assert.equal(planDependent([{ ref: ref('a'), state: 'absent' }]), { type: 'delete', propagationPolicy: 'Background' });
  assert.equal(planDependent([{ ref: ref('a'), state: 'absent' }, { ref: ref('b'), state: 'present' }]), { type: 'removeRefs', uids: ['a'] });
  assert.equal(planDependent([{ ref: ref('a'), state: 'waitingForDependents' }], true), { type: 'delete', propagationPolicy: 'Foreground' });
  assert.equal(planDependent([{ ref: ref('a'), state: 'waitingForDependents' }], false), { type: 'delete', propagationPolicy: 'Background' });
  assert.equal(planDependent([{ ref: ref('a'), state: 'present' }]), { type: 'none' });
});

test('planForeground: delete dependents, hold the owner while blocking ones remain', () => {
  const p = planForeground([
    { key: 'x', deleting: false, ref: ref('o', true), hasDependents: true },
    { key: 'pod', deleting: false, ref: ref('o', true), hasDependents: false },
    { key: 'y', deleting: true, ref: ref('o'), hasDependents: false },
  ]);
  assert.equal(p.delete, [{ key: 'x', propagationPolicy: 'Foreground' }, { key: 'pod', propagationPolicy: 'Background' }], 'leaves keep their graceful deletion');
  assert.is(p.removeFinalizer, false);
  assert.is(planForeground([{ key: 'y', deleting: false, ref: ref('o'), hasDependents: false }]).removeFinalizer, true);
});

function deployment(name: string, replicas: number) {
  return {
    metadata: { name },
    spec: { replicas, selector: { matchLabels: { app: name } }, template: { metadata: { labels: { app: name } }, spec: { containers: [{ name: 'c', image: 'x' }] } } },
  };
}

async function count(info: any, ns: string, selector?: string): Promise<number> {
  return (await env.client.list(info, ns, { labelSelector: selector })).items.length;
}

async function readyDeployment(ns: string, name: string, replicas: number): Promise<void> {
  await namespace(env.client, ns);
  await env.client.create(RES.deployments, ns, deployment(name, replicas));
  await eventually('deployment available', async () => (await env.client.get<any>(RES.deployments, ns, name)).status?.availableReplicas === replicas);
}

test('Background: deleting a Deployment removes its ReplicaSet and pods', async () => {
  await readyDeployment('gc-bg', 'web', 2);
  await env.client.delete(RES.deployments, 'gc-bg', 'web', { propagationPolicy: 'Background' });
  await eventually('dependents collected', async () => await count(RES.replicaSets, 'gc-bg') === 0 && await count(RES.pods, 'gc-bg') === 0);
});

test('Foreground: the Deployment stays (foregroundDeletion) until its ReplicaSet and pods are gone', async () => {
  await readyDeployment('gc-fg', 'web', 2);
  const list = await env.client.list<any>(RES.deployments, 'gc-fg');
  const deletedAt = new Map<string, number>();
  const ac = new AbortController();
  const watchOne = async (info: any) => {
    for await (const ev of env.client.watch<any>(info, 'gc-fg', { resourceVersion: list.metadata?.resourceVersion, signal: ac.signal })) {
      if (ev.type === 'DELETED') deletedAt.set(`${info.resource}/${ev.object.metadata.name}`, Number(ev.object.metadata.resourceVersion));
    }
  };
  const watches = [RES.deployments, RES.replicaSets, RES.pods].map((i) => watchOne(i).catch(() => undefined));
  const answer = await env.client.delete<any>(RES.deployments, 'gc-fg', 'web', { propagationPolicy: 'Foreground' });
  assert.ok((answer as any).metadata?.finalizers?.includes('foregroundDeletion'), 'owner marked, not removed');
  await eventually('all gone', async () => deletedAt.has('deployments/web') && deletedAt.size === 4, 20_000);
  ac.abort();
  await Promise.all(watches);
  const owner = deletedAt.get('deployments/web')!;
  for (const [what, rv] of deletedAt) if (what !== 'deployments/web') assert.ok(rv < owner, `${what} deleted before its owner`);
});

test('Orphan: deleting a ReplicaSet leaves its pods without an owner', async () => {
  const { client } = env;
  await namespace(client, 'gc-orphan');
  await client.create(RES.replicaSets, 'gc-orphan', {
    metadata: { name: 'rs' },
    spec: { replicas: 2, selector: { matchLabels: { app: 'o' } }, template: { metadata: { labels: { app: 'o' } }, spec: { containers: [{ name: 'c', image: 'x' }] } } },
  });
  await eventually('2 pods', async () => (await client.get<any>(RES.replicaSets, 'gc-orphan', 'rs')).status?.availableReplicas === 2);
  await client.delete(RES.replicaSets, 'gc-orphan', 'rs', { propagationPolicy: 'Orphan' });
  await eventually('owner gone', async () => await count(RES.replicaSets, 'gc-orphan') === 0);
  const pods = (await client.list<any>(RES.pods, 'gc-orphan')).items;
  assert.is(pods.length, 2);
  for (const p of pods) assert.not.ok(p.metadata.ownerReferences?.length, 'owner reference removed');
});

test('dependents of a missing owner are collected; a dangling reference beside a live owner is dropped', async () => {
  const { client } = env;
  await namespace(client, 'gc-missing');
  const live = await client.create<any>(CONFIGMAPS, 'gc-missing', { metadata: { name: 'live' } });
  const ghost = { apiVersion: 'v1', kind: 'ConfigMap', name: 'ghost', uid: '00000000-0000-0000-0000-000000000001' };
  await client.create(CONFIGMAPS, 'gc-missing', { metadata: { name: 'lonely', ownerReferences: [ghost] } });
  await client.create(CONFIGMAPS, 'gc-missing', { metadata: { name: 'shared', ownerReferences: [ghost, { apiVersion: 'v1', kind: 'ConfigMap', name: 'live', uid: live.metadata.uid }] } });
  await eventually('lonely collected', async () => {
    try {
      await client.get(CONFIGMAPS, 'gc-missing', 'lonely');
      return false;
    } catch {
      return true;
    }
  });
  const shared = await eventually('dangling ref dropped', async () => {
    const s = await client.get<any>(CONFIGMAPS, 'gc-missing', 'shared');
    return s.metadata.ownerReferences?.length === 1 && s;
  });
  assert.is(shared.metadata.ownerReferences[0].name, 'live');
});

test.run();
