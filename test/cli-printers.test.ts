import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { alignRows, columnWidths, tabwrite } from '../src/cli/printers/tabwriter.js';
import { executeTemplate, JsonPathError, selectValues } from '../src/cli/printers/jsonpath.js';
import { customColumnRows, goValue, parseCustomColumns } from '../src/cli/printers/custom-columns.js';
import { sortOrder } from '../src/cli/printers/sort.js';
import { bodyRows, headerRow, labelsText, type ServerTable } from '../src/cli/printers/table.js';
import { toJson, toYaml, asList } from '../src/cli/printers/objects.js';
import { parseOutput } from '../src/cli/output-format.js';
import { Discovery, fromResourceList, kindPrefix, resolveIn } from '../src/cli/discovery.js';
import { resolveArgs } from '../src/cli/resource-args.js';
import { errorLine, CliError } from '../src/cli/errors.js';
import { colorEnabled } from '../src/cli/color.js';
import { parseDuration } from '../src/cli/duration.js';
import { humanDuration } from '../src/apiserver/tables/duration.js';
import { StatusError } from '../src/client/errors.js';

const core = fromResourceList('v1', [
  { name: 'pods', singularName: 'pod', namespaced: true, kind: 'Pod', verbs: ['get', 'list'], shortNames: ['po'], categories: ['all'] },
  { name: 'pods/status', namespaced: true, kind: 'Pod', verbs: ['get'] },
  { name: 'services', singularName: 'service', namespaced: true, kind: 'Service', verbs: ['get'], shortNames: ['svc'], categories: ['all'] },
  { name: 'nodes', singularName: 'node', namespaced: false, kind: 'Node', verbs: ['get'], shortNames: ['no'] },
]);
const apps = fromResourceList('apps/v1', [
  { name: 'deployments', singularName: 'deployment', namespaced: true, kind: 'Deployment', verbs: ['get'], shortNames: ['deploy'], categories: ['all'] },
  { name: 'deployments/scale', namespaced: true, kind: 'Scale', verbs: ['get'] },
]);
const discovery = Discovery.of([...core, ...apps]);

test('tabwriter pads every column but the last to widest+3, at least 6 (kubectl settings)', () => {
  const rows = [['NAME', 'STATUS', 'AGE'], ['a', 'Running', '5s'], ['longer-name', 'X', '10d']];
  assert.is(alignRows(rows), 'NAME          STATUS    AGE\na             Running   5s\nlonger-name   X         10d\n');
  assert.equal(columnWidths([['a', 'b']]), [6]);
  assert.equal(columnWidths([['abcdefgh', 'b']], [20]), [20], 'remembered widths never shrink');
  assert.is(alignRows([['ü', 'x']]), 'ü     x\n', 'width counts code points');
});

test('tabwrite aligns column blocks like Go text/tabwriter (describe layout)', () => {
  const text = 'Name:\tweb\nLabels:\tapp=web\n\ttier=x\nContainers:\n  nginx:\n    Image:\tnginx\n    Restart Count:\t0\n';
  assert.is(tabwrite(text), 'Name:    web\nLabels:  app=web\n         tier=x\nContainers:\n  nginx:\n    Image:          nginx\n    Restart Count:  0\n');
});

const pods = {
  kind: 'List',
  items: [
    { metadata: { name: 'b', labels: { app: 'x' } }, spec: { containers: [{ name: 'c1', image: 'i1' }, { name: 'c2', image: 'i2' }] }, status: { conditions: [{ type: 'Ready', status: 'True' }, { type: 'Init', status: 'False' }], restarts: 3 } },
    { metadata: { name: 'a' }, spec: { containers: [{ name: 'c', image: 'i3' }] }, status: { restarts: 10 } },
  ],
};

const JSONPATH_CASES: [string, string][] = [
  ['{.items[*].metadata.name}', 'b a'],
  ['{.items[0].metadata.name}', 'b'],
  ['{.items[-1].metadata.name}', 'a'],
  ['{.items[0:1].metadata.name}', 'b'],
  ['{$.kind}', 'List'],
  ["{.items[0].metadata['name']}", 'b'],
  ['{range .items[*]}{.metadata.name}{"\\t"}{.status.restarts}{"\\n"}{end}', 'b\t3\na\t10\n'],
  ['{.items[0].status.conditions[?(@.type=="Ready")].status}', 'True'],
  ['{.items[*].status.conditions[?(@.status!="True")].type}', 'Init'],
  ['{.items[?(@.status.restarts>5)].metadata.name}', 'a'],
  ['{.items[?(@.metadata.labels)].metadata.name}', 'b'],
  ['{..image}', 'i1 i2 i3'],
  ['{.items[0].metadata.labels}', '{"app":"x"}'],
  ['name: {.items[1].metadata.name}', 'name: a'],
  ['{.missing.field}', ''],
  ['{range .items[*]}[{range .spec.containers[*]}{.name},{end}]{end}', '[c1,c2,][c,]'],
];

