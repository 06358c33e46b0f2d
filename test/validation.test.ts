import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { ApiError } from '../src/api/errors.js';
import { findByKind } from '../src/api/resources.js';
import { applyDefaults } from '../src/api/defaulting/index.js';
import { validateObject, validateName, type FieldValidation } from '../src/api/validation/index.js';
import { cronScheduleError } from '../src/api/validation/cron.js';

const container = { name: 'web', image: 'nginx:1.25' };
const template = { metadata: { labels: { app: 'web' } }, spec: { containers: [container] } };
const valid: Record<string, any> = {
  'v1/Pod': { spec: { containers: [container] } },
  'apps/v1/Deployment': { spec: { selector: { matchLabels: { app: 'web' } }, template } },
  'apps/v1/ReplicaSet': { spec: { selector: { matchLabels: { app: 'web' } }, template } },
  'apps/v1/DaemonSet': { spec: { selector: { matchLabels: { app: 'web' } }, template } },
  'apps/v1/StatefulSet': { spec: { selector: { matchLabels: { app: 'web' } }, serviceName: 'web', template } },
  'batch/v1/Job': { metadata: { uid: 'u-1' }, spec: { template: { spec: { ...template.spec, restartPolicy: 'Never' } } } },
  'batch/v1/CronJob': { spec: { schedule: '*/5 * * * *', jobTemplate: { spec: { template: { spec: { ...template.spec, restartPolicy: 'OnFailure' } } } } } },
  'v1/Service': { spec: { selector: { app: 'web' }, ports: [{ port: 80 }] } },
  'v1/ConfigMap': { data: { 'app.conf': 'x=1' } },
  'v1/Secret': { data: { password: 'cHc=' } },
  'v1/Namespace': {},
  'v1/Node': { spec: { taints: [{ key: 'dedicated', value: 'gpu', effect: 'NoSchedule' }] } },
  'v1/Event': { involvedObject: { kind: 'Pod', name: 'p', namespace: 'default' }, reason: 'Started', type: 'Normal' },
  'coordination.k8s.io/v1/Lease': { spec: { holderIdentity: 'a', leaseDurationSeconds: 15 } },
  'discovery.k8s.io/v1/EndpointSlice': { addressType: 'IPv4', endpoints: [{ addresses: ['10.0.0.1'] }], ports: [{ port: 80 }] },
  'autoscaling/v2/HorizontalPodAutoscaler': { spec: { scaleTargetRef: { apiVersion: 'apps/v1', kind: 'Deployment', name: 'web' }, maxReplicas: 3 } },
};

function infoOf(gvk: string) {
  const slash = gvk.lastIndexOf('/');
  const info = findByKind(gvk.slice(0, slash), gvk.slice(slash + 1));
  if (!info) throw new Error(`unknown ${gvk}`);
  return info;
}

/** Builds a valid object of the kind, lets `edit` break it, defaults and validates it. */
function run(gvk: string, edit: (o: any) => void = () => {}, fieldValidation: FieldValidation = 'Strict') {
  const info = infoOf(gvk);
  const base = structuredClone(valid[gvk]);
  const obj = { apiVersion: gvk.slice(0, gvk.lastIndexOf('/')), kind: info.kind, ...base, metadata: { name: 'web', ...(info.namespaced ? { namespace: 'default' } : {}), ...base.metadata } };
  edit(obj);
  applyDefaults(info, obj);
  const result = validateObject(info, obj, { fieldValidation, isCreate: true });
  return { obj, ...result };
}

function failure(fn: () => unknown): ApiError {
  try {
    fn();
  } catch (e) {
    if (e instanceof ApiError) return e;
    throw e;
  }
  throw new Error('expected an ApiError');
}

for (const gvk of Object.keys(valid)) {
  test(`a valid ${gvk} passes`, () => {
    assert.equal(run(gvk).warnings, []);
  });
}

