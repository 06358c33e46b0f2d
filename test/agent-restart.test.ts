import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { spawn, type ChildProcess } from 'node:child_process';
import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { RestClient } from '../src/client/index.js';
import { startTestCluster, type TestCluster } from './helpers/cluster.js';
import { boundPod, cstatus, getPod, R, waitFor } from './agent-fixture.js';

let cluster: TestCluster;
let client: RestClient;
let stateDir: string;
let agent: ChildProcess | undefined;
const MARK = `${3000 + Math.floor(Math.random() * 900)}.5`;

/** Runs the real `rk agent` command (compiled, or through tsx when the tests run from sources). */
function startAgentProcess(): ChildProcess {
  const compiled = fileURLToPath(new URL('../src/cli/main.js', import.meta.url));
  const args = existsSync(compiled) ? [compiled] : ['--import', 'tsx', fileURLToPath(new URL('../src/cli/main.ts', import.meta.url))];
  const child = spawn(process.execPath, [...args, 'agent', '--server', cluster.url, '--name', 'node-r', '--state-dir', stateDir,
    '--node-ip', '127.0.0.1', '--backoff-initial', '200', '--shutdown-grace', '500'], { stdio: ['ignore', 'pipe', 'pipe'] });
  child.stdout!.resume();
  child.stderr!.resume();
  return child;
}

/** Pids of live processes whose command line carries the marker. */
function marked(): number[] {
  return readdirSync('/proc').filter((d) => /^\d+$/.test(d)).filter((pid) => {
    try {
      const cmd = readFileSync(`/proc/${pid}/cmdline`, 'utf8');
      const state = readFileSync(`/proc/${pid}/stat`, 'utf8').split(') ')[1]?.[0];
      return cmd.includes(MARK) && state !== 'Z';
    } catch {
      return false;
    }
  }).map(Number);
}

test.before(async () => {
  cluster = await startTestCluster();
  client = new RestClient({ server: cluster.url });
  stateDir = mkdtempSync(join(tmpdir(), 'rk-agent-restart-'));
});
test.after(async () => {
  if (agent && agent.exitCode === null) agent.kill('SIGKILL');
  for (const pid of marked()) { try { process.kill(pid, 'SIGKILL'); } catch { /* already gone */ } }
  client.close();
  await cluster.stop();
  rmSync(stateDir, { recursive: true, force: true });
});

test('kill -9 of the agent and a restart: the old container group is killed, exactly one copy runs again', async () => {
  agent = startAgentProcess();
  await client.create(R.pods, 'default', boundPod('survivor', 'node-r', [{ name: 'x', command: ['sh', '-c', `sleep ${MARK} & wait`] }], {
    initContainers: [{ name: 'init', command: ['sh', '-c', `echo once >> ${join(stateDir, 'init-runs')}`] }],
  }));
  await waitFor('running', async () => (await getPod(client, 'survivor'))?.status?.phase === 'Running', 30_000);
  const first = await waitFor('two marked processes', () => (marked().length === 2 ? marked() : undefined));
  agent.kill('SIGKILL');
  await new Promise((r) => agent!.once('exit', r));
  assert.equal(marked().sort(), first.sort(), 'container processes outlive a kill -9 of the agent');
  agent = startAgentProcess();
  await waitFor('restarted once', async () => cstatus(await getPod(client, 'survivor'), 'x')?.restartCount === 1 && (await getPod(client, 'survivor')).status.phase === 'Running', 30_000);
  const second = await waitFor('two marked processes again', () => (marked().length === 2 ? marked() : undefined));
  assert.ok(second.every((p) => !first.includes(p)), 'the old group is gone and a new one runs');
  await new Promise((r) => setTimeout(r, 500));
  assert.is(marked().length, 2, 'never two copies');
  assert.is(readFileSync(join(stateDir, 'init-runs'), 'utf8'), 'once\n', 'a completed init container is not run again');
});

test('stopping the agent with SIGTERM stops its containers (no orphans)', async () => {
  agent!.kill('SIGTERM');
  await new Promise((r) => agent!.once('exit', r));
  await waitFor('no marked processes', () => marked().length === 0);
});

test('SIGTERM while containers are still starting leaves none of them running', async () => {
  for (let round = 0; round < 3; round++) {
    agent = startAgentProcess();
    await waitFor('node registered', async () => (await client.get<any>(R.nodes, undefined, 'node-r').catch(() => undefined))?.status);
    const names = Array.from({ length: 12 }, (_, i) => `burst-${round}-${i}`);
    await Promise.all(names.map((n) => client.create(R.pods, 'default', boundPod(n, 'node-r', [{ name: 'c', command: ['sleep', MARK] }]))));
    // Stop as soon as the first container runs: the rest are being started right then.
    await waitFor('a first container running', () => marked().length > 0, 20_000);
    agent.kill('SIGTERM');
    await new Promise((r) => agent!.once('exit', r));
    await new Promise((r) => setTimeout(r, 300));
    assert.equal(marked(), [], `round ${round}: no container outlives the agent`);
    await Promise.all(names.map((n) => client.delete(R.pods, 'default', n, { gracePeriodSeconds: 0 }).catch(() => undefined)));
  }
});

test.run();
