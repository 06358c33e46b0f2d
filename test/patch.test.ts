/**
 * Table tests of the PATCH module: RFC 7386 merge patch, RFC 6902 JSON patch, and the
 * strategic merge patch requests real kubectl sends (apply, cordon, taint, rollout).
 */
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { ApiError } from '../src/api/errors.js';
import { RESOURCES } from '../src/api/resources.js';
import { applyPatch, parseApplyPatchBody, PATCH_CONTENT_TYPES } from '../src/apiserver/patch/index.js';
import { mergePatch } from '../src/apiserver/patch/merge-patch.js';
import { patchSchemaOfKind } from '../src/apiserver/patch/merge-keys.js';
import type { Json } from '../src/apiserver/patch/json.js';

const MERGE = 'application/merge-patch+json';
const JSONP = 'application/json-patch+json';
const SMP = 'application/strategic-merge-patch+json';

type Obj = Record<string, any>;

const smp = (original: Obj, patch: unknown, kind = 'Deployment'): Obj => applyPatch(SMP, original, JSON.stringify(patch), kind);

/** Runs `fn` and returns the ApiError it throws (fails the test if it does not throw one). */
function apiError(fn: () => unknown): ApiError {
  try {
    fn();
  } catch (err) {
    if (err instanceof ApiError) return err;
    throw err;
  }
  throw new assert.Assertion({ message: 'expected an ApiError', generated: false, operator: 'throws', expects: 'ApiError', actual: 'nothing' });
}

const container = (name: string, image: string, extra: Obj = {}): Obj => ({ name, image, ...extra });

function deployment(containers: Obj[], extra: Obj = {}): Obj {
  return {
    apiVersion: 'apps/v1',
    kind: 'Deployment',
    metadata: { name: 'web', namespace: 'default', labels: { app: 'web' }, annotations: { keep: 'me' } },
    spec: {
      replicas: 2,
      selector: { matchLabels: { app: 'web' } },
      template: { metadata: { labels: { app: 'web' } }, spec: { containers, ...extra } },
    },
  };
}

const names = (list: Obj[]): string[] => list.map((c) => c.name);

// ---------------------------------------------------------------- merge patch (RFC 7386 appendix A)

const RFC7386: [Json, Json, Json][] = [
  [{ a: 'b' }, { a: 'c' }, { a: 'c' }],
  [{ a: 'b' }, { b: 'c' }, { a: 'b', b: 'c' }],
  [{ a: 'b' }, { a: null }, {}],
  [{ a: 'b', b: 'c' }, { a: null }, { b: 'c' }],
  [{ a: ['b'] }, { a: 'c' }, { a: 'c' }],
  [{ a: 'c' }, { a: ['b'] }, { a: ['b'] }],
  [{ a: { b: 'c' } }, { a: { b: 'd', c: null } }, { a: { b: 'd' } }],
  [{ a: [{ b: 'c' }] }, { a: [1] }, { a: [1] }],
  [['a', 'b'], ['c', 'd'], ['c', 'd']],
  [{ a: 'b' }, ['c'], ['c']],
  [{ a: 'foo' }, null, null],
  [{ a: 'foo' }, 'bar', 'bar'],
  [{ e: null }, { a: 1 }, { e: null, a: 1 }],
  [[1, 2], { a: 'b', c: null }, { a: 'b' }],
  [{}, { a: { bb: { ccc: null } } }, { a: { bb: {} } }],
];

test('merge patch: every RFC 7386 appendix example', () => {
  for (const [target, patch, want] of RFC7386) {
    assert.equal(mergePatch(target, patch), want, `${JSON.stringify(target)} + ${JSON.stringify(patch)}`);
  }
});

test('merge patch: kubectl label adds a label, leaves the rest, does not mutate the original', () => {
  const pod = { metadata: { name: 'mypod', labels: { w: '1' } }, spec: { containers: [container('c', 'nginx')] } };
  const before = structuredClone(pod);
  const out = applyPatch(MERGE, pod, Buffer.from('{"metadata":{"labels":{"a":"b"}}}'), 'Pod');
  assert.equal(out.metadata.labels, { w: '1', a: 'b' });
  assert.equal(out.spec, pod.spec);
  assert.equal(pod, before);
  out.spec.containers[0].image = 'changed';
  assert.is(pod.spec.containers[0].image, 'nginx', 'the result shares nothing with the original');
});

