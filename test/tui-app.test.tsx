/**
 * The terminal UI against a real apiserver and Redis: the real `App` mounted
 * with ink-testing-library, keys written to its stdin, assertions on the
 * screen (`lastFrame()`) and on the cluster (through the REST API).
 */
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { createServer, request, type Server } from 'node:http';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { AddressInfo } from 'node:net';
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { startApiserver, type RunningApiserver } from '../src/apiserver/server.js';
import { RestClient } from '../src/client/index.js';
import { startTestCluster, type TestCluster } from './helpers/cluster.js';
import { mountUi, type MountedUi } from './helpers/tui-harness.js';
import { specFor } from '../tui/registry.js';
import { rkCommand } from '../tui/rk-command.js';
import { writeKubeconfig } from '../src/cli/kubeconfig-file.js';
import { execa } from 'execa';

let cluster: TestCluster;
let api: RestClient;
let ui: MountedUi | undefined;
let proxy: Server | undefined;
/** The apiserver started by the reconnect test; `cluster.stop` only knows the one it started. */
let restarted: RunningApiserver | undefined;

const info = (r: string) => specFor(r).info;

function podSpec(name: string, labels: Record<string, string> = { app: 'web' }, namespace = 'default') {
  return { metadata: { name, namespace, labels }, spec: { containers: [{ name: 'main', image: 'busybox' }] } };
}

async function until<T>(fn: () => Promise<T | undefined> | T | undefined, what: string, timeoutMs = 10_000): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const v = await fn();
    if (v) return v;
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 25));
  }
}

/** Names in the first column of the table rows on screen. */
function rowNames(screen: string): string[] {
  return screen.split('\n').filter((l) => /^[> ][ *](\S+)\s+\d+\/\d+/.test(l)).map((l) => l.slice(2).split(/\s+/)[0]!);
}

async function mount(opts: Parameters<typeof mountUi>[1] = {}, server = cluster.url): Promise<MountedUi> {
  await ui?.unmount();
  ui = mountUi(server, opts);
  return ui;
}

test.before(async () => {
  cluster = await startTestCluster();
  api = new RestClient({ server: cluster.url });
  await api.create(info('namespaces'), undefined, { metadata: { name: 'other' } });
  for (const n of ['web-1', 'web-2']) await api.create(info('pods'), 'default', podSpec(n));
  await api.create(info('pods'), 'default', podSpec('db-1', { app: 'db' }));
  await api.create(info('pods'), 'other', podSpec('far-1', { app: 'far' }, 'other'));
  await api.create(info('deployments'), 'default', {
    metadata: { name: 'web' },
    spec: { replicas: 2, selector: { matchLabels: { app: 'web' } }, template: { metadata: { labels: { app: 'web' } }, spec: { containers: [{ name: 'main', image: 'busybox' }] } } },
  });
  await api.create(info('nodes'), undefined, { metadata: { name: 'node-a' }, status: { conditions: [{ type: 'Ready', status: 'True' }], allocatable: { cpu: '4', memory: '8Gi' } } });
});

test.after(async () => {
  await ui?.unmount();
  proxy?.close();
  api.close();
  await restarted?.close();
  await cluster.stop();
});

test('pods view: header, rows, and live updates as pods come and go', async () => {
  const u = await mount();
  const screen = await u.waitFor((s) => s.includes('web-2') && s.includes('db-1'), 'pods listed');
  assert.match(screen, /Context: test-ctx/);
  assert.match(screen, /Nodes: 1/);
  assert.match(screen, /pods\(default\)\[3\]/);
  assert.match(screen, /NAME\s+READY\s+STATUS\s+RESTARTS\s+AGE\s+IP\s+NODE\s+CPU\s+MEM\s+%CPU\/R\s+%MEM\/R/);
  assert.not.match(screen, /far-1/, 'other namespace hidden');
  await api.create(info('pods'), 'default', podSpec('live-1', { app: 'live' }));
  await u.waitFor((s) => s.includes('live-1') && s.includes('[4]'), 'new pod appears');
  await api.delete(info('pods'), 'default', 'live-1', { gracePeriodSeconds: 0 });
  await u.waitFor((s) => !s.includes('live-1') && s.includes('[3]'), 'deleted pod disappears');
});

