/**
 * End to end, against a real `rk up` cluster and real kubectl: a node whose
 * agent dies is marked unreachable after the node-monitor grace period, its
 * pods are evicted when their unreachable toleration runs out, and the
 * Deployment is back to full availability on the surviving node.
 *
 * The lost node is an extra `rk agent` process the test starts with its own
 * state dir and the Lease duration `rk up` gives its own agents for this grace
 * period. Losing it means losing the machine: the agent is killed with
 * SIGKILL and so are its containers (host processes in their own process
 * groups, listed in the agent's state dir), with nobody left to report on them.
 */
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parse } from 'yaml';
import { leaseSecondsForGrace } from '../node-agent/registration.js';
import { processStartTicks, ProcessRecords, safeToKill, signalGroup } from '../node-agent/runtime/state-dir.js';
import { rkUp, type UpCluster } from './helpers/rk-up.js';

const cli = fileURLToPath(new URL('../src/cli/main.js', import.meta.url));
const GRACE_S = 4;
const TOLERATION_S = 2;
const REPLICAS = 3;
const NS = 'node-loss';

let up: UpCluster | undefined;
let agent: ChildProcess | undefined;
let agentOut = '';
let stateDir: string | undefined;

/** SIGKILLs the extra agent (its process group: the agent and its spawners), then every container group it recorded; answers how many were alive. */
function killLostNode(): number {
  if (agent?.pid && agent.exitCode === null && agent.signalCode === null) signalGroup(agent.pid, 'SIGKILL');
  if (!stateDir) return 0;
  return new ProcessRecords(stateDir).list().filter((r) => safeToKill(r, processStartTicks(r.pid)) && signalGroup(r.pid, 'SIGKILL')).length;
}

test.after(async () => {
  killLostNode();
  if (agent && agent.exitCode === null && agent.signalCode === null) await new Promise((r) => agent!.once('exit', r));
  if (stateDir) rmSync(stateDir, { recursive: true, force: true });
  await up?.stop();
});

/** Polls `probe` every 250 ms until it answers a truthy value; fails with `what` and the last answer after `ms`. */
async function until<T>(what: string, ms: number, probe: () => Promise<T | undefined | false>): Promise<T> {
  const deadline = Date.now() + ms;
  let last: unknown;
  for (;;) {
    const got = await probe().catch((err) => { last = err; return undefined; });
    if (got) return got;
    if (got !== undefined) last = got;
    if (Date.now() > deadline) throw new Error(`${what}: not within ${ms} ms (last: ${last instanceof Error ? last.message : JSON.stringify(last)})\n${up?.output().slice(-4000)}\n${agentOut.slice(-2000)}`);
    await new Promise((r) => setTimeout(r, 250));
  }
}

async function getJson(args: string[]): Promise<any> {
  const r = await up!.kubectl([...args, '-o', 'json']);
  if (r.exitCode !== 0) throw new Error(r.stderr);
  return JSON.parse(r.stdout);
}

async function kubectlOk(args: string[], input?: string): Promise<string> {
  const r = await up!.kubectl(args, { input });
  assert.is(r.exitCode, 0, `kubectl ${args.join(' ')}: ${r.stderr}`);
  return r.stdout;
}

const readyStatus = (node: any) => node.status?.conditions?.find((c: any) => c.type === 'Ready')?.status;

const deployment = {
  apiVersion: 'apps/v1', kind: 'Deployment',
  metadata: { name: 'web', namespace: NS },
  spec: {
    replicas: REPLICAS,
    selector: { matchLabels: { app: 'web' } },
    template: {
      metadata: { labels: { app: 'web' } },
      spec: { terminationGracePeriodSeconds: 1, containers: [{ name: 'c', image: 'busybox', command: ['sleep', '3600'] }] },
    },
  },
};

