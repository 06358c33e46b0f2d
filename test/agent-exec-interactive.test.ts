import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { execa } from 'execa';
import { parseResize } from '../node-agent/exec-socket.js';
import { shellQuote, ttyArgv } from '../node-agent/runtime/interactive.js';
import { boundPod, getPod, R, startAgentCluster, waitFor, type AgentCluster } from './agent-fixture.js';

let c: AgentCluster;
let dir: string;
let kubeconfig: string;
const kubectl = (args: string[], input?: string) => execa('kubectl', ['--kubeconfig', kubeconfig, '--cache-dir', join(dir, 'cache'), ...args], { input, reject: false, timeout: 20_000 });

test.before(async () => {
  c = await startAgentCluster('node-x');
  dir = mkdtempSync(join(tmpdir(), 'rk-exec-it-'));
  kubeconfig = join(dir, 'kubeconfig');
  writeFileSync(kubeconfig, `apiVersion: v1
kind: Config
clusters: [{name: c, cluster: {server: "${c.cluster.url}"}}]
users: [{name: u, user: {}}]
contexts: [{name: x, context: {cluster: c, user: u, namespace: default}}]
current-context: x
`);
  await c.client.create(R.pods, 'default', boundPod('shell', c.node, [{ name: 'main', command: ['sleep', '300'] }]));
  await waitFor('running', async () => (await getPod(c.client, 'shell'))?.status?.phase === 'Running');
});
test.after(async () => {
  await c?.stop();
  rmSync(dir, { recursive: true, force: true });
});

test('pure helpers: shell quoting, the script wrapper, resize messages', () => {
  assert.is(shellQuote('ls'), 'ls');
  assert.is(shellQuote("it's a b"), `'it'\\''s a b'`);
  assert.equal(ttyArgv(['sh', '-c', 'echo $X']), ['script', '-q', '-e', '-f', '-c', `sh -c 'echo $X'`, '/dev/null']);
  assert.equal(parseResize(Buffer.from('{"Width":80,"Height":24}')), { cols: 80, rows: 24 });
  assert.is(parseResize(Buffer.from('nope')), undefined);
});

test('kubectl exec -i passes stdin through and ends it at EOF', async () => {
  const r = await kubectl(['exec', '-i', 'shell', '--', 'cat'], 'hi\n');
  assert.is(r.exitCode, 0, r.stderr);
  assert.is(r.stdout, 'hi');
  const big = Array.from({ length: 2000 }, (_, i) => `line ${i}`).join('\n');
  const wc = await kubectl(['exec', '-i', 'shell', '--', 'wc', '-l'], `${big}\n`);
  assert.is(wc.stdout.trim(), '2000');
});

test('kubectl exec -i: the command reads input, writes stdout and stderr, and its exit code comes back', async () => {
  const r = await kubectl(['exec', '-i', 'shell', '--', 'sh', '-c', 'read x; echo "got $x"; echo oops >&2; exit 5'], 'abc\n');
  assert.is(r.exitCode, 5);
  assert.is(r.stdout, 'got abc');
  assert.match(r.stderr, /oops/);
  assert.match(r.stderr, /command terminated with exit code 5/);
});

test('kubectl exec -it runs an interactive shell on a TTY of the size the terminal has', async () => {
  // kubectl itself needs a terminal for -t: `script` gives it one, 33x77.
  const inner = `stty rows 33 cols 77; kubectl --kubeconfig ${kubeconfig} --cache-dir ${join(dir, 'cache')} exec -it shell -- sh`;
  const child = execa('script', ['-q', '-e', '-c', inner, '/dev/null'], { reject: false, timeout: 20_000, stdin: 'pipe' });
  let out = '';
  child.stdout!.on('data', (d) => { out += d; });
  const say = async (line: string, expect: RegExp) => {
    child.stdin!.write(`${line}\r`);
    await waitFor(`output ${expect}`, () => expect.test(out), 10_000);
  };
  await say('tty; echo "product=$((6*7))"', /product=42/);
  assert.match(out, /\/dev\/pts\/\d+/, 'the remote shell has a terminal');
  await say('stty size', /33 77/);
  child.stdin!.write('exit 3\r');
  const r = await child;
  assert.is(r.exitCode, 3, out);
});

const rk = fileURLToPath(new URL('../src/cli/main.js', import.meta.url));

test('rk exec -i passes stdin; rk exec -it runs a shell on a terminal and restores the local one', async () => {
  const r = await execa(process.execPath, [rk, 'exec', '--kubeconfig', kubeconfig, '-i', 'shell', '--', 'sh', '-c', 'cat; exit 4'], { input: 'hello\n', reject: false, timeout: 20_000 });
  assert.is(r.exitCode, 4, r.stderr);
  assert.is(r.stdout, 'hello');
  const inner = `stty rows 20 cols 60; ${process.execPath} ${rk} exec --kubeconfig ${kubeconfig} -it shell -- sh; echo "local-after=$(stty -g | cut -c1-4)-$(stty -a | grep -o -- '-\\?icanon' | head -1)"`;
  const child = execa('script', ['-q', '-c', inner, '/dev/null'], { reject: false, timeout: 20_000, stdin: 'pipe' });
  let out = '';
  child.stdout!.on('data', (d) => { out += d; });
  child.stdin!.write('echo "sum=$((40+2))"; stty size\r');
  await waitFor('remote shell output', () => /sum=42/.test(out) && /20 60/.test(out), 10_000).catch((e) => { throw new Error(`${e.message}: ${JSON.stringify(out)}`); });
  child.stdin!.write('exit\r');
  await waitFor('local terminal restored', () => /local-after=\S+-icanon/.test(out), 10_000);
  await child;
});

test('interactive exec of a pod that is not on a node, or a missing container, fails with a Status', async () => {
  const r = await kubectl(['exec', '-i', 'shell', '-c', 'nope', '--', 'cat'], '');
  assert.is.not(r.exitCode, 0);
  assert.match(r.stderr, /container nope is not running|not valid|not found/);
});

test.run();