test('jsonpath templates evaluate as kubectl does', () => {
  for (const [template, want] of JSONPATH_CASES) assert.is(executeTemplate(template, pods), want, template);
});

test('jsonpath rejects malformed templates', () => {
  for (const bad of ['{.items[*}', '{range .items[*]}{.x}', '{end}', '{.items[?(@.a == nope)]}']) {
    assert.throws(() => executeTemplate(bad, pods), (e: unknown) => e instanceof JsonPathError, bad);
  }
  assert.equal(selectValues('metadata.name', pods.items[0]), ['b'], 'relaxed expressions need no braces or dot');
});

test('custom columns: several values join with a comma, none prints <none>', () => {
  const cols = parseCustomColumns('NAME:.metadata.name,IMAGES:.spec.containers[*].image,APP:metadata.labels.app');
  const { header, rows } = customColumnRows(cols, pods.items);
  assert.equal(header, ['NAME', 'IMAGES', 'APP']);
  assert.equal(rows, [['b', 'i1,i2', 'x'], ['a', 'i3', '<none>']]);
  assert.throws(() => parseCustomColumns('NAME'), /expected <header>:<json-path-expr>/);
  assert.is(goValue({ b: [1, 'x'], a: { c: null } }), 'map[a:map[c:<nil>] b:[1 x]]', 'maps and lists print as Go %v');
});

test('sort-by: numbers numerically, strings lexically, missing first, stable', () => {
  const objs = [{ n: 10, s: 'b' }, { n: 9, s: 'a' }, { s: 'c' }, { n: 10, s: 'a' }];
  assert.equal(sortOrder('.n', objs), [2, 1, 0, 3]);
  assert.equal(sortOrder('{.s}', objs), [1, 3, 0, 2]);
});

const table: ServerTable = {
  columnDefinitions: [
    { name: 'Name', format: 'name', priority: 0 }, { name: 'Ready', priority: 0 }, { name: 'IP', priority: 1 }, { name: 'Age', priority: 0 },
  ],
  rows: [
    { cells: ['web-1', '1/1', '10.0.0.1', '5m'], object: { metadata: { name: 'web-1', namespace: 'prod', labels: { tier: 'front', app: 'web' } } } },
    { cells: ['db', '0/1', null, '2d4h'], object: { metadata: { name: 'db', namespace: 'dev' } } },
  ],
};

test('table decorations: wide columns, NAMESPACE, -L, LABELS, kind prefix', () => {
  assert.equal(headerRow(table, {}), ['NAME', 'READY', 'AGE']);
  assert.equal(bodyRows(table, {}), [['web-1', '1/1', '5m'], ['db', '0/1', '2d4h']]);
  assert.equal(headerRow(table, { wide: true, withNamespace: true }), ['NAMESPACE', 'NAME', 'READY', 'IP', 'AGE']);
  assert.equal(bodyRows(table, { wide: true, withNamespace: true })[1], ['dev', 'db', '0/1', '', '2d4h']);
  assert.equal(headerRow(table, { labelColumns: ['example.com/tier', 'app'], showLabels: true }), ['NAME', 'READY', 'AGE', 'TIER', 'APP', 'LABELS']);
  assert.equal(bodyRows(table, { labelColumns: ['tier'], showLabels: true })[0], ['web-1', '1/1', '5m', 'front', 'app=web,tier=front']);
  assert.equal(bodyRows(table, { kindPrefix: 'pod' })[1][0], 'pod/db');
  assert.is(labelsText(undefined), '<none>');
});

test('json output is sorted and 4-space indented; yaml quotes ambiguous strings and does not indent lists', () => {
  const obj = { kind: 'Pod', apiVersion: 'v1', metadata: { name: 'x', creationTimestamp: '2024-01-02T03:04:05Z' }, spec: { list: ['yes', '1'] } };
  assert.is(toJson({ b: 1, a: { d: 1, c: 2 } }), '{\n    "a": {\n        "c": 2,\n        "d": 1\n    },\n    "b": 1\n}\n');
  assert.is(toYaml(obj), 'apiVersion: v1\nkind: Pod\nmetadata:\n  creationTimestamp: "2024-01-02T03:04:05Z"\n  name: x\nspec:\n  list:\n  - "yes"\n  - "1"\n');
  assert.equal(asList([]), { apiVersion: 'v1', items: [], kind: 'List', metadata: { resourceVersion: '' } });
});

