import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { type CliCluster, rkOk, startCliCluster } from './cli-helpers.js';
import { consumeMode, containersToRead, logQuery, prefixLines } from '../src/cli/logs/log-options.js';
import { nodeRows, parseQuantity, podRows } from '../src/cli/top-table.js';
import { execUrl, exitCodeOf } from '../src/cli/exec-stream.js';
import { wantFor } from '../src/cli/completion.js';
import { RestClient } from '../src/client/index.js';
import { startAgent, type RunningAgent } from '../node-agent/main.js';
import { execa } from 'execa';
import { waitFor } from './agent-fixture.js';
import { rkCommand } from './cli-helpers.js';

let c: CliCluster;
let agent: RunningAgent;
let client: RestClient;
let stateDir: string;
const ok = rkOk(() => c);
/** Prints three numbered lines, then stays up (a real container process under the node agent). */
const printer = (name: string) => ['sh', '-c', `for i in 1 2 3; do echo ${name} line $i; done; exec sleep 3600`];

test.before(async () => {
  c = await startCliCluster();
  client = new RestClient({ server: c.cluster.url });
  stateDir = mkdtempSync(join(tmpdir(), 'rk-cli-agent-'));
  agent = await startAgent({
    client, nodeNames: ['n1'], runtime: 'process', stateDir, nodeIP: '127.0.0.1',
    backoff: { initialMs: 200, maxMs: 1600, resetAfterMs: 60_000 }, shutdownGraceMs: 500, log: () => undefined,
  });
  await ok(['create', '-f', '-'], JSON.stringify({ apiVersion: 'v1', kind: 'Pod', metadata: { name: 'web', labels: { app: 'web' } },
    spec: { nodeName: 'n1', terminationGracePeriodSeconds: 0, containers: [{ name: 'app', image: 'x', command: printer('app') }, { name: 'side', image: 'y', command: printer('side') }] } }));
  // A Deployment nobody reconciles here: `deploy/webd` must resolve to the pod its selector matches.
  await ok(['create', '-f', '-'], JSON.stringify({ apiVersion: 'apps/v1', kind: 'Deployment', metadata: { name: 'webd' },
    spec: { replicas: 1, selector: { matchLabels: { app: 'web' } }, template: { metadata: { labels: { app: 'web' } }, spec: { containers: [{ name: 'app', image: 'x' }] } } } }));
  await waitFor('web running with its lines logged', async () => {
    const pod = JSON.parse(await ok(['get', 'pod', 'web', '-o', 'json']));
    return pod.status?.phase === 'Running' && (await c.rk(['logs', 'web', '-c', 'side'])).stdout.includes('side line 3');
  }, 30_000);
});
test.after(async () => {
  await agent?.stop();
  client?.close();
  await c?.stop();
  if (stateDir) rmSync(stateDir, { recursive: true, force: true });
});

