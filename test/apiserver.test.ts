import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { startTestCluster, type TestCluster } from './helpers/cluster.js';
import { call, openWatch } from './helpers/http.js';

let c: TestCluster;
const api = (method: string, path: string, body?: unknown, headers?: Record<string, string>) => call(c.url, method, path, body, headers);
const TABLE = 'application/json;as=Table;v=v1;g=meta.k8s.io,application/json';
const deployment = (name: string, replicas = 2, image = 'nginx:1.27') => ({
  apiVersion: 'apps/v1', kind: 'Deployment', metadata: { name, labels: { app: name } },
  spec: { replicas, selector: { matchLabels: { app: name } }, template: { metadata: { labels: { app: name } }, spec: { containers: [{ name: 'web', image }] } } },
});
const pod = (name: string, labels: Record<string, string> = {}) => ({ apiVersion: 'v1', kind: 'Pod', metadata: { name, labels }, spec: { containers: [{ name: 'c', image: 'busybox' }] } });

test.before(async () => { c = await startTestCluster(); });
test.after(async () => { await c.stop(); });

test('discovery lists groups, resources, short names, categories and subresources', async () => {
  const v = await api('GET', '/version');
  assert.is(v.json.major, '1');
  assert.is(v.json.minor, '32');
  assert.equal((await api('GET', '/api')).json.versions, ['v1']);
  const groups = (await api('GET', '/apis')).json.groups.map((g: any) => g.name);
  for (const g of ['apps', 'batch', 'autoscaling', 'coordination.k8s.io', 'discovery.k8s.io']) assert.ok(groups.includes(g), g);
  const core = (await api('GET', '/api/v1')).json.resources;
  const pods = core.find((r: any) => r.name === 'pods');
  assert.equal(pods.shortNames, ['po']);
  assert.equal(pods.categories, ['all']);
  assert.ok(core.some((r: any) => r.name === 'pods/binding'));
  const apps = (await api('GET', '/apis/apps/v1')).json.resources;
  assert.is(apps.find((r: any) => r.name === 'deployments/scale').kind, 'Scale');
  assert.is((await api('GET', '/apis/nope/v1')).status, 404);
});

test('built-in namespaces exist', async () => {
  const names = (await api('GET', '/api/v1/namespaces')).json.items.map((n: any) => n.metadata.name);
  for (const n of ['default', 'kube-system', 'kube-node-lease']) assert.ok(names.includes(n), n);
});

test('create sets server metadata and defaults; duplicate name is 409 AlreadyExists', async () => {
  const r = await api('POST', '/apis/apps/v1/namespaces/default/deployments', deployment('web'));
  assert.is(r.status, 201);
  const m = r.json.metadata;
  assert.ok(/^[0-9a-f-]{36}$/.test(m.uid));
  assert.ok(Number(m.resourceVersion) > 0);
  assert.is(m.generation, 1);
  assert.ok(m.creationTimestamp.endsWith('Z'));
  assert.is(r.json.spec.strategy.rollingUpdate.maxSurge, '25%');
  assert.is(r.json.spec.revisionHistoryLimit, 10);
  assert.is(r.json.spec.progressDeadlineSeconds, 600);
  assert.is(r.json.spec.template.spec.restartPolicy, 'Always');
  const dup = await api('POST', '/apis/apps/v1/namespaces/default/deployments', deployment('web'));
  assert.is(dup.status, 409);
  assert.is(dup.json.kind, 'Status');
  assert.is(dup.json.reason, 'AlreadyExists');
  assert.is(dup.json.message, 'deployments.apps "web" already exists');
});

test('get of a missing object is a 404 Status worded like Kubernetes', async () => {
  const r = await api('GET', '/api/v1/namespaces/default/pods/ghost');
  assert.is(r.status, 404);
  assert.is(r.json.reason, 'NotFound');
  assert.is(r.json.message, 'pods "ghost" not found');
});

test('create in a missing namespace is 404', async () => {
  const r = await api('POST', '/api/v1/namespaces/nowhere/configmaps', { metadata: { name: 'x' } });
  assert.is(r.status, 404);
  assert.is(r.json.message, 'namespaces "nowhere" not found');
});

