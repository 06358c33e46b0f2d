import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { findResource } from '../src/api/resources.js';
import { planPodGC } from '../src/controllers/pod-gc/plan.js';
import { eventually, namespace, RES, startControllerEnv, type ControllerEnv } from './helpers/controllers.js';

const iso = (s: number) => new Date(Date.UTC(2026, 0, 1, 0, 0, s)).toISOString().replace('.000Z', 'Z');
const pod = (name: string, o: { phase?: string; node?: string; created?: number; deleting?: boolean } = {}) => ({
  metadata: { name, creationTimestamp: iso(o.created ?? 0), deletionTimestamp: o.deleting ? iso(0) : undefined },
  spec: { nodeName: o.node }, status: { phase: o.phase ?? 'Running' },
});

test('planPodGC: oldest finished pods above the threshold, orphans, unscheduled terminating pods', () => {
  const pods = [pod('s1', { phase: 'Succeeded', node: 'n', created: 1 }), pod('f2', { phase: 'Failed', node: 'n', created: 2 }), pod('s3', { phase: 'Succeeded', node: 'n', created: 3 }),
    pod('lost', { node: 'gone' }), pod('ghost', { deleting: true }), pod('fine', { node: 'n' })];
  const p = planPodGC(pods, new Set(['n']), 2);
  assert.equal(p.terminated.map((x) => x.metadata.name), ['s1']);
  assert.equal(p.orphaned.map((x) => x.metadata.name), ['lost']);
  assert.equal(p.unscheduledTerminating.map((x) => x.metadata.name), ['ghost']);
  assert.equal(planPodGC(pods, new Set(['n']), 0).terminated, []);
});

let env: ControllerEnv;
test('integration: pods on a deleted node are removed', async () => {
  env = await startControllerEnv({ node: 'doomed' }, { podGC: { periodMs: 200 } });
  const { client } = env;
  await namespace(client, 'pgc');
  await client.create(RES.pods, 'pgc', { metadata: { name: 'p' }, spec: { containers: [{ name: 'c', image: 'x' }] } });
  await eventually('bound', async () => (await client.get<any>(RES.pods, 'pgc', 'p')).spec.nodeName === 'doomed');
  await env.kubelet.stop();
  await client.delete(findResource('', 'v1', 'nodes')!, undefined, 'doomed');
  await eventually('orphan collected', async () => (await client.list(RES.pods, 'pgc')).items.length === 0, 10_000);
});

test.after(async () => { await env?.stop(); });
test.run();