test('pure cores: log query, containers, prefixes, quantities, top rows, exec status, completion', () => {
  assert.equal(logQuery('app', { follow: true, tail: 5, since: '2m', timestamps: true }), {
    container: 'app', follow: true, previous: undefined, tailLines: 5, sinceSeconds: 120, sinceTime: undefined, timestamps: true, limitBytes: undefined,
  });
  const pod = { metadata: { name: 'p' }, spec: { containers: [{ name: 'a' }, { name: 'b' }], initContainers: [{ name: 'i' }] } };
  assert.equal(containersToRead(pod, undefined, false), { names: ['a'], notice: 'Defaulted container "a" out of: a, b' });
  assert.equal(containersToRead(pod, undefined, true).names, ['i', 'a', 'b']);
  assert.throws(() => containersToRead(pod, 'z', false), /container z is not valid for pod p/);
  assert.equal(prefixLines('[x] ', 'par', 'tial\nnext'), { text: '[x] partial\n', carry: 'next' });
  assert.equal(consumeMode(6, false, 5), { mode: 'sequential' }, 'without -f streams are read one after another, any number');
  assert.equal(consumeMode(1, true, 0), { mode: 'sequential' });
  assert.equal(consumeMode(5, true, 5), { mode: 'parallel' });
  assert.is(consumeMode(6, true, 5).error, 'you are attempting to follow 6 log streams, but maximum allowed concurrency is 5, use --max-log-requests to increase the limit');
  const Q: [string, number][] = [['250m', 0.25], ['1', 1], ['500000n', 0.0005], ['1Ki', 1024], ['2Mi', 2 * 1024 ** 2], ['1e3', 1000], ['1.5G', 1.5e9]];
  for (const [q, v] of Q) assert.ok(Math.abs(parseQuantity(q) - v) < 1e-12, q);
  assert.equal(nodeRows([{ metadata: { name: 'n' }, usage: { cpu: '500m', memory: '2Gi' } }], [{ metadata: { name: 'n' }, status: { allocatable: { cpu: '2', memory: '8Gi' } } }]),
    [['NAME', 'CPU(cores)', 'CPU(%)', 'MEMORY(bytes)', 'MEMORY(%)'], ['n', '500m', '25%', '2048Mi', '25%']]);
  const pm = [{ metadata: { name: 'a', namespace: 'x' }, containers: [{ name: 'c', usage: { cpu: '1m', memory: '1Mi' } }] }, { metadata: { name: 'b', namespace: 'x' }, containers: [{ name: 'c', usage: { cpu: '9m', memory: '1Mi' } }] }];
  assert.equal(podRows(pm, false, false, 'cpu').slice(1).map((r) => r[0]), ['b', 'a']);
  assert.equal(podRows(pm, true, true)[0], ['NAMESPACE', 'POD', 'NAME', 'CPU(cores)', 'MEMORY(bytes)']);
  assert.is(exitCodeOf({ status: 'Success' }), 0);
  assert.is(exitCodeOf({ status: 'Failure', reason: 'NonZeroExitCode', details: { causes: [{ reason: 'ExitCode', message: '7' }] } }), 7);
  assert.is(execUrl('https://h:1/', 'ns', 'p', 'c', ['ls', '-l']), 'wss://h:1/api/v1/namespaces/ns/pods/p/exec?command=ls&command=-l&container=c&stdout=true&stderr=true');
  assert.equal(wantFor(['']), { kind: 'verbs' });
  assert.equal(wantFor(['get', '']), { kind: 'kinds' });
  assert.equal(wantFor(['get', '-n', 'x', 'pods', '']), { kind: 'names', resource: 'pods' });
  assert.equal(wantFor(['logs', '']), { kind: 'names', resource: 'pods' });
  assert.equal(wantFor(['drain', '']), { kind: 'names', resource: 'nodes' });
});

test('logs through the apiserver: default container notice, -c, --tail, -l, --prefix, deploy-less errors', async () => {
  const r = await c.rk(['logs', 'web']);
  assert.equal([r.exitCode, r.stdout, r.stderr], [0, 'app line 1\napp line 2\napp line 3\n', 'Defaulted container "app" out of: app, side\n']);
  assert.is(await ok(['logs', 'pod/web', '-c', 'side', '--tail=1']), 'side line 3\n');
  assert.is(await ok(['logs', 'deploy/webd', '-c', 'side', '--tail=2']), 'side line 2\nside line 3\n');
  assert.is(await ok(['logs', '-l', 'app=web', '--all-containers', '--tail=1']), 'app line 3\nside line 3\n', 'no prefix without --prefix, as kubectl');
  assert.is(await ok(['logs', '-l', 'app=web', '--all-containers', '--tail=1', '--prefix']), '[pod/web/app] app line 3\n[pod/web/side] side line 3\n');
  assert.is(await ok(['logs', 'web', '-c', 'side', '--tail=1', '--prefix']), '[pod/web/side] side line 3\n', '--prefix on a single stream');
  const none = await c.rk(['logs', '-l', 'app=nothing']);
  assert.equal([none.exitCode, none.stdout, none.stderr], [0, '', 'No resources found in default namespace.\n'], 'kubectl\'s words for a selector matching no pod');
  const missing = await c.rk(['logs', 'nope']);
  assert.is(missing.exitCode, 1);
  assert.match(missing.stderr, /Error from server \(NotFound\): pods "nope" not found/);
});

