import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { ApiError } from '../src/api/errors.js';
import {
  parseLabelSelector, matchesLabels, labelSelectorFromObject, formatLabelSelector,
  parseFieldSelector, matchesFields, supportedFields, formatFieldSelector, selectableProjection,
} from '../src/api/selectors/index.js';

function badRequest(fn: () => unknown): string {
  try {
    fn();
  } catch (e) {
    assert.instance(e, ApiError);
    assert.is((e as ApiError).code, 400);
    return (e as ApiError).message;
  }
  throw new Error('expected a BadRequest');
}

test('parses every operator into sorted requirements', () => {
  assert.equal(parseLabelSelector('x=1,a==b,c!=d,e in (y, x),f notin (z),g,!h,n>5,m<3'), [
    { key: 'a', operator: 'Equals', values: ['b'] },
    { key: 'c', operator: 'NotEquals', values: ['d'] },
    { key: 'e', operator: 'In', values: ['x', 'y'] },
    { key: 'f', operator: 'NotIn', values: ['z'] },
    { key: 'g', operator: 'Exists', values: [] },
    { key: 'h', operator: 'DoesNotExist', values: [] },
    { key: 'm', operator: 'Lt', values: ['3'] },
    { key: 'n', operator: 'Gt', values: ['5'] },
    { key: 'x', operator: 'Equals', values: ['1'] },
  ]);
});

const roundTrips: [string, string][] = [
  ['', ''],
  ['  app = web  ', 'app=web'],
  ['app=', 'app='],
  ['tier in (), app', 'app,tier in ()'],
  ['env notin (prod,dev,prod)', 'env notin (dev,prod)'],
  ['example.com/role=db,!example.com/legacy', '!example.com/legacy,example.com/role=db'],
  ['in=notin', 'in=notin'],
  ['k in (in,notin)', 'k in (in,notin)'],
];
for (const [input, want] of roundTrips) {
  test(`canonical form of ${JSON.stringify(input)}`, () => {
    assert.is(formatLabelSelector(parseLabelSelector(input)), want);
  });
}

const syntaxErrors: [string, string][] = [
  ['a=b c', "found 'c', expected: ',' or 'end of string'"],
  ['a b', "found 'b', expected: in, notin, =, ==, !=, gt, lt"],
  ['a=b,', "found '', expected: identifier after ','"],
  [',a', "found ',', expected: !, identifier, or 'end of string'"],
  ['a in b', "found 'b', expected: '('"],
  ['a in (b', "found '', expected: ',', ')' or identifier"],
  ['a>b', "the value must be an integer"],
  ['Bad Key!=x', "found 'Key', expected: in, notin, =, ==, !=, gt, lt"],
  ['-a=b', 'invalid label key "-a"'],
  ['a=-b', 'invalid label value: "-b": at key: "a"'],
  ['!a=b', "found '=', expected: ',' or 'end of string'"],
  [`a=${'x'.repeat(64)}`, 'must be no more than 63 characters'],
];
for (const [input, want] of syntaxErrors) {
  test(`rejects ${JSON.stringify(input)}`, () => {
    assert.ok(badRequest(() => parseLabelSelector(input)).includes(want), `message should contain ${want}`);
  });
}

const matching: [string, Record<string, string> | undefined, boolean][] = [
  ['', undefined, true],
  ['app=web', { app: 'web' }, true],
  ['app=web', { app: 'db' }, false],
  ['app!=web', {}, true],
  ['app!=web', { app: 'web' }, false],
  ['env in (a,b)', { env: 'b' }, true],
  ['env in (a,b)', {}, false],
  ['env notin (a,b)', {}, true],
  ['env notin (a,b)', { env: 'a' }, false],
  ['env', { env: '' }, true],
  ['!env', { env: '' }, false],
  ['!env', undefined, true],
  ['n>5', { n: '6' }, true],
  ['n>5', { n: '5' }, false],
  ['n<5', { n: 'x' }, false],
  ['n<5', {}, false],
  ['a=1,b=2', { a: '1', b: '2', c: '3' }, true],
  ['a=1,b=2', { a: '1' }, false],
];
for (const [sel, labels, want] of matching) {
  test(`${JSON.stringify(sel)} against ${JSON.stringify(labels)} is ${want}`, () => {
    assert.is(matchesLabels(parseLabelSelector(sel), labels), want);
  });
}

test('metav1.LabelSelector converts matchLabels and matchExpressions', () => {
  const reqs = labelSelectorFromObject({
    matchLabels: { app: 'web' },
    matchExpressions: [{ key: 'tier', operator: 'In', values: ['fe', 'be'] }, { key: 'canary', operator: 'DoesNotExist' }],
  });
  assert.is(formatLabelSelector(reqs), 'app=web,!canary,tier in (be,fe)');
  assert.ok(matchesLabels(reqs, { app: 'web', tier: 'fe' }));
  assert.not.ok(matchesLabels(reqs, { app: 'web', tier: 'fe', canary: 'y' }));
  assert.equal(labelSelectorFromObject({}), []);
});

