import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { formatMicroTime, isAlreadyExists } from '../src/client/index.js';
import {
  desiredTaints, evictionTime, nodeHealth, tolerates, unknownConditions, withDefaultTolerations, NOT_READY_TAINT, UNREACHABLE_TAINT,
} from '../src/controllers/node-lifecycle/plan.js';
import { eventually, namespace, RES, startControllerEnv, type ControllerEnv } from './helpers/controllers.js';
import { startSimKubelet, type SimKubelet } from './helpers/sim-kubelet.js';
import { findResource } from '../src/api/resources.js';

const NODES = findResource('', 'v1', 'nodes')!;
const LEASES = findResource('coordination.k8s.io', 'v1', 'leases')!;
const T0 = Date.parse('2026-01-01T00:00:00Z');
const iso = (ms: number) => new Date(ms).toISOString().replace('.000Z', 'Z');

const node = (ready: string, heartbeat = T0) => ({ metadata: { name: 'n', creationTimestamp: iso(T0 - 100_000) }, spec: {}, status: { conditions: [{ type: 'Ready', status: ready, lastHeartbeatTime: iso(heartbeat) }] } });

test('health: lease silence beyond the grace period is unreachable; Ready False is notReady', () => {
  const lease = { spec: { renewTime: formatMicroTime(T0 + 30_000) } };
  assert.is(nodeHealth(node('True'), lease, T0 + 60_000, 50_000), 'ready');
  assert.is(nodeHealth(node('True'), lease, T0 + 81_000, 50_000), 'unreachable');
  assert.is(nodeHealth(node('False'), lease, T0 + 60_000, 50_000), 'notReady');
  const c = unknownConditions(node('True'), T0)[0];
  assert.equal([c.status, c.reason, c.message], ['Unknown', 'NodeStatusUnknown', 'Kubelet stopped posting node status.']);
});

test('taints follow health and keep their timeAdded and other taints', () => {
  const n = { spec: { taints: [{ key: 'dedicated', value: 'x', effect: 'NoSchedule' }] } };
  const t = desiredTaints(n, 'unreachable', T0);
  assert.equal(t, [{ key: 'dedicated', value: 'x', effect: 'NoSchedule' }, { key: UNREACHABLE_TAINT, effect: 'NoExecute', timeAdded: iso(T0) }]);
  assert.equal(desiredTaints({ spec: { taints: t } }, 'unreachable', T0 + 5000), t);
  assert.equal(desiredTaints({ spec: { taints: t } }, 'notReady', T0).map((x) => x.key), ['dedicated', NOT_READY_TAINT]);
  assert.equal(desiredTaints({ spec: { taints: t } }, 'ready', T0).map((x) => x.key), ['dedicated']);
});

test('eviction time: untolerated now, tolerationSeconds from timeAdded, forever without seconds; defaults 300 s', () => {
  const taint = { key: UNREACHABLE_TAINT, effect: 'NoExecute', timeAdded: iso(T0) };
  assert.is(evictionTime([], [taint], T0), 'now');
  assert.is(evictionTime([{ key: UNREACHABLE_TAINT, operator: 'Exists', effect: 'NoExecute', tolerationSeconds: 30 }], [taint], T0), T0 + 30_000);
  assert.is(evictionTime([{ operator: 'Exists' }], [taint], T0), undefined);
  assert.is(evictionTime([{ key: UNREACHABLE_TAINT, operator: 'Exists', tolerationSeconds: 30 }], [taint], T0 + 31_000), 'now');
  const defaults = withDefaultTolerations(undefined, 300);
  assert.is(defaults.length, 2);
  assert.is(evictionTime(defaults, [taint], T0), T0 + 300_000);
  assert.is(withDefaultTolerations([{ operator: 'Exists' }], 300).length, 1, 'a tolerate-everything toleration covers both');
  assert.not.ok(tolerates({ key: 'a', value: 'b', operator: 'Equal' }, { key: 'a', value: 'c', effect: 'NoExecute' }));
});