/** Lines a `lines` container prints: enough (tens of KB) that a response arrives in several chunks. */
const LINES = 1500;
const manyLines = (tag: string) => Array.from({ length: LINES }, (_, i) => `${tag} line ${i + 1}\n`).join('');

test('logs of several streams: sequential without -f, concurrent and capped with -f', async () => {
  await ok(['create', 'namespace', 'logs']);
  const gate = mkdtempSync(join(tmpdir(), 'rk-logs-gate-'));
  const lines = (tag: string) => ({ name: tag.split('/')[1], image: 'x', command: ['sh', '-c', `seq 1 ${LINES} | sed 's|^|${tag} line |'; exec sleep 3600`] });
  const pod = (name: string, labels: Record<string, string>, containers: unknown[], restartPolicy = 'Always') => JSON.stringify({
    apiVersion: 'v1', kind: 'Pod', metadata: { name, namespace: 'logs', labels }, spec: { nodeName: 'n1', restartPolicy, terminationGracePeriodSeconds: 0, containers } });
  for (const p of ['lg-a', 'lg-b']) await ok(['create', '-f', '-'], pod(p, { grp: 'lg' }, ['c1', 'c2', 'c3'].map((c) => lines(`${p}/${c}`))));
  // f-a says nothing until the gate opens; f-b speaks at once. Read one after another, f-b's first line would wait on f-a.
  const waitGate = `while [ ! -f ${gate}/open ]; do sleep 0.1; done`;
  await ok(['create', '-f', '-'], pod('f-a', { grp: 'f' }, [{ name: 'x', image: 'x', command: ['sh', '-c', `${waitGate}; echo a-done`] }], 'Never'));
  await ok(['create', '-f', '-'], pod('f-b', { grp: 'f' }, [{ name: 'x', image: 'x', command: ['sh', '-c', `echo b-start; ${waitGate}; echo b-done`] }], 'Never'));
  const all = ['lg-a', 'lg-b'].flatMap((p) => ['c1', 'c2', 'c3'].map((c) => manyLines(`${p}/${c}`))).join('');
  await waitFor('every lg container logged its lines', async () => (await c.rk(['logs', '-n', 'logs', '-l', 'grp=lg', '--all-containers', '--tail=100000'])).stdout.length >= all.length, 30_000);

  const seq = await c.rk(['logs', '-n', 'logs', '-l', 'grp=lg', '--all-containers', `--tail=${LINES}`]);
  assert.is(seq.exitCode, 0, seq.stderr);
  assert.ok(seq.stdout === all, 'each stream whole and in order: pods as listed, containers in spec order, no prefix');

  const capped = await c.rk(['logs', '-n', 'logs', '-l', 'grp=lg', '--all-containers', '-f']);
  assert.equal([capped.exitCode, capped.stdout, capped.stderr], [1, '',
    'error: you are attempting to follow 6 log streams, but maximum allowed concurrency is 5, use --max-log-requests to increase the limit\n']);
  const one = await c.rk(['logs', '-n', 'logs', '-l', 'grp=lg', '-c', 'c1', '-f', '--max-log-requests', '1']);
  assert.equal([one.exitCode, one.stderr], [1, 'error: you are attempting to follow 2 log streams, but maximum allowed concurrency is 1, use --max-log-requests to increase the limit\n']);

  await waitFor('f pods running', async () => (await ok(['get', 'pods', '-n', 'logs', '-l', 'grp=f', '-o', 'jsonpath={.items[*].status.phase}'])) === 'Running Running', 30_000);
  const [bin, ...pre] = rkCommand();
  const follow = execa(bin, [...pre, 'logs', '-n', 'logs', '-l', 'grp=f', '-f', '--prefix'], {
    reject: false, timeout: 30_000, env: { KUBECONFIG: c.kubeconfig, HOME: c.dir, NO_COLOR: '1' } });
  let out = '';
  follow.stdout!.on('data', (d: Buffer) => { out += d.toString(); });
  await waitFor('f-b followed while f-a is still silent', () => out.includes('b-start'), 20_000);
  writeFileSync(join(gate, 'open'), '');
  const done = await follow;
  assert.is(done.exitCode, 0, String(done.stderr));
  assert.equal(out.split('\n').sort(), ['', '[pod/f-a/x] a-done', '[pod/f-b/x] b-done', '[pod/f-b/x] b-start']);
  assert.ok(out.indexOf('b-start') < out.indexOf('a-done'), out);
  rmSync(gate, { recursive: true, force: true });
});