test('merge patch: arrays are replaced wholesale and a non-object body is a 400', () => {
  const out = applyPatch(MERGE, deployment([container('a', 'x'), container('b', 'y')]), '{"spec":{"template":{"spec":{"containers":[{"name":"b","image":"z"}]}}}}', 'Deployment');
  assert.equal(out.spec.template.spec.containers, [{ name: 'b', image: 'z' }]);
  assert.is(apiError(() => applyPatch(MERGE, {}, '[1]', 'Pod')).code, 400);
});

// ---------------------------------------------------------------- JSON patch (RFC 6902)

test('json patch: add, replace, remove, move, copy and a passing test op', () => {
  const doc = { metadata: { name: 'x', labels: { a: '1' } }, spec: { list: [1, 2] } };
  const ops = [
    { op: 'test', path: '/metadata/name', value: 'x' },
    { op: 'add', path: '/metadata/labels/b', value: '2' },
    { op: 'replace', path: '/metadata/labels/a', value: 'one' },
    { op: 'add', path: '/spec/list/-', value: 3 },
    { op: 'remove', path: '/spec/list/0' },
    { op: 'copy', from: '/metadata/labels/b', path: '/metadata/labels/c' },
    { op: 'move', from: '/metadata/labels/c', path: '/metadata/labels/d' },
  ];
  const out = applyPatch(JSONP, doc, JSON.stringify(ops), 'Pod');
  assert.equal(out, { metadata: { name: 'x', labels: { a: 'one', b: '2', d: '2' } }, spec: { list: [2, 3] } });
  assert.equal(doc.metadata.labels, { a: '1' }, 'original untouched');
});

test('json patch: kubectl rollout undo replaces /spec/template and /metadata/annotations', () => {
  const cur = deployment([container('nginx', 'nginx:1.28')]);
  const template = { metadata: { creationTimestamp: null, labels: { app: 'web' } }, spec: { containers: [{ name: 'nginx', image: 'nginx:1.27', ports: [{ containerPort: 80 }], resources: {} }] } };
  const annotations = { 'deployment.kubernetes.io/revision': '6' };
  const body = JSON.stringify([{ op: 'replace', path: '/spec/template', value: template }, { op: 'replace', path: '/metadata/annotations', value: annotations }]);
  const out = applyPatch(JSONP, cur, body, 'Deployment');
  assert.equal(out.spec.template, template);
  assert.equal(out.metadata.annotations, annotations);
  assert.is(out.spec.replicas, 2);
});

const JSON_PATCH_FAILURES: [string, unknown, number][] = [
  ['failed test op', [{ op: 'test', path: '/metadata/name', value: 'other' }], 422],
  ['replace at a missing path', [{ op: 'replace', path: '/spec/nothing/here', value: 1 }], 422],
  ['remove a missing key', [{ op: 'remove', path: '/metadata/labels/none' }], 422],
  ['unknown op', [{ op: 'frobnicate', path: '/metadata' }], 422],
  ['op without a path', [{ op: 'add', value: 1 }], 422],
  ['array index out of range', [{ op: 'add', path: '/spec/list/9', value: 1 }], 422],
  ['root replaced by a non-object', [{ op: 'replace', path: '', value: 5 }], 422],
  ['body is an object, not a list', { op: 'add', path: '/a', value: 1 }, 400],
  ['an operation is not an object', [42], 400],
];

test('json patch: failures map to the codes kube-apiserver uses', () => {
  const doc = { metadata: { name: 'x', labels: {} }, spec: { list: [1] } };
  for (const [why, ops, code] of JSON_PATCH_FAILURES) {
    const err = apiError(() => applyPatch(JSONP, doc, JSON.stringify(ops), 'Pod'));
    assert.is(err.code, code, why);
  }
  const failed = apiError(() => applyPatch(JSONP, doc, '[{"op":"test","path":"/metadata/name","value":"y"}]', 'Pod'));
  assert.is(failed.reason, 'Invalid');
  assert.is(failed.message, 'the server rejected our request due to an error in our request');
  assert.is(failed.details?.causes?.[0].field, '/metadata/name');
  assert.not.match(failed.details?.causes?.[0].message ?? '', /tree/, 'the document is not dumped into the cause');
});

// ---------------------------------------------------------------- strategic merge patch

