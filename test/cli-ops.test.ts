import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { type CliCluster, rkJson, rkOk, startCliCluster } from './cli-helpers.js';
import { deploymentRollout, deploymentRevisions, rollbackTarget } from '../src/cli/rollout/status.js';
import { applyTaints, parseTaintSpec, planDrain } from '../src/cli/nodes/plan.js';

let c: CliCluster;
const ok = rkOk(() => c);
const json = rkJson(ok);
const status = (s: object) => ok(['patch', 'deploy', 'web', '--subresource=status', '--type=merge', '-p', JSON.stringify({ status: s })]);

test.before(async () => { c = await startCliCluster(); });
test.after(async () => { await c?.stop(); });

test('rollout state: kubectl\'s messages in order', () => {
  const d = (spec: object, st: object, generation = 1) => ({ metadata: { name: 'web', generation }, spec, status: { observedGeneration: 1, ...st } });
  const CASES: [object, string, boolean][] = [
    [d({ replicas: 3 }, {}, 2), 'Waiting for deployment spec update to be observed...', false],
    [d({ replicas: 3 }, { updatedReplicas: 1, replicas: 3 }), 'Waiting for deployment "web" rollout to finish: 1 out of 3 new replicas have been updated...', false],
    [d({ replicas: 3 }, { updatedReplicas: 3, replicas: 4 }), 'Waiting for deployment "web" rollout to finish: 1 old replicas are pending termination...', false],
    [d({ replicas: 3 }, { updatedReplicas: 3, replicas: 3, availableReplicas: 2 }), 'Waiting for deployment "web" rollout to finish: 2 of 3 updated replicas are available...', false],
    [d({ replicas: 3 }, { updatedReplicas: 3, replicas: 3, availableReplicas: 3 }), 'deployment "web" successfully rolled out', true],
  ];
  for (const [obj, message, done] of CASES) assert.equal(deploymentRollout(obj as never), { done, message });
  assert.is(deploymentRollout(d({}, { conditions: [{ type: 'Progressing', reason: 'ProgressDeadlineExceeded' }] }) as never).failed, true);
  const revs = deploymentRevisions({ metadata: { uid: 'u' } }, [
    { metadata: { annotations: { 'deployment.kubernetes.io/revision': '2' }, ownerReferences: [{ controller: true, uid: 'u' }] } },
    { metadata: { annotations: { 'deployment.kubernetes.io/revision': '1' }, ownerReferences: [{ controller: true, uid: 'u' }] } },
    { metadata: { annotations: { 'deployment.kubernetes.io/revision': '9' }, ownerReferences: [{ controller: true, uid: 'other' }] } },
  ]);
  assert.equal(revs.map((r) => r.revision), [1, 2]);
  assert.is(rollbackTarget(revs, 0).revision, 1);
  assert.throws(() => rollbackTarget(revs, 7), /unable to find specified revision 7/);
});

