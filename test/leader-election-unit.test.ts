import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { ManualClock } from '../src/client/clock.js';
import { LeaderElector, type LeaderElectorOptions } from '../src/client/leader-election.js';
import { formatMicroTime, parseMicroTime } from '../src/client/micro-time.js';
import { FakeLeaseStore } from './helpers/fake-lease-store.js';
import { flush } from './helpers/fake-list-watch.js';

const MICRO = /^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{6}Z$/;

interface Candidate {
  elector: LeaderElector;
  client: ReturnType<FakeLeaseStore['clientFor']>;
  stop: AbortController;
  done: Promise<void>;
  log: string[];
  workSignal?: AbortSignal;
}

function world() {
  const store = new FakeLeaseStore();
  const clock = new ManualClock(Date.UTC(2026, 0, 1));
  const candidates: Candidate[] = [];
  let overlap = false;
  const spawn = (identity: string, extra: Partial<LeaderElectorOptions> = {}): Candidate => {
    const client = store.clientFor();
    const log: string[] = [];
    const c = { client, log, stop: new AbortController() } as Candidate;
    c.elector = new LeaderElector({
      client, identity, lockName: 'ctrl', clock, random: () => 0, onError: () => undefined,
      onStartedLeading: (signal) => {
        log.push(`start@${clock.now() - start}`);
        c.workSignal = signal;
      },
      onStoppedLeading: () => log.push(`stop@${clock.now() - start}`),
      onNewLeader: (id) => log.push(`leader ${id}`),
      ...extra,
    });
    c.done = c.elector.run(c.stop.signal);
    candidates.push(c);
    return c;
  };
  const start = clock.now();
  /** Advances time in small steps, checking after each that at most one candidate leads. */
  const run = async (ms: number, step = 50): Promise<void> => {
    await flush();
    for (let t = 0; t < ms; t += step) {
      clock.advance(step);
      await flush();
      if (candidates.filter((c) => c.elector.isLeader()).length > 1) overlap = true;
    }
  };
  const lease = () => store.leases.get('kube-system/ctrl')!;
  const finish = async () => {
    for (const c of candidates) c.stop.abort();
    await flush();
    await Promise.all(candidates.map((c) => c.done));
    return overlap;
  };
  return { store, clock, spawn, run, lease, finish, elapsed: () => clock.now() - start };
}

test('a lone candidate creates the lease, writes MicroTimes and renews every retry period', async () => {
  const w = world();
  const a = w.spawn('a');
  await w.run(100);
  assert.ok(a.elector.isLeader());
  assert.equal(a.log, ['leader a', 'start@0']);
  const first = w.lease().spec!;
  assert.is(first.holderIdentity, 'a');
  assert.is(first.leaseDurationSeconds, 15);
  assert.is(first.leaseTransitions, 0);
  assert.match(first.renewTime!, MICRO);
  assert.match(first.acquireTime!, MICRO);
  await w.run(2000);
  const renewed = w.lease().spec!;
  assert.is(parseMicroTime(renewed.renewTime) - parseMicroTime(first.renewTime), 2000);
  assert.is(renewed.acquireTime, first.acquireTime, 'acquireTime kept while holding');
  assert.not.ok(await w.finish());
  assert.is(w.lease().spec!.holderIdentity, '', 'released on graceful stop');
});

test('two candidates: exactly one leads; after a graceful stop the other takes over within a retry period', async () => {
  const w = world();
  const a = w.spawn('a');
  await w.run(100);
  const b = w.spawn('b');
  await w.run(20_000);
  assert.ok(a.elector.isLeader());
  assert.not.ok(b.elector.isLeader());
  assert.is(b.elector.leader, 'a');
  assert.ok(b.log.includes('leader a'));
  a.stop.abort();
  await a.done;
  assert.ok(a.workSignal!.aborted, 'the leader work was told to stop');
  const stoppedAt = w.elapsed();
  await w.run(2000 * 2.2 + 100);
  assert.ok(b.elector.isLeader());
  assert.ok(b.log.some((l) => l.startsWith('start@') && Number(l.slice(6)) - stoppedAt <= 2000 * 2.2));
  assert.is(w.lease().spec!.leaseTransitions, 1);
  assert.not.ok(await w.finish());
});