test('update with a stale resourceVersion is 409 Conflict; generation moves on spec changes only', async () => {
  const cur = (await api('GET', '/apis/apps/v1/namespaces/default/deployments/web')).json;
  const next = structuredClone(cur);
  next.spec.replicas = 5;
  const ok = await api('PUT', '/apis/apps/v1/namespaces/default/deployments/web', next);
  assert.is(ok.status, 200);
  assert.is(ok.json.metadata.generation, 2);
  const stale = await api('PUT', '/apis/apps/v1/namespaces/default/deployments/web', { ...next, spec: { ...next.spec, replicas: 7 } });
  assert.is(stale.status, 409);
  assert.is(stale.json.reason, 'Conflict');
  const labelled = await api('PATCH', '/apis/apps/v1/namespaces/default/deployments/web', { metadata: { labels: { tier: 'web' } } }, { 'Content-Type': 'application/merge-patch+json' });
  assert.is(labelled.json.metadata.generation, 2);
  const status = await api('PATCH', '/apis/apps/v1/namespaces/default/deployments/web/status', { status: { replicas: 5 }, spec: { replicas: 1 } }, { 'Content-Type': 'application/merge-patch+json' });
  assert.is(status.status, 200);
  assert.is(status.json.status.replicas, 5);
  assert.is(status.json.spec.replicas, 5);
  assert.is(status.json.metadata.generation, 2);
  const mainIgnoresStatus = await api('PATCH', '/apis/apps/v1/namespaces/default/deployments/web', { status: { replicas: 99 } }, { 'Content-Type': 'application/merge-patch+json' });
  assert.is(mainIgnoresStatus.json.status.replicas, 5);
});

test('patch: merge, JSON and strategic', async () => {
  const json = await api('PATCH', '/apis/apps/v1/namespaces/default/deployments/web', [{ op: 'replace', path: '/spec/replicas', value: 3 }], { 'Content-Type': 'application/json-patch+json' });
  assert.is(json.json.spec.replicas, 3);
  const smp = await api('PATCH', '/apis/apps/v1/namespaces/default/deployments/web',
    { spec: { template: { spec: { containers: [{ name: 'sidecar', image: 'envoy' }] } } } }, { 'Content-Type': 'application/strategic-merge-patch+json' });
  assert.equal(smp.json.spec.template.spec.containers.map((x: any) => x.name).sort(), ['sidecar', 'web']);
  const failedTest = await api('PATCH', '/apis/apps/v1/namespaces/default/deployments/web', [{ op: 'test', path: '/spec/replicas', value: 42 }], { 'Content-Type': 'application/json-patch+json' });
  assert.ok(failedTest.status === 422 || failedTest.status === 400, String(failedTest.status));
  assert.is((await api('PATCH', '/apis/apps/v1/namespaces/default/deployments/ghost', {}, { 'Content-Type': 'application/merge-patch+json' })).status, 404);
});

test('immutable fields: a deployment selector and pod spec fields other than images cannot change', async () => {
  const sel = await api('PATCH', '/apis/apps/v1/namespaces/default/deployments/web', { spec: { selector: { matchLabels: { app: 'other' } }, template: { metadata: { labels: { app: 'other' } } } } }, { 'Content-Type': 'application/merge-patch+json' });
  assert.is(sel.status, 422);
  assert.match(sel.json.message, /spec\.selector: Invalid value: .*field is immutable/);
  await api('POST', '/api/v1/namespaces/default/pods', pod('imm'));
  const image = await api('PATCH', '/api/v1/namespaces/default/pods/imm', { spec: { containers: [{ name: 'c', image: 'busybox:1.36' }] } }, { 'Content-Type': 'application/strategic-merge-patch+json' });
  assert.is(image.status, 200);
  assert.is(image.json.spec.containers[0].image, 'busybox:1.36');
  const cmd = await api('PATCH', '/api/v1/namespaces/default/pods/imm', { spec: { containers: [{ name: 'c', command: ['sh'] }] } }, { 'Content-Type': 'application/strategic-merge-patch+json' });
  assert.is(cmd.status, 422);
  assert.match(cmd.json.message, /pod updates may not change fields/);
  assert.is((await api('DELETE', '/api/v1/namespaces/default/pods/imm')).status, 200);
});