test('header: Redis address and memory from GET /redkube/v1/info; other methods are a 405 Status', async () => {
  const port = new URL(cluster.redis.url).port;
  const body = await api.request<any>('GET', '/redkube/v1/info');
  assert.is(body.kind, 'Info');
  assert.is(body.apiVersion, 'redkube/v1');
  assert.is(body.store.address, `127.0.0.1:${port}`);
  assert.match(body.store.usedMemoryHuman, /^[\d.]+[BKMG]$/);
  assert.ok(body.store.usedMemoryBytes > 0);
  assert.not.match(JSON.stringify(body), /password/i);
  const err = await api.request('POST', '/redkube/v1/info').then(() => undefined, (e) => e);
  assert.is(err?.code ?? err?.status?.code, 405);
  const u = await mount();
  const screen = await u.waitFor((s) => s.includes(`Redis: 127.0.0.1:${port} (`) && /CPU req: \S+\/4/.test(s), 'redis and the node totals in the header');
  assert.match(screen, new RegExp(`Redis: 127\\.0\\.0\\.1:${port} \\([\\d.]+[BKMG]\\)`));
  assert.match(screen, /CPU req: \S+\/4/);
  assert.match(screen, /MEM req: \S+\/8Gi/);
});

test('rollback: h lists the revisions, enter picks, enter confirms, the template goes back (rk rollout undo)', async () => {
  const dep = await api.create<any>(info('deployments'), 'default', {
    metadata: { name: 'roll', annotations: { 'deployment.kubernetes.io/revision': '2' } },
    spec: { replicas: 1, selector: { matchLabels: { app: 'roll' } }, template: { metadata: { labels: { app: 'roll' } }, spec: { containers: [{ name: 'main', image: 'busybox:2' }] } } },
  });
  const owner = [{ apiVersion: 'apps/v1', kind: 'Deployment', name: 'roll', uid: dep.metadata.uid, controller: true }];
  for (const rev of [1, 2]) {
    await api.create(info('replicasets'), 'default', {
      metadata: { name: `roll-${rev}`, labels: { app: 'roll', 'pod-template-hash': `h${rev}` }, ownerReferences: owner,
        annotations: { 'deployment.kubernetes.io/revision': String(rev), 'kubernetes.io/change-cause': `image busybox:${rev}` } },
      spec: { replicas: 0, selector: { matchLabels: { app: 'roll', 'pod-template-hash': `h${rev}` } },
        template: { metadata: { labels: { app: 'roll', 'pod-template-hash': `h${rev}` } }, spec: { containers: [{ name: 'main', image: `busybox:${rev}` }] } } },
    });
  }
  const u = await mount();
  u.press(':deploy\r/roll\r');
  await u.waitFor((s) => s.includes('</roll>') && s.includes('[1]'), 'the deployment');
  u.press('h');
  const picker = await u.waitFor((s) => s.includes('Rollback deployments/roll') && s.includes('main=busybox:2  (current)'), 'revision picker');
  assert.match(picker, />\s+1\s+image busybox:1\s+main=busybox:1/, 'cursor starts on the previous revision');
  u.press('\r');
  await u.waitFor((s) => s.includes('Roll back deployments/roll to revision 1?'), 'confirmation');
  assert.is((await api.get<any>(info('deployments'), 'default', 'roll')).spec.template.spec.containers[0].image, 'busybox:2', 'nothing changes before confirming');
  u.press('\r');
  await u.waitFor((s) => s.includes('deployment.apps/roll rolled back'), 'rolled back flash');
  const after = await api.get<any>(info('deployments'), 'default', 'roll');
  assert.is(after.spec.template.spec.containers[0].image, 'busybox:1');
  assert.is(after.spec.template.metadata.labels['pod-template-hash'], undefined, 'the hash label is not copied back');
  u.press('h');
  await u.waitFor((s) => s.includes('main=busybox:2  (current)'), 'picker again');
  u.press('j\r');
  const warn = await u.waitFor((s) => s.includes('roll already runs revision 2'), 'picking the live revision is refused');
  assert.not.match(warn, /Rollback deployments/, 'the picker closed');
  await api.delete(info('deployments'), 'default', 'roll');
  for (const rev of [1, 2]) await api.delete(info('replicasets'), 'default', `roll-${rev}`);
  await u.waitFor((s) => s.includes('deployments(default)[0] </roll>'), 'the test deployment is gone again');
});

