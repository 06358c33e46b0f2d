import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { eventually, namespace, RES, startControllerEnv, type ControllerEnv } from './helpers/controllers.js';

let env: ControllerEnv;
test.before(async () => {
  env = await startControllerEnv({ readyDelayMs: 300, becomesReady: (p) => !p.spec.containers[0].image.startsWith('broken') });
});
test.after(async () => { await env?.stop(); });

function deployment(name: string, replicas: number, image: string, strategy: any = { type: 'RollingUpdate', rollingUpdate: { maxSurge: 2, maxUnavailable: 1 } }, extra: any = {}) {
  return {
    metadata: { name },
    spec: {
      replicas, strategy, selector: { matchLabels: { app: name } }, ...extra,
      template: { metadata: { labels: { app: name } }, spec: { containers: [{ name: 'c', image }] } },
    },
  };
}

async function get(ns: string, name: string): Promise<any> {
  return env.client.get<any>(RES.deployments, ns, name);
}

/** kubectl's `rollout status` completion test (KUBECTL.md). */
function rolledOut(d: any): boolean {
  const s = d.status ?? {};
  return d.metadata.generation <= (s.observedGeneration ?? 0) && (s.updatedReplicas ?? 0) >= d.spec.replicas
    && (s.replicas ?? 0) <= (s.updatedReplicas ?? 0) && (s.availableReplicas ?? 0) >= (s.updatedReplicas ?? 0);
}

async function replicaSets(ns: string): Promise<any[]> {
  return (await env.client.list<any>(RES.replicaSets, ns)).items;
}

test('rolling update of 10 replicas with maxSurge 2 / maxUnavailable 1 stays within 12 pods and 9 available at every instant', async () => {
  const { client } = env;
  await namespace(client, 'roll');
  await client.create(RES.deployments, 'roll', deployment('web', 10, 'nginx:1'));
  await eventually('initial rollout', async () => rolledOut(await get('roll', 'web')) && (await get('roll', 'web')).status.availableReplicas === 10, 30_000);
  const list = await client.list<any>(RES.pods, 'roll');
  const state = new Map<string, { active: boolean; available: boolean }>();
  const track = (p: any) => {
    const active = !p.metadata.deletionTimestamp && p.status?.phase !== 'Failed' && p.status?.phase !== 'Succeeded';
    const ready = (p.status?.conditions ?? []).some((c: any) => c.type === 'Ready' && c.status === 'True');
    state.set(p.metadata.name, { active, available: active && ready });
  };
  list.items.forEach(track);
  const counts = () => [...state.values()].reduce((a, s) => ({ active: a.active + (s.active ? 1 : 0), available: a.available + (s.available ? 1 : 0) }), { active: 0, available: 0 });
  let maxActive = counts().active;
  let minAvailable = counts().available;
  let events = 0;
  const ac = new AbortController();
  const watching = (async () => {
    for await (const ev of client.watch<any>(RES.pods, 'roll', { resourceVersion: list.metadata?.resourceVersion, signal: ac.signal })) {
      if (ev.type === 'BOOKMARK') continue;
      events++;
      if (ev.type === 'DELETED') state.delete(ev.object.metadata.name);
      else track(ev.object);
      const c = counts();
      maxActive = Math.max(maxActive, c.active);
      minAvailable = Math.min(minAvailable, c.available);
    }
  })().catch(() => undefined);
  await client.patch(RES.deployments, 'roll', 'web', 'strategic', { spec: { template: { spec: { containers: [{ name: 'c', image: 'nginx:2' }] } } } });
  const done = await eventually('rollout to nginx:2', async () => {
    const d = await get('roll', 'web');
    return d.metadata.generation === 2 && rolledOut(d) && d.status.availableReplicas === 10 && d;
  }, 45_000);
  await eventually('old pods gone', async () => counts().active === 10 && state.size === 10);
  ac.abort();
  await watching;
  console.log(`rolling update 10 replicas, maxSurge 2, maxUnavailable 1: ${events} pod changes watched, max ${maxActive} pods, min ${minAvailable} available`);
  assert.ok(events > 40, `watch saw ${events} pod changes`);
  assert.ok(maxActive <= 12, `at most 12 pods, saw ${maxActive}`);
  assert.ok(maxActive >= 11, `the rollout surged (saw ${maxActive})`);
  assert.ok(minAvailable >= 9, `at least 9 available, saw ${minAvailable}`);
  assert.is(done.metadata.annotations['deployment.kubernetes.io/revision'], '2');
  const rss = await replicaSets('roll');
  assert.is(rss.length, 2);
  const byRev = Object.fromEntries(rss.map((r) => [r.metadata.annotations['deployment.kubernetes.io/revision'], r]));
  assert.is(byRev['1'].spec.replicas, 0);
  assert.is(byRev['2'].spec.replicas, 10);
  const hash = byRev['2'].metadata.labels['pod-template-hash'];
  assert.is(byRev['2'].metadata.name, `web-${hash}`);
  const conds = Object.fromEntries(done.status.conditions.map((c: any) => [c.type, c]));
  assert.is(conds.Available.status, 'True');
  assert.is(conds.Progressing.reason, 'NewReplicaSetAvailable');
  assert.is(conds.Progressing.message, `ReplicaSet "${byRev['2'].metadata.name}" has successfully progressed.`);
  const scaling = (await client.list<any>(RES.events, 'roll')).items.filter((e) => e.reason === 'ScalingReplicaSet');
  assert.ok(scaling.some((e) => /^Scaled down replica set web-\w+ from 10 to 9$/.test(e.message)), 'scale-down events recorded');
});