test('-o values parse or fail with the list of formats', () => {
  assert.equal(parseOutput(undefined), { kind: 'table', wide: false });
  assert.equal(parseOutput('wide'), { kind: 'table', wide: true });
  assert.equal(parseOutput('jsonpath={.a}'), { kind: 'jsonpath', template: '{.a}' });
  assert.equal(parseOutput('custom-columns=A:.a'), { kind: 'custom-columns', spec: 'A:.a' });
  assert.throws(() => parseOutput('xml'), /unable to match a printer suitable for the output format "xml"/);
});

test('discovery resolves plural, singular, short name, kind and group-qualified names', () => {
  for (const typed of ['pods', 'pod', 'po', 'Pod', 'PODS']) {
    assert.is(resolveIn(discovery.resources, typed)?.kind, 'Pod', typed);
  }
  assert.is(resolveIn(discovery.resources, 'deployments.apps')?.kind, 'Deployment');
  assert.is(resolveIn(discovery.resources, 'deploy.v1.apps')?.kind, 'Deployment');
  assert.is(resolveIn(discovery.resources, 'deployments.batch'), undefined);
  assert.equal(discovery.resolve('deploy').subresources, ['scale']);
  assert.equal(discovery.resolve('po').subresources, ['status']);
  assert.throws(() => discovery.resolve('foo'), /the server doesn't have a resource type "foo"/);
  assert.is(kindPrefix(discovery.resolve('deploy')), 'deployment.apps');
  assert.is(discovery.byKind('apps/v1', 'Deployment').resource, 'deployments');
  assert.throws(() => discovery.byKind('apps/v2', 'Deployment'), /resource mapping not found/);
});

test('positional arguments: types, names, comma lists, kind/name, all', () => {
  const one = resolveArgs(['po', 'a', 'b'], discovery);
  assert.equal(one.requests.map((r) => [r.resource.resource, r.names]), [['pods', ['a', 'b']]]);
  assert.is(one.multipleKinds, false);
  const many = resolveArgs(['pods,svc'], discovery);
  assert.equal(many.requests.map((r) => r.resource.resource), ['pods', 'services']);
  assert.is(many.multipleKinds, true);
  const slash = resolveArgs(['pod/a', 'deploy/b', 'po/c'], discovery);
  assert.equal(slash.requests.map((r) => [r.resource.resource, r.names]), [['pods', ['a', 'c']], ['deployments', ['b']]]);
  const all = resolveArgs(['all'], discovery);
  assert.equal(all.requests.map((r) => r.resource.resource), ['pods', 'services', 'deployments']);
  assert.is(all.multipleKinds, true);
  assert.throws(() => resolveArgs(['pods', 'pod/a'], discovery), /resource\/name form/);
  assert.throws(() => resolveArgs([], discovery), /must specify the type of resource/);
});

test('errors print like kubectl', () => {
  assert.is(errorLine(new StatusError({ kind: 'Status', reason: 'NotFound', message: 'pods "x" not found', code: 404 } as never, 404)), 'Error from server (NotFound): pods "x" not found');
  assert.is(errorLine(new CliError('boom')), 'error: boom');
});

test('colour only on a TTY and never with NO_COLOR', () => {
  assert.is(colorEnabled(true, {}), true);
  assert.is(colorEnabled(false, {}), false);
  assert.is(colorEnabled(undefined, {}), false);
  assert.is(colorEnabled(true, { NO_COLOR: '' }), false);
  assert.is(colorEnabled(true, { TERM: 'dumb' }), false);
});

test('durations: flags and AGE', () => {
  assert.is(parseDuration('1h30m'), 5_400_000);
  assert.is(parseDuration('250ms'), 250);
  assert.is(parseDuration('30'), 30_000);
  assert.throws(() => parseDuration('5x'), /invalid duration/);
  const AGES: [number, string][] = [[45_000, '45s'], [190_000, '3m10s'], [15 * 60_000, '15m'], [52 * 3600_000, '2d4h'], [30 * 86_400_000, '30d']];
  for (const [ms, want] of AGES) assert.is(humanDuration(ms), want);
});

test.run();