test('command mode, completion, namespaces 0-9 and :ns', async () => {
  const u = await mount();
  await u.waitFor((s) => s.includes('web-1'), 'pods');
  u.press(':depl');
  await u.waitFor((s) => /:depl\s*oy/.test(s), 'completion hint');
  u.press('\t\r');
  await u.waitFor((s) => s.includes('deployments(default)[1]') && s.includes('web'), 'deployments view');
  u.press(':po\r');
  await u.waitFor((s) => s.includes('pods(default)'), 'back to pods');
  u.press('0');
  const all = await u.waitFor((s) => s.includes('pods(all)') && s.includes('far-1'), 'all namespaces');
  assert.match(all, /NAMESPACE\s+NAME/);
  u.press(':ns other\r');
  await u.waitFor((s) => s.includes('pods(other)[1]') && s.includes('far-1') && !s.includes('web-1'), ':ns other');
  u.press('2');
  await u.waitFor((s) => s.includes('pods(default)[3]'), 'favourite 2 is default');
  u.press(':bogus\r');
  await u.waitFor((s) => s.includes('no resource named "bogus"'), 'error flash');
});

test('filter: regex, inverse and label selector; sorting; cursor moves', async () => {
  const u = await mount();
  await u.waitFor((s) => s.includes('web-1'), 'pods');
  u.press('/web-\\d\r');
  await u.waitFor((s) => s.includes('[2]') && !s.includes('db-1') && s.includes('</web-\\d>'), 'regex filter');
  u.press('\x1b');
  await u.waitFor((s) => s.includes('[3]'), 'esc clears filter');
  u.press('/!web\r');
  await u.waitFor((s) => s.includes('[1]') && s.includes('db-1'), 'inverse filter');
  u.press('\x1b');
  await u.waitFor((s) => s.includes('[3]'), 'esc clears filter again');
  u.press('/-l app=web\r');
  await u.waitFor((s) => s.includes('[2]') && s.includes('web-1') && !s.includes('db-1'), 'label filter');
  u.press('\x1b');
  await u.waitFor((s) => s.includes('[3]'), 'filter cleared');
  u.press('jj');
  await u.waitFor((s) => /^>\s+web-2/m.test(s), 'cursor on third row');
  u.press('N');
  await u.waitFor((s) => rowNames(s).join() === 'web-2,web-1,db-1', 'sorted by name, descending');
  u.press('N');
  await u.waitFor((s) => rowNames(s).join() === 'db-1,web-1,web-2', 'sorted by name, ascending');
});

test('drill down: deployment to its pods, node to its pods, esc back', async () => {
  const u = await mount({ resource: 'deployments' });
  await u.waitFor((s) => s.includes('deployments(default)[1]'), 'deployments');
  u.press('\r');
  const pods = await u.waitFor((s) => s.includes('deploy web(default)[2]'), 'deployment pods');
  assert.match(pods, /<deployments>.*<deploy web>/);
  assert.not.match(pods, /db-1/);
  u.press('\x1b');
  await u.waitFor((s) => s.includes('deployments(default)[1]'), 'back');
  const bound = podSpec('bound-1', { app: 'bound' });
  const requests = { cpu: '250m', memory: '256Mi' };
  await api.create(info('pods'), 'default', { ...bound, spec: { nodeName: 'node-a', containers: [{ name: 'main', image: 'busybox', resources: { requests } }] } });
  await u.waitFor((s) => s.includes('CPU req: 250m/4 (6%)') && s.includes('MEM req: 256Mi/8Gi (3%)'), 'requested vs allocatable in the header');
  u.press(':no\r');
  await u.waitFor((s) => s.includes('nodes[1]') && s.includes('node-a'), 'nodes');
  u.press('\r');
  const onNode = await u.waitFor((s) => s.includes('node node-a') && s.includes('bound-1'), 'pods on node');
  assert.not.match(onNode, /web-1/);
  await api.delete(info('pods'), 'default', 'bound-1', { gracePeriodSeconds: 0 });
});