const invalidCases: [string, string, (o: any) => void, string][] = [
  ['uppercase name', 'v1/ConfigMap', (o) => { o.metadata.name = 'Foo'; }, `metadata.name: Invalid value: "Foo": a lowercase RFC 1123 subdomain must consist of lower case alphanumeric characters, '-' or '.', and must start and end with an alphanumeric character (e.g. 'example.com', regex used for validation is '[a-z0-9]([-a-z0-9]*[a-z0-9])?(\\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*')`],
  ['no name', 'v1/ConfigMap', (o) => { delete o.metadata.name; }, 'metadata.name: Required value: name or generateName is required'],
  ['bad generateName', 'v1/ConfigMap', (o) => { delete o.metadata.name; o.metadata.generateName = 'Web-'; }, 'metadata.generateName: Invalid value: "Web-"'],
  ['double dot', 'v1/Pod', (o) => { o.metadata.name = 'a..b'; }, 'metadata.name: Invalid value: "a..b"'],
  ['slash', 'v1/Pod', (o) => { o.metadata.name = 'a/b'; }, 'metadata.name: Invalid value: "a/b"'],
  ['254 chars', 'v1/Pod', (o) => { o.metadata.name = 'a'.repeat(254); }, 'must be no more than 253 characters'],
  ['dotted namespace name', 'v1/Namespace', (o) => { o.metadata.name = 'a.b'; }, 'a lowercase RFC 1123 label must consist of'],
  ['service name starting with digit', 'v1/Service', (o) => { o.metadata.name = '1web'; }, 'a DNS-1035 label must consist of'],
  ['bad label key', 'v1/ConfigMap', (o) => { o.metadata.labels = { 'a b': 'c' }; }, 'metadata.labels: Invalid value: "a b": name part must consist of'],
  ['bad label value', 'v1/ConfigMap', (o) => { o.metadata.labels = { a: '-c' }; }, 'metadata.labels: Invalid value: "-c": a valid label must be an empty string'],
  ['huge annotations', 'v1/ConfigMap', (o) => { o.metadata.annotations = { a: 'x'.repeat(256 * 1024) }; }, 'metadata.annotations: Too long: must have at most 262144 bytes'],
  ['missing namespace', 'v1/ConfigMap', (o) => { delete o.metadata.namespace; }, 'metadata.namespace: Required value'],
  ['no containers', 'v1/Pod', (o) => { o.spec.containers = []; }, 'spec.containers: Required value'],
  ['no image', 'apps/v1/Deployment', (o) => { delete o.spec.template.spec.containers[0].image; }, 'spec.template.spec.containers[0].image: Required value'],
  ['duplicate container', 'v1/Pod', (o) => { o.spec.containers.push({ ...container }); }, 'spec.containers[1].name: Duplicate value: "web"'],
  ['container name', 'v1/Pod', (o) => { o.spec.containers[0].name = 'Web'; }, 'spec.containers[0].name: Invalid value: "Web": a lowercase RFC 1123 label'],
  ['container port 0', 'v1/Pod', (o) => { o.spec.containers[0].ports = [{ containerPort: 0 }]; }, 'spec.containers[0].ports[0].containerPort: Invalid value: 0: must be between 1 and 65535, inclusive'],
  ['container port 70000', 'v1/Pod', (o) => { o.spec.containers[0].ports = [{ containerPort: 70000 }]; }, 'Invalid value: 70000: must be between 1 and 65535, inclusive'],
  ['mount of unknown volume', 'v1/Pod', (o) => { o.spec.containers[0].volumeMounts = [{ name: 'data', mountPath: '/d' }]; }, 'spec.containers[0].volumeMounts[0].name: Not found: "data"'],
  ['bad restart policy', 'v1/Pod', (o) => { o.spec.restartPolicy = 'Sometimes'; }, 'spec.restartPolicy: Unsupported value: "Sometimes": supported values: "Always", "OnFailure", "Never"'],
  ['selector mismatch', 'apps/v1/Deployment', (o) => { o.spec.selector.matchLabels.app = 'db'; }, 'spec.template.metadata.labels: Invalid value: {"app":"web"}: `selector` does not match template `labels`'],
  ['no selector', 'apps/v1/Deployment', (o) => { delete o.spec.selector; }, 'spec.selector: Required value'],
  ['empty selector', 'apps/v1/ReplicaSet', (o) => { o.spec.selector = {}; }, 'empty selector is invalid for replicaset'],
  ['negative replicas', 'apps/v1/Deployment', (o) => { o.spec.replicas = -1; }, 'spec.replicas: Invalid value: -1: must be greater than or equal to 0'],
  ['deployment pod restartPolicy', 'apps/v1/Deployment', (o) => { o.spec.template.spec.restartPolicy = 'Never'; }, 'spec.template.spec.restartPolicy: Unsupported value: "Never": supported values: "Always"'],
  ['bad maxSurge', 'apps/v1/Deployment', (o) => { o.spec.strategy = { rollingUpdate: { maxSurge: '50' } }; }, "spec.strategy.rollingUpdate.maxSurge: Invalid value: \"50\": a valid percent string"],
  ['zero and zero', 'apps/v1/Deployment', (o) => { o.spec.strategy = { rollingUpdate: { maxSurge: 0, maxUnavailable: '0%' } }; }, 'may not be 0 when `maxSurge` is 0'],
  ['bad selector operator', 'apps/v1/DaemonSet', (o) => { o.spec.selector.matchExpressions = [{ key: 'a', operator: 'Gt' }]; }, 'spec.selector.matchExpressions[0].operator: Invalid value: "Gt": not a valid selector operator'],
  ['volumeClaimTemplates', 'apps/v1/StatefulSet', (o) => { o.spec.volumeClaimTemplates = [{ metadata: { name: 'data' } }]; }, 'spec.volumeClaimTemplates: Forbidden: volumeClaimTemplates are not supported yet'],
  ['job restartPolicy defaulted', 'batch/v1/Job', (o) => { delete o.spec.template.spec.restartPolicy; }, 'spec.template.spec.restartPolicy: Required value: valid values: "OnFailure", "Never"'],
  ['job restartPolicy wrong', 'batch/v1/Job', (o) => { o.spec.template.spec.restartPolicy = 'Sometimes'; }, 'Unsupported value: "Sometimes": supported values: "OnFailure", "Never"'],
  ['job foreign selector', 'batch/v1/Job', (o) => { o.spec.selector = { matchLabels: { app: 'x' } }; o.spec.template.metadata = { labels: { app: 'x' } }; }, '`selector` not auto-generated'],
  ['job long name', 'batch/v1/Job', (o) => { o.metadata.name = 'j'.repeat(64); }, 'spec.template.metadata.labels: Invalid value: "jjjj'],
  ['indexed job without completions', 'batch/v1/Job', (o) => { o.spec.completionMode = 'Indexed'; o.spec.parallelism = 2; }, 'spec.completions: Required value: when completion mode is Indexed'],
  ['no schedule', 'batch/v1/CronJob', (o) => { delete o.spec.schedule; }, 'spec.schedule: Required value'],
  ['bad schedule', 'batch/v1/CronJob', (o) => { o.spec.schedule = '61 * * * *'; }, 'spec.schedule: Invalid value: "61 * * * *": end of range (61) above maximum (59): 61'],
  ['cronjob name too long', 'batch/v1/CronJob', (o) => { o.metadata.name = 'c'.repeat(53); }, 'must be no more than 52 characters'],
  ['bad time zone', 'batch/v1/CronJob', (o) => { o.spec.timeZone = 'Mars/Base'; }, 'spec.timeZone: Invalid value: "Mars/Base": unknown time zone Mars/Base'],
  ['service port 0', 'v1/Service', (o) => { o.spec.ports[0].port = 0; }, 'spec.ports[0].port: Invalid value: 0: must be between 1 and 65535, inclusive'],
  ['service protocol', 'v1/Service', (o) => { o.spec.ports[0].protocol = 'HTTP'; }, 'spec.ports[0].protocol: Unsupported value: "HTTP": supported values: "SCTP", "TCP", "UDP"'],
  ['unnamed ports', 'v1/Service', (o) => { o.spec.ports.push({ port: 443 }); }, 'spec.ports[0].name: Required value'],
  ['duplicate port names', 'v1/Service', (o) => { o.spec.ports = [{ name: 'a', port: 80 }, { name: 'a', port: 81 }]; }, 'spec.ports[1].name: Duplicate value: "a"'],
  ['no ports', 'v1/Service', (o) => { delete o.spec.ports; }, 'spec.ports: Required value'],
  ['bad config key', 'v1/ConfigMap', (o) => { o.data = { 'a b': '1' }; }, 'data[a b]: Invalid value: "a b": a valid config key must consist of'],
  ['tls without key', 'v1/Secret', (o) => { o.type = 'kubernetes.io/tls'; o.data = { 'tls.crt': 'eA==' }; }, 'data[tls.key]: Required value'],
  ['taint effect', 'v1/Node', (o) => { o.spec.taints[0].effect = 'Never'; }, 'spec.taints[0].effect: Unsupported value: "Never"'],
  ['event namespace', 'v1/Event', (o) => { o.involvedObject.namespace = 'other'; }, 'involvedObject.namespace: Invalid value: "other": does not match event.namespace'],
  ['lease duration', 'coordination.k8s.io/v1/Lease', (o) => { o.spec.leaseDurationSeconds = 0; }, 'spec.leaseDurationSeconds: Invalid value: 0'],
  ['slice address', 'discovery.k8s.io/v1/EndpointSlice', (o) => { o.endpoints[0].addresses = ['::1']; }, 'endpoints[0].addresses[0]: Invalid value: "::1": must be a valid IPv4 address'],
  ['slice address type', 'discovery.k8s.io/v1/EndpointSlice', (o) => { delete o.addressType; }, 'addressType: Required value'],
  ['hpa max below min', 'autoscaling/v2/HorizontalPodAutoscaler', (o) => { o.spec.minReplicas = 5; }, 'spec.maxReplicas: Invalid value: 3: must be greater than or equal to `minReplicas`'],
  ['hpa target ref', 'autoscaling/v2/HorizontalPodAutoscaler', (o) => { delete o.spec.scaleTargetRef.name; }, 'spec.scaleTargetRef.name: Required value'],
  ['required by schema', 'v1/Pod', (o) => { o.spec.containers[0].env = [{ value: 'x' }]; }, 'spec.containers[0].env[0].name: Required value'],
];
for (const [name, gvk, edit, message] of invalidCases) {
  test(`422: ${name}`, () => {
    const err = failure(() => run(gvk, edit));
    assert.is(err.code, 422, err.message);
    assert.is(err.reason, 'Invalid');
    assert.ok(err.message.includes(message), `${err.message}\n  should contain\n${message}`);
  });
}

