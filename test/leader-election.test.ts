import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { findResource } from '../src/api/resources.js';
import { LeaderElector } from '../src/client/leader-election.js';
import { parseMicroTime } from '../src/client/micro-time.js';
import { RestClient } from '../src/client/rest-client.js';
import type { Lease } from 'kubernetes-types/coordination/v1.js';
import { startTestCluster, type TestCluster } from './helpers/cluster.js';

const LEASES = findResource('coordination.k8s.io', 'v1', 'leases')!;
/** Short timings (the lease duration is written in whole seconds). */
const TIMING = { leaseDurationMs: 2000, renewDeadlineMs: 1500, retryPeriodMs: 250 };
const MICRO = /^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{6}Z$/;

let cluster: TestCluster;
let client: RestClient;
const running: { stop: AbortController; done: Promise<void> }[] = [];

test.before(async () => {
  cluster = await startTestCluster({ processMetrics: false });
  client = new RestClient({ server: cluster.url });
});

test.after(async () => {
  for (const r of running) r.stop.abort();
  await Promise.all(running.map((r) => r.done));
  client.close();
  await cluster.stop();
});

function candidate(lockName: string, identity: string, releaseOnCancel = true) {
  const stop = new AbortController();
  const elector = new LeaderElector({
    client, lockName, identity, releaseOnCancel, ...TIMING, onStartedLeading: () => undefined, onError: () => undefined,
  });
  const entry = { stop, done: elector.run(stop.signal) };
  running.push(entry);
  return { elector, ...entry };
}

/** Polls until `check` holds, failing the test if two candidates ever lead at once. */
async function watchUntil(electors: LeaderElector[], check: () => boolean, timeoutMs: number): Promise<number> {
  const started = Date.now();
  for (;;) {
    const leaders = electors.filter((e) => e.isLeader()).length;
    assert.ok(leaders <= 1, 'two candidates led at once');
    if (check()) return Date.now() - started;
    if (Date.now() - started > timeoutMs) throw new Error('timed out');
    await new Promise((r) => setTimeout(r, 10));
  }
}

/** Lets `ms` pass while checking that at most one candidate leads. */
async function hold(electors: LeaderElector[], ms: number): Promise<void> {
  const until = Date.now() + ms;
  await watchUntil(electors, () => Date.now() >= until, ms + 1000);
}

test('two candidates: exactly one leads, and the other takes over after a graceful stop', async () => {
  const a = candidate('graceful', 'a');
  const b = candidate('graceful', 'b');
  const both = [a.elector, b.elector];
  await watchUntil(both, () => both.some((e) => e.isLeader()), 5000);
  await hold(both, 3000);
  const [leader, follower] = a.elector.isLeader() ? [a, b] : [b, a];
  assert.ok(leader.elector.isLeader());
  assert.is(follower.elector.leader, leader === a ? 'a' : 'b');
  const lease = await client.get<Lease>(LEASES, 'kube-system', 'graceful');
  assert.match(lease.spec!.renewTime!, MICRO);
  assert.is(lease.spec!.leaseDurationSeconds, 2);
  leader.stop.abort();
  await leader.done;
  const tookMs = await watchUntil(both, () => follower.elector.isLeader(), 5000);
  assert.ok(tookMs < TIMING.leaseDurationMs, `took over in ${tookMs} ms`);
  const after = await client.get<Lease>(LEASES, 'kube-system', 'graceful');
  assert.is(after.spec!.holderIdentity, follower === a ? 'a' : 'b');
  assert.is(after.spec!.leaseTransitions, 1);
});

test('a leader that vanishes without releasing is replaced once the lease expires, never earlier', async () => {
  const a = candidate('crash', 'a', false);
  await watchUntil([a.elector], () => a.elector.isLeader(), 5000);
  const b = candidate('crash', 'b');
  const both = [a.elector, b.elector];
  await hold(both, 1000);
  a.stop.abort();
  await a.done;
  const renewed = parseMicroTime((await client.get<Lease>(LEASES, 'kube-system', 'crash')).spec!.renewTime);
  await watchUntil(both, () => b.elector.isLeader(), 6000);
  const lease = await client.get<Lease>(LEASES, 'kube-system', 'crash');
  assert.is(lease.spec!.holderIdentity, 'b');
  const acquired = parseMicroTime(lease.spec!.acquireTime);
  assert.ok(acquired > renewed + TIMING.leaseDurationMs, 'not before expiry');
  assert.ok(acquired < renewed + TIMING.leaseDurationMs + 2.2 * TIMING.retryPeriodMs + 1000, 'soon after expiry');
});

test.run();