test('describe and YAML views, help lists the keys of the view', async () => {
  const u = await mount();
  await u.waitFor((s) => s.includes('db-1'), 'pods');
  u.press('d');
  const desc = await u.waitFor((s) => /Name:\s+db-1/.test(s), 'describe');
  assert.match(desc, /Namespace:\s+default/);
  assert.match(desc, /Containers:/);
  assert.match(desc, /<describe db-1>/);
  u.press('\x1b');
  await u.waitFor((s) => s.includes('pods(default)'), 'back to pods');
  u.press('y');
  await u.waitFor((s) => s.includes('kind: Pod') && s.includes('name: db-1'), 'yaml');
  u.press('\x1b');
  await u.waitFor((s) => s.includes('pods(default)'), 'back to pods');
  u.press('?');
  const help = await u.waitFor((s) => s.includes('Help'), 'help');
  assert.match(help, /<ctrl-d>\s+Delete/);
  assert.match(help, /<l>\s+Logs/);
  assert.not.match(help, /Scale/, 'pods cannot be scaled');
  assert.ok(help.split('\n').length <= 30, 'help fits one screen');
  assert.match(help, /Context: test-ctx/, 'the header stays on screen');
  for (const text of ['<j>/<down>', 'Down', '<0-9>', 'Namespace (0 = all', 'Sort by memory usage', '<?>', '<ctrl-c>', 'Quit', 'Shell (picks the container)']) {
    assert.ok(help.includes(text), `help lists ${text}`);
  }
  u.press('x');
  await u.waitFor((s) => s.includes('pods(default)'), 'help closes');
  u.press('\r');
  const containers = await u.waitFor((s) => s.includes('<containers db-1>'), 'pod drills into its containers');
  assert.match(containers, /NAME\s+IMAGE\s+READY\s+STATE\s+RESTARTS/);
  assert.match(containers, /main\s+busybox\s+false\s+waiting\s+0/);
});

test('delete with confirmation, scale, restart, cordon/uncordon, trigger a CronJob', async () => {
  await api.create(info('pods'), 'default', podSpec('doomed', { app: 'doomed' }));
  const u = await mount();
  await u.waitFor((s) => s.includes('doomed'), 'pod listed');
  u.press('/doomed\r');
  await u.waitFor((s) => s.includes('[1]'), 'filtered to the pod');
  u.press('\x04');
  await u.waitFor((s) => s.includes('Delete pods/doomed?') && s.includes('Background'), 'confirm dialog');
  u.press('\r');
  await until(() => api.get(info('pods'), 'default', 'doomed').then((p) => !!p.metadata?.deletionTimestamp, () => true), 'pod deleted');
  await u.waitFor((s) => s.includes('deleted pods/doomed'), 'flash confirms');

  u.press(':deploy\r');
  await u.waitFor((s) => s.includes('deployments(default)[1]'), 'deployments');
  u.press('s');
  await u.waitFor((s) => s.includes('Scale deployments/web (now 2)'), 'scale dialog');
  u.press('5\r');
  await until(() => api.get<any>(info('deployments'), 'default', 'web').then((d) => d.spec.replicas === 5), 'scaled');
  await u.waitFor((s) => s.includes('scaled deployments/web to 5'), 'scale flash');
  u.press('r');
  await u.waitFor((s) => s.includes('Restart deployments/web?'), 'restart asks first');
  await new Promise((r) => setTimeout(r, 100));
  const unasked = await api.get<any>(info('deployments'), 'default', 'web');
  assert.not.ok(unasked.spec.template.metadata?.annotations?.['kubectl.kubernetes.io/restartedAt'], 'nothing restarted before confirming');
  u.press('y');
  await until(() => api.get<any>(info('deployments'), 'default', 'web').then((d) => !!d.spec.template.metadata?.annotations?.['kubectl.kubernetes.io/restartedAt']), 'restarted');
  await u.waitFor((s) => s.includes('restarted deployments/web'), 'restart flash');

  u.press(':no\r');
  await u.waitFor((s) => s.includes('node-a'), 'nodes');
  u.press('c');
  await u.waitFor((s) => s.includes('Ready,SchedulingDisabled'), 'cordoned on screen');
  u.press('u');
  await u.waitFor((s) => /node-a\s+Ready\s/.test(s), 'uncordoned on screen');

  await api.create(info('cronjobs'), 'default', {
    metadata: { name: 'nightly' },
    spec: { schedule: '0 3 * * *', jobTemplate: { spec: { template: { spec: { restartPolicy: 'Never', containers: [{ name: 'main', image: 'busybox' }] } } } } },
  });
  u.press(':cj\r');
  await u.waitFor((s) => s.includes('nightly'), 'cronjobs');
  u.press('t');
  await u.waitFor((s) => /triggered cronjobs\/nightly: job nightly-manual-\w+ created/.test(s), 'trigger flash');
  const jobs = await api.list<any>(info('jobs'), 'default');
  const job = jobs.items.find((j) => j.metadata.name.startsWith('nightly-manual-'));
  assert.is(job?.metadata.ownerReferences?.[0]?.kind, 'CronJob');
  u.press('\r');
  await u.waitFor((s) => s.includes('cj nightly(default)[1]') && s.includes('nightly-manual-'), 'drill to its jobs');
});