test('a lost node: Ready Unknown and tainted unreachable after the grace period, its pods evicted after the toleration and replaced on the surviving node', async () => {
  const started = Date.now();
  up = await rkUp(['--host-network', '--agents', '1', '--node-monitor-grace-period', String(GRACE_S),
    '--default-unreachable-toleration-seconds', String(TOLERATION_S), '--default-not-ready-toleration-seconds', String(TOLERATION_S)]);
  const survivor = await until('the rk up node is Ready', 20_000, async () => (await getJson(['get', 'nodes'])).items.find((n: any) => readyStatus(n) === 'True')?.metadata.name as string | undefined);

  const lost = `lost-${process.pid}`;
  stateDir = mkdtempSync(join(tmpdir(), 'rk-lost-node-'));
  const server = parse(readFileSync(up.kubeconfig, 'utf8')).clusters[0].cluster.server;
  agent = spawn(process.execPath, [cli, 'agent', '--server', server, '--token', readFileSync(join(up.dir, 'token'), 'utf8').trim(),
    '--certificate-authority', join(up.dir, 'pki', 'ca.crt'), '--name', lost, '--state-dir', stateDir,
    '--node-lease-duration-seconds', String(leaseSecondsForGrace(GRACE_S))], { detached: true, stdio: ['ignore', 'pipe', 'pipe'] });
  agent.stdout!.on('data', (d) => { agentOut += d; });
  agent.stderr!.on('data', (d) => { agentOut += d; });
  await until(`node ${lost} is Ready`, 20_000, async () => readyStatus(await getJson(['get', 'node', lost])) === 'True');

  // Every replica starts on the node that will be lost: the survivor is cordoned until they run.
  await kubectlOk(['cordon', survivor]);
  await kubectlOk(['create', 'namespace', NS]);
  await kubectlOk(['apply', '-f', '-'], JSON.stringify(deployment));
  await until('the Deployment available on the lost node', 20_000, async () => (await getJson(['get', 'deployment', 'web', '-n', NS])).status?.availableReplicas === REPLICAS);
  const before = (await getJson(['get', 'pods', '-n', NS])).items;
  assert.equal(before.map((p: any) => p.spec.nodeName), Array(REPLICAS).fill(lost));
  const unreachableToleration = before[0].spec.tolerations.find((t: any) => t.key === 'node.kubernetes.io/unreachable');
  assert.equal(unreachableToleration, { key: 'node.kubernetes.io/unreachable', operator: 'Exists', effect: 'NoExecute', tolerationSeconds: TOLERATION_S }, 'the apiserver gave the pods the short default toleration');
  await kubectlOk(['uncordon', survivor]);
  assert.is(new ProcessRecords(stateDir).list().length, REPLICAS, 'one container process group per pod on the lost node');

  const killedAt = Date.now();
  assert.is(killLostNode(), REPLICAS, 'the containers were running until the node was lost');

  const node = await until(`node ${lost} unreachable`, (GRACE_S + 10) * 1000, async () => {
    const n = await getJson(['get', 'node', lost]);
    return readyStatus(n) === 'Unknown' && (n.spec.taints ?? []).some((t: any) => t.key === 'node.kubernetes.io/unreachable' && t.effect === 'NoExecute') && n;
  });
  const unreachableAfter = Date.now() - killedAt;
  // The grace period counts from the last renewal, at most one renewal interval (750 ms) before the kill.
  assert.ok(unreachableAfter >= (GRACE_S - 1) * 1000, `unreachable ${unreachableAfter} ms after the kill, before the ${GRACE_S} s grace period`);
  const ready = node.status.conditions.find((c: any) => c.type === 'Ready');
  assert.is(ready.reason, 'NodeStatusUnknown');

  const pods = await until('the lost pods evicted and the Deployment available again on the survivor', (TOLERATION_S + 20) * 1000, async () => {
    const d = await getJson(['get', 'deployment', 'web', '-n', NS]);
    const all = (await getJson(['get', 'pods', '-n', NS])).items;
    const evicted = before.every((old: any) => all.find((p: any) => p.metadata.uid === old.metadata.uid)?.metadata.deletionTimestamp);
    const live = all.filter((p: any) => !p.metadata.deletionTimestamp);
    const onSurvivor = live.filter((p: any) => p.spec.nodeName === survivor && p.status.phase === 'Running').length;
    return evicted && onSurvivor === REPLICAS && live.length === REPLICAS && d.status?.availableReplicas === REPLICAS && d.status?.readyReplicas === REPLICAS && all;
  });
  const recoveredAfter = Date.now() - killedAt;
  const taintAdded = Date.parse(node.spec.taints.find((t: any) => t.key === 'node.kubernetes.io/unreachable').timeAdded);
  for (const old of before) {
    const gone = pods.find((p: any) => p.metadata.uid === old.metadata.uid);
    // Nobody is left on the lost node to finish the deletion: the evicted pods stay Terminating, as in Kubernetes.
    assert.is(gone.spec.nodeName, lost);
    const evictedAt = Date.parse(gone.metadata.deletionTimestamp) - gone.metadata.deletionGracePeriodSeconds * 1000;
    assert.ok(evictedAt - taintAdded >= TOLERATION_S * 1000, `${gone.metadata.name} evicted ${evictedAt - taintAdded} ms after the taint, before its ${TOLERATION_S} s toleration ran out`);
  }
  const events = await kubectlOk(['get', 'events', '-n', NS, '--field-selector', 'reason=TaintManagerEviction', '-o', 'name']);
  assert.is(events.trim().split('\n').filter(Boolean).length, REPLICAS, 'one TaintManagerEviction event per lost pod');

  const survivorNode = await getJson(['get', 'node', survivor]);
  assert.is(readyStatus(survivorNode), 'True', 'the surviving node is Ready');
  assert.equal(survivorNode.spec.taints ?? [], [], 'the surviving node is not tainted');
  const notReady = (await getJson(['get', 'events', '-A'])).items.filter((e: any) => e.reason === 'NodeNotReady').map((e: any) => e.involvedObject.name);
  assert.equal([...new Set(notReady)], [lost], 'only the lost node was ever taken for unreachable');
  console.log(`node lost: unreachable after ${unreachableAfter} ms, Deployment available again after ${recoveredAfter} ms; ${Date.now() - started} ms in all`);
});

test.run();