test('strategic: containers merge by name; changing one image keeps the others', () => {
  const cur = deployment([container('a', 'a:1', { ports: [{ containerPort: 80 }] }), container('b', 'b:1')]);
  const out = smp(cur, { spec: { template: { spec: { containers: [{ name: 'a', image: 'a:2' }] } } } });
  assert.equal(out.spec.template.spec.containers, [container('a', 'a:2', { ports: [{ containerPort: 80 }] }), container('b', 'b:1')]);
});

test('strategic: kubectl apply second PATCH with $setElementOrder/containers', () => {
  const cur = deployment([container('nginx', 'nginx:1.27', { ports: [{ containerPort: 80 }], resources: {} })]);
  cur.metadata.annotations['kubectl.kubernetes.io/last-applied-configuration'] = '{"old":true}';
  const out = smp(cur, {
    metadata: { annotations: { 'kubectl.kubernetes.io/last-applied-configuration': '{"new":true}' } },
    spec: { template: { spec: { '$setElementOrder/containers': [{ name: 'nginx' }], containers: [{ image: 'nginx:1.28', name: 'nginx' }] } } },
  });
  assert.equal(out.spec.template.spec.containers, [container('nginx', 'nginx:1.28', { ports: [{ containerPort: 80 }], resources: {} })]);
  assert.is(out.metadata.annotations['kubectl.kubernetes.io/last-applied-configuration'], '{"new":true}');
  assert.is(out.metadata.annotations.keep, 'me');
  assert.not.ok('$setElementOrder/containers' in out.spec.template.spec, 'directives are never stored');
});

test('strategic: $setElementOrder reorders; a new container without it goes first, as in Kubernetes', () => {
  const cur = deployment([container('a', 'a'), container('b', 'b'), container('c', 'c')]);
  const reordered = smp(cur, { spec: { template: { spec: { '$setElementOrder/containers': [{ name: 'c' }, { name: 'a' }, { name: 'b' }] } } } });
  assert.equal(names(reordered.spec.template.spec.containers), ['c', 'a', 'b']);
  const added = smp(cur, { spec: { template: { spec: { containers: [{ name: 'd', image: 'd' }] } } } });
  assert.equal(names(added.spec.template.spec.containers), ['d', 'a', 'b', 'c']);
  const appended = smp(cur, { spec: { template: { spec: {
    '$setElementOrder/containers': [{ name: 'a' }, { name: 'b' }, { name: 'c' }, { name: 'd' }],
    containers: [{ name: 'd', image: 'd' }],
  } } } });
  assert.equal(names(appended.spec.template.spec.containers), ['a', 'b', 'c', 'd']);
});

test('strategic: apply removing one container sends $patch: delete plus the order of the rest', () => {
  const cur = deployment([container('a', 'a'), container('b', 'b'), container('sidecar', 's')]);
  const out = smp(cur, { spec: { template: { spec: {
    '$setElementOrder/containers': [{ name: 'a' }, { name: 'sidecar' }],
    containers: [{ $patch: 'delete', name: 'b' }],
  } } } });
  assert.equal(out.spec.template.spec.containers, [container('a', 'a'), container('sidecar', 's')]);
});

test('strategic: $setElementOrder that contradicts the patch list is a 400', () => {
  const cur = deployment([container('a', 'a'), container('b', 'b')]);
  const err = apiError(() => smp(cur, { spec: { template: { spec: {
    '$setElementOrder/containers': [{ name: 'a' }],
    containers: [{ name: 'b', image: 'b2' }],
  } } } }));
  assert.is(err.code, 400);
});

test('strategic: $patch replace and delete on maps, replace inside a list', () => {
  const cur = deployment([container('a', 'a'), container('b', 'b')]);
  const replaced = smp(cur, { spec: { template: { metadata: { labels: { $patch: 'replace', tier: 'web' } } } } });
  assert.equal(replaced.spec.template.metadata.labels, { tier: 'web' });
  const emptied = smp(cur, { metadata: { annotations: { $patch: 'delete' } } });
  assert.equal(emptied.metadata.annotations, {});
  assert.equal(emptied.metadata.labels, { app: 'web' });
  const listReplaced = smp(cur, { spec: { template: { spec: { containers: [{ $patch: 'replace' }, { name: 'z', image: 'z' }] } } } });
  assert.equal(listReplaced.spec.template.spec.containers, [container('z', 'z')]);
  assert.is(apiError(() => smp(cur, { metadata: { $patch: 'explode' } })).code, 400);
  const merged = smp(cur, { metadata: { labels: { $patch: 'merge', tier: 'web' } } });
  assert.equal(merged.metadata.labels, { app: 'web', tier: 'web' }, '$patch: merge is an explicit default merge');
});

