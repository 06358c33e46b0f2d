import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { pickPod, selectorOf } from '../src/cli/pod-target.js';

const pod = (name: string, phase: string, created: string, deleting = false) => ({
  metadata: { name, creationTimestamp: created, ...(deleting ? { deletionTimestamp: created } : {}) }, status: { phase },
});

test('selectorOf: matchLabels, matchExpressions and a Service selector map', () => {
  assert.is(selectorOf({ spec: { selector: { matchLabels: { app: 'web', tier: 'a' } } } }), 'app=web,tier=a');
  assert.is(selectorOf({ spec: { selector: { matchLabels: { app: 'web' }, matchExpressions: [
    { key: 'env', operator: 'In', values: ['a', 'b'] }, { key: 'x', operator: 'Exists' }, { key: 'y', operator: 'DoesNotExist' }, { key: 'z', operator: 'NotIn', values: ['q'] },
  ] } } }), 'app=web,env in (a,b),x,!y,z notin (q)');
  assert.is(selectorOf({ spec: { selector: { app: 'svc' } } }), 'app=svc');
  assert.is(selectorOf({ spec: {} }), '');
});

test('pickPod: running before pending before terminating, then the oldest', () => {
  const pods = [
    pod('terminating', 'Running', '2026-01-01T00:00:00Z', true),
    pod('pending-old', 'Pending', '2026-01-01T00:00:01Z'),
    pod('running-new', 'Running', '2026-01-01T00:00:05Z'),
    pod('running-old', 'Running', '2026-01-01T00:00:03Z'),
  ];
  assert.is(pickPod(pods)?.metadata.name, 'running-old');
  assert.is(pickPod(pods.slice(0, 2))?.metadata.name, 'pending-old');
  assert.is(pickPod([]), undefined);
});

test.run();
