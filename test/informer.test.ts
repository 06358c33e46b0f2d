import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { findResource } from '../src/api/resources.js';
import { ManualClock } from '../src/client/clock.js';
import { ConnectionError, StatusError } from '../src/client/errors.js';
import { Informer } from '../src/client/informer.js';
import { InformerFactory } from '../src/client/informer-factory.js';
import type { KubeObject } from '../src/client/types.js';
import { FakeListWatch, flush, list, obj } from './helpers/fake-list-watch.js';

const CONFIGMAPS = findResource('', 'v1', 'configmaps')!;

function setup(extra: { resyncMs?: number } = {}) {
  const client = new FakeListWatch();
  const clock = new ManualClock(1_000_000);
  const errors: unknown[] = [];
  const events: string[] = [];
  const informer = new Informer({
    client, info: CONFIGMAPS, clock, random: () => 0, watchTimeoutSeconds: 60, freeze: true,
    onError: (err) => errors.push(err), ...extra,
  });
  const rv = (o: KubeObject) => `${o.metadata?.name}@${o.metadata?.resourceVersion}`;
  informer.on('add', (o) => events.push(`add ${rv(o)}`));
  informer.on('update', (a, b) => events.push(`update ${rv(a)}->${rv(b)}`));
  informer.on('delete', (o) => events.push(`delete ${rv(o)}`));
  return { client, clock, errors, events, informer };
}

test('lists, then watches from the list revision; skips no-op updates; bookmarks and events advance the revision', async () => {
  const { client, events, informer } = setup();
  client.lists.push(list('5', obj('a', '3')));
  informer.start();
  assert.ok(await informer.waitForSync());
  await flush();
  assert.is(client.watches.length, 1);
  assert.equal(client.watches[0].opts.resourceVersion, '5');
  assert.ok(client.watches[0].opts.allowWatchBookmarks);
  const ch = client.current;
  ch.push({ type: 'ADDED', object: obj('b', '6') });
  ch.push({ type: 'MODIFIED', object: obj('b', '6') });
  ch.push({ type: 'MODIFIED', object: obj('b', '7') });
  ch.push({ type: 'BOOKMARK', object: { metadata: { resourceVersion: '9' } } });
  await flush();
  assert.is(informer.resourceVersion, '9');
  ch.push({ type: 'DELETED', object: obj('a', '10') });
  ch.end();
  await flush();
  assert.equal(events, ['add a@3', 'add b@6', 'update b@6->b@7', 'delete a@10']);
  assert.is(client.watches.length, 2, 'reconnected at once after a healthy watch');
  assert.is(client.watches[1].opts.resourceVersion, '10', 'resumed from the last seen revision');
  assert.is(client.listCalls.length, 1, 'no relist on a plain watch end');
  assert.equal(informer.cache.keys(), ['default/b']);
  await informer.stop();
});

test('410 from the watch relists with replace semantics', async () => {
  const { client, clock, events, informer } = setup();
  client.lists.push(list('10', obj('a', '1'), obj('b', '1'), obj('c', '1')));
  client.lists.push(list('20', obj('a', '1'), obj('b', '5'), obj('d', '6')));
  informer.start();
  await flush();
  events.length = 0;
  client.current.fail(new StatusError({ kind: 'Status', code: 410, reason: 'Expired', message: 'too old resource version' }, 410));
  await flush();
  clock.advance(100);
  await flush();
  assert.is(client.listCalls.length, 2);
  assert.equal(events, ['delete c@1', 'update b@1->b@5', 'add d@6']);
  assert.is(client.watches[client.watches.length - 1].opts.resourceVersion, '20');
  assert.equal(informer.cache.keys().sort(), ['default/a', 'default/b', 'default/d']);
  await informer.stop();
});

test('an HTTP 410 when opening the watch relists too', async () => {
  const { client, clock, informer } = setup();
  client.lists.push(list('10'), list('30', obj('x', '29')));
  informer.start();
  await flush();
  client.current.fail(new StatusError({ kind: 'Status', code: 410, reason: 'Gone' }, 410));
  await flush();
  clock.advance(100);
  await flush();
  assert.is(informer.cache.get('default/x')?.metadata?.resourceVersion, '29');
  await informer.stop();
});