test('strategic: $setElementOrder on a field the schema does not tag merges by the key its entries use', () => {
  const pod = { metadata: { name: 'p' }, spec: { readinessGates: [{ conditionType: 'a' }] } };
  const out = smp(pod, { spec: { '$setElementOrder/readinessGates': [{ conditionType: 'a' }, { conditionType: 'b' }], readinessGates: [{ conditionType: 'b' }] } }, 'Pod');
  assert.equal(out.spec.readinessGates, [{ conditionType: 'a' }, { conditionType: 'b' }]);
});

test('strategic: finalizers are a merged set; $deleteFromPrimitiveList removes entries', () => {
  const pod = { metadata: { name: 'p', finalizers: ['a/x', 'b/y'] } };
  const added = smp(pod, { metadata: { finalizers: ['c/z', 'a/x'] } }, 'Pod');
  assert.equal(added.metadata.finalizers.slice().sort(), ['a/x', 'b/y', 'c/z']);
  assert.is(added.metadata.finalizers.length, 3, 'no duplicates');
  const removed = smp(pod, { metadata: { '$deleteFromPrimitiveList/finalizers': ['a/x'] } }, 'Pod');
  assert.equal(removed.metadata.finalizers, ['b/y']);
  const ordered = smp(pod, { metadata: { '$setElementOrder/finalizers': ['b/y', 'c/z'], '$deleteFromPrimitiveList/finalizers': ['a/x'], finalizers: ['c/z'] } }, 'Pod');
  assert.equal(ordered.metadata.finalizers, ['b/y', 'c/z']);
});

test('strategic: env merges by name and $patch: delete removes one variable', () => {
  const cur = deployment([container('a', 'a', { env: [{ name: 'A', value: '1' }, { name: 'B', value: '2' }] })]);
  const out = smp(cur, { spec: { template: { spec: { containers: [{ name: 'a', env: [{ name: 'B', value: 'two' }, { name: 'C', value: '3' }] }] } } } });
  const env = out.spec.template.spec.containers[0].env;
  assert.equal(env.find((e: Obj) => e.name === 'A'), { name: 'A', value: '1' });
  assert.equal(env.find((e: Obj) => e.name === 'B'), { name: 'B', value: 'two' });
  assert.is(env.length, 3);
  const deleted = smp(cur, { spec: { template: { spec: { containers: [{ name: 'a', env: [{ name: 'A', $patch: 'delete' }] }] } } } });
  assert.equal(deleted.spec.template.spec.containers[0].env, [{ name: 'B', value: '2' }]);
});

test('strategic: kubectl taint sends the whole list; taints are replaced (no merge key in Kubernetes)', () => {
  const node = { metadata: { name: 'n1' }, spec: { taints: [{ key: 'old', effect: 'NoSchedule' }, { key: 'k', value: 'v0', effect: 'NoSchedule' }] } };
  const out = smp(node, { spec: { taints: [{ effect: 'NoSchedule', key: 'k', value: 'v' }] } }, 'Node');
  assert.equal(out.spec.taints, [{ effect: 'NoSchedule', key: 'k', value: 'v' }]);
});

test('strategic: kubectl cordon and rollout restart touch only their field', () => {
  const node = { metadata: { name: 'n1', labels: { a: 'b' } }, spec: { podCIDR: '10.0.0.0/24' } };
  assert.equal(smp(node, { spec: { unschedulable: true } }, 'Node').spec, { podCIDR: '10.0.0.0/24', unschedulable: true });
  const cur = deployment([container('a', 'a')]);
  const out = smp(cur, { spec: { template: { metadata: { annotations: { 'kubectl.kubernetes.io/restartedAt': '2026-11-22T03:31:44Z' } } } } });
  assert.equal(out.spec.template.metadata, { labels: { app: 'web' }, annotations: { 'kubectl.kubernetes.io/restartedAt': '2026-11-22T03:31:44Z' } });
  assert.equal(out.spec.template.spec, cur.spec.template.spec);
});

