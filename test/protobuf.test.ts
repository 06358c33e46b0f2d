/**
 * Tests of the protobuf body decoder against real kubectl 1.32 request bodies
 * (test/fixtures/protobuf, see its README): each must decode to the JSON kubectl
 * would have sent and re-encode to the same bytes. Then malformed input, refused
 * kinds, Go's omitempty habits and encode/decode round trips.
 */
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { ApiError } from '../src/api/errors.js';
import { decodeProtobufObject, encodeProtobufObject, PROTOBUF_KINDS } from '../src/api/protobuf/index.js';
import { WireType, WireWriter } from '../src/api/protobuf/wire.js';

type Obj = Record<string, any>;

/** Fixtures live beside this file in the source tree, also when the test runs from dist/. */
const FIXTURES = fileURLToPath(new URL(import.meta.url.includes('/dist/test/') ? '../../test/fixtures/protobuf/' : './fixtures/protobuf/', import.meta.url));

const CAPTURED = [
  'namespace', 'configmap', 'configmap-files', 'secret-generic', 'secret-docker-registry', 'deployment', 'deployment-port',
  'job', 'job-from-cronjob', 'cronjob', 'service-clusterip', 'service-clusterip-headless', 'service-nodeport',
  'service-externalname', 'serviceaccount',
];

const bin = (name: string): Buffer => readFileSync(`${FIXTURES}${name}.bin`);

/** kubectl's own JSON for the fixture, minus the `creationTimestamp: null` redkube omits. */
function kubectlJson(name: string): Obj {
  return JSON.parse(readFileSync(`${FIXTURES}${name}.json`, 'utf8'), (key, value) => (key === 'creationTimestamp' && value === null ? undefined : value));
}

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

const utf8 = (s: string) => new TextEncoder().encode(s);

/** Wraps raw object bytes in the `k8s\0` + runtime.Unknown envelope, as kubectl does. */
function envelope(apiVersion: string, kind: string, raw: Uint8Array, contentEncoding = ''): Buffer {
  const typeMeta = new WireWriter().tag(1, WireType.Bytes).bytes(utf8(apiVersion)).tag(2, WireType.Bytes).bytes(utf8(kind)).finish();
  const unknown = new WireWriter()
    .tag(1, WireType.Bytes).bytes(typeMeta)
    .tag(2, WireType.Bytes).bytes(raw)
    .tag(3, WireType.Bytes).bytes(utf8(contentEncoding))
    .tag(4, WireType.Bytes).bytes(new Uint8Array())
    .finish();
  return Buffer.concat([Buffer.from('k8s\0', 'latin1'), unknown]);
}

/** A length-delimited field holding a nested message's bytes. */
const sub = (no: number, bytes: Uint8Array) => new WireWriter().tag(no, WireType.Bytes).bytes(bytes).finish();
const strField = (no: number, s: string) => sub(no, utf8(s));

for (const name of CAPTURED) {
  test(`captured kubectl body "${name}" decodes to kubectl's JSON, keys in order`, () => {
    const got = decodeProtobufObject(bin(name));
    const want = kubectlJson(name);
    assert.equal(got, want);
    assert.is(JSON.stringify(got), JSON.stringify(want));
  });

  test(`captured kubectl body "${name}" re-encodes byte for byte`, () => {
    assert.is(encodeProtobufObject(decodeProtobufObject(bin(name))).toString('hex'), bin(name).toString('hex'));
  });
}

test('create namespace decodes to the documented minimal object', () => {
  assert.equal(decodeProtobufObject(bin('namespace')), { kind: 'Namespace', apiVersion: 'v1', metadata: { name: 'foo' }, spec: {}, status: {} });
});

test('create secret generic: data bytes become base64 strings, keys sorted', () => {
  const secret = decodeProtobufObject(bin('secret-generic'));
  assert.equal(secret, { kind: 'Secret', apiVersion: 'v1', metadata: { name: 'creds' }, data: { password: 'czNjcjN0', user: 'YWRtaW4=' } });
  assert.is(Buffer.from(secret.data.password, 'base64').toString(), 's3cr3t');
});