test('422 carries causes with field paths and the object name', () => {
  const err = failure(() => run('apps/v1/Deployment', (o) => { o.spec.replicas = -2; o.spec.template.spec.containers[0].image = ''; }));
  assert.ok(err.message.startsWith('Deployment.apps "web" is invalid: ['), err.message);
  const fields = err.details?.causes?.map((c) => c.field);
  assert.equal(fields, ['spec.template.spec.containers[0].image', 'spec.replicas']);
  assert.is(err.details?.causes?.[0].reason, 'FieldValueRequired');
  assert.is(err.details?.group, 'apps');
});

const badRequests: [string, string, (o: any) => void, string][] = [
  ['string replicas', 'apps/v1/Deployment', (o) => { o.spec.replicas = '3'; }, 'Deployment in version "v1" cannot be handled as a Deployment: json: cannot unmarshal string into Go struct field DeploymentSpec.spec.replicas of type int32'],
  ['containers as string', 'apps/v1/Deployment', (o) => { o.spec.template.spec.containers = 'nginx'; }, 'json: cannot unmarshal string into Go struct field PodSpec.spec.template.spec.containers of type []v1.Container'],
  ['fractional port', 'v1/Pod', (o) => { o.spec.containers[0].ports = [{ containerPort: 80.5 }]; }, 'cannot unmarshal number 80.5 into Go struct field ContainerPort.spec.containers.ports.containerPort of type int32'],
  ['label as number', 'v1/ConfigMap', (o) => { o.metadata.labels = { a: 1 }; }, 'cannot unmarshal number into Go struct field ObjectMeta.metadata.labels of type string'],
  ['bool as string', 'v1/Pod', (o) => { o.spec.hostNetwork = 'yes'; }, 'of type bool'],
  ['spec as array', 'v1/Pod', (o) => { o.spec = []; }, 'cannot unmarshal array into Go struct field Pod.spec of type v1.PodSpec'],
  ['bad quantity', 'v1/Pod', (o) => { o.spec.containers[0].resources = { limits: { cpu: 'lots' } }; }, 'quantities must match the regular expression'],
  ['bad time', 'v1/ConfigMap', (o) => { o.metadata.creationTimestamp = 'yesterday'; }, 'parsing time "yesterday"'],
  ['bad base64', 'v1/Secret', (o) => { o.data = { password: 'not base64!' }; }, 'Secret in version "v1" cannot be handled as a Secret: illegal base64 data at input byte 3'],
  ['target port object', 'v1/Service', (o) => { o.spec.ports[0].targetPort = { port: 80 }; }, 'of type intstr.IntOrString'],
];
for (const [name, gvk, edit, message] of badRequests) {
  test(`400: ${name}`, () => {
    const err = failure(() => run(gvk, edit));
    assert.is(err.code, 400, err.message);
    assert.ok(err.message.includes(message), `${err.message}\n  should contain\n${message}`);
  });
}

