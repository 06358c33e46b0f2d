import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { boundPod, cstatus, getPod, R, startAgentCluster, waitFor, type AgentCluster } from './agent-fixture.js';

let c: AgentCluster;

test.before(async () => { c = await startAgentCluster('hollow', 'sim', 5); });
test.after(async () => { await c?.stop(); });

test('--count 5 registers five hollow nodes with Leases', async () => {
  const nodes = await c.client.list<any>(R.nodes, undefined);
  assert.equal(nodes.items.map((n) => n.metadata.name).sort(), ['hollow-0', 'hollow-1', 'hollow-2', 'hollow-3', 'hollow-4']);
  assert.ok(nodes.items.every((n) => n.status.nodeInfo.containerRuntimeVersion.startsWith('sim://')));
  await waitFor('5 leases', async () => (await c.client.list(R.leases, 'kube-node-lease')).items.length === 5);
});

test('pods bound to hollow nodes go Running and Ready without processes, on every node', async () => {
  for (let i = 0; i < 10; i++) {
    await c.client.create(R.pods, 'default', boundPod(`h${i}`, `hollow-${i % 5}`, [{ name: 'app', image: 'nginx', readinessProbe: { httpGet: { port: 80 } } }]));
  }
  await waitFor('10 ready', async () => {
    const pods = (await c.client.list<any>(R.pods, 'default')).items;
    return pods.filter((p) => p.status?.conditions?.some((x: any) => x.type === 'Ready' && x.status === 'True')).length === 10;
  });
  const p = await getPod(c.client, 'h3');
  assert.is(p.status.phase, 'Running');
  assert.match(cstatus(p, 'app').containerID, /^sim:\/\//);
});

test('pods on nodes the agent does not serve are left alone', async () => {
  await c.client.create(R.pods, 'default', boundPod('elsewhere', 'other-node', [{ name: 'app' }]));
  await new Promise((r) => setTimeout(r, 500));
  assert.not.ok((await getPod(c.client, 'elsewhere')).status?.phase === 'Running');
});

test('graceful deletion of a hollow pod removes it', async () => {
  await c.client.delete(R.pods, 'default', 'h1');
  await waitFor('gone', async () => !(await getPod(c.client, 'h1')));
  assert.ok(await getPod(c.client, 'h2'));
});

test('the agent survives an apiserver restart: new pods still start, leases keep renewing', async () => {
  await c.cluster.restartApiserver();
  await c.client.create(R.pods, 'default', boundPod('after-restart', 'hollow-2', [{ name: 'app' }]));
  await waitFor('running after restart', async () => (await getPod(c.client, 'after-restart'))?.status?.phase === 'Running', 20_000);
});

test.run();
