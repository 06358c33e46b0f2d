/**
 * `rk rollout history|undo` for DaemonSets and StatefulSets, side by side with
 * real kubectl on one `rk up` cluster (its controller-manager writes the
 * ControllerRevisions; a simulated kubelet binds and readies the pods): the
 * same history tables and revision templates byte for byte, the same dry-run
 * output and errors, and undo by either tool restoring the chosen template.
 */
import { join } from 'node:path';
import { execa } from 'execa';
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { clientFromKubeconfig, type RestClient } from '../src/client/index.js';
import { findResource } from '../src/api/resources.js';
import { eventually } from './helpers/controllers.js';
import { rkUp, type UpCluster } from './helpers/rk-up.js';
import { startSimKubelet, type SimKubelet } from './helpers/sim-kubelet.js';
import { runRk } from './cli-helpers.js';
import { Dao } from '../tui/dao/dao.js';

let up: UpCluster;
let client: RestClient;
let kubelet: SimKubelet;

const rk = (args: string[]) => runRk(up.kubeconfig, args, { env: { HOME: up.dir }, timeout: 60_000 });

/** Real kubectl with its output kept byte for byte (final newline included). */
async function kubectl(args: string[]) {
  const r = await execa('kubectl', ['--kubeconfig', up.kubeconfig, '--cache-dir', join(up.dir, 'kube-cache'), ...args], { reject: false, timeout: 60_000, stripFinalNewline: false });
  return { exitCode: r.exitCode ?? 1, stdout: String(r.stdout), stderr: String(r.stderr) };
}

/** Runs both tools; asserts the same exit code and returns both results. */
async function both(args: string[]) {
  const [a, b] = await Promise.all([rk(args), kubectl(args)]);
  assert.is(a.exitCode, b.exitCode, `exit codes of ${args.join(' ')}: rk ${a.stderr} / kubectl ${b.stderr}`);
  return { rk: a, kubectl: b };
}

/** Asserts both tools print exactly the same thing; returns it. */
async function same(args: string[]): Promise<string> {
  const r = await both(args);
  assert.is(r.kubectl.exitCode, 0, `kubectl ${args.join(' ')}: ${r.kubectl.stderr}`);
  assert.fixture(r.rk.stdout, r.kubectl.stdout);
  return r.rk.stdout;
}

async function ok(args: string[]): Promise<string> {
  const r = await kubectl(args);
  assert.is(r.exitCode, 0, `kubectl ${args.join(' ')}: ${r.stderr}`);
  return r.stdout;
}

async function rkOk(args: string[]): Promise<string> {
  const r = await rk(args);
  assert.is(r.exitCode, 0, `rk ${args.join(' ')}: ${r.stderr}`);
  return r.stdout;
}

const ds = {
  apiVersion: 'apps/v1', kind: 'DaemonSet', metadata: { name: 'agent' },
  spec: {
    selector: { matchLabels: { app: 'agent' } },
    template: {
      metadata: { labels: { app: 'agent', tier: 'node' }, annotations: { team: 'infra' } },
      spec: {
        containers: [{
          name: 'c', image: 'a:1', command: ['sh', '-c'], args: ['sleep 3600'], ports: [{ containerPort: 8080 }],
          env: [{ name: 'MODE', value: 'fast' }], resources: { limits: { memory: '64Mi' } }, volumeMounts: [{ name: 'scratch', mountPath: '/tmp/s' }],
        }],
        volumes: [{ name: 'scratch', emptyDir: {} }],
        tolerations: [{ key: 'node-role', operator: 'Exists', effect: 'NoSchedule' }],
      },
    },
  },
};
const sts = {
  apiVersion: 'apps/v1', kind: 'StatefulSet', metadata: { name: 'db' },
  spec: {
    replicas: 1, serviceName: 'db', selector: { matchLabels: { app: 'db' } },
    template: { metadata: { labels: { app: 'db' } }, spec: { containers: [{ name: 'c', image: 'd:1' }], nodeSelector: { disk: 'ssd' } } },
  },
};