test('metav1.LabelSelector rejects bad operators and empty In', () => {
  assert.match(badRequest(() => labelSelectorFromObject({ matchExpressions: [{ key: 'a', operator: 'Gt', values: ['1'] }] })), '"Gt" is not a valid label selector operator');
  assert.match(badRequest(() => labelSelectorFromObject({ matchExpressions: [{ key: 'a', operator: 'In', values: [] }] })), "values set can't be empty");
  assert.match(badRequest(() => labelSelectorFromObject({ matchLabels: { a: 'b c' } })), 'invalid label value');
});

test('parses field selectors with == and escapes', () => {
  assert.equal(parseFieldSelector('metadata.name==a\\,b,status.phase!=Running'), [
    { field: 'metadata.name', operator: '=', value: 'a,b' },
    { field: 'status.phase', operator: '!=', value: 'Running' },
  ]);
  assert.equal(parseFieldSelector(''), []);
  assert.equal(parseFieldSelector('spec.nodeName='), [{ field: 'spec.nodeName', operator: '=', value: '' }]);
  assert.is(formatFieldSelector(parseFieldSelector('metadata.name=a\\=b')), 'metadata.name=a\\=b');
});

test('field selector syntax errors', () => {
  assert.is(badRequest(() => parseFieldSelector('metadata.name')), "invalid selector: 'metadata.name'; can't understand 'metadata.name'");
  assert.match(badRequest(() => parseFieldSelector('a=b\\x')), 'invalid escape sequence');
  assert.match(badRequest(() => parseFieldSelector('a==b=c')), 'unescaped character in value: =');
});

const pod = {
  metadata: { name: 'web-1', namespace: 'default' },
  spec: { nodeName: 'n1', restartPolicy: 'Always', schedulerName: 'default-scheduler' },
  status: { phase: 'Running', podIP: '10.0.0.5' },
};
const fieldCases: [string, string, any, boolean][] = [
  ['pods', 'metadata.name=web-1', pod, true],
  ['pods', 'metadata.name=web-2', pod, false],
  ['pods', 'metadata.namespace=default,spec.nodeName=n1', pod, true],
  ['pods', 'spec.nodeName=', { metadata: { name: 'p' }, spec: {} }, true],
  ['pods', 'status.phase!=Running', pod, false],
  ['pods', 'status.phase!=Succeeded,status.podIP=10.0.0.5', pod, true],
  ['events', 'involvedObject.name=web-1,involvedObject.kind=Pod', { involvedObject: { name: 'web-1', kind: 'Pod' } }, true],
  ['events', 'source=kubelet,type=Warning', { source: { component: 'kubelet' }, type: 'Warning' }, true],
  ['nodes', 'spec.unschedulable=false', { spec: {} }, true],
  ['nodes', 'spec.unschedulable=true', { spec: { unschedulable: true } }, true],
  ['secrets', 'type=Opaque', { type: 'Opaque' }, true],
  ['namespaces', 'status.phase=Active', { status: { phase: 'Terminating' } }, false],
  ['jobs', 'status.successful=0', { status: {} }, true],
  ['deployments', 'metadata.name=x', { metadata: { name: 'x' } }, true],
];
for (const [resource, sel, obj, want] of fieldCases) {
  test(`${resource} ${sel} is ${want}`, () => {
    assert.is(matchesFields(parseFieldSelector(sel), resource, obj), want);
    assert.is(matchesFields(parseFieldSelector(sel), resource, JSON.parse(JSON.stringify(selectableProjection(resource, obj)))), want, 'the projection decides alike');
  });
}

test('the selectable projection keeps labels and selectable fields only', () => {
  const pod = { metadata: { name: 'p', namespace: 'ns', labels: { app: 'web' }, annotations: { a: 'b' } }, spec: { nodeName: 'n1', hostNetwork: false, containers: [{ name: 'c' }] }, status: { phase: 'Running', conditions: [] } };
  assert.equal(selectableProjection('pods', pod), { metadata: { labels: { app: 'web' }, name: 'p', namespace: 'ns' }, spec: { nodeName: 'n1', hostNetwork: false }, status: { phase: 'Running' } });
  assert.ok(matchesLabels(parseLabelSelector('app=web'), selectableProjection('pods', pod).metadata.labels));
  assert.equal(selectableProjection('events', { metadata: { name: 'e' }, source: { component: 'kubelet', host: 'h' } }), { metadata: { name: 'e' }, source: { component: 'kubelet' } });
});

test('unsupported fields are a 400 worded like Kubernetes', () => {
  assert.is(badRequest(() => matchesFields(parseFieldSelector('spec.replicas=1'), 'deployments', {})), 'field label not supported: spec.replicas');
  assert.is(badRequest(() => matchesFields(parseFieldSelector('status.phase=Running,type=x'), 'pods', {})), 'field label not supported: type');
  assert.ok(supportedFields('pods').includes('spec.nodeName'));
  assert.equal(supportedFields('configmaps'), ['metadata.name', 'metadata.namespace']);
});

test.run();