test('too deep nesting is refused first', () => {
  let deep: any = {};
  for (let i = 0; i < 150; i++) deep = { a: deep };
  const err = failure(() => run('v1/ConfigMap', (o) => { o.metadata.name = 'BAD'; o.metadata.annotations = deep; }));
  assert.is(err.code, 400);
  assert.match(err.message, 'exceeded max depth of 100');
});

test('unknown fields: Strict rejects, Warn warns, Ignore drops', () => {
  const addUnknown = (o: any) => { o.spec.foo = 1; o.spec.template.spec.containers[0].bar = 'x'; o.extra = true; };
  const err = failure(() => run('apps/v1/Deployment', addUnknown, 'Strict'));
  assert.is(err.code, 400);
  assert.is(err.message, 'Deployment in version "v1" cannot be handled as a Deployment: strict decoding error: unknown field "extra", unknown field "spec.foo", unknown field "spec.template.spec.containers[0].bar"');
  const warned = run('apps/v1/Deployment', addUnknown, 'Warn');
  assert.equal(warned.warnings, ['unknown field "extra"', 'unknown field "spec.foo"', 'unknown field "spec.template.spec.containers[0].bar"']);
  assert.is(warned.obj.spec.foo, undefined);
  const ignored = run('apps/v1/Deployment', addUnknown, 'Ignore');
  assert.equal(ignored.warnings, []);
  assert.is(ignored.obj.extra, undefined);
  assert.is('bar' in ignored.obj.spec.template.spec.containers[0], false);
});