test('a crashed leader (no release) is replaced only after the lease expires', async () => {
  const w = world();
  const a = w.spawn('a', { releaseOnCancel: false });
  await w.run(100);
  const b = w.spawn('b');
  await w.run(5000);
  const lastRenew = parseMicroTime(w.lease().spec!.renewTime);
  a.stop.abort();
  await a.done;
  let tookOverAt = 0;
  for (let i = 0; i < 400 && !tookOverAt; i++) {
    await w.run(50);
    if (b.elector.isLeader()) tookOverAt = w.clock.now();
  }
  assert.ok(tookOverAt > lastRenew + 15_000, 'not before expiry');
  assert.ok(tookOverAt <= lastRenew + 15_000 + 2000 * 2.2 + 100, 'soon after expiry');
  assert.not.ok(await w.finish());
});

test('a partitioned leader steps down at its renew deadline, before anyone else takes over', async () => {
  const w = world();
  const a = w.spawn('a');
  await w.run(100);
  const b = w.spawn('b');
  await w.run(3000);
  const lastRenew = parseMicroTime(w.lease().spec!.renewTime);
  a.client.link = 'down';
  let aStopped = 0;
  let bStarted = 0;
  for (let i = 0; i < 600 && !bStarted; i++) {
    await w.run(50);
    if (!aStopped && !a.elector.isLeader()) aStopped = w.clock.now();
    if (b.elector.isLeader()) bStarted = w.clock.now();
  }
  assert.ok(aStopped <= lastRenew + 10_000, 'stepped down by the renew deadline');
  assert.ok(aStopped >= lastRenew + 10_000 - 50, 'and not much earlier');
  assert.ok(bStarted > lastRenew + 15_000);
  assert.ok(a.workSignal!.aborted);
  a.client.link = 'up';
  await w.run(10_000);
  assert.not.ok(a.elector.isLeader(), 'the old leader does not take the lease back');
  assert.not.ok(await w.finish());
});

test('a hanging renew request does not delay stepping down', async () => {
  const w = world();
  const a = w.spawn('a');
  await w.run(100);
  const lastRenew = parseMicroTime(w.lease().spec!.renewTime);
  a.client.link = 'hang';
  await w.run(9800);
  assert.ok(a.elector.isLeader());
  await w.run(300);
  assert.not.ok(a.elector.isLeader());
  assert.ok(w.clock.now() - lastRenew >= 10_000);
  a.client.link = 'up';
  await w.run(10_000 + 2000 * 2.2);
  assert.ok(a.elector.isLeader(), 'hung attempts time out; with the lease still its own, it leads again');
  assert.ok(a.log.filter((l) => l.startsWith('start@')).length === 2);
  assert.not.ok(await w.finish());
});

test('a leader that finds another holder in the lease steps down at once', async () => {
  const w = world();
  const a = w.spawn('a');
  await w.run(100);
  const lease = w.lease();
  w.store.leases.set('kube-system/ctrl', {
    ...lease, metadata: { ...lease.metadata, resourceVersion: '999' }, spec: { ...lease.spec, holderIdentity: 'intruder' },
  });
  await w.run(2100);
  assert.not.ok(a.elector.isLeader());
  assert.is(a.elector.leader, 'intruder');
  assert.ok(a.log.includes('leader intruder'));
  assert.not.ok(await w.finish());
});

test('MicroTime: six fractional digits, parsed back exactly', () => {
  const t = Date.UTC(2026, 10, 22, 3, 31, 44, 123) + 0.456;
  assert.is(formatMicroTime(t), '2026-11-22T03:31:44.123456Z');
  assert.is(parseMicroTime('2026-11-22T03:31:44.123456Z'), t);
  assert.is(parseMicroTime('2026-11-22T03:31:44Z'), t - 123.456);
  assert.ok(Number.isNaN(parseMicroTime('yesterday')));
  assert.ok(Number.isNaN(parseMicroTime(undefined)));
});

test('invalid timings are rejected', () => {
  const client = new FakeLeaseStore().clientFor();
  const base = { client, identity: 'x', lockName: 'l', onStartedLeading: () => undefined };
  assert.throws(() => new LeaderElector({ ...base, leaseDurationMs: 5000, renewDeadlineMs: 5000 }), /leaseDurationMs/);
  assert.throws(() => new LeaderElector({ ...base, renewDeadlineMs: 2000, retryPeriodMs: 2000 }), /renewDeadlineMs/);
  assert.throws(() => new LeaderElector({ ...base, identity: '' }), /identity/);
});

test.run();