test('drain asks first with kubectl drain\'s options, then drains with rk drain\'s code: refusals, DaemonSet pods kept', async () => {
  const ns = 'other';
  const owner = (kind: string) => [{ apiVersion: 'apps/v1', kind, name: `${kind.toLowerCase()}-x`, uid: `uid-${kind}`, controller: true }];
  const onNode = (name: string, extra: { ownerReferences?: ReturnType<typeof owner>; volumes?: object[] } = {}) => ({
    metadata: { name, namespace: ns, ...(extra.ownerReferences ? { ownerReferences: extra.ownerReferences } : {}) },
    spec: { nodeName: 'node-a', terminationGracePeriodSeconds: 0, containers: [{ name: 'main', image: 'busybox' }], ...(extra.volumes ? { volumes: extra.volumes } : {}) },
  });
  await api.create(info('pods'), ns, onNode('rs-pod', { ownerReferences: owner('ReplicaSet') }));
  await api.create(info('pods'), ns, onNode('ds-pod', { ownerReferences: owner('DaemonSet') }));
  await api.create(info('pods'), ns, onNode('bare-pod'));
  await api.create(info('pods'), ns, onNode('scratch-pod', { ownerReferences: owner('ReplicaSet'), volumes: [{ name: 'tmp', emptyDir: {} }] }));
  const exists = (name: string) => api.get(info('pods'), ns, name).then(() => true, () => false);
  const u = await mount({ resource: 'nodes', namespace: '' });
  await u.waitFor((s) => s.includes('node-a'), 'nodes');
  u.press('r');
  const dialog = await u.waitFor((s) => s.includes('Drain nodes/node-a?'), 'drain asks first');
  assert.match(dialog, /\[x\] d\s+Ignore DaemonSets \(--ignore-daemonsets\)/);
  assert.match(dialog, /\[x\] e\s+Delete emptyDir data \(--delete-emptydir-data\)/);
  assert.match(dialog, /\[ \] f\s+Force: also pods no controller manages \(--force\)/);
  await new Promise((r) => setTimeout(r, 100));
  assert.not.ok((await api.get<any>(info('nodes'), undefined, 'node-a')).spec?.unschedulable, 'nothing done before confirming');
  u.press('y');
  await u.waitFor((s) => s.includes('cannot delete Pods that declare no controller (use --force to override)'), 'an unmanaged pod is refused, as rk drain refuses it');
  assert.ok((await api.get<any>(info('nodes'), undefined, 'node-a')).spec?.unschedulable, 'cordoned first, as kubectl does');
  assert.ok(await exists('rs-pod'), 'nothing evicted after a refusal');
  u.press('ref');
  await u.waitFor((s) => s.includes('[ ] e') && s.includes('[x] f'), 'options toggled');
  u.press('y');
  await u.waitFor((s) => s.includes('cannot delete Pods with local storage'), 'emptyDir refused without --delete-emptydir-data');
  assert.ok(await exists('scratch-pod'));
  u.press('rf');
  await u.waitFor((s) => s.includes('[x] f'), 'force on');
  u.press('\r');
  await u.waitFor((s) => s.includes('drained node-a: 3 pod(s) evicted'), 'drained flash', 20_000);
  for (const gone of ['rs-pod', 'bare-pod', 'scratch-pod']) assert.not.ok(await exists(gone), `${gone} evicted`);
  assert.ok(await exists('ds-pod'), 'DaemonSet pod kept (--ignore-daemonsets)');
  await api.delete(info('pods'), ns, 'ds-pod', { gracePeriodSeconds: 0 });
  await api.patch(info('nodes'), undefined, 'node-a', 'merge', { spec: { unschedulable: null } });
});