test('scale subresource reads and writes an autoscaling/v1 Scale', async () => {
  const s = await api('GET', '/apis/apps/v1/namespaces/default/deployments/web/scale');
  assert.is(s.json.kind, 'Scale');
  assert.is(s.json.apiVersion, 'autoscaling/v1');
  assert.is(s.json.spec.replicas, 3);
  assert.is(s.json.status.selector, 'app=web');
  const p = await api('PATCH', '/apis/apps/v1/namespaces/default/deployments/web/scale', { spec: { replicas: 4 } }, { 'Content-Type': 'application/merge-patch+json' });
  assert.is(p.json.spec.replicas, 4);
  assert.is((await api('GET', '/apis/apps/v1/namespaces/default/deployments/web')).json.spec.replicas, 4);
});

test('server-side apply creates a missing object and merges into an existing one', async () => {
  const body = JSON.stringify({ apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: 'ssa' }, data: { a: '1' } });
  const created = await api('PATCH', '/api/v1/namespaces/default/configmaps/ssa?fieldManager=kubectl', body, { 'Content-Type': 'application/apply-patch+yaml' });
  assert.is(created.status, 201);
  const merged = await api('PATCH', '/api/v1/namespaces/default/configmaps/ssa?fieldManager=kubectl', 'data:\n  b: "2"\n', { 'Content-Type': 'application/apply-patch+yaml' });
  assert.is(merged.status, 200);
  assert.equal(merged.json.data, { a: '1', b: '2' });
});

test('label and field selectors, limit and continue', async () => {
  for (let i = 0; i < 5; i++) assert.is((await api('POST', '/api/v1/namespaces/default/pods', pod(`p${i}`, { app: i % 2 ? 'odd' : 'even', n: String(i) }))).status, 201);
  const names = async (q: string) => (await api('GET', `/api/v1/namespaces/default/pods?${q}`)).json.items.map((p: any) => p.metadata.name);
  assert.equal(await names('labelSelector=app%3Dodd'), ['p1', 'p3']);
  assert.equal(await names('labelSelector=app%20in%20(odd),n!%3D1'), ['p3']);
  assert.equal(await names('labelSelector=!missing,n%20notin%20(0,1,2)'), ['p3', 'p4']);
  assert.equal(await names('fieldSelector=metadata.name%3Dp2'), ['p2']);
  assert.equal(await names('fieldSelector=status.phase%3DPending,metadata.name!%3Dp0'), ['p1', 'p2', 'p3', 'p4']);
  const bad = await api('GET', '/api/v1/namespaces/default/pods?fieldSelector=spec.bogus%3Dx');
  assert.is(bad.status, 400);
  const page1 = (await api('GET', '/api/v1/namespaces/default/pods?limit=2')).json;
  assert.is(page1.items.length, 2);
  assert.ok(page1.metadata.continue);
  const page2 = (await api('GET', `/api/v1/namespaces/default/pods?limit=2&continue=${page1.metadata.continue}`)).json;
  const page3 = (await api('GET', `/api/v1/namespaces/default/pods?limit=2&continue=${page2.metadata.continue}`)).json;
  assert.equal([...page1.items, ...page2.items, ...page3.items].map((p: any) => p.metadata.name), ['p0', 'p1', 'p2', 'p3', 'p4']);
  assert.is(page3.metadata.continue, undefined);
  const all = await names('');
  assert.equal(all, ['p0', 'p1', 'p2', 'p3', 'p4']);
  const everywhere = (await api('GET', '/api/v1/pods')).json.items.length;
  assert.is(everywhere, 5);
});

test('Tables: pods have kubectl columns and PartialObjectMetadata rows', async () => {
  const t = (await api('GET', '/api/v1/namespaces/default/pods?limit=500', undefined, { Accept: TABLE })).json;
  assert.is(t.kind, 'Table');
  assert.is(t.apiVersion, 'meta.k8s.io/v1');
  assert.equal(t.columnDefinitions.filter((d: any) => d.priority === 0).map((d: any) => d.name), ['Name', 'Ready', 'Status', 'Restarts', 'Age']);
  assert.is(t.rows.length, 5);
  assert.is(t.rows[0].cells[0], 'p0');
  assert.is(t.rows[0].object.kind, 'PartialObjectMetadata');
  assert.is(t.rows[0].object.metadata.labels.app, 'even');
  assert.ok(Number(t.metadata.resourceVersion) > 0);
});