test('create deployment: replicas, selector, template, empty strategy and status', () => {
  assert.equal(decodeProtobufObject(bin('deployment')), {
    kind: 'Deployment',
    apiVersion: 'apps/v1',
    metadata: { name: 'web', labels: { app: 'web' } },
    spec: {
      replicas: 3,
      selector: { matchLabels: { app: 'web' } },
      template: { metadata: { labels: { app: 'web' } }, spec: { containers: [{ name: 'nginx', image: 'nginx:1.27', resources: {} }] } },
      strategy: {},
    },
    status: {},
  });
});

test('job from a cronjob keeps pointer zeros, owner references and quantities', () => {
  const job = decodeProtobufObject(bin('job-from-cronjob'));
  assert.is(job.spec.backoffLimit, 0);
  assert.equal(job.metadata.ownerReferences, [{ apiVersion: 'batch/v1', kind: 'CronJob', name: 'nightly', uid: '6b1c2f3e-8a7d-4c55-9e1f-2a3b4c5d6e7f', controller: true }]);
  assert.equal(job.spec.template.spec.containers[0].resources, { limits: { cpu: '500m', memory: '256Mi' }, requests: { cpu: '100m', memory: '128Mi' } });
  assert.equal(job.spec.template.spec.containers[0].securityContext, { readOnlyRootFilesystem: true, allowPrivilegeEscalation: false });
});

test('a service port keeps a string targetPort and its nodePort', () => {
  assert.equal(decodeProtobufObject(bin('service-nodeport')).spec.ports, [{ name: '80-http', protocol: 'TCP', port: 80, targetPort: 'http', nodePort: 30080 }]);
});

test('every strict prefix that cuts a field short is 400', () => {
  const body = bin('deployment');
  const typeMetaEnd = 4 + 2 + body[5];
  for (let len = 0; len < body.length - 4; len++) {
    if (len === typeMetaEnd) continue;
    const err = apiError(() => decodeProtobufObject(body.subarray(0, len)));
    assert.is(err.code, 400, `prefix of ${len} bytes`);
  }
});

test('a body without the k8s\\0 magic is 400', () => {
  const body = Buffer.from(bin('namespace'));
  body[3] = 1;
  assert.is(apiError(() => decodeProtobufObject(body)).code, 400);
  assert.is(apiError(() => decodeProtobufObject(Buffer.from('{"kind":"Namespace"}'))).code, 400);
  assert.match(apiError(() => decodeProtobufObject(Buffer.alloc(0))).message, 'k8s\\0');
});

test('a kind without a schema (kubectl create role) is 415 with the JSON hint', () => {
  const err = apiError(() => decodeProtobufObject(bin('role')));
  assert.is(err.code, 415);
  assert.is(err.reason, 'UnsupportedMediaType');
  assert.match(err.message, 'Role (rbac.authorization.k8s.io/v1)');
  assert.match(err.message, 'kubectl create ... -o yaml --dry-run=client | kubectl apply -f -');
  assert.equal(err.details, { kind: 'Role', group: 'rbac.authorization.k8s.io' });
});

test('an encoded (gzip) envelope or a foreign inner content type is 415', () => {
  assert.is(apiError(() => decodeProtobufObject(envelope('v1', 'Namespace', new Uint8Array(), 'gzip'))).code, 415);
  const foreign = Buffer.concat([envelope('v1', 'Namespace', new Uint8Array()), strField(4, 'application/json')]);
  assert.is(apiError(() => decodeProtobufObject(foreign)).code, 415);
});

test('an envelope without apiVersion or kind is 400', () => {
  assert.is(apiError(() => decodeProtobufObject(envelope('', 'Namespace', new Uint8Array()))).code, 400);
  assert.is(apiError(() => decodeProtobufObject(envelope('v1', '', new Uint8Array()))).code, 400);
});

test('malformed fields are 400: wrong wire type, overlong varint, group wire type, field 0', () => {
  const bad = [
    new WireWriter().tag(1, WireType.Varint).varint(1).finish(), // metadata as a varint
    Uint8Array.from([0x98, 0x06, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0x01]), // field 99, 11-byte varint
    Uint8Array.from([0x63 /* field 12, wire type 3 */]),
    Uint8Array.from([0x00, 0x00]),
  ];
  for (const raw of bad) assert.is(apiError(() => decodeProtobufObject(envelope('v1', 'ConfigMap', raw))).code, 400);
});