const RES = {
  pods: findResource('', 'v1', 'pods')!,
  nodes: findResource('', 'v1', 'nodes')!,
  daemonSets: findResource('apps', 'v1', 'daemonsets')!,
  statefulSets: findResource('apps', 'v1', 'statefulsets')!,
  controllerRevisions: findResource('apps', 'v1', 'controllerrevisions')!,
};

const image = async (res: typeof RES.daemonSets, name: string) => (await client.get<any>(res, 'default', name)).spec.template.spec.containers[0].image;
const revisionsOf = async (app: string) => (await client.list<any>(RES.controllerRevisions, 'default', { labelSelector: `app=${app}` })).items;

test.before(async () => {
  up = await rkUp(['--agents', '0']);
  client = clientFromKubeconfig(up.kubeconfig).client;
  kubelet = startSimKubelet(client);
  await eventually('node labelled', () => client.patch(RES.nodes, undefined, 'node-1', 'merge', { metadata: { labels: { disk: 'ssd' } } }).then(() => true, () => false), 30_000);
});
test.after(async () => {
  await kubelet?.stop();
  client?.close();
  await up?.stop();
});

test('two revisions each: history tables and revision templates match kubectl', async () => {
  for (const m of [ds, sts]) {
    const r = await up.kubectl(['apply', '-f', '-'], { input: JSON.stringify(m) });
    assert.is(r.exitCode, 0, r.stderr);
  }
  await ok(['rollout', 'status', 'daemonset/agent', '--timeout=60s']);
  await ok(['rollout', 'status', 'statefulset/db', '--timeout=60s']);
  await ok(['set', 'image', 'daemonset/agent', 'c=a:2']);
  // The owner's change-cause at the time of the change is copied onto the new ControllerRevision.
  await ok(['annotate', 'statefulset/db', 'kubernetes.io/change-cause=image d:2']);
  await ok(['set', 'image', 'statefulset/db', 'c=d:2']);
  await ok(['rollout', 'status', 'daemonset/agent', '--timeout=60s']);
  await ok(['rollout', 'status', 'statefulset/db', '--timeout=60s']);
  await eventually('two revisions each', async () => (await revisionsOf('agent')).length === 2 && (await revisionsOf('db')).length === 2, 30_000);
  const second = (await revisionsOf('agent')).find((r) => r.revision === 2);
  await ok(['annotate', 'controllerrevision', second.metadata.name, 'kubernetes.io/change-cause=image a:2']);

  assert.is(await same(['rollout', 'history', 'ds/agent']), 'daemonset.apps/agent \nREVISION  CHANGE-CAUSE\n1         <none>\n2         image a:2\n\n');
  assert.is(await same(['rollout', 'history', 'sts/db']), 'statefulset.apps/db \nREVISION  CHANGE-CAUSE\n1         <none>\n2         image d:2\n\n');
  const rev1 = await same(['rollout', 'history', 'daemonset/agent', '--revision=1']);
  assert.match(rev1, /^daemonset\.apps\/agent with revision #1\nPod Template:\n  Labels:\tapp=agent\n\ttier=node\n  Annotations:\tteam: infra\n/);
  assert.match(rev1, /    Image:\ta:1\n/);
  assert.match(await same(['rollout', 'history', 'daemonset/agent', '--revision=2']), /    Image:\ta:2\n/);
  assert.match(await same(['rollout', 'history', 'statefulset/db', '--revision=1']), /    Image:\td:1\n[\s\S]*  Node-Selectors:\tdisk=ssd\n/);
});

test('missing revisions fail the same way in both tools', async () => {
  for (const args of [['rollout', 'history', 'ds/agent', '--revision=7'], ['rollout', 'undo', 'ds/agent', '--to-revision=7'], ['rollout', 'undo', 'sts/db', '--to-revision=7']]) {
    const r = await both(args);
    assert.is(r.rk.exitCode, 1);
    assert.is(r.rk.stderr, r.kubectl.stderr);
  }
});

test('undo dry runs print what kubectl prints and change nothing', async () => {
  const client1 = await same(['rollout', 'undo', 'ds/agent', '--dry-run=client']);
  assert.match(client1, /^daemonset\.apps\/agent will roll back to Pod Template:\n[\s\S]*    Image:\ta:1\n[\s\S]* \(dry run\)\n$/);
  await same(['rollout', 'undo', 'sts/db', '--to-revision=1', '--dry-run=client']);
  assert.is(await same(['rollout', 'undo', 'ds/agent', '--dry-run=server']), 'daemonset.apps/agent rolled back (server dry run)\n');
  assert.is(await image(RES.daemonSets, 'agent'), 'a:2');
  assert.is(await image(RES.statefulSets, 'db'), 'd:2');
});

test('undo with rk, then with kubectl, each restores the chosen template', async () => {
  assert.is(await rkOk(['rollout', 'undo', 'ds/agent']), 'daemonset.apps/agent rolled back\n');
  assert.is(await image(RES.daemonSets, 'agent'), 'a:1');
  await ok(['rollout', 'status', 'daemonset/agent', '--timeout=60s']);
  await eventually('revision 1 renumbered 3', async () => (await revisionsOf('agent')).some((r) => r.revision === 3), 30_000);
  assert.is(await same(['rollout', 'history', 'ds/agent']), 'daemonset.apps/agent \nREVISION  CHANGE-CAUSE\n2         image a:2\n3         <none>\n\n');
  assert.is(await rkOk(['rollout', 'undo', 'ds/agent', '--to-revision=3']), 'daemonset.apps/agent skipped rollback (current template already matches revision 3)\n');
  assert.match(await ok(['rollout', 'undo', 'ds/agent']), /^daemonset\.apps\/agent rolled back\n$/);
  assert.is(await image(RES.daemonSets, 'agent'), 'a:2');
  await eventually('daemon pod back on a:2', async () => {
    const pods = (await client.list<any>(RES.pods, 'default', { labelSelector: 'app=agent' })).items.filter((p) => !p.metadata.deletionTimestamp);
    return pods.length === 1 && pods[0].spec.containers[0].image === 'a:2';
  }, 30_000);

  assert.is(await rkOk(['rollout', 'undo', 'statefulset/db', '--to-revision=1']), 'statefulset.apps/db rolled back\n');
  assert.is(await image(RES.statefulSets, 'db'), 'd:1');
  await ok(['rollout', 'status', 'statefulset/db', '--timeout=60s']);
  await eventually('sts revision 1 renumbered 3', async () => (await revisionsOf('db')).some((r) => r.revision === 3), 30_000);
  await same(['rollout', 'history', 'sts/db']);
  assert.match(await ok(['rollout', 'undo', 'statefulset/db']), /rolled back/);
  assert.is(await image(RES.statefulSets, 'db'), 'd:2');
});

test('rk ui rollback picker: the same revisions and the same undo code on a DaemonSet', async () => {
  const dao = new Dao(client);
  const target = { resource: 'daemonsets', namespace: 'default', name: 'agent' };
  const rows = await dao.revisions(target);
  const history = await rkOk(['rollout', 'history', 'ds/agent']);
  assert.equal(rows.map((r) => `${r.revision} ${r.changeCause}`), history.trim().split('\n').slice(2).map((l) => l.replace(/ +/g, ' ')));
  const live = rows.find((r) => r.current)!;
  assert.is(live.images, 'c=a:2');
  const older = rows.find((r) => !r.current)!;
  assert.is(older.images, 'c=a:1');
  assert.is(await dao.rollback(target, older.revision), 'daemonset.apps/agent rolled back');
  assert.is(await image(RES.daemonSets, 'agent'), 'a:1');
  const renumbered = await eventually('the restored revision renumbered newest', async () => {
    const now = await dao.revisions(target);
    const last = now[now.length - 1]!;
    return last.revision > older.revision && last.current && last.images === 'c=a:1' && last;
  }, 30_000);
  assert.is(await dao.rollback(target, renumbered.revision), `daemonset.apps/agent skipped rollback (current template already matches revision ${renumbered.revision})`);
});

test.run();
