import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { threeWayPatch } from '../src/cli/apply/three-way.js';
import { withLastApplied, namespaceFor, LAST_APPLIED } from '../src/cli/apply/run-apply.js';
import { patchSchemaOfKind } from '../src/apiserver/patch/merge-keys.js';
import { strategicMerge } from '../src/apiserver/patch/strategic-merge.js';
import { mergePatch } from '../src/apiserver/patch/merge-patch.js';
import { parseChanges, metadataPatch } from '../src/cli/metadata-edit.js';
import { splitArgs } from '../src/cli/label-command.js';
import { configMapObject, containerNameOf, dataEntries, deploymentObject, jobObject, secretObject, serviceObject } from '../src/cli/generators.js';
import { setImagePatch } from '../src/cli/pod-template.js';
import { parseManifests } from '../src/cli/manifests.js';
import { mergeDocs, minify, redact, setContextFields } from '../src/cli/kubeconfig-edit.js';
import { describeObject } from '../src/cli/describe/describers.js';
import { titleCase } from '../src/cli/describe/writer.js';
import { gracePeriodOf } from '../src/cli/delete/run-delete.js';
import { dryRunOf } from '../src/cli/write-results.js';
import type { ApiResource } from '../src/cli/discovery.js';

type Obj = Record<string, any>;
const deploySchema = patchSchemaOfKind('Deployment')!;

function deployment(containers: Obj[], extra: Obj = {}): Obj {
  return { apiVersion: 'apps/v1', kind: 'Deployment', metadata: { name: 'web' }, spec: { replicas: 2, template: { spec: { containers } }, ...extra } };
}

/** Applies the three-way patch to the live object as the server would. */
function applyThreeWay(original: Obj | undefined, modified: Obj, live: Obj): { patch: Obj; result: Obj } {
  const patch = threeWayPatch(original, modified, live, deploySchema);
  return { patch, result: strategicMerge(structuredClone(live), structuredClone(patch), deploySchema) };
}

test('three-way: a field dropped from the manifest is deleted, fields others set survive', () => {
  const original = deployment([{ name: 'nginx', image: 'nginx:1', env: [{ name: 'A', value: '1' }, { name: 'B', value: '2' }] }], { paused: true });
  const modified = deployment([{ name: 'nginx', image: 'nginx:2', env: [{ name: 'A', value: '1' }] }]);
  const live = structuredClone(original);
  live.spec.replicas = 5;
  live.spec.template.spec.containers[0].imagePullPolicy = 'IfNotPresent';
  live.spec.template.spec.containers.push({ name: 'sidecar', image: 'x' });
  const { patch, result } = applyThreeWay(original, modified, live);
  assert.is(result.spec.paused, undefined, 'dropped field removed');
  assert.is(result.spec.replicas, 2, 'manifest value wins over the live change');
  const nginx = result.spec.template.spec.containers.find((c: Obj) => c.name === 'nginx');
  assert.is(nginx.image, 'nginx:2');
  assert.is(nginx.imagePullPolicy, 'IfNotPresent', 'defaulted field kept');
  assert.equal(nginx.env, [{ name: 'A', value: '1' }], 'env B removed by merge key');
  assert.ok(result.spec.template.spec.containers.some((c: Obj) => c.name === 'sidecar'), 'element added by another writer kept');
  assert.equal(patch.spec.template.spec['$setElementOrder/containers'], [{ name: 'nginx' }]);
  assert.equal(patch.spec.paused, null);
});

test('three-way: removing a list element sends $patch: delete; unchanged is {}', () => {
  const original = deployment([{ name: 'a', image: '1' }, { name: 'b', image: '2' }]);
  const modified = deployment([{ name: 'a', image: '1' }]);
  const { patch, result } = applyThreeWay(original, modified, structuredClone(original));
  assert.equal(patch.spec.template.spec.containers, [{ $patch: 'delete', name: 'b' }]);
  assert.equal(result.spec.template.spec.containers.map((c: Obj) => c.name), ['a']);
  assert.equal(threeWayPatch(modified, modified, structuredClone(modified), deploySchema), {});
});

test('three-way: first apply over an object created elsewhere only adds; finalizers are a primitive set', () => {
  const live = { metadata: { name: 'x', finalizers: ['a', 'b'], labels: { keep: '1' } } };
  const modified = { metadata: { name: 'x', finalizers: ['a', 'c'], labels: { app: 'x' } } };
  const schema = patchSchemaOfKind('ConfigMap');
  assert.equal(threeWayPatch(undefined, modified, live, schema), {
    metadata: { finalizers: ['c'], '$setElementOrder/finalizers': ['a', 'c'], labels: { app: 'x' } },
  });
  const original = { metadata: { name: 'x', finalizers: ['a', 'b'] } };
  assert.equal((threeWayPatch(original, modified, live, schema) as Obj).metadata['$deleteFromPrimitiveList/finalizers'], ['b']);
});