test('binding sets the node once; a second binding is 409', async () => {
  const b = await api('POST', '/api/v1/namespaces/default/pods/p0/binding', { apiVersion: 'v1', kind: 'Binding', metadata: { name: 'p0' }, target: { kind: 'Node', name: 'n1' } });
  assert.is(b.status, 201);
  const p = (await api('GET', '/api/v1/namespaces/default/pods/p0')).json;
  assert.is(p.spec.nodeName, 'n1');
  assert.is(p.status.conditions.find((x: any) => x.type === 'PodScheduled').status, 'True');
  const again = await api('POST', '/api/v1/namespaces/default/pods/p0/binding', { target: { name: 'n2' } });
  assert.is(again.status, 409);
});

test('graceful deletion of a bound pod marks it; force deletion removes it', async () => {
  const marked = await api('DELETE', '/api/v1/namespaces/default/pods/p0', { propagationPolicy: 'Background' });
  assert.is(marked.status, 202);
  assert.ok(marked.json.metadata.deletionTimestamp);
  assert.is(marked.json.metadata.deletionGracePeriodSeconds, 30);
  assert.is((await api('GET', '/api/v1/namespaces/default/pods/p0')).status, 200);
  const forced = await api('DELETE', '/api/v1/namespaces/default/pods/p0', { gracePeriodSeconds: 0 });
  assert.is(forced.status, 200);
  assert.is((await api('GET', '/api/v1/namespaces/default/pods/p0')).status, 404);
});

test('eviction deletes an unbound pod', async () => {
  const e = await api('POST', '/api/v1/namespaces/default/pods/p1/eviction', { apiVersion: 'policy/v1', kind: 'Eviction', metadata: { name: 'p1', namespace: 'default' } });
  assert.is(e.status, 201);
  assert.is((await api('GET', '/api/v1/namespaces/default/pods/p1')).status, 404);
});

test('finalizers hold deletion until they are removed', async () => {
  await api('POST', '/api/v1/namespaces/default/configmaps', { metadata: { name: 'held', finalizers: ['example.com/hold'] } });
  const d = await api('DELETE', '/api/v1/namespaces/default/configmaps/held');
  assert.is(d.status, 202);
  assert.ok(d.json.metadata.deletionTimestamp);
  assert.is((await api('GET', '/api/v1/namespaces/default/configmaps/held')).status, 200);
  const cleared = await api('PATCH', '/api/v1/namespaces/default/configmaps/held', { metadata: { finalizers: null } }, { 'Content-Type': 'application/merge-patch+json' });
  assert.is(cleared.status, 200);
  assert.is((await api('GET', '/api/v1/namespaces/default/configmaps/held')).status, 404);
});

test('delete preconditions: a wrong uid is 409', async () => {
  await api('POST', '/api/v1/namespaces/default/configmaps', { metadata: { name: 'pre' } });
  const r = await api('DELETE', '/api/v1/namespaces/default/configmaps/pre', { preconditions: { uid: 'not-the-uid' } });
  assert.is(r.status, 409);
  assert.is((await api('GET', '/api/v1/namespaces/default/configmaps/pre')).status, 200);
});

test('dry-run deletes (query or DeleteOptions body) answer the object and keep it; a bad dryRun value is 400', async () => {
  await api('POST', '/api/v1/namespaces/default/configmaps', { metadata: { name: 'dry' } });
  const byQuery = await api('DELETE', '/api/v1/namespaces/default/configmaps/dry?dryRun=All');
  assert.is(byQuery.status, 200);
  assert.is(byQuery.json.metadata.name, 'dry');
  const byBody = await api('DELETE', '/api/v1/namespaces/default/configmaps/dry', { kind: 'DeleteOptions', apiVersion: 'v1', dryRun: ['All'] });
  assert.is(byBody.status, 200);
  const collection = await api('DELETE', '/api/v1/namespaces/default/configmaps?fieldSelector=metadata.name%3Ddry', { dryRun: ['All'] });
  assert.is(collection.status, 200);
  assert.is(collection.json.items.length, 1);
  assert.is((await api('GET', '/api/v1/namespaces/default/configmaps/dry')).status, 200, 'still there after three dry runs');
  const bad = await api('DELETE', '/api/v1/namespaces/default/configmaps/dry', { dryRun: ['Some'] });
  assert.is(bad.status, 400);
  assert.is((await api('DELETE', '/api/v1/namespaces/default/configmaps/dry')).status, 200);
  assert.is((await api('GET', '/api/v1/namespaces/default/configmaps/dry')).status, 404);
});