test('status, managedFields and free-form fields are known', () => {
  const { warnings } = run('apps/v1/Deployment', (o) => {
    o.status = { replicas: 1, conditions: [{ type: 'Available', status: 'True' }] };
    o.metadata.managedFields = [{ manager: 'kubectl', operation: 'Apply', fieldsType: 'FieldsV1', fieldsV1: { 'f:spec': { 'f:replicas': {} } } }];
  }, 'Strict');
  assert.equal(warnings, []);
});

test('numeric quantities become strings; nulls are accepted', () => {
  const { obj } = run('v1/Pod', (o) => { o.spec.containers[0].resources = { limits: { cpu: 1, memory: '128Mi' } }; o.spec.nodeSelector = null; });
  assert.equal(obj.spec.containers[0].resources.limits, { cpu: '1', memory: '128Mi' });
});

test('validateName follows the resource naming rules', () => {
  assert.equal(validateName(infoOf('v1/Pod'), 'a.b-c'), []);
  assert.is(validateName(infoOf('v1/Namespace'), 'a.b').length, 1);
  assert.equal(validateName(infoOf('v1/Service'), 'web-1'), []);
  assert.match(validateName(infoOf('v1/Service'), '1web')[0], 'DNS-1035');
  assert.is(validateName(infoOf('apps/v1/Deployment'), 'x'.repeat(254))[0], 'must be no more than 253 characters');
});

const schedules: [string, string | undefined][] = [
  ['*/5 * * * *', undefined], ['0 0 1 jan,jul MON-FRI', undefined], ['@hourly', undefined], ['@every 1h30m', undefined],
  ['0 0 * *', 'expected exactly 5 fields, found 4: 0 0 * *'], ['0 24 * * *', 'end of range (24) above maximum (23): 24'],
  ['5-1 * * * *', 'beginning of range (5) beyond end of range (1): 5-1'], ['*/0 * * * *', 'step of range should be a positive number: */0'],
  ['x * * * *', 'failed to parse int from x'], ['@often', 'unrecognized descriptor: @often'],
  ['TZ=UTC 0 0 * * *', 'cannot use TZ or CRON_TZ in schedule, use timeZone field instead'], ['0 0 0 * *', 'beginning of range (0) below minimum (1): 0'],
];
for (const [schedule, want] of schedules) {
  test(`cron ${JSON.stringify(schedule)}`, () => {
    const got = cronScheduleError(schedule);
    if (want === undefined) assert.is(got, undefined);
    else assert.ok(got?.startsWith(want), got);
  });
}

test.run();