test('never stops: failures are retried with capped exponential backoff, reset after success', async () => {
  const client = new FakeListWatch();
  const clock = new ManualClock();
  const errors: unknown[] = [];
  const informer = new Informer({
    client, info: CONFIGMAPS, clock, random: () => 0, backoff: { maxMs: 400 }, onError: (e) => errors.push(e),
  });
  for (let i = 0; i < 5; i++) client.lists.push(new ConnectionError('connect ECONNREFUSED'));
  client.lists.push(list('3', obj('a', '2')));
  informer.start();
  await flush();
  const calls: number[] = [client.listCalls.length];
  for (const step of [99, 1, 199, 1, 400, 400, 400]) {
    clock.advance(step);
    await flush();
    calls.push(client.listCalls.length);
  }
  assert.equal(calls, [1, 1, 2, 2, 3, 4, 5, 6], '100, 200, 400, 400 (capped), 400 ms apart');
  assert.ok(informer.hasSynced());
  assert.is(errors.length, 5);
  assert.ok(errors.every((e) => e instanceof ConnectionError));
  client.current.push({ type: 'ADDED', object: obj('b', '4') });
  client.current.fail(new ConnectionError('socket hang up'));
  await flush();
  clock.advance(99);
  await flush();
  assert.is(client.watches.length, 1);
  clock.advance(1);
  await flush();
  assert.is(client.watches.length, 2, 'backoff restarted from 100 ms after the watch made progress');
  assert.is(client.watches[1].opts.resourceVersion, '4');
  await informer.stop();
});

test('a watch that ends at once without events is retried with backoff, not in a tight loop', async () => {
  const { client, clock, informer } = setup();
  client.lists.push(list('1'));
  informer.start();
  await flush();
  client.current.end();
  await flush();
  assert.is(client.watches.length, 1);
  clock.advance(100);
  await flush();
  assert.is(client.watches.length, 2);
  await informer.stop();
});

test('a throwing handler is reported and does not stop delivery', async () => {
  const { client, errors, events, informer } = setup();
  informer.on('add', () => {
    throw new Error('handler bug');
  });
  client.lists.push(list('1', obj('a', '1')));
  informer.start();
  await flush();
  client.current.push({ type: 'ADDED', object: obj('b', '2') });
  await flush();
  assert.equal(events, ['add a@1', 'add b@2']);
  assert.is(errors.length, 2);
  await informer.stop();
});

test('late add handlers get the cached objects; resync re-emits updates', async () => {
  const { client, clock, events, informer } = setup({ resyncMs: 1000 });
  client.lists.push(list('1', obj('a', '1')));
  informer.start();
  await flush();
  const late: string[] = [];
  informer.on('add', (o) => late.push(o.metadata!.name!));
  assert.equal(late, ['a']);
  events.length = 0;
  clock.advance(1000);
  assert.equal(events, ['update a@1->a@1']);
  await informer.stop();
  clock.advance(5000);
  assert.equal(events, ['update a@1->a@1'], 'no resync after stop');
});

test('list items get apiVersion and kind; stop resolves waitForSync with false', async () => {
  const { client, informer } = setup();
  client.lists.push(list('1', { metadata: { name: 'bare', namespace: 'default', resourceVersion: '1' } }));
  informer.start();
  await flush();
  const cached = informer.cache.get('default/bare')!;
  assert.is(cached.kind, 'ConfigMap');
  assert.is(cached.apiVersion, 'v1');
  await informer.stop();

  const other = setup();
  other.informer.start();
  const waiting = other.informer.waitForSync();
  await other.informer.stop();
  assert.is(await waiting, false);
});

test('the factory shares one informer per resource, namespace and selectors', async () => {
  const client = new FakeListWatch();
  client.lists.push(list('1'), list('1'));
  const factory = new InformerFactory(client, { clock: new ManualClock(), onError: () => undefined });
  const a = factory.informerFor(CONFIGMAPS, { namespace: 'x' });
  assert.is(factory.informerFor(CONFIGMAPS, { namespace: 'x' }), a);
  assert.is.not(factory.informerFor(CONFIGMAPS, { namespace: 'x', labelSelector: 'app=y' }), a);
  factory.start();
  assert.ok(await factory.waitForSync());
  await factory.stop();
});

test.run();