test('strategic: tolerations and other untagged lists are replaced', () => {
  const cur = deployment([container('a', 'a', { args: ['--one', '--two'] })], { tolerations: [{ key: 'x', operator: 'Exists' }] });
  const out = smp(cur, { spec: { template: { spec: {
    tolerations: [{ key: 'y', operator: 'Exists' }],
    containers: [{ name: 'a', args: ['--three'] }],
  } } } });
  assert.equal(out.spec.template.spec.tolerations, [{ key: 'y', operator: 'Exists' }]);
  assert.equal(out.spec.template.spec.containers[0].args, ['--three']);
});

test('strategic: status conditions merge by type', () => {
  const pod = { metadata: { name: 'p' }, status: { conditions: [{ type: 'Ready', status: 'False' }, { type: 'PodScheduled', status: 'True' }] } };
  const out = smp(pod, { status: { conditions: [{ type: 'Ready', status: 'True' }] } }, 'Pod');
  assert.equal(out.status.conditions.find((c: Obj) => c.type === 'Ready').status, 'True');
  assert.is(out.status.conditions.length, 2);
  const dep = deployment([container('a', 'a')]);
  dep.status = { conditions: [{ type: 'Available', status: 'True' }] };
  const progressed = smp(dep, { status: { conditions: [{ type: 'Progressing', status: 'True' }] } });
  assert.equal(progressed.status.conditions.map((c: Obj) => c.type).sort(), ['Available', 'Progressing']);
});

test('strategic: ports merge by containerPort in containers and by port in services', () => {
  const cur = deployment([container('a', 'a', { ports: [{ containerPort: 80, name: 'http' }, { containerPort: 443 }] })]);
  const out = smp(cur, { spec: { template: { spec: { containers: [{ name: 'a', ports: [{ containerPort: 80, name: 'web' }] }] } } } });
  assert.equal(out.spec.template.spec.containers[0].ports, [{ containerPort: 80, name: 'web' }, { containerPort: 443 }]);
  const svc = { metadata: { name: 's' }, spec: { ports: [{ port: 80, targetPort: 8080 }, { port: 81 }] } };
  const svcOut = smp(svc, { spec: { ports: [{ port: 80, targetPort: 9090 }] } }, 'Service');
  assert.equal(svcOut.spec.ports, [{ port: 80, targetPort: 9090 }, { port: 81 }]);
});

test('strategic: ownerReferences by uid, node addresses by type', () => {
  const pod = { metadata: { name: 'p', ownerReferences: [{ uid: 'u1', name: 'rs1' }] } };
  assert.is(smp(pod, { metadata: { ownerReferences: [{ uid: 'u2', name: 'rs2' }] } }, 'Pod').metadata.ownerReferences.length, 2);
  const node = { metadata: { name: 'n' }, status: { addresses: [{ type: 'InternalIP', address: '10.0.0.1' }, { type: 'Hostname', address: 'n' }] } };
  const out = smp(node, { status: { addresses: [{ type: 'InternalIP', address: '10.0.0.2' }] } }, 'Node');
  assert.equal(out.status.addresses.find((a: Obj) => a.type === 'InternalIP').address, '10.0.0.2');
  assert.is(out.status.addresses.length, 2);
});

test('strategic: $retainKeys drops the old deployment strategy and volume source', () => {
  const cur = deployment([container('a', 'a')], { volumes: [{ name: 'v', emptyDir: {} }] });
  cur.spec.strategy = { type: 'RollingUpdate', rollingUpdate: { maxSurge: 1 } };
  const out = smp(cur, { spec: {
    strategy: { $retainKeys: ['type'], type: 'Recreate' },
    template: { spec: { volumes: [{ $retainKeys: ['configMap', 'name'], name: 'v', configMap: { name: 'cm' } }] } },
  } });
  assert.equal(out.spec.strategy, { type: 'Recreate' });
  assert.equal(out.spec.template.spec.volumes, [{ name: 'v', configMap: { name: 'cm' } }]);
  assert.is(apiError(() => smp(cur, { spec: { strategy: { $retainKeys: ['type'], rollingUpdate: {} } } })).code, 400);
});

test('strategic: null deletes a key; nulls and directives in new values are not stored', () => {
  const cur = deployment([container('a', 'a')]);
  const out = smp(cur, { metadata: { labels: { app: null } }, spec: { paused: true, minReadySeconds: null } });
  assert.equal(out.metadata.labels, {});
  assert.is(out.spec.paused, true);
  assert.not.ok('minReadySeconds' in out.spec);
  const added = smp(cur, { spec: { template: { spec: { containers: [{ name: 'n', image: 'n', resources: null, '$setElementOrder/env': [{ name: 'X' }], env: [{ name: 'X', value: '1' }] }] } } } });
  assert.equal(added.spec.template.spec.containers[0], { name: 'n', image: 'n', env: [{ name: 'X', value: '1' }] });
});