test('exec over WebSocket: output, exit codes', async () => {
  const r = await c.rk(['exec', 'web', '--', 'echo', 'hi']);
  assert.equal([r.exitCode, r.stdout], [0, 'hi\n']);
  const viaDeployment = await c.rk(['exec', 'deploy/webd', '-c', 'side', '--', 'sh', '-c', 'echo $0', 'from-deploy']);
  assert.equal([viaDeployment.exitCode, viaDeployment.stdout], [0, 'from-deploy\n']);
  const f = await c.rk(['exec', 'web', '-c', 'side', '--', 'sh', '-c', 'echo bad >&2; exit 3']);
  assert.is(f.exitCode, 3);
  assert.match(f.stderr, /bad\ncommand terminated with exit code 3\n/, JSON.stringify(f.stderr));
  assert.match((await c.rk(['exec', 'web'])).stderr, /at least one command/);
  assert.match((await c.rk(['exec', 'nope', '--', 'ls'])).stderr, /not found/);
});

test('top nodes and pods from metrics.k8s.io', async () => {
  // Real readings from the node agent: the shape is fixed, the numbers are whatever the host measured.
  const nodes = await waitFor('node metrics', async () => { const r = await c.rk(['top', 'nodes']); return r.exitCode === 0 ? r.stdout : ''; }, 30_000);
  assert.match(nodes, /^NAME\s+CPU\(cores\)\s+CPU\(%\)\s+MEMORY\(bytes\)\s+MEMORY\(%\)\nn1\s+\d+m\s+\d+%\s+\d+Mi\s+\d+%\n$/);
  const pods = await waitFor('pod metrics', async () => { const r = await c.rk(['top', 'pods']); return r.exitCode === 0 ? r.stdout : ''; }, 30_000);
  assert.match(pods, /^NAME\s+CPU\(cores\)\s+MEMORY\(bytes\)\nweb\s+\d+m\s+\d+Mi\n$/);
  const containers = await ok(['top', 'pod', '--containers', '--no-headers']);
  assert.match(containers, /^web\s+app\s+\d+m\s+\d+Mi\nweb\s+side\s+\d+m\s+\d+Mi\n$/);
});

test('completion: scripts and live candidates', async () => {
  assert.match(await ok(['completion', 'bash']), /complete -o default -F _rk_complete rk/);
  assert.match(await ok(['completion', 'zsh']), /compdef _rk rk/);
  assert.match(await ok(['__complete', '']), /^get$/m);
  assert.match(await ok(['__complete', 'get', '']), /^deployments$/m);
  assert.is(await ok(['__complete', 'get', 'pods', '']), 'web\n');
  assert.is(await ok(['__complete', 'drain', '']), 'n1\n');
});

test.run();
