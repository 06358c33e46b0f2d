import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { startTestCluster, type TestCluster } from './helpers/cluster.js';
import { call } from './helpers/http.js';
import { addDefaultTolerations } from '../src/apiserver/registry/admission.js';

let c: TestCluster;
const NOT_READY = 'node.kubernetes.io/not-ready';
const UNREACHABLE = 'node.kubernetes.io/unreachable';
const pod = (name: string, spec: Record<string, unknown> = {}) => ({ metadata: { name }, spec: { containers: [{ name: 'c', image: 'busybox', command: ['sleep', '1'] }], ...spec } });

test.before(async () => { c = await startTestCluster({ admission: { notReadyTolerationSeconds: 7, unreachableTolerationSeconds: 9 } }); });
test.after(async () => { await c.stop(); });

test('addDefaultTolerations: both added with the configured seconds; 300 s by default', () => {
  const p = pod('a');
  addDefaultTolerations(p);
  assert.equal((p.spec as any).tolerations, [
    { key: NOT_READY, operator: 'Exists', effect: 'NoExecute', tolerationSeconds: 300 },
    { key: UNREACHABLE, operator: 'Exists', effect: 'NoExecute', tolerationSeconds: 300 },
  ]);
});

test('addDefaultTolerations: a pod that already tolerates a taint keeps its own; tolerate-all adds nothing; invalid lists are left to validation', () => {
  const own = pod('b', { tolerations: [{ key: UNREACHABLE, operator: 'Exists', effect: 'NoExecute', tolerationSeconds: 5 }] });
  addDefaultTolerations(own, { notReadyTolerationSeconds: 60 });
  assert.equal((own.spec as any).tolerations, [
    { key: UNREACHABLE, operator: 'Exists', effect: 'NoExecute', tolerationSeconds: 5 },
    { key: NOT_READY, operator: 'Exists', effect: 'NoExecute', tolerationSeconds: 60 },
  ]);
  const all = pod('c', { tolerations: [{ operator: 'Exists' }] });
  addDefaultTolerations(all);
  assert.equal((all.spec as any).tolerations, [{ operator: 'Exists' }]);
  const noSchedule = pod('d', { tolerations: [{ key: NOT_READY, operator: 'Exists', effect: 'NoSchedule' }] });
  addDefaultTolerations(noSchedule);
  assert.is((noSchedule.spec as any).tolerations.length, 3);
  const bad = pod('e', { tolerations: 'nope' });
  addDefaultTolerations(bad);
  assert.is((bad.spec as any).tolerations, 'nope');
});

test('created pods get the apiserver-configured tolerations; pod templates are left alone', async () => {
  const created = await call(c.url, 'POST', '/api/v1/namespaces/default/pods', pod('p1'));
  assert.is(created.status, 201);
  assert.equal(created.json.spec.tolerations, [
    { key: NOT_READY, operator: 'Exists', effect: 'NoExecute', tolerationSeconds: 7 },
    { key: UNREACHABLE, operator: 'Exists', effect: 'NoExecute', tolerationSeconds: 9 },
  ]);
  const rs = await call(c.url, 'POST', '/apis/apps/v1/namespaces/default/replicasets', {
    metadata: { name: 'r' }, spec: { selector: { matchLabels: { a: 'b' } }, template: { metadata: { labels: { a: 'b' } }, spec: pod('x').spec } },
  });
  assert.is(rs.status, 201);
  assert.is(rs.json.spec.template.spec.tolerations, undefined);
  const invalid = await call(c.url, 'POST', '/api/v1/namespaces/default/pods', pod('p2', { tolerations: 'nope' }));
  assert.is(invalid.status, 400, 'a wrong type is a decoding error, as in Kubernetes');
});

test.run();