test('drain plan and taints', () => {
  const pod = (name: string, extra: object = {}) => ({ metadata: { name, namespace: 'd', ownerReferences: [{ controller: true, kind: 'ReplicaSet' }] }, spec: {}, ...extra });
  const pods = [
    pod('rs'),
    pod('ds', { metadata: { name: 'ds', namespace: 'd', ownerReferences: [{ controller: true, kind: 'DaemonSet' }] } }),
    pod('bare', { metadata: { name: 'bare', namespace: 'd' } }),
    pod('scratch', { spec: { volumes: [{ name: 'x', emptyDir: {} }] } }),
    pod('mirror', { metadata: { name: 'mirror', namespace: 'd', annotations: { 'kubernetes.io/config.mirror': 'x' } } }),
  ];
  const strict = planDrain(pods, {});
  assert.is(strict.errors.length, 3);
  assert.match(strict.errors.join(), /cannot delete Pods that declare no controller \(use --force to override\): d\/bare/);
  const relaxed = planDrain(pods, { ignoreDaemonSets: true, force: true, deleteEmptyDirData: true });
  assert.equal(relaxed.errors, []);
  assert.equal(relaxed.evict.map((p) => p.metadata.name), ['rs', 'bare', 'scratch']);
  assert.match(relaxed.warnings.join('\n'), /ignoring DaemonSet-managed Pods: d\/ds/);
  assert.equal(parseTaintSpec('k=v:NoSchedule'), { remove: false, taint: { key: 'k', value: 'v', effect: 'NoSchedule' } });
  assert.equal(parseTaintSpec('k-'), { remove: true, taint: { key: 'k' } });
  assert.throws(() => parseTaintSpec('k=v:Bogus'), /invalid taint effect/);
  const t1 = applyTaints([], ['a=1:NoSchedule', 'b:NoExecute'], false);
  assert.equal(t1, { taints: [{ key: 'a', value: '1', effect: 'NoSchedule' }, { key: 'b', effect: 'NoExecute' }], verb: 'tainted' });
  assert.throws(() => applyTaints(t1.taints, ['a=2:NoSchedule'], false), /--overwrite is false/);
  assert.equal(applyTaints(t1.taints, ['a-'], false).verb, 'untainted');
  assert.throws(() => applyTaints([], ['zz-'], false), /taint "zz" not found/);
});

test('rollout status waits for the status to catch up, then exits 0', async () => {
  await ok(['create', 'deployment', 'web', '--image=nginx:1.27', '--replicas=2']);
  const once = await c.rk(['rollout', 'status', 'deploy/web', '--watch=false']);
  assert.is(once.stdout, 'Waiting for deployment spec update to be observed...\n');
  const waiting = c.rk(['rollout', 'status', 'deployment', 'web', '--timeout=20s']);
  await new Promise((r) => setTimeout(r, 1000));
  await status({ observedGeneration: 1, replicas: 2, updatedReplicas: 2, availableReplicas: 1 });
  await status({ observedGeneration: 1, replicas: 2, updatedReplicas: 2, availableReplicas: 2 });
  const r = await waiting;
  assert.is(r.exitCode, 0, r.stderr);
  assert.match(r.stdout, /successfully rolled out\n$/);
  const timeout = await c.rk(['rollout', 'status', 'deploy/web', '--timeout=1s']);
  assert.is(timeout.exitCode, 0, 'already done');
  await status({ conditions: [{ type: 'Progressing', status: 'False', reason: 'ProgressDeadlineExceeded' }] });
  const failed = await c.rk(['rollout', 'status', 'deploy/web']);
  assert.is(failed.exitCode, 1);
  assert.match(failed.stderr, /error: deployment "web" exceeded its progress deadline/);
});