test('deleting a namespace makes it Terminating and refuses new content', async () => {
  assert.is((await api('POST', '/api/v1/namespaces', { metadata: { name: 'doomed' } })).status, 201);
  const d = await api('DELETE', '/api/v1/namespaces/doomed');
  assert.is(d.json.status.phase, 'Terminating');
  const r = await api('POST', '/api/v1/namespaces/doomed/configmaps', { metadata: { name: 'late' } });
  assert.is(r.status, 403);
  const fin = await api('PUT', '/api/v1/namespaces/doomed/finalize', { ...d.json, spec: { finalizers: [] } });
  assert.is(fin.status, 200);
  assert.is((await api('GET', '/api/v1/namespaces/doomed')).status, 404);
});

test('the built-in namespaces cannot be deleted: 403 Forbidden, also in a dry run, and they stay Active', async () => {
  for (const name of ['default', 'kube-system', 'kube-public', 'kube-node-lease']) {
    for (const query of ['', '?dryRun=All']) {
      const r = await api('DELETE', `/api/v1/namespaces/${name}${query}`, { propagationPolicy: 'Background' });
      assert.is(r.status, 403, `${name}${query}`);
      assert.is(r.json.kind, 'Status');
      assert.is(r.json.reason, 'Forbidden');
      assert.is(r.json.message, `namespaces "${name}" is forbidden: this namespace may not be deleted`);
      assert.equal(r.json.details, { name, kind: 'namespaces' });
    }
    const ns = (await api('GET', `/api/v1/namespaces/${name}`)).json;
    assert.is(ns.status.phase, 'Active', name);
    assert.is(ns.metadata.deletionTimestamp, undefined, name);
  }
});

test('deletecollection of namespaces skips the built-in ones with a warning and deletes the rest', async () => {
  assert.is((await api('POST', '/api/v1/namespaces', { metadata: { name: 'purge-me', labels: { purge: 'yes' } } })).status, 201);
  const labels = { metadata: { labels: { purge: 'yes' } } };
  assert.is((await api('PATCH', '/api/v1/namespaces/default', labels, { 'Content-Type': 'application/merge-patch+json' })).status, 200);
  assert.is((await api('PATCH', '/api/v1/namespaces/kube-system', labels, { 'Content-Type': 'application/merge-patch+json' })).status, 200);
  const r = await api('DELETE', '/api/v1/namespaces?labelSelector=purge%3Dyes');
  assert.is(r.status, 200, r.text);
  assert.equal(r.json.items.map((n: any) => n.metadata.name), ['purge-me']);
  const warning = String(r.headers.warning);
  assert.match(warning, 'namespaces \\"default\\" is forbidden: this namespace may not be deleted');
  assert.match(warning, 'namespaces \\"kube-system\\" is forbidden: this namespace may not be deleted');
  assert.is((await api('GET', '/api/v1/namespaces/purge-me')).json.status.phase, 'Terminating');
  for (const name of ['default', 'kube-system']) {
    assert.is((await api('GET', `/api/v1/namespaces/${name}`)).json.status.phase, 'Active', name);
    const off = await api('PATCH', `/api/v1/namespaces/${name}`, { metadata: { labels: { purge: null } } }, { 'Content-Type': 'application/merge-patch+json' });
    assert.is(off.status, 200);
  }
  const onlyBuiltin = await api('DELETE', '/api/v1/namespaces?fieldSelector=metadata.name%3Dkube-public');
  assert.is(onlyBuiltin.status, 200);
  assert.is(onlyBuiltin.json.kind, 'Status');
  assert.match(String(onlyBuiltin.headers.warning), 'namespaces \\"kube-public\\" is forbidden');
  assert.is((await api('GET', '/api/v1/namespaces/kube-public')).json.status.phase, 'Active');
});

