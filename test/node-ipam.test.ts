import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { findResource } from '../src/api/resources.js';
import { RestClient } from '../src/client/index.js';
import { runControllerManager } from '../src/controllers/manager/manager.js';
import { checkSettings, nextFreeRange, rangeIndex } from '../src/controllers/node-ipam/plan.js';
import { startTestCluster, type TestCluster } from './helpers/cluster.js';
import { eventually } from './helpers/controllers.js';

const NODES = findResource('', 'v1', 'nodes')!;
const CLUSTER = '10.201.0.0/22'; // four /24s
let cluster: TestCluster;
let client: RestClient;
let manager: { ac: AbortController; running: Promise<void> } | undefined;

function startManager(): void {
  const ac = new AbortController();
  manager = { ac, running: runControllerManager(client, ac.signal, { log: () => undefined, nodeIpam: { clusterCidr: CLUSTER, nodeCidrMaskSize: 24 } }) };
}
async function stopManager(): Promise<void> {
  manager?.ac.abort();
  await manager?.running;
  manager = undefined;
}
const node = (name: string, podCIDR?: string) => ({ metadata: { name }, spec: podCIDR ? { podCIDR, podCIDRs: [podCIDR] } : {} });
const cidrOf = async (name: string) => (await client.get<any>(NODES, undefined, name)).spec?.podCIDR as string | undefined;

test.before(async () => {
  cluster = await startTestCluster();
  client = new RestClient({ server: cluster.url });
});
test.after(async () => {
  await stopManager();
  client.close();
  await cluster.stop();
});

test('plan: ranges are carved from the cluster CIDR, lowest free first, and bad settings are refused', () => {
  assert.is(nextFreeRange('10.244.0.0/16', 24, new Set()), '10.244.0.0/24');
  assert.is(nextFreeRange('10.244.0.0/16', 24, new Set([0, 1, 3])), '10.244.2.0/24');
  assert.is(nextFreeRange('10.0.0.0/23', 24, new Set([0, 1])), undefined);
  assert.is(rangeIndex('10.244.0.0/16', 24, '10.244.7.0/24'), 7);
  assert.is(rangeIndex('10.244.0.0/16', 24, '10.245.7.0/24'), undefined);
  assert.is(rangeIndex('10.244.0.0/16', 24, '10.244.7.0/25'), undefined);
  assert.is(rangeIndex('10.244.0.0/16', 24, 'junk'), undefined);
  assert.is(checkSettings('10.244.0.0/16', 24), undefined);
  assert.ok(checkSettings('10.244.0.0/16', 12));
  assert.ok(checkSettings('10.300.0.0/16', 24));
  assert.ok(checkSettings('nonsense', 24));
});

test('every node gets its own range; a deleted node frees it; a restarted controller rebuilds allocations from the nodes', async () => {
  startManager();
  for (const n of ['n1', 'n2', 'n3']) await client.create(NODES, undefined, node(n) as never);
  const got = await eventually('three CIDRs', async () => {
    const all = await Promise.all(['n1', 'n2', 'n3'].map(cidrOf));
    return all.every(Boolean) ? all : undefined;
  });
  assert.is(new Set(got).size, 3, `distinct ranges: ${got}`);
  for (const c of got) assert.ok(rangeIndex(CLUSTER, 24, c!) !== undefined, c);
  const n1 = await client.get<any>(NODES, undefined, 'n1');
  assert.equal(n1.spec.podCIDRs, [n1.spec.podCIDR]);

  // Restart (as on a leader change): existing ranges are kept, the next node gets the one free range.
  await stopManager();
  startManager();
  await client.create(NODES, undefined, node('n4') as never);
  const fourth = await eventually('n4 CIDR', () => cidrOf('n4'));
  assert.not.ok(got.includes(fourth), `n4 got a taken range ${fourth}`);
  assert.equal(await Promise.all(['n1', 'n2', 'n3'].map(cidrOf)), got);

  // Exhausted: a fifth node waits without a range.
  await client.create(NODES, undefined, node('n5') as never);
  await new Promise((r) => setTimeout(r, 1000));
  assert.is(await cidrOf('n5'), undefined);

  // Deleting n2 frees its range, which n5 then gets.
  await client.delete(NODES, undefined, 'n2');
  assert.is(await eventually('n5 gets the freed range', () => cidrOf('n5')), got[1]);
});

test('a node registered with its own podCIDR keeps it and that range is never handed out again', async () => {
  await stopManager();
  for (const n of ['n1', 'n3', 'n4', 'n5']) await client.delete(NODES, undefined, n);
  await client.create(NODES, undefined, node('fixed', '10.201.0.0/24') as never);
  startManager();
  await client.create(NODES, undefined, node('fresh') as never);
  const fresh = await eventually('fresh CIDR', () => cidrOf('fresh'));
  assert.is(fresh, '10.201.1.0/24');
  assert.is(await cidrOf('fixed'), '10.201.0.0/24');
});

test.run();