test('rollback: returning to an older template reuses its ReplicaSet under a new revision', async () => {
  const { client } = env;
  await client.patch(RES.deployments, 'roll', 'web', 'strategic', { spec: { template: { spec: { containers: [{ name: 'c', image: 'nginx:1' }] } } } });
  const d = await eventually('rolled back', async () => {
    const x = await get('roll', 'web');
    return x.metadata.generation === 3 && rolledOut(x) && x.status.availableReplicas === 10 && x;
  }, 45_000);
  assert.is(d.metadata.annotations['deployment.kubernetes.io/revision'], '3');
  const rss = await replicaSets('roll');
  assert.is(rss.length, 2, 'no third ReplicaSet');
  const v1 = rss.find((r) => r.spec.template.spec.containers[0].image === 'nginx:1');
  assert.is(v1.metadata.annotations['deployment.kubernetes.io/revision'], '3');
  assert.is(v1.spec.replicas, 10);
});

test('Recreate: old pods are all gone before the new ReplicaSet gets any', async () => {
  const { client } = env;
  await namespace(client, 'recreate');
  await client.create(RES.deployments, 'recreate', deployment('db', 3, 'pg:1', { type: 'Recreate' }));
  await eventually('initial', async () => rolledOut(await get('recreate', 'db')) && (await get('recreate', 'db')).status.availableReplicas === 3);
  const ac = new AbortController();
  const list = await client.list<any>(RES.pods, 'recreate');
  const live = new Map<string, string>(list.items.map((p) => [p.metadata.name, p.spec.containers[0].image]));
  let overlap = false;
  const watching = (async () => {
    for await (const ev of client.watch<any>(RES.pods, 'recreate', { resourceVersion: list.metadata?.resourceVersion, signal: ac.signal })) {
      if (ev.type === 'BOOKMARK') continue;
      if (ev.type === 'DELETED') live.delete(ev.object.metadata.name);
      else live.set(ev.object.metadata.name, ev.object.spec.containers[0].image);
      if (new Set(live.values()).size > 1) overlap = true;
    }
  })().catch(() => undefined);
  await client.patch(RES.deployments, 'recreate', 'db', 'strategic', { spec: { template: { spec: { containers: [{ name: 'c', image: 'pg:2' }] } } } });
  await eventually('recreated', async () => {
    const d = await get('recreate', 'db');
    return d.metadata.generation === 2 && rolledOut(d) && d.status.availableReplicas === 3;
  }, 30_000);
  ac.abort();
  await watching;
  assert.not.ok(overlap, 'old and new pods never coexisted');
});

test('paused: template changes wait for resume; scaling still applies', async () => {
  const { client } = env;
  await namespace(client, 'pause');
  await client.create(RES.deployments, 'pause', deployment('p', 2, 'a:1'));
  await eventually('initial', async () => rolledOut(await get('pause', 'p')) && (await get('pause', 'p')).status.availableReplicas === 2);
  await client.patch(RES.deployments, 'pause', 'p', 'merge', { spec: { paused: true } });
  await eventually('paused condition', async () => (await get('pause', 'p')).status.conditions.some((c: any) => c.reason === 'DeploymentPaused'));
  await client.patch(RES.deployments, 'pause', 'p', 'strategic', { spec: { replicas: 3, template: { spec: { containers: [{ name: 'c', image: 'a:2' }] } } } });
  await eventually('scaled while paused', async () => (await get('pause', 'p')).status.availableReplicas === 3);
  assert.is((await replicaSets('pause')).length, 1, 'no new ReplicaSet while paused');
  await client.patch(RES.deployments, 'pause', 'p', 'merge', { spec: { paused: false } });
  await eventually('rolled out after resume', async () => {
    const d = await get('pause', 'p');
    return rolledOut(d) && d.status.availableReplicas === 3 && (await replicaSets('pause')).length === 2;
  }, 30_000);
});

test('progress deadline: a rollout that cannot become ready is marked ProgressDeadlineExceeded', async () => {
  const { client } = env;
  await namespace(client, 'stuck');
  await client.create(RES.deployments, 'stuck', deployment('s', 2, 'broken:1', undefined, { progressDeadlineSeconds: 2 }));
  const d = await eventually('deadline exceeded', async () => {
    const x = await get('stuck', 's');
    const c = (x.status?.conditions ?? []).find((k: any) => k.type === 'Progressing');
    return c?.reason === 'ProgressDeadlineExceeded' && x;
  }, 15_000);
  const c = d.status.conditions.find((k: any) => k.type === 'Progressing');
  assert.is(c.status, 'False');
  assert.match(c.message, /has timed out progressing/);
  assert.is(d.status.conditions.find((k: any) => k.type === 'Available').status, 'False');
});

test('revisionHistoryLimit deletes the oldest scaled-down ReplicaSets', async () => {
  const { client } = env;
  await namespace(client, 'hist');
  await client.create(RES.deployments, 'hist', deployment('h', 1, 'x:1', undefined, { revisionHistoryLimit: 1 }));
  for (const image of ['x:2', 'x:3']) {
    await eventually('settled', async () => rolledOut(await get('hist', 'h')) && (await get('hist', 'h')).status.availableReplicas === 1);
    await client.patch(RES.deployments, 'hist', 'h', 'strategic', { spec: { template: { spec: { containers: [{ name: 'c', image }] } } } });
  }
  await eventually('only current + 1 old', async () => {
    const rss = await replicaSets('hist');
    return rss.length === 2 && rss.map((r) => r.metadata.annotations['deployment.kubernetes.io/revision']).sort().join() === '2,3';
  }, 30_000);
});

test.run();