test('generation exists only for kinds whose strategy tracks it, and moves as theirs does', async () => {
  const cm = await api('POST', '/api/v1/namespaces/default/configmaps', { metadata: { name: 'gen', generation: 7 }, data: { a: '1' } });
  assert.is(cm.status, 201);
  assert.is(cm.json.metadata.generation, undefined, 'ConfigMap: none, and a client cannot set one');
  const cmData = await api('PATCH', '/api/v1/namespaces/default/configmaps/gen', { data: { a: '2' } }, { 'Content-Type': 'application/merge-patch+json' });
  assert.is(cmData.json.metadata.generation, undefined, 'a data change does not add one');
  const put = await api('PUT', '/api/v1/namespaces/default/configmaps/gen', { ...cmData.json, metadata: { ...cmData.json.metadata, generation: 3 } });
  assert.is(put.json.metadata.generation, undefined, 'an update cannot set one');
  const ns = await api('POST', '/api/v1/namespaces', { metadata: { name: 'gen-ns' } });
  assert.is(ns.json.metadata.generation, undefined, 'Namespace');
  const secret = await api('POST', '/api/v1/namespaces/default/secrets', { metadata: { name: 'gen' }, stringData: { k: 'v' } });
  assert.is(secret.json.metadata.generation, undefined, 'Secret');
  const p = await api('POST', '/api/v1/namespaces/default/pods', pod('gen'));
  assert.is(p.json.metadata.generation, undefined, 'Pod (Kubernetes 1.32)');
  assert.is((await api('DELETE', '/api/v1/namespaces/default/pods/gen')).status, 200);
  const svc = await api('POST', '/api/v1/namespaces/default/services', { metadata: { name: 'gen' }, spec: { ports: [{ port: 80 }] } });
  assert.is(svc.json.metadata.generation, undefined, 'Service');
  const job = await api('POST', '/apis/batch/v1/namespaces/default/jobs', { metadata: { name: 'gen' }, spec: { template: { spec: { restartPolicy: 'Never', containers: [{ name: 'c', image: 'busybox' }] } } } });
  assert.is(job.json.metadata.generation, 1, 'Job');
  const slice = { metadata: { name: 'gen', labels: { 'kubernetes.io/service-name': 'gen' } }, addressType: 'IPv4', endpoints: [{ addresses: ['10.0.0.1'] }], ports: [{ port: 80 }] };
  const eps = await api('POST', '/apis/discovery.k8s.io/v1/namespaces/default/endpointslices', slice);
  assert.is(eps.status, 201, eps.text);
  assert.is(eps.json.metadata.generation, 1, 'EndpointSlice');
  const relabelled = await api('PATCH', '/apis/discovery.k8s.io/v1/namespaces/default/endpointslices/gen', { metadata: { labels: { extra: 'x' } } }, { 'Content-Type': 'application/merge-patch+json' });
  assert.is(relabelled.json.metadata.generation, 2, 'EndpointSlice: a label change bumps it');
  const annotated = await api('PATCH', '/apis/discovery.k8s.io/v1/namespaces/default/endpointslices/gen', { metadata: { annotations: { note: 'x' } } }, { 'Content-Type': 'application/merge-patch+json' });
  assert.is(annotated.json.metadata.generation, 2, 'EndpointSlice: an annotation change does not');
  const moved = await api('PATCH', '/apis/discovery.k8s.io/v1/namespaces/default/endpointslices/gen', { endpoints: [{ addresses: ['10.0.0.2'] }] }, { 'Content-Type': 'application/merge-patch+json' });
  assert.is(moved.json.metadata.generation, 3, 'EndpointSlice: an endpoint change bumps it');
  const pc = await api('POST', '/apis/scheduling.k8s.io/v1/priorityclasses', { metadata: { name: 'gen' }, value: 10 });
  assert.is(pc.status, 201, pc.text);
  assert.is(pc.json.metadata.generation, 1, 'PriorityClass');
  const described = await api('PATCH', '/apis/scheduling.k8s.io/v1/priorityclasses/gen', { description: 'changed' }, { 'Content-Type': 'application/merge-patch+json' });
  assert.is(described.status, 200, described.text);
  assert.is(described.json.metadata.generation, 1, 'PriorityClass: never moves');
  for (const path of ['/api/v1/namespaces/gen-ns', '/api/v1/namespaces/default/configmaps/gen', '/api/v1/namespaces/default/secrets/gen', '/api/v1/namespaces/default/services/gen',
    '/apis/batch/v1/namespaces/default/jobs/gen', '/apis/discovery.k8s.io/v1/namespaces/default/endpointslices/gen', '/apis/scheduling.k8s.io/v1/priorityclasses/gen']) {
    assert.ok([200, 202].includes((await api('DELETE', path)).status), path);
  }
});