test('edit through $EDITOR saves the change; errors are a flash, not a crash', async () => {
  await api.create(info('configmaps'), 'default', { metadata: { name: 'colors' }, data: { color: 'red' } });
  const u = await mount({ resource: 'configmaps', editor: 'sed -i s/red/blue/' });
  await u.waitFor((s) => s.includes('colors'), 'configmaps');
  u.press('/colors\re');
  await until(() => api.get<any>(info('configmaps'), 'default', 'colors').then((c) => c.data.color === 'blue'), 'edited');
  await u.waitFor((s) => s.includes('configmaps/colors edited'), 'edit flash');
  await api.patch(info('configmaps'), 'default', 'colors', 'merge', { data: { color: 'green' } });
  const u2 = await mount({ resource: 'configmaps', editor: 'sed -i -e s/colors$/BAD_NAME/' });
  await u2.waitFor((s) => s.includes('colors'), 'configmaps');
  u2.press('/colors\re');
  await u2.waitFor((s) => /BAD_NAME|invalid|Invalid|not found|does not match/i.test(s.split('\n').at(-1) ?? ''), 'error flash');
});

test('s on a pod shells in with rk exec -it (the terminal handed over); the rk command is this CLI, no kubectl needed', async () => {
  const dir = mkdtempSync(join(tmpdir(), 'rk-ui-shell-'));
  const record = join(dir, 'args');
  const u = await mount({ rk: ['sh', '-c', `echo "$@" > ${record}`, 'rk', '--kubeconfig', '/k', '--context', 'c'] });
  await u.waitFor((s) => s.includes('db-1'), 'pods');
  u.press('/db-1\rs');
  await u.waitFor((s) => s.includes('shell in db-1 ended'), 'shell flash');
  assert.is(readFileSync(record, 'utf8').trim(),
    '--kubeconfig /k --context c exec -it -n default db-1 -c main -- sh -c command -v bash >/dev/null && exec bash || exec sh');
  const kubeconfig = join(dir, 'config');
  writeKubeconfig(kubeconfig, cluster.url, 'unused-token');
  const [bin, ...args] = rkCommand(kubeconfig, 'redkube');
  assert.is(bin, process.execPath);
  assert.ok(existsSync(args[0]!), `${args[0]} is the compiled CLI`);
  // The command line the UI runs, with PATH emptied: rk itself reaches the cluster's exec endpoint for db-1 (no node runs it here).
  const r = await execa(bin, [...args, 'exec', '-it', '-n', 'default', 'db-1', '-c', 'main', '--', 'true'], { reject: false, env: { PATH: '' }, timeout: 15_000 });
  assert.is.not(r.exitCode, 0);
  assert.match(r.stderr, /Error from server \(BadRequest\): pod db-1 does not have a host assigned/, r.stderr);
  rmSync(dir, { recursive: true, force: true });
});

test('read-only mode refuses writes', async () => {
  const u = await mount({ readonly: true });
  await u.waitFor((s) => s.includes('web-1'), 'pods');
  u.press('\x04');
  await new Promise((r) => setTimeout(r, 100));
  assert.not.match(u.frame(), /Delete pods/);
  assert.match(u.frame(), /\[read-only\]/);
});

