import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { ManualClock } from '../src/client/clock.js';
import { BucketRateLimiter, ItemExponentialRateLimiter, MaxOfRateLimiter } from '../src/client/rate-limiter.js';
import { WorkQueue, runWorkers } from '../src/client/workqueue.js';

const flush = async (): Promise<void> => {
  for (let i = 0; i < 5; i++) await new Promise((r) => setImmediate(r));
};

test('duplicates collapse and order is FIFO', async () => {
  const q = new WorkQueue<string>();
  q.add('a');
  q.add('b');
  q.add('a');
  assert.is(q.len(), 2);
  assert.is(await q.get(), 'a');
  assert.is(await q.get(), 'b');
  assert.is(q.len(), 0);
});

test('a key is never handed out twice at once; re-added while processing it comes back after done', async () => {
  const q = new WorkQueue<string>();
  q.add('a');
  const key = await q.get();
  assert.is(key, 'a');
  q.add('a');
  q.add('a');
  assert.is(q.len(), 0, 'not queued while processing');
  let second: string | undefined;
  void q.get().then((k) => (second = k));
  await flush();
  assert.is(second, undefined, 'no second worker gets a');
  q.done('a');
  await flush();
  assert.is(second, 'a', 'queued again once, after done');
  q.done('a');
  assert.is(q.len(), 0);
});

test('a waiting get is woken by add', async () => {
  const q = new WorkQueue<string>();
  const pending = q.get();
  q.add('x');
  assert.is(await pending, 'x');
});

test('addAfter waits on the clock and the earliest pending delay wins', async () => {
  const clock = new ManualClock();
  const q = new WorkQueue<string>({ clock });
  q.addAfter('a', 100);
  q.addAfter('a', 300);
  assert.is(q.len(), 0);
  clock.advance(99);
  assert.is(q.len(), 0);
  clock.advance(1);
  assert.is(q.len(), 1);
  q.addAfter('b', 200);
  q.addAfter('b', 50);
  clock.advance(50);
  assert.is(q.len(), 2);
  assert.is(clock.pending(), 0, 'superseded timers are cancelled');
  q.addAfter('c', 0);
  assert.is(q.len(), 3, 'no delay adds at once');
});

test('per-item exponential rate limiting grows 5 ms doubling, is capped, and forget resets it', () => {
  const rl = new ItemExponentialRateLimiter<string>(5, 1000);
  assert.equal([1, 2, 3, 4].map(() => rl.when('a')), [5, 10, 20, 40]);
  assert.is(rl.when('b'), 5, 'items back off independently');
  for (let i = 0; i < 20; i++) rl.when('a');
  assert.is(rl.when('a'), 1000, 'capped');
  assert.is(rl.numRequeues('a'), 25);
  rl.forget('a');
  assert.is(rl.numRequeues('a'), 0);
  assert.is(rl.when('a'), 5);
  const big = new ItemExponentialRateLimiter<string>();
  for (let i = 0; i < 2000; i++) big.when('k');
  assert.is(big.when('k'), 1_000_000, 'default cap 1000 s, no overflow');
});

test('addRateLimited requeues after the growing delay', () => {
  const clock = new ManualClock();
  const q = new WorkQueue<string>({ clock });
  q.addRateLimited('a');
  clock.advance(4);
  assert.is(q.len(), 0);
  clock.advance(1);
  assert.is(q.len(), 1);
  q.addRateLimited('b');
  q.addRateLimited('b');
  assert.is(q.numRequeues('b'), 2);
  q.forget('b');
  assert.is(q.numRequeues('b'), 0);
});

test('bucket limiter allows a burst then paces at qps, combined by max', () => {
  const clock = new ManualClock();
  const bucket = new BucketRateLimiter<string>(10, 2, clock);
  assert.equal([bucket.when(), bucket.when(), bucket.when(), bucket.when()], [0, 0, 100, 200]);
  clock.advance(1000);
  assert.is(bucket.when(), 0, 'refilled');
  const both = new MaxOfRateLimiter<string>(new ItemExponentialRateLimiter<string>(5, 1000), new BucketRateLimiter<string>(1, 1, clock));
  assert.is(both.when('a'), 5);
  assert.is(both.when('a'), 1000);
  both.forget('a');
  assert.is(both.numRequeues('a'), 0);
});

test('shutDown wakes waiters with undefined, ignores adds and cancels timers', async () => {
  const clock = new ManualClock();
  const q = new WorkQueue<string>({ clock });
  const waiting = q.get();
  q.addAfter('later', 1000);
  q.shutDown();
  assert.is(await waiting, undefined);
  assert.is(await q.get(), undefined);
  q.add('x');
  assert.is(q.len(), 0);
  assert.is(clock.pending(), 0);
  assert.ok(q.shuttingDown);
});

test('runWorkers: never two syncs of a key at once, failures retried, success forgotten', async () => {
  const q = new WorkQueue<string>({ rateLimiter: new ItemExponentialRateLimiter<string>(1, 10) });
  const active = new Set<string>();
  const synced: string[] = [];
  const errors: string[] = [];
  let failuresLeft = 2;
  let overlap = false;
  const sync = async (key: string): Promise<void> => {
    if (active.has(key)) overlap = true;
    active.add(key);
    await new Promise((r) => setTimeout(r, 2));
    if (key === 'a') q.add('a');
    active.delete(key);
    if (key === 'flaky' && failuresLeft-- > 0) throw new Error('boom');
    synced.push(key);
  };
  const workers = runWorkers(q, 4, sync, (key) => errors.push(key));
  for (const k of ['a', 'b', 'flaky', 'a', 'b']) q.add(k);
  while (!synced.includes('flaky') || synced.filter((k) => k === 'a').length < 3) await new Promise((r) => setTimeout(r, 5));
  q.shutDown();
  await workers;
  assert.not.ok(overlap, 'a key was synced by two workers at once');
  assert.equal(errors, ['flaky', 'flaky']);
  assert.is(q.numRequeues('flaky'), 0, 'forgotten after success');
});

test.run();