let env: ControllerEnv;
let second: SimKubelet | undefined;
let beating: NodeJS.Timeout | undefined;

test('integration: a silent node is tainted, its pods evicted after the toleration, and the Deployment recovers on another node', async () => {
  env = await startControllerEnv({ node: 'n1' }, { nodeLifecycle: { graceMs: 1500, monitorPeriodMs: 200, defaultTolerationSeconds: 1, evictionQps: 50 } }, { admission: { notReadyTolerationSeconds: 1, unreachableTolerationSeconds: 1 } });
  const { client } = env;
  const alive = new Set(['n1', 'n2']);
  for (const name of alive) {
    await client.create(NODES, undefined, { metadata: { name }, status: { conditions: [{ type: 'Ready', status: 'True', lastHeartbeatTime: iso(Date.now()) }] } })
      .catch((err) => { if (!isAlreadyExists(err)) throw err; });
    await client.create(LEASES, 'kube-node-lease', { metadata: { name }, spec: { holderIdentity: name, leaseDurationSeconds: 40, renewTime: formatMicroTime(Date.now()) } });
  }
  const renew = async () => {
    for (const name of alive) {
      const l = await client.get<any>(LEASES, 'kube-node-lease', name);
      await client.update(LEASES, { ...l, spec: { ...l.spec, renewTime: formatMicroTime(Date.now()) } });
    }
  };
  beating = setInterval(() => { renew().catch(() => undefined); }, 300);
  await namespace(client, 'nl');
  await client.create(RES.deployments, 'nl', {
    metadata: { name: 'web' },
    spec: { replicas: 3, selector: { matchLabels: { app: 'web' } }, template: { metadata: { labels: { app: 'web' } }, spec: { containers: [{ name: 'c', image: 'x' }] } } },
  });
  await eventually('available on n1', async () => (await client.get<any>(RES.deployments, 'nl', 'web')).status?.availableReplicas === 3);
  alive.delete('n1');
  await env.kubelet.stop();
  second = startSimKubelet(client, { node: 'n2', ipBlock: 2 });
  const n1 = await eventually('n1 unreachable', async () => {
    const n = await client.get<any>(NODES, undefined, 'n1');
    return (n.spec.taints ?? []).some((t: any) => t.key === UNREACHABLE_TAINT && t.effect === 'NoExecute') && n;
  }, 10_000);
  assert.is(n1.status.conditions.find((c: any) => c.type === 'Ready').status, 'Unknown');
  const recovered = await eventually('recovered on n2', async () => {
    const d = await client.get<any>(RES.deployments, 'nl', 'web');
    const pods = (await client.list<any>(RES.pods, 'nl')).items.filter((p) => !p.metadata.deletionTimestamp);
    return d.status?.availableReplicas === 3 && pods.length === 3 && pods.every((p) => p.spec.nodeName === 'n2') && pods;
  }, 20_000);
  assert.is(recovered.length, 3);
  const evicted = (await client.list<any>(RES.pods, 'nl')).items.filter((p) => p.metadata.deletionTimestamp);
  assert.is(evicted.length, 3, 'the three pods on n1 were evicted');
  const evictions = await eventually('eviction events', async () => {
    const ev = (await client.list<any>(RES.events, 'nl')).items.filter((e) => e.reason === 'TaintManagerEviction');
    return ev.length === 3 && ev;
  });
  const taintAdded = Date.parse(n1.spec.taints.find((t: any) => t.key === UNREACHABLE_TAINT).timeAdded);
  for (const e of evictions) assert.ok(Date.parse(e.firstTimestamp) >= taintAdded + 1000, 'evicted only once the 1 s toleration ran out');
  const n2 = await client.get<any>(NODES, undefined, 'n2');
  assert.not.ok((n2.spec?.taints ?? []).length, 'the live node is not tainted');
});

test.after(async () => {
  if (beating) clearInterval(beating);
  await second?.stop();
  await env?.stop();
});
test.run();