test('rollout history, undo, restart, pause, resume', async () => {
  const d = await json('get', 'deploy', 'web');
  const rs = (rev: number, image: string) => ({
    apiVersion: 'apps/v1', kind: 'ReplicaSet',
    metadata: { name: `web-${rev}`, labels: { app: 'web', 'pod-template-hash': `h${rev}` }, annotations: { 'deployment.kubernetes.io/revision': String(rev) },
      ownerReferences: [{ apiVersion: 'apps/v1', kind: 'Deployment', name: 'web', uid: d.metadata.uid, controller: true }] },
    spec: { replicas: 0, selector: { matchLabels: { app: 'web', 'pod-template-hash': `h${rev}` } },
      template: { metadata: { labels: { app: 'web', 'pod-template-hash': `h${rev}` } }, spec: { containers: [{ name: 'nginx', image }] } } },
  });
  await ok(['create', '-f', '-'], JSON.stringify({ apiVersion: 'v1', kind: 'List', items: [rs(1, 'nginx:1.26'), rs(2, 'nginx:1.27')] }));
  assert.is(await ok(['rollout', 'history', 'deploy/web']), 'deployment.apps/web \nREVISION  CHANGE-CAUSE\n1         <none>\n2         <none>\n\n');
  assert.match(await ok(['rollout', 'history', 'deploy/web', '--revision=1']), /^deployment\.apps\/web with revision #1\nPod Template:\n  Labels:\tapp=web\n\tpod-template-hash=h1\n  Containers:\n   nginx:\n    Image:\tnginx:1\.26\n/);
  assert.is(await ok(['rollout', 'undo', 'deploy/web']), 'deployment.apps/web rolled back\n');
  const after = await json('get', 'deploy', 'web');
  assert.is(after.spec.template.spec.containers[0].image, 'nginx:1.26');
  assert.is(after.spec.template.metadata.labels['pod-template-hash'], undefined);
  assert.is(await ok(['rollout', 'undo', 'deploy/web', '--to-revision=1']), 'deployment.apps/web skipped rollback (current template already matches revision 1)\n');
  assert.is(await ok(['rollout', 'restart', 'deploy/web']), 'deployment.apps/web restarted\n');
  assert.match((await json('get', 'deploy', 'web')).spec.template.metadata.annotations['kubectl.kubernetes.io/restartedAt'], /^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\dZ$/);
  assert.is(await ok(['rollout', 'pause', 'deploy/web']), 'deployment.apps/web paused\n');
  assert.is((await json('get', 'deploy', 'web')).spec.paused, true);
  const again = await c.rk(['rollout', 'pause', 'deploy/web']);
  assert.match(again.stderr, /is already paused/);
  assert.match((await c.rk(['rollout', 'restart', 'deploy/web'])).stderr, /can't restart paused deployment/);
  assert.is(await ok(['rollout', 'resume', 'deploy/web']), 'deployment.apps/web resumed\n');
});

test('cordon, uncordon, taint, drain through the eviction API', async () => {
  await ok(['apply', '-f', '-'], 'apiVersion: v1\nkind: Node\nmetadata: {name: n1}\n');
  assert.is(await ok(['cordon', 'n1']), 'node/n1 cordoned\n');
  assert.is(await ok(['cordon', 'n1']), 'node/n1 already cordoned\n');
  assert.is((await json('get', 'node', 'n1')).spec.unschedulable, true);
  assert.is(await ok(['uncordon', 'n1']), 'node/n1 uncordoned\n');
  assert.is(await ok(['taint', 'nodes', 'n1', 'gpu=yes:NoSchedule', 'x:NoExecute']), 'node/n1 tainted\n');
  assert.equal((await json('get', 'node', 'n1')).spec.taints.map((t: { key: string }) => t.key), ['gpu', 'x']);
  assert.match((await c.rk(['taint', 'nodes', 'n1', 'gpu=no:NoSchedule'])).stderr, /--overwrite is false/);
  assert.is(await ok(['taint', 'node/n1', 'gpu-']), 'node/n1 untainted\n');
  const pod = (name: string, owner: boolean) => ({
    apiVersion: 'v1', kind: 'Pod',
    metadata: { name, ...(owner ? { ownerReferences: [{ apiVersion: 'apps/v1', kind: 'ReplicaSet', name: 'web-1', uid: 'u1', controller: true }] } : {}) },
    spec: { nodeName: 'n1', terminationGracePeriodSeconds: 0, containers: [{ name: 'c', image: 'busybox' }] },
  });
  await ok(['create', '-f', '-'], JSON.stringify({ apiVersion: 'v1', kind: 'List', items: [pod('managed', true), pod('bare', false)] }));
  const refused = await c.rk(['drain', 'n1', '--timeout=20s']);
  assert.is(refused.exitCode, 1);
  assert.match(refused.stderr, /cannot delete Pods that declare no controller \(use --force to override\): default\/bare/);
  const r = await c.rk(['drain', 'n1', '--force', '--ignore-daemonsets', '--timeout=20s']);
  assert.is(r.exitCode, 0, r.stderr);
  assert.match(r.stdout, /^node\/n1 already cordoned\n/);
  assert.match(r.stdout, /evicting pod default\/managed\n/);
  assert.match(r.stdout, /pod\/bare evicted\n/);
  assert.match(r.stdout, /node\/n1 drained\n$/);
  assert.is((await c.rk(['get', 'pods', '-o', 'name'])).stdout, '');
});

test.run();
