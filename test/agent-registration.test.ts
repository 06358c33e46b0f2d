import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { RestClient } from '../src/client/index.js';
import { unknownConditions } from '../src/controllers/node-lifecycle/plan.js';
import { heartbeat, leaseRenewMs, leaseSecondsForGrace, registerNode, reportNodeStatus } from '../node-agent/registration.js';
import { R, waitFor } from './agent-fixture.js';
import { startTestCluster, type TestCluster } from './helpers/cluster.js';

let cluster: TestCluster;
let client: RestClient;
const stop = new AbortController();
const loops: Promise<void>[] = [];
const logs: string[] = [];
const log = (m: string) => logs.push(m);

test.before(async () => {
  cluster = await startTestCluster();
  client = new RestClient({ server: cluster.url });
});
test.after(async () => {
  stop.abort();
  await Promise.all(loops);
  client?.close();
  await cluster?.stop();
});

test('lease timing: renewed every quarter of its duration; a short grace period gets a lease it spans five renewals of', () => {
  assert.is(leaseRenewMs(40), 10_000);
  assert.equal([300, 50, 20, 4, 1.5, 0.5].map(leaseSecondsForGrace), [40, 40, 16, 3, 1, 1]);
  for (const grace of [2, 4, 10, 20, 49]) assert.ok(grace * 1000 / leaseRenewMs(leaseSecondsForGrace(grace)) >= 5, `grace ${grace}`);
});

test('heartbeat renews the Lease with its duration every quarter of it', async () => {
  await registerNode(client, 'beat', 'process');
  loops.push(heartbeat(client, 'beat', stop.signal, log, 1));
  const seen = new Set<string>();
  const lease = await waitFor('four renewals', async () => {
    const l = await client.get<any>(R.leases, 'kube-node-lease', 'beat').catch(() => undefined);
    if (l) seen.add(l.spec.renewTime);
    return seen.size >= 4 ? l : undefined;
  }, 3000);
  assert.is(lease.spec.leaseDurationSeconds, 1);
});

test('node status: Ready is True again at the next check after the control plane marked the node Unknown, and unchanged readings are not rewritten', async () => {
  await registerNode(client, 'back', 'process');
  const registered = await client.get<any>(R.nodes, undefined, 'back');
  loops.push(reportNodeStatus(client, ['back'], stop.signal, log, { checkMs: 100, reportMs: 60_000 }));
  const ready = (n: any) => n.status.conditions.find((c: any) => c.type === 'Ready');
  const written = await waitFor('the first status write', async () => {
    const n = await client.get<any>(R.nodes, undefined, 'back');
    return n.metadata.resourceVersion !== registered.metadata.resourceVersion ? n : undefined;
  }, 3000);
  await new Promise((r) => setTimeout(r, 500));
  assert.is((await client.get<any>(R.nodes, undefined, 'back')).metadata.resourceVersion, written.metadata.resourceVersion, 'no write while nothing changed');
  const marked = await client.updateStatus<any>(R.nodes, { ...written, status: { ...written.status, conditions: unknownConditions(written, Date.now()) } });
  assert.is(ready(marked).status, 'Unknown');
  const back = await waitFor('Ready True again', async () => {
    const n = await client.get<any>(R.nodes, undefined, 'back');
    return ready(n).status === 'True' ? n : undefined;
  }, 3000);
  assert.is(ready(back).reason, 'KubeletReady');
  assert.ok(back.status.conditions.every((c: any) => c.status !== 'Unknown'), 'the pressure conditions are reported again too');
  assert.equal(logs, []);
});

test('node status of a sim agent\'s hollow nodes: each marked Unknown is Ready again', async () => {
  const names = ['hollow-0', 'hollow-1'];
  for (const name of names) {
    await registerNode(client, name, 'sim');
    const n = await client.get<any>(R.nodes, undefined, name);
    await client.updateStatus(R.nodes, { ...n, status: { ...n.status, conditions: unknownConditions(n, Date.now()) } });
  }
  loops.push(reportNodeStatus(client, names, stop.signal, log, { checkMs: 100, reportMs: 60_000 }));
  for (const name of names) {
    await waitFor(`${name} Ready True again`, async () => {
      const n = await client.get<any>(R.nodes, undefined, name);
      return n.status.conditions.every((c: any) => c.status !== 'Unknown');
    }, 3000);
  }
  assert.equal(logs, []);
});

test.run();