test('unknown fields of every wire type are skipped', () => {
  const meta = Buffer.concat([strField(1, 'cm'), new WireWriter().tag(99, WireType.Varint).varint(-1).finish()]);
  const raw = Buffer.concat([
    sub(1, meta),
    Uint8Array.from([0x8d, 0x06, 1, 2, 3, 4]), // field 97, fixed32
    Uint8Array.from([0x89, 0x06, 1, 2, 3, 4, 5, 6, 7, 8]), // field 97, fixed64
    strField(96, 'from a newer kubectl'),
    sub(2, Buffer.concat([strField(1, 'k'), strField(2, 'v'), strField(3, 'extra')])),
  ]);
  assert.equal(decodeProtobufObject(envelope('v1', 'ConfigMap', raw)), { kind: 'ConfigMap', apiVersion: 'v1', metadata: { name: 'cm' }, data: { k: 'v' } });
});

test('Go JSON habits: zero omitempty fields dropped, fields without omitempty and structs filled', () => {
  const port = sub(1, strField(1, 'web')); // a ServicePort with only a name
  const raw = Buffer.concat([sub(1, strField(1, 'svc')), sub(2, Buffer.concat([port, strField(4, '')]))]);
  assert.equal(decodeProtobufObject(envelope('v1', 'Service', raw)), {
    kind: 'Service',
    apiVersion: 'v1',
    metadata: { name: 'svc' },
    spec: { ports: [{ name: 'web', port: 0, targetPort: 0 }] },
    status: { loadBalancer: {} },
  });
});

test('round trip: a rich deployment survives encode then decode', () => {
  const deployment: Obj = {
    kind: 'Deployment',
    apiVersion: 'apps/v1',
    metadata: {
      name: 'api', namespace: 'prod', uid: '0b7e4c1a-1111-4222-8333-944455556666', resourceVersion: '17', generation: 2,
      creationTimestamp: '2024-05-01T12:30:00Z', labels: { app: 'api', tier: 'web' }, annotations: { 'redkube.io/note': 'ünïcode ✓' },
      ownerReferences: [{ apiVersion: 'v1', kind: 'ConfigMap', name: 'owner', uid: 'u-1', blockOwnerDeletion: false }],
      finalizers: ['redkube.io/protect'],
    },
    spec: {
      replicas: 0,
      selector: { matchLabels: { app: 'api' }, matchExpressions: [{ key: 'tier', operator: 'In', values: ['web', 'edge'] }] },
      template: {
        metadata: { labels: { app: 'api', tier: 'web' } },
        spec: {
          containers: [{
            name: 'api', image: 'api:2', command: ['/api'], args: ['--port', '8080'], workingDir: '/srv',
            ports: [{ name: 'http', containerPort: 8080, protocol: 'TCP' }], env: [{ name: 'LEVEL', value: 'debug' }],
            resources: { limits: { cpu: '1', memory: '1Gi' }, requests: { cpu: '250m' } },
            terminationMessagePath: '/dev/termination-log', terminationMessagePolicy: 'File', imagePullPolicy: 'Always',
          }],
          restartPolicy: 'Always', terminationGracePeriodSeconds: 0, dnsPolicy: 'ClusterFirst', securityContext: {},
          schedulerName: 'default-scheduler', priority: -5,
        },
      },
      strategy: { type: 'RollingUpdate', rollingUpdate: { maxUnavailable: 1, maxSurge: '25%' } },
      revisionHistoryLimit: 10,
      progressDeadlineSeconds: 600,
    },
    status: { observedGeneration: 2, replicas: 1, readyReplicas: 1 },
  };
  assert.equal(decodeProtobufObject(encodeProtobufObject(deployment)), deployment);
});