test('logs view streams pods/<name>/log and toggles options', async () => {
  const upstream = new URL(cluster.url);
  const requests: string[] = [];
  proxy = createServer((req, res) => {
    if (/\/pods\/[^/]+\/log/.test(req.url ?? '')) {
      requests.push(req.url!);
      res.writeHead(200, { 'content-type': 'text/plain' });
      res.write('first line\nsecond line\n');
      setTimeout(() => res.write('third line\n'), 100);
      return;
    }
    const out = request({ host: upstream.hostname, port: upstream.port, path: req.url, method: req.method, headers: req.headers }, (up) => {
      res.writeHead(up.statusCode ?? 502, up.headers);
      up.pipe(res);
    });
    req.pipe(out);
    res.on('close', () => out.destroy());
  });
  await new Promise<void>((r) => proxy!.listen(0, '127.0.0.1', () => r()));
  const u = await mount({}, `http://127.0.0.1:${(proxy.address() as AddressInfo).port}`);
  await u.waitFor((s) => s.includes('db-1'), 'pods');
  u.press('/db-1\rl');
  const logs = await u.waitFor((s) => s.includes('third line'), 'streamed lines');
  assert.match(logs, /first line\n\s*second line\n\s*third line/);
  assert.match(logs, /container:main autoscroll:on timestamps:off previous:off/);
  assert.match(requests[0]!, /\/api\/v1\/namespaces\/default\/pods\/db-1\/log\?follow=true&container=main&tailLines=1000/);
  assert.match(logs, /tail:1000\]/, 'the title says how much was asked for');
  u.press('t');
  await until(() => requests.length === 2, 'reopened');
  assert.match(requests[1]!, /timestamps=true/);
  u.press('2');
  await until(() => requests.length === 3, 'time window');
  assert.match(requests[2]!, /sinceSeconds=300/);
  await u.waitFor((s) => s.includes('since:300s'), 'window shown');
  u.press('0');
  await until(() => requests.length === 4, 'back to the tail');
  assert.match(requests[3]!, /tailLines=1000/);
  assert.not.match(requests[3]!, /sinceSeconds/);
  await u.waitFor((s) => s.includes('tail:1000]'), 'tail shown');
});

test('xray tree and pulses are live views', async () => {
  const dep = await api.get<any>(info('deployments'), 'default', 'web');
  const rs = await api.create<any>(info('replicasets'), 'default', {
    metadata: { name: 'web-rs', labels: { app: 'web' }, ownerReferences: [{ apiVersion: 'apps/v1', kind: 'Deployment', name: 'web', uid: dep.metadata.uid, controller: true }] },
    spec: { replicas: 1, selector: { matchLabels: { app: 'web' } }, template: { metadata: { labels: { app: 'web' } }, spec: { containers: [{ name: 'main', image: 'busybox' }] } } },
  });
  const owned = podSpec('web-rs-x');
  await api.create(info('pods'), 'default', { ...owned, metadata: { ...owned.metadata, ownerReferences: [{ apiVersion: 'apps/v1', kind: 'ReplicaSet', name: 'web-rs', uid: rs.metadata.uid, controller: true }] } });
  const u = await mount();
  await u.waitFor((s) => s.includes('web-rs-x'), 'pods');
  u.press(':xray deploy\r');
  const tree = await u.waitFor((s) => s.includes('pod web-rs-x'), 'xray tree');
  assert.match(tree, /deployment default\/web/);
  assert.match(tree, /replicaset web-rs \[0\/1\]/);
  assert.match(tree, /container main \(busybox\) not ready, restarts 0/);
  u.press('\x1b');
  await u.waitFor((s) => s.includes('pods(default)'), 'back');
  u.press(':pulses\r');
  const pulses = await u.waitFor((s) => /Nodes ready\s+1\/1/.test(s), 'pulses');
  assert.match(pulses, /Pods\s+\d+/);
  assert.match(pulses, /pending\s+\d+/);
});

test('survives the apiserver going away: keeps data, shows disconnected, reconnects and relists', async () => {
  const u = await mount();
  await u.waitFor((s) => s.includes('web-1') && s.includes('● connected'), 'pods');
  const port = cluster.apiserver.port;
  await cluster.apiserver.close();
  const down = await u.waitFor((s) => s.includes('disconnected'), 'disconnected shown', 15_000);
  assert.match(down, /web-1/, 'last data kept');
  await api.request('GET', '/version').then(() => assert.unreachable('apiserver should be down'), () => undefined);
  restarted = await startApiserver({ redisUrl: cluster.redis.url, port, processMetrics: false, bookmarkIntervalMs: 1000 });
  await api.create(info('pods'), 'default', podSpec('after-1', { app: 'after' }));
  await u.waitFor((s) => s.includes('● connected') && s.includes('after-1'), 'reconnected with new data', 20_000);
});

test.run();