test('three-way without a schema is a JSON merge patch (lists atomic)', () => {
  const original = { spec: { items: [1, 2], old: true } };
  const modified = { spec: { items: [1] } };
  const live = { spec: { items: [1, 2], old: true, other: 'x' } };
  const patch = threeWayPatch(original, modified, live, undefined);
  assert.equal(patch, { spec: { old: null, items: [1] } });
  assert.equal(mergePatch(structuredClone(live), patch as never), { spec: { items: [1], other: 'x' } });
});

test('last-applied annotation is the sorted manifest without itself, newline-terminated', () => {
  const m = withLastApplied({ kind: 'ConfigMap', apiVersion: 'v1', metadata: { name: 'c', annotations: { [LAST_APPLIED]: 'old', x: 'y' } }, data: { b: '1', a: '2' } });
  assert.is(m.metadata.annotations[LAST_APPLIED], '{"apiVersion":"v1","data":{"a":"2","b":"1"},"kind":"ConfigMap","metadata":{"annotations":{"x":"y"},"name":"c"}}\n');
  assert.is(m.metadata.annotations.x, 'y');
});

test('namespace of a manifest: its own, else the default; a conflict with -n is refused', () => {
  const r = { namespaced: true } as ApiResource;
  assert.is(namespaceFor(r, { metadata: {} }, { namespace: 'dev', explicitNamespace: false }), 'dev');
  assert.is(namespaceFor(r, { metadata: { namespace: 'prod' } }, { namespace: 'default', explicitNamespace: false }), 'prod');
  assert.throws(() => namespaceFor(r, { metadata: { namespace: 'prod' } }, { namespace: 'dev', explicitNamespace: true }), /does not match the namespace "dev"/);
  assert.is(namespaceFor({ namespaced: false } as ApiResource, { metadata: { namespace: 'x' } }, { namespace: 'dev', explicitNamespace: true }), undefined);
});

test('label/annotate: set, remove, overwrite rule, no-op', () => {
  assert.equal(splitArgs(['pod', 'a', 'x=1', 'y-']), { objects: ['pod', 'a'], changes: ['x=1', 'y-'] });
  const ch = parseChanges(['x=1', 'y-'], 'label');
  assert.equal(metadataPatch('labels', { y: '2' }, ch, false), { metadata: { labels: { x: '1', y: null } } });
  assert.throws(() => metadataPatch('labels', { x: '0' }, ch, false), /'x' already has a value \(0\), and --overwrite is false/);
  assert.equal(metadataPatch('labels', { x: '0' }, ch, true), { metadata: { labels: { x: '1' } } });
  assert.is(metadataPatch('labels', { x: '1' }, ch, false), undefined);
  assert.throws(() => parseChanges([], 'label'), /at least one label update/);
  assert.throws(() => parseChanges(['a=1', 'a-'], 'label'), /both modify and remove/);
});

test('generators build what kubectl builds', () => {
  assert.is(containerNameOf('registry.io/team/nginx:1.27'), 'nginx');
  assert.is(containerNameOf('busybox@sha256:abc'), 'busybox');
  const d = deploymentObject('web', ['nginx:1.27'], 3, 80);
  assert.equal(d.spec.selector, { matchLabels: { app: 'web' } });
  assert.equal(d.spec.template.spec.containers, [{ name: 'nginx', image: 'nginx:1.27', ports: [{ containerPort: 80 }] }]);
  const data = dataEntries(['a=1', 'b=x=y'], ['conf=/f'], () => Buffer.from('file'));
  assert.equal(configMapObject('c', data).data, { a: '1', b: 'x=y', conf: 'file' });
  assert.equal(secretObject('s', data).data.a, 'MQ==');
  assert.throws(() => dataEntries(['a=1', 'a=2']), /another key by that name/);
  assert.equal(jobObject('once', 'busybox', ['echo', 'hi']).spec.template.spec, { containers: [{ name: 'once', image: 'busybox', command: ['echo', 'hi'] }], restartPolicy: 'Never' });
  assert.equal(serviceObject('web', 'NodePort', ['80:8080'], 30080).spec.ports, [{ name: '80-8080', port: 80, protocol: 'TCP', targetPort: 8080, nodePort: 30080 }]);
  assert.throws(() => serviceObject('web', 'ClusterIP', ['x']), /invalid --tcp/);
});

test('set image patches the pod template of each kind', () => {
  const d = deployment([{ name: 'nginx', image: 'a' }, { name: 'side', image: 'b' }]);
  assert.equal(setImagePatch('Deployment', d, { nginx: 'c' }), { spec: { template: { spec: { containers: [{ name: 'nginx', image: 'c' }] } } } });
  assert.equal(setImagePatch('Deployment', d, { '*': 'z' }).spec.template.spec.containers.length, 2);
  assert.equal(setImagePatch('Pod', { spec: { containers: [{ name: 'x', image: 'a' }] } }, { x: 'b' }), { spec: { containers: [{ name: 'x', image: 'b' }] } });
  assert.ok(setImagePatch('CronJob', { spec: { jobTemplate: { spec: { template: { spec: { containers: [{ name: 'x' }] } } } } } }, { x: 'b' }).spec.jobTemplate);
  assert.throws(() => setImagePatch('Deployment', d, { nope: 'x' }), /unable to find container named "nope"/);
});