test('round trip: namespace, secret, service account, job and cronjob', () => {
  const objects: Obj[] = [
    { kind: 'Namespace', apiVersion: 'v1', metadata: { name: 'ns', deletionTimestamp: '2030-01-02T03:04:05Z', deletionGracePeriodSeconds: 30 }, spec: { finalizers: ['kubernetes'] }, status: { phase: 'Terminating' } },
    { kind: 'Secret', apiVersion: 'v1', metadata: { name: 's' }, immutable: false, data: { bin: Buffer.from([0, 255, 1]).toString('base64') }, stringData: { plain: 'text' }, type: 'Opaque' },
    { kind: 'ConfigMap', apiVersion: 'v1', metadata: { name: 'c' }, immutable: true, data: { empty: '' } },
    { kind: 'ServiceAccount', apiVersion: 'v1', metadata: { name: 'sa' }, secrets: [{ name: 'token' }], imagePullSecrets: [{ name: 'reg' }], automountServiceAccountToken: false },
    { kind: 'Service', apiVersion: 'v1', metadata: { name: 'x' }, spec: { type: 'ExternalName', externalName: 'example.com', sessionAffinity: 'ClientIP', ipFamilyPolicy: 'SingleStack' }, status: { loadBalancer: { ingress: [{ ip: '10.0.0.1' }] } } },
    { kind: 'Job', apiVersion: 'batch/v1', metadata: { name: 'j' }, spec: { parallelism: 2, completions: 4, backoffLimit: 6, template: { metadata: {}, spec: { containers: [{ name: 'c', image: 'busybox', resources: {} }], restartPolicy: 'Never' } } }, status: { startTime: '2024-01-01T00:00:00Z', succeeded: 1 } },
    { kind: 'CronJob', apiVersion: 'batch/v1', metadata: { name: 'cj' }, spec: { schedule: '@hourly', timeZone: 'Etc/UTC', suspend: false, jobTemplate: { metadata: { name: 'cj' }, spec: { template: { metadata: {}, spec: { containers: [{ name: 'c', resources: {} }] } } } } }, status: { active: [{ kind: 'Job', name: 'cj-1' }], lastScheduleTime: '2024-01-01T01:00:00Z' } },
  ];
  for (const obj of objects) assert.equal(decodeProtobufObject(encodeProtobufObject(obj)), obj, obj.kind);
});

test('times are whole-second RFC 3339 in UTC; a zero time is omitted', () => {
  const ns = { kind: 'Namespace', apiVersion: 'v1', metadata: { name: 'a', creationTimestamp: '2024-05-01T14:30:00+02:00' } };
  assert.is(decodeProtobufObject(encodeProtobufObject(ns)).metadata.creationTimestamp, '2024-05-01T12:30:00Z');
  const zero = { kind: 'Namespace', apiVersion: 'v1', metadata: { name: 'a', creationTimestamp: null } };
  assert.equal(decodeProtobufObject(encodeProtobufObject(zero)).metadata, { name: 'a' });
  const meta = (time: Uint8Array) => envelope('v1', 'Namespace', sub(1, Buffer.concat([strField(1, 'a'), sub(8, time)])));
  const timestamp = (seconds: number, nanos = 0) => new WireWriter().tag(1, WireType.Varint).varint(seconds).tag(2, WireType.Varint).varint(nanos).finish();
  assert.is(decodeProtobufObject(meta(timestamp(0))).metadata.creationTimestamp, '1970-01-01T00:00:00Z', 'an explicit epoch is not the zero time');
  assert.is(decodeProtobufObject(meta(timestamp(1714566600, 999_999_999))).metadata.creationTimestamp, '2024-05-01T12:30:00Z');
  assert.is(decodeProtobufObject(meta(timestamp(-62135596800))).metadata.creationTimestamp, undefined, "Go's zero time");
  assert.is(apiError(() => decodeProtobufObject(meta(timestamp(253402300800)))).code, 400, 'year 10000');
});

test('encoding a kind without a schema is 415', () => {
  assert.is(apiError(() => encodeProtobufObject({ kind: 'Role', apiVersion: 'rbac.authorization.k8s.io/v1' })).code, 415);
});

test('PROTOBUF_KINDS lists exactly the kinds kubectl create generators send', () => {
  assert.equal([...PROTOBUF_KINDS].sort(), [
    'apps/v1/Deployment', 'batch/v1/CronJob', 'batch/v1/Job', 'v1/ConfigMap', 'v1/Namespace', 'v1/Secret', 'v1/Service', 'v1/ServiceAccount',
  ]);
});

test.run();