test('deletecollection removes only the selected objects', async () => {
  const r = await api('DELETE', '/api/v1/namespaces/default/pods?labelSelector=app%3Deven');
  assert.is(r.status, 200);
  const left = (await api('GET', '/api/v1/namespaces/default/pods')).json.items.map((p: any) => p.metadata.name);
  assert.equal(left, ['p3']);
});

test('watch streams ADDED/MODIFIED/DELETED from a resourceVersion, with selectors and bookmarks', async () => {
  const list = (await api('GET', '/api/v1/namespaces/default/configmaps')).json;
  const w = openWatch(c.url, `/api/v1/namespaces/default/configmaps?watch=true&resourceVersion=${list.metadata.resourceVersion}&labelSelector=w%3D1&allowWatchBookmarks=true`);
  assert.is(await w.status, 200);
  await api('POST', '/api/v1/namespaces/default/configmaps', { metadata: { name: 'w1', labels: { w: '1' } } });
  await api('POST', '/api/v1/namespaces/default/configmaps', { metadata: { name: 'other' } });
  await api('PATCH', '/api/v1/namespaces/default/configmaps/w1', { data: { k: 'v' } }, { 'Content-Type': 'application/merge-patch+json' });
  await api('PATCH', '/api/v1/namespaces/default/configmaps/w1', { metadata: { labels: { w: '2' } } }, { 'Content-Type': 'application/merge-patch+json' });
  await w.waitFor(3);
  const real = () => w.events.filter((e) => e.type !== 'BOOKMARK');
  assert.equal(real().map((e) => `${e.type} ${e.object.metadata.name}`), ['ADDED w1', 'MODIFIED w1', 'DELETED w1']);
  await new Promise((r) => setTimeout(r, 1300));
  const bm = w.events.find((e) => e.type === 'BOOKMARK');
  assert.ok(bm, 'a bookmark arrives');
  assert.ok(Number(bm.object.metadata.resourceVersion) >= Number(real()[2].object.metadata.resourceVersion));
  w.close();
});

test('watch in Table form sends one-row Tables', async () => {
  const w = openWatch(c.url, '/api/v1/namespaces/default/pods?watch=true', { Accept: TABLE });
  await w.waitFor(1);
  assert.is(w.events[0].type, 'ADDED');
  assert.is(w.events[0].object.kind, 'Table');
  assert.is(w.events[0].object.rows.length, 1);
  w.close();
});

test('events older than the TTL expire with a DELETED event', async () => {
  const { expireEvents } = await import('../src/apiserver/event-ttl.js');
  const ev = (name: string, at: string) => ({ metadata: { name }, involvedObject: { kind: 'Pod', name: 'p', namespace: 'default' }, reason: 'Test', message: 'm', type: 'Normal', source: { component: 'test' }, firstTimestamp: at, lastTimestamp: at, count: 1 });
  assert.is((await api('POST', '/api/v1/namespaces/default/events', ev('old', '2020-01-01T00:00:00Z'))).status, 201);
  assert.is((await api('POST', '/api/v1/namespaces/default/events', ev('fresh', new Date().toISOString().replace(/\.\d+Z/, 'Z')))).status, 201);
  const ctx = c.apiserver.context;
  await ctx.cache.waitFor(await ctx.store.currentRevision());
  assert.is(await expireEvents(ctx.cache, ctx.objects, 3600_000), 1);
  assert.is((await api('GET', '/api/v1/namespaces/default/events/old')).status, 404);
  assert.is((await api('GET', '/api/v1/namespaces/default/events/fresh')).status, 200);
});

test('/metrics exposes request counters and watchers', async () => {
  const m = await api('GET', '/metrics');
  assert.is(m.status, 200);
  assert.match(m.text, /apiserver_request_total\{verb="create",resource="deployments.apps",subresource="",code="201"\} \d+/);
  assert.match(m.text, /apiserver_registered_watchers/);
  assert.match(m.text, /redkube_store_operation_duration_seconds_bucket/);
});

test.run();