test('manifests: multi-document YAML, JSON, Lists, empty documents, errors', () => {
  const yaml = 'apiVersion: v1\nkind: ConfigMap\nmetadata: {name: a}\n---\n---\napiVersion: v1\nkind: List\nitems:\n- {apiVersion: v1, kind: ConfigMap, metadata: {name: b}}\n';
  assert.equal(parseManifests(yaml, 'f').map((m) => m.object.metadata.name), ['a', 'b']);
  assert.equal(parseManifests('{"apiVersion":"v1","kind":"Namespace","metadata":{"name":"n"}}', 'j').map((m) => m.object.kind), ['Namespace']);
  assert.throws(() => parseManifests('metadata: {name: x}\n', 'f'), /apiVersion not set, kind not set/);
  assert.throws(() => parseManifests('a: [\n', 'f'), /error parsing f/);
});

test('kubeconfig: merge (first wins), redaction, minify, set-context', () => {
  const files = [
    { path: 'a', doc: { 'current-context': 'one', contexts: [{ name: 'one', context: { cluster: 'c1', user: 'u1' } }], clusters: [{ name: 'c1', cluster: { server: 's1', 'certificate-authority-data': 'QQ==' } }], users: [{ name: 'u1', user: { token: 't' } }] } },
    { path: 'b', doc: { 'current-context': 'two', contexts: [{ name: 'one', context: { cluster: 'other' } }, { name: 'two', context: { cluster: 'c2' } }], clusters: [{ name: 'c2', cluster: { server: 's2' } }] } },
  ];
  const merged = mergeDocs(files);
  assert.is(merged['current-context'], 'one');
  assert.equal(merged.contexts.map((c) => c.name), ['one', 'two']);
  assert.equal((merged.contexts[0].context as Obj).cluster, 'c1');
  const red = redact(merged);
  assert.is((red.clusters![0].cluster as Obj)['certificate-authority-data'], 'DATA+OMITTED');
  assert.is((red.users![0].user as Obj).token, 'REDACTED');
  const min = minify(merged);
  assert.equal([min.contexts!.length, min.clusters!.map((c) => c.name)], [1, ['c1']]);
  const set = setContextFields(files[0].doc, 'one', { namespace: 'dev' });
  assert.equal(set.contexts![0], { name: 'one', context: { cluster: 'c1', user: 'u1', namespace: 'dev' } });
  assert.equal(setContextFields({}, 'new', { cluster: 'c' }).contexts, [{ name: 'new', context: { cluster: 'c' } }]);
});

test('describe lays fields out like kubectl, with events', () => {
  const now = Date.parse('2024-01-01T00:10:00Z');
  const pod = {
    metadata: { name: 'web-1', namespace: 'default', labels: { app: 'web', tier: 'x' } },
    spec: { nodeName: 'n1', containers: [{ name: 'nginx', image: 'nginx:1', ports: [{ containerPort: 80 }] }] },
    status: { phase: 'Running', podIP: '10.0.0.5', hostIP: '192.168.1.2', containerStatuses: [{ name: 'nginx', ready: true, restartCount: 1, state: { running: { startedAt: 'T' } } }], conditions: [{ type: 'Ready', status: 'True' }] },
  };
  const events = [{ type: 'Normal', reason: 'Pulled', message: 'ok', count: 3, firstTimestamp: '2024-01-01T00:00:00Z', lastTimestamp: '2024-01-01T00:09:00Z', source: { component: 'kubelet' } }];
  const text = describeObject('Pod', pod, true, events, now);
  assert.match(text, /^Name:             web-1\nNamespace:        default\n/);
  assert.match(text, /^Labels:           app=web\n                  tier=x\n/m);
  assert.match(text, /^Node:             n1\/192\.168\.1\.2$/m);
  assert.match(text, /^    Restart Count:  1$/m);
  assert.match(text, /^  Normal  Pulled  60s \(x3 over 10m\)  kubelet  ok$/m);
  assert.match(describeObject('Widget', { metadata: { name: 'w' }, spec: { fooBar: 1 } }, false, [], now), /^Spec:\n  Foo Bar:  1\nEvents:     <none>\n$/m);
  assert.is(titleCase('creationTimestamp'), 'Creation Timestamp');
  assert.is(titleCase('podIP'), 'Pod IP');
});

test('delete and dry-run flags', () => {
  assert.is(gracePeriodOf({ force: true }), 0);
  assert.is(gracePeriodOf({ 'grace-period': 5 }), 5);
  assert.is(gracePeriodOf({ 'grace-period': -1 }), undefined);
  assert.equal(['client', 'server', 'none', ''].map((v) => dryRunOf({ 'dry-run': v })), ['client', 'server', 'none', 'client']);
  assert.is(dryRunOf({}), 'none');
  assert.throws(() => dryRunOf({ 'dry-run': 'x' }), /Invalid dry-run value/);
});

test.run();