test('strategic: the original is never mutated', () => {
  const cur = deployment([container('a', 'a', { env: [{ name: 'A', value: '1' }] }), container('b', 'b')]);
  cur.metadata.finalizers = ['x/y'];
  const before = structuredClone(cur);
  smp(cur, {
    metadata: { labels: { $patch: 'replace', n: '1' }, '$deleteFromPrimitiveList/finalizers': ['x/y'] },
    spec: { replicas: null, template: { spec: { '$setElementOrder/containers': [{ name: 'b' }, { name: 'a' }], containers: [{ name: 'a', image: 'a2', env: [{ name: 'A', $patch: 'delete' }] }] } } },
  });
  assert.equal(cur, before);
});

test('strategic: malformed patches are 400s, lists of lists 422', () => {
  const cur = deployment([container('a', 'a')]);
  assert.is(apiError(() => smp(cur, { spec: { template: { spec: { containers: [{ image: 'no-name' }] } } } })).code, 400, 'merge key missing');
  assert.is(apiError(() => smp(cur, { metadata: { '$deleteFromPrimitiveList/finalizers': 'x' } })).code, 400);
  assert.is(apiError(() => smp({ metadata: { finalizers: [['a']] } }, { metadata: { finalizers: [['b']] } }, 'Pod')).code, 422);
  assert.is(apiError(() => applyPatch(SMP, cur, '[]', 'Deployment')).code, 400, 'body must be an object');
});

test('strategic: unknown kinds are 415 so kubectl falls back to a merge patch', () => {
  const err = apiError(() => smp({ metadata: { name: 'x' } }, { spec: { a: 1 } }, 'Prometheus'));
  assert.is(err.code, 415);
  assert.is(err.reason, 'UnsupportedMediaType');
  assert.match(err.message, /strategic merge patch is not supported for kind "Prometheus"/);
  assert.match(err.message, /application\/merge-patch\+json/);
});

test('strategic: every kind in the resource registry has a patch schema', () => {
  for (const r of RESOURCES) assert.ok(patchSchemaOfKind(r.kind), `${r.kind} has no strategic merge schema`);
  assert.ok(patchSchemaOfKind('Scale'));
  assert.not.ok(patchSchemaOfKind('toString'), 'prototype names are not kinds');
});

// ---------------------------------------------------------------- bodies and content types

test('bodies: invalid JSON is a 400 for every JSON patch type; __proto__ is refused', () => {
  for (const type of [MERGE, JSONP, SMP]) {
    const err = apiError(() => applyPatch(type, {}, '{"metadata":', 'Pod'));
    assert.is(err.code, 400, type);
    assert.match(err.message, /not valid JSON/);
  }
  assert.is(apiError(() => smp({ metadata: {} }, JSON.parse('{"metadata":{"__proto__":{"polluted":true}}}'), 'Pod')).code, 400);
  assert.is(({} as Obj).polluted, undefined);
});

test('content types: unsupported is a 415 listing the four supported ones', () => {
  assert.equal(PATCH_CONTENT_TYPES, ['application/json-patch+json', 'application/merge-patch+json', 'application/strategic-merge-patch+json', 'application/apply-patch+yaml']);
  const err = apiError(() => applyPatch('application/json', {}, '{}', 'Pod'));
  assert.is(err.code, 415);
  for (const type of PATCH_CONTENT_TYPES) assert.ok(err.message.includes(type), type);
  assert.throws(() => applyPatch('application/apply-patch+yaml', {}, '{}', 'Pod'), /server-side apply/);
});

test('bodies: parseApplyPatchBody reads YAML and JSON, rejects non-objects', () => {
  assert.equal(parseApplyPatchBody('kind: Pod\nmetadata:\n  name: x\n'), { kind: 'Pod', metadata: { name: 'x' } });
  assert.equal(parseApplyPatchBody(Buffer.from('{"kind":"Pod"}')), { kind: 'Pod' });
  assert.is(apiError(() => parseApplyPatchBody('- a\n- b\n')).code, 400);
  assert.is(apiError(() => parseApplyPatchBody('a: [')).code, 400);
});

test.run();
