import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { findResource } from '../src/api/resources.js';
import { ManualClock, RestClient } from '../src/client/index.js';
import { EventRecorder } from '../src/controllers/events/recorder.js';
import { startTestCluster, type TestCluster } from './helpers/cluster.js';

const EVENTS = findResource('', 'v1', 'events')!;
let cluster: TestCluster;
let client: RestClient;
test.before(async () => {
  cluster = await startTestCluster();
  client = new RestClient({ server: cluster.url });
});
test.after(async () => {
  client?.close();
  await cluster?.stop();
});

test('repeats fold into one Event with a count; different messages stay separate', async () => {
  const clock = new ManualClock(Date.parse('2026-01-01T00:00:00Z'));
  const rec = new EventRecorder(client, 'test-controller', clock);
  const rs = { apiVersion: 'apps/v1', kind: 'ReplicaSet', metadata: { name: 'web', namespace: 'default', uid: 'u-1', resourceVersion: '7' } };
  rec.record(rs, 'Warning', 'FailedCreate', 'quota exceeded');
  await rec.flush();
  clock.advance(5000);
  rec.record(rs, 'Warning', 'FailedCreate', 'quota exceeded');
  rec.record(rs, 'Normal', 'SuccessfulCreate', 'Created pod: web-abcde');
  await rec.flush();
  clock.advance(5000);
  rec.record(rs, 'Warning', 'FailedCreate', 'quota exceeded');
  await rec.flush();
  for (let i = 0; i < 5; i++) rec.record(rs, 'Normal', 'Burst', 'same message at once');
  await rec.flush();
  const items = (await client.list<any>(EVENTS, 'default')).items.filter((e) => e.source?.component === 'test-controller');
  assert.is(items.length, 3);
  assert.is(items.find((e) => e.reason === 'Burst').count, 5, 'concurrent repeats never create a second Event');
  const failed = items.find((e) => e.reason === 'FailedCreate');
  assert.is(failed.count, 3);
  assert.is(failed.type, 'Warning');
  assert.is(failed.firstTimestamp, '2026-01-01T00:00:00Z');
  assert.is(failed.lastTimestamp, '2026-01-01T00:00:10Z');
  assert.equal(failed.involvedObject, { apiVersion: 'apps/v1', kind: 'ReplicaSet', name: 'web', namespace: 'default', uid: 'u-1', resourceVersion: '7' });
  const describe = (await client.list<any>(EVENTS, 'default', { fieldSelector: 'involvedObject.name=web,involvedObject.namespace=default,involvedObject.uid=u-1' })).items;
  assert.is(describe.length, 3, 'found the way kubectl describe looks events up');
});

test.run();
