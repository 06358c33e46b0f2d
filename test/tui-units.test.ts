/**
 * Pure parts of the terminal UI: key parsing, the key reducer (several keys
 * per input chunk), the prompt, filters, the incremental sorted table, row
 * states, table layout, describe, skins and config.
 */
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { keysFrom } from '../tui/keys.js';
import { compileFilter } from '../tui/filter.js';
import { ResourceTable, type TableQuery } from '../tui/model/resource-table.js';
import { toRow } from '../tui/model/row.js';
import { specFor } from '../tui/registry.js';
import { podState, nodeState, workloadState } from '../tui/render/state.js';
import { layoutTable, pickCells, screenColumns } from '../tui/render/table-layout.js';
import { describe } from '../tui/render/describe.js';
import { parseCommand, suggest } from '../tui/state/commands.js';
import { DEFAULT_BINDINGS } from '../tui/state/keymap.js';
import { activeBindings, reduceKeys } from '../tui/state/reducer.js';
import type { ViewContext } from '../tui/state/step.js';
import { initialState, top, type TableFrame, type UiState } from '../tui/state/ui-state.js';
import { parseSkin } from '../tui/skin.js';
import { parseConfig } from '../tui/config.js';
import { xrayLines } from '../tui/render/xray.js';
import { ClusterTotals, formatUsage } from '../tui/model/totals.js';
import { nodeUsage, podUsage } from '../tui/model/usage.js';
import { usageCells, usageHeaders } from '../tui/render/usage-cells.js';
import { PulseHistory, pulseLines, samplePulse, sparkline } from '../tui/model/pulses.js';
import { controllerRevisionRows, defaultRevisionIndex, revisionRows } from '../tui/model/revisions.js';
import { storeFacts } from '../tui/model/store-info.js';
import { helpEntries } from '../tui/view/chrome.js';
import { parseRedisInfo, redisAddress } from '../src/apiserver/redkube-info.js';

const NOW = Date.parse('2026-01-01T00:10:00Z');

function pod(name: string, extra: Record<string, any> = {}): Record<string, any> {
  return {
    kind: 'Pod',
    metadata: { name, namespace: extra.namespace ?? 'default', uid: `uid-${name}`, creationTimestamp: extra.created ?? '2026-01-01T00:00:00Z', labels: extra.labels ?? { app: 'web' } },
    spec: { nodeName: extra.node, containers: [{ name: 'c', image: 'img' }] },
    status: extra.status ?? { phase: 'Running', containerStatuses: [{ name: 'c', ready: true, restartCount: extra.restarts ?? 0, state: { running: {} } }] },
  };
}

function tableOf(objs: Record<string, any>[]): ResourceTable {
  const t = new ResourceTable();
  for (const o of objs) t.upsert(toRow(specFor('pods'), `${o.metadata.namespace}/${o.metadata.name}`, o, NOW));
  return t;
}

function ctxFor(tables: Record<string, ResourceTable>): ViewContext {
  return {
    pageSize: 5,
    bindings: DEFAULT_BINDINGS,
    aliases: {},
    textLines: () => 100,
    table: (frame, namespace) => {
      const t = tables[frame.resource] ?? new ResourceTable();
      const q: TableQuery = { namespace, scope: frame.scope, filter: frame.filter, sort: frame.sort };
      return { count: t.query(q, 0, 0).total, at: (i) => t.query(q, i, 1).rows[0] };
    },
  };
}

function frame(s: UiState): TableFrame {
  return top(s) as TableFrame;
}

test('keysFrom splits a chunk of several keys and maps control bytes', () => {
  assert.equal(keysFrom('jj\r', {}), ['j', 'j', 'enter']);
  assert.equal(keysFrom('', { return: true }), ['enter']);
  assert.equal(keysFrom('', { escape: true }), ['esc']);
  assert.equal(keysFrom('d', { ctrl: true }), ['ctrl-d']);
  assert.equal(keysFrom('\x04', {}), ['ctrl-d']);
  assert.equal(keysFrom('', { downArrow: true }), ['down']);
  assert.equal(keysFrom('ab\x7f', {}), ['a', 'b', 'backspace']);
});

test('reducer: several keys in one chunk move the cursor and switch views in order', () => {
  const pods = tableOf(['a', 'b', 'c', 'd'].map((n) => pod(n)));
  const ctx = ctxFor({ pods, deployments: new ResourceTable() });
  let s = initialState();
  s = reduceKeys(s, keysFrom('jjj', {}), ctx).state;
  assert.is(frame(s).cursor, 3);
  s = reduceKeys(s, keysFrom('jjk', {}), ctx).state;
  assert.is(frame(s).cursor, 2, 'clamped at the last row, then up one');
  s = reduceKeys(s, keysFrom(':deploy\rj', {}), ctx).state;
  assert.is(frame(s).resource, 'deployments');
  assert.is(frame(s).cursor, 0, 'j in an empty table stays at 0');
  assert.is(s.mode, 'normal');
});

test('reducer: filter mode applies as typed, esc clears it, enter keeps it', () => {
  const pods = tableOf(['web-1', 'web-2', 'db-1'].map((n) => pod(n)));
  const ctx = ctxFor({ pods });
  let s = reduceKeys(initialState(), keysFrom('/db', {}), ctx).state;
  assert.is(frame(s).filter, 'db');
  assert.is(ctx.table(frame(s), s.namespace).count, 1);
  s = reduceKeys(s, ['esc'], ctx).state;
  assert.is(frame(s).filter, '');
  s = reduceKeys(s, keysFrom('/web\r', {}), ctx).state;
  assert.is(frame(s).filter, 'web');
  assert.is(s.mode, 'normal');
  s = reduceKeys(s, ['esc'], ctx).state;
  assert.is(frame(s).filter, '', 'esc in normal mode clears the filter first');
});

test('reducer: namespaces on 0-9, :ns NAME remembers favourites, :q quits', () => {
  const ctx = ctxFor({ pods: new ResourceTable() });
  let s = reduceKeys(initialState({ namespace: 'default' }), keysFrom(':ns kube-system\r', {}), ctx).state;
  assert.is(s.namespace, 'kube-system');
  assert.equal(s.favorites, ['kube-system', 'default']);
  s = reduceKeys(s, ['0'], ctx).state;
  assert.is(s.namespace, '');
  s = reduceKeys(s, ['2'], ctx).state;
  assert.is(s.namespace, 'default');
  const quit = reduceKeys(s, keysFrom(':q\rj', {}), ctx);
  assert.ok(quit.state.quit);
  assert.equal(quit.effects, [{ type: 'quit' }]);
});

test('reducer: enter drills from a deployment to its pods and esc goes back', () => {
  const deployments = new ResourceTable();
  const dep = { kind: 'Deployment', metadata: { name: 'web', namespace: 'default', uid: 'd1' }, spec: { replicas: 2, selector: { matchLabels: { app: 'web' } } } };
  deployments.upsert(toRow(specFor('deployments'), 'default/web', dep, NOW));
  const pods = tableOf([pod('web-1'), pod('web-2'), pod('db-1', { labels: { app: 'db' } })]);
  const ctx = ctxFor({ pods, deployments });
  let s = reduceKeys(initialState(), keysFrom(':deploy\r\r', {}), ctx).state;
  assert.is(s.frames.length, 2);
  assert.is(frame(s).resource, 'pods');
  assert.equal(frame(s).scope, { namespace: 'default', selector: 'app=web' });
  assert.is(ctx.table(frame(s), s.namespace).count, 2);
  s = reduceKeys(s, ['esc'], ctx).state;
  assert.is(frame(s).resource, 'deployments');
});

test('reducer: delete asks first, offers propagation and force; read-only hides writes', () => {
  const pods = tableOf([pod('a'), pod('b'), pod('c')]);
  const ctx = ctxFor({ pods });
  let step = reduceKeys(initialState(), [' ', ' ', 'ctrl-d'], ctx);
  assert.is(step.state.dialog?.kind, 'delete');
  assert.is(step.effects.length, 0, 'nothing deleted before confirming');
  step = reduceKeys(step.state, ['tab', 'f', 'enter'], ctx);
  assert.equal(step.effects, [{
    type: 'delete', propagation: 'Foreground', force: true,
    targets: [{ resource: 'pods', namespace: 'default', name: 'a' }, { resource: 'pods', namespace: 'default', name: 'b' }],
  }]);
  const esc = reduceKeys(initialState(), ['ctrl-d', 'esc'], ctx);
  assert.is(esc.effects.length, 0);
  assert.is(esc.state.dialog, undefined);
  const ro = reduceKeys(initialState({ readonly: true }), ['ctrl-d'], ctx);
  assert.is(ro.state.dialog, undefined);
  assert.not.ok(activeBindings(ro.state, ctx).some((b) => b.action === 'delete'));
});

test('marks: cordon and drain apply to every marked row, else to the cursor row', () => {
  const nodes = new ResourceTable();
  for (const n of ['n1', 'n2', 'n3']) nodes.upsert(toRow(specFor('nodes'), n, { kind: 'Node', metadata: { name: n }, status: { conditions: [{ type: 'Ready', status: 'True' }] } }, NOW));
  const ctx = ctxFor({ nodes });
  const s0 = initialState({ resource: 'nodes', namespace: '' });
  assert.equal(reduceKeys(s0, [' ', ' ', 'c'], ctx).effects, [
    { type: 'cordon', target: { resource: 'nodes', name: 'n1' }, unschedulable: true },
    { type: 'cordon', target: { resource: 'nodes', name: 'n2' }, unschedulable: true },
  ]);
  const drain = reduceKeys(s0, ['j', ' ', ' ', 'r', 'enter'], ctx);
  assert.equal(drain.effects.map((e) => e.type === 'drain' && e.target.name), ['n2', 'n3']);
  assert.match(drain.state.flash?.text ?? '', /draining 2 nodes/);
  assert.equal(reduceKeys(s0, ['j', 'u'], ctx).effects, [{ type: 'cordon', target: { resource: 'nodes', namespace: undefined, name: 'n2' }, unschedulable: false }], 'no marks: the cursor row');
});

test('drain asks first: kubectl drain --ignore-daemonsets --delete-emptydir-data by default, d/e/f toggle, n or esc cancel', () => {
  const nodes = new ResourceTable();
  nodes.upsert(toRow(specFor('nodes'), 'n1', { kind: 'Node', metadata: { name: 'n1' }, status: { conditions: [{ type: 'Ready', status: 'True' }] } }, NOW));
  const ctx = ctxFor({ nodes });
  const s0 = initialState({ resource: 'nodes', namespace: '' });
  const target = { resource: 'nodes', namespace: undefined, name: 'n1' };
  const asked = reduceKeys(s0, ['r'], ctx);
  assert.equal(asked.effects, [], 'nothing drained before confirming');
  assert.equal(asked.state.dialog, { kind: 'drain', targets: [target], options: { ignoreDaemonSets: true, deleteEmptyDirData: true, force: false } });
  assert.equal(reduceKeys(s0, ['r', 'enter'], ctx).effects, [{ type: 'drain', target, options: { ignoreDaemonSets: true, deleteEmptyDirData: true, force: false } }]);
  const toggled = reduceKeys(s0, ['r', 'd', 'e', 'f', 'f', 'f', 'y'], ctx);
  assert.equal(toggled.effects, [{ type: 'drain', target, options: { ignoreDaemonSets: false, deleteEmptyDirData: false, force: true } }]);
  assert.match(toggled.state.flash?.text ?? '', /draining n1\.\.\./);
  for (const cancel of ['n', 'esc'] as const) {
    const step = reduceKeys(s0, ['r', 'f', cancel], ctx);
    assert.equal(step.effects, [], `${cancel} cancels`);
    assert.is(step.state.dialog, undefined);
  }
  assert.equal(reduceKeys(s0, ['r', 'x', 'j'], ctx).effects, [], 'other keys do nothing while the dialog is open');
  assert.not.ok(activeBindings(initialState({ resource: 'nodes', readonly: true }), ctx).some((b) => b.action === 'drain'), 'read-only hides drain');
});

test('restart asks first, like k9s: enter or y restarts every target, n or esc cancels', () => {
  const deployments = new ResourceTable();
  for (const n of ['api', 'web']) deployments.upsert(toRow(specFor('deployments'), `default/${n}`, { kind: 'Deployment', metadata: { name: n, namespace: 'default' }, spec: { replicas: 1 } }, NOW));
  const ctx = ctxFor({ deployments });
  const s0 = initialState({ resource: 'deployments' });
  const asked = reduceKeys(s0, ['r'], ctx);
  assert.equal(asked.effects, []);
  assert.equal(asked.state.dialog, { kind: 'restart', targets: [{ resource: 'deployments', namespace: 'default', name: 'api' }] });
  assert.equal(reduceKeys(s0, ['r', 'y'], ctx).effects, [{ type: 'restart', target: { resource: 'deployments', namespace: 'default', name: 'api' } }]);
  const both = reduceKeys(s0, [' ', ' ', 'r', 'enter'], ctx);
  assert.equal(both.effects.map((e) => e.type === 'restart' && e.target.name), ['api', 'web']);
  assert.match(both.state.flash?.text ?? '', /restarting 2 deployments/);
  assert.equal(reduceKeys(s0, ['r', 'n'], ctx).effects, []);
  assert.equal(reduceKeys(s0, ['r', 'esc'], ctx).effects, []);
});

test('reducer: scale dialog takes digits; sort keys toggle direction; d opens describe', () => {
  const deployments = new ResourceTable();
  deployments.upsert(toRow(specFor('deployments'), 'default/web', { kind: 'Deployment', metadata: { name: 'web', namespace: 'default' }, spec: { replicas: 2 } }, NOW));
  const ctx = ctxFor({ deployments });
  const s0 = { ...initialState({ resource: 'deployments' }) };
  const step = reduceKeys(s0, keysFrom('s5\r', {}), ctx);
  assert.equal(step.effects, [{ type: 'scale', target: { resource: 'deployments', namespace: 'default', name: 'web' }, replicas: 5 }]);
  let s = reduceKeys(s0, ['A'], ctx).state;
  assert.equal(frame(s).sort, { column: 'age', desc: false });
  s = reduceKeys(s, ['A'], ctx).state;
  assert.equal(frame(s).sort, { column: 'age', desc: true });
  const d = reduceKeys(s0, ['d'], ctx);
  assert.is(d.effects[0]?.type, 'openText');
  assert.is(top(d.state).kind, 'text');
  const back = reduceKeys(d.state, ['esc'], ctx);
  assert.equal(back.effects, [{ type: 'closeText', id: 1 }]);
});

test('rollback: revision rows as rollout history, picker keys, confirm, read-only hides it', () => {
  const dep = { metadata: { name: 'web', namespace: 'default', uid: 'd1', annotations: { 'deployment.kubernetes.io/revision': '3' } }, spec: { replicas: 1 } };
  const rs = (rev: number, owner = 'd1') => ({
    metadata: { name: `web-${rev}`, annotations: { 'deployment.kubernetes.io/revision': String(rev) }, ownerReferences: [{ controller: true, uid: owner }] },
    spec: { template: { spec: { containers: [{ name: 'main', image: `nginx:${rev}` }] } } },
  });
  const rows = revisionRows(dep, [rs(3), rs(1), rs(2), rs(9, 'someone-else')]);
  assert.equal(rows.map((r) => [r.revision, r.images, r.current]), [[1, 'main=nginx:1', false], [2, 'main=nginx:2', false], [3, 'main=nginx:3', true]]);
  assert.is(rows[0]!.changeCause, '<none>');
  assert.is(defaultRevisionIndex(rows), 1, 'the revision before the live one, as rollout undo');

  const deployments = new ResourceTable();
  deployments.upsert(toRow(specFor('deployments'), 'default/web', dep, NOW));
  const ctx = ctxFor({ deployments });
  const target = { resource: 'deployments', namespace: 'default', name: 'web' };
  let step = reduceKeys(initialState({ resource: 'deployments' }), ['h', 'j', 'enter'], ctx);
  assert.equal(step.effects, [{ type: 'loadRevisions', target }], 'keys before the revisions arrive do nothing');
  assert.equal(step.state.dialog, { kind: 'rollback', target, cursor: 0, confirm: false });
  const loaded = { ...step.state, dialog: { kind: 'rollback' as const, target, revisions: rows, cursor: 1, confirm: false } };
  step = reduceKeys(loaded, ['k', 'enter'], ctx);
  assert.equal(step.effects, []);
  assert.equal(step.state.dialog, { ...loaded.dialog, cursor: 0, confirm: true });
  const back = reduceKeys(step.state, ['n', 'j', 'j', 'j', 'enter'], ctx);
  assert.is(back.state.dialog, undefined, 'picking the live revision closes with a warning');
  assert.match(back.state.flash?.text ?? '', /already runs revision 3/);
  step = reduceKeys(step.state, ['y'], ctx);
  assert.equal(step.effects, [{ type: 'rollback', target, revision: 1 }]);
  assert.is(step.state.dialog, undefined);
  assert.equal(reduceKeys(loaded, ['esc'], ctx).effects, []);
  const ro = reduceKeys(initialState({ resource: 'deployments', readonly: true }), ['h'], ctx);
  assert.is(ro.state.dialog, undefined);
  assert.equal(ro.effects, []);
  assert.not.ok(activeBindings(initialState({ resource: 'pods' }), ctx).some((b) => b.action === 'rollback'), 'pods have no rollback');
});

test('rollback on daemonsets and statefulsets: rows from ControllerRevisions, h opens the picker', () => {
  const tpl = (image: string) => ({ metadata: { labels: { app: 'agent' } }, spec: { containers: [{ name: 'c', image }] } });
  const ds = { apiVersion: 'apps/v1', kind: 'DaemonSet', metadata: { name: 'agent', namespace: 'default', uid: 'ds1' }, spec: { selector: { matchLabels: { app: 'agent' } }, template: tpl('a:2') } };
  const cr = (rev: number, image: string, owner = 'ds1', cause?: string) => ({
    metadata: { name: `agent-${rev}`, annotations: cause ? { 'kubernetes.io/change-cause': cause } : {}, ownerReferences: [{ controller: true, uid: owner }] },
    revision: rev, data: { spec: { template: { ...tpl(image), $patch: 'replace' } } },
  });
  const rows = controllerRevisionRows(ds, [cr(4, 'a:2', 'ds1', 'to a:2'), cr(1, 'a:0'), cr(3, 'a:1'), cr(2, 'x:9', 'other')]);
  assert.equal(rows.map((r) => [r.revision, r.changeCause, r.images, r.current]), [[1, '<none>', 'c=a:0', false], [3, '<none>', 'c=a:1', false], [4, 'to a:2', 'c=a:2', true]]);
  assert.is(defaultRevisionIndex(rows), 1, 'the revision before the live one, as rollout undo');
  const sts = { ...ds, kind: 'StatefulSet', metadata: { ...ds.metadata, name: 'db', uid: 's1' }, spec: { ...ds.spec, template: tpl('d:1') } };
  const stsRows = controllerRevisionRows(sts, [cr(1, 'd:1', 's1'), cr(2, 'd:2', 's1')]);
  assert.equal(stsRows.map((r) => [r.revision, r.images, r.current]), [[1, 'c=d:1', true], [2, 'c=d:2', false]], 'after an undo the live template is the older one');
  assert.is(defaultRevisionIndex(stsRows), 0);

  for (const [resource, obj] of [['daemonsets', ds], ['statefulsets', sts]] as const) {
    const table = new ResourceTable();
    table.upsert(toRow(specFor(resource), `default/${obj.metadata.name}`, obj, NOW));
    const ctx = ctxFor({ [resource]: table });
    const target = { resource, namespace: 'default', name: obj.metadata.name };
    const step = reduceKeys(initialState({ resource }), ['h'], ctx);
    assert.equal(step.effects, [{ type: 'loadRevisions', target }], `h on ${resource}`);
    assert.equal(step.state.dialog, { kind: 'rollback', target, cursor: 0, confirm: false });
  }
});

test('help entries: one line per action, keys joined, digit runs as ranges', () => {
  const entries = helpEntries(DEFAULT_BINDINGS.filter((b) => b.where !== 'logs'));
  assert.ok(entries.some((e) => e.keys === '<j>/<down>' && e.help === 'Down'));
  assert.ok(entries.some((e) => e.keys === '<0-9>' && /Namespace/.test(e.help)));
  assert.ok(entries.some((e) => e.keys === '<space>' && e.help === 'Mark row'));
  assert.is(new Set(entries.map((e) => e.help)).size, entries.length, 'no action listed twice');
  const logs = helpEntries(DEFAULT_BINDINGS.filter((b) => b.where === 'logs'));
  assert.ok(logs.some((e) => e.keys === '<1-6>'));
  assert.ok(logs.some((e) => e.keys === '<0>' && e.help === 'Tail (last 1000 lines, then follow)'), 'the label says what 0 asks for');
});

test('redkube info: INFO parsing, address without credentials, header facts', () => {
  const info = parseRedisInfo('# Memory\r\nused_memory:1048576\r\nused_memory_human:1.00M\r\n\r\n# Server\r\nredis_version:7.2.4\r\n');
  assert.equal(info, { used_memory: '1048576', used_memory_human: '1.00M', redis_version: '7.2.4' });
  assert.is(redisAddress({ host: '10.0.0.5', port: 6390, password: 'secret' } as never), '10.0.0.5:6390');
  assert.is(redisAddress({ path: '/run/redis.sock', host: 'localhost', port: 6379 }), '/run/redis.sock');
  assert.equal(storeFacts({ store: { address: 'a:1', usedMemoryHuman: '2M', usedMemoryBytes: 5 } }), { address: 'a:1', usedMemoryHuman: '2M' });
  assert.is(storeFacts({ kind: 'Status', code: 404 }), undefined);
  assert.is(storeFacts(undefined), undefined);
});

test('container picker: l and s on a multi-container pod ask which container; one container opens at once', () => {
  const two = pod('multi');
  two.spec.containers = [{ name: 'app' }, { name: 'sidecar' }];
  const ctx = ctxFor({ pods: tableOf([two, pod('solo')]) });
  let step = reduceKeys(initialState(), ['l'], ctx);
  assert.equal(step.effects, [], 'nothing opens before a container is chosen');
  assert.equal(step.state.dialog, { kind: 'container', target: { resource: 'pods', namespace: 'default', name: 'multi' }, containers: ['app', 'sidecar'], cursor: 0, purpose: 'logs' });
  step = reduceKeys(step.state, ['j', 'j', 'enter'], ctx);
  const logs = step.effects[0];
  assert.ok(logs?.type === 'openText' && logs.frame.source.type === 'logs' && logs.frame.source.log.container === 'sidecar', 'cursor clamps on the last container');
  assert.is(step.state.dialog, undefined);
  const shell = reduceKeys(initialState(), ['s', 'j', 'k', 'enter'], ctx);
  assert.equal(shell.effects, [{ type: 'shell', target: { resource: 'pods', namespace: 'default', name: 'multi' }, container: 'app' }]);
  assert.equal(reduceKeys(initialState(), ['s', 'esc'], ctx).effects, []);
  const solo = reduceKeys(initialState(), ['j', 'l'], ctx);
  assert.is(solo.state.dialog, undefined);
  assert.ok(solo.effects[0]?.type === 'openText');
});

test('log view: c picks the next container, toggles reopen the stream under a new id', () => {
  const two = pod('multi');
  two.spec.containers = [{ name: 'app' }, { name: 'sidecar' }];
  const ctx = ctxFor({ pods: tableOf([two]) });
  let step = reduceKeys(initialState(), ['l', 'enter'], ctx);
  const opened = step.effects[0];
  assert.ok(opened?.type === 'openText' && opened.frame.source.type === 'logs' && opened.frame.source.log.container === 'app');
  step = reduceKeys(step.state, ['c'], ctx);
  assert.equal(step.effects.map((e) => e.type), ['closeText', 'openText']);
  const reopened = step.effects[1];
  assert.ok(reopened?.type === 'openText' && reopened.frame.source.type === 'logs' && reopened.frame.source.log.container === 'sidecar');
  step = reduceKeys(step.state, ['c', 'p'], ctx);
  const last = step.effects.at(-1);
  assert.ok(last?.type === 'openText' && last.frame.source.type === 'logs' && last.frame.source.log.container === 'app' && last.frame.source.log.previous);
});

test('cluster totals follow pod and node changes incrementally', () => {
  const t = new ClusterTotals();
  const p = (node: string | undefined, phase = 'Running') => ({ spec: { nodeName: node, containers: [{ resources: { requests: { cpu: '100m', memory: '1Gi' } } }, { resources: { requests: { cpu: '0.5' } } }] }, status: { phase } });
  t.node(undefined, { status: { allocatable: { cpu: '2', memory: '4Gi' } } });
  t.pod(undefined, p(undefined));
  assert.equal(t.requested, { cpu: 0, memory: 0 }, 'unscheduled pods do not count');
  t.pod(p(undefined), p('n1'));
  assert.equal(t.requested, { cpu: 600, memory: 2 ** 30 });
  t.pod(p('n1'), p('n1', 'Succeeded'));
  assert.equal(t.requested, { cpu: 0, memory: 0 }, 'finished pods release their requests');
  t.pod(undefined, p('n1'));
  t.pod(p('n1'), undefined);
  assert.equal(t.requested, { cpu: 0, memory: 0 });
  assert.is(formatUsage('cpu', 600, 2000), '600m/2 (30%)');
  assert.is(formatUsage('memory', 2 ** 30, 4 * 2 ** 30), '1Gi/4Gi (25%)');
});

test('metrics API usage: pods summed over containers, percent of requests / allocatable', () => {
  const pods = podUsage({ items: [{ metadata: { namespace: 'default', name: 'a' }, containers: [{ usage: { cpu: '50000000n', memory: '1024Ki' } }, { usage: { cpu: '25m', memory: '1Mi' } }] }] });
  assert.equal(pods.get('default/a'), { cpu: 75, memory: 2 * 2 ** 20 });
  const nodes = nodeUsage({ items: [{ metadata: { name: 'n1' }, usage: { cpu: '1', memory: '2Gi' } }] });
  assert.equal(nodes.get('n1'), { cpu: 1000, memory: 2 * 2 ** 30 });
  const p = { spec: { containers: [{ resources: { requests: { cpu: '150m', memory: '4Mi' }, limits: { cpu: '300m' } } }] } };
  assert.equal(usageHeaders('pods'), ['CPU', 'MEM', '%CPU/R', '%MEM/R', '%CPU/L', '%MEM/L']);
  assert.equal(usageCells('pods', p, pods.get('default/a')), ['75m', '2Mi', '50', '50', '25', 'n/a'], 'no memory limit: n/a');
  assert.equal(usageHeaders('nodes'), ['CPU', 'MEM', '%CPU/A', '%MEM/A']);
  assert.equal(usageCells('nodes', { status: { allocatable: { cpu: '4', memory: '8Gi' } } }, nodes.get('n1')), ['1', '2Gi', '25', '25']);
  assert.equal(usageCells('pods', p, undefined), ['n/a', 'n/a', 'n/a', 'n/a', 'n/a', 'n/a']);
  assert.equal(usageCells('nodes', {}, undefined), ['n/a', 'n/a', 'n/a', 'n/a']);
});

test('commands: aliases, namespace arguments, completion', () => {
  assert.equal(parseCommand('po'), { type: 'view', resource: 'pods' });
  assert.equal(parseCommand('svc'), { type: 'view', resource: 'services' });
  assert.equal(parseCommand('pod kube-system'), { type: 'view', resource: 'pods', namespace: 'kube-system' });
  assert.equal(parseCommand('ns prod'), { type: 'namespace', name: 'prod' });
  assert.equal(parseCommand('ns'), { type: 'view', resource: 'namespaces' });
  assert.equal(parseCommand('no'), { type: 'view', resource: 'nodes' });
  assert.equal(parseCommand('q'), { type: 'quit' });
  assert.is(parseCommand('bogus').type, 'error');
  assert.equal(parseCommand('dep', { dep: 'deployments' }), { type: 'view', resource: 'deployments' });
  assert.is(suggest('depl'), 'deploy');
  assert.is(suggest('sec'), 'secret');
  assert.is(suggest('zzz'), undefined);
});

test('filters: regex, substring fallback, inverse, label selector', () => {
  const row = { search: 'default web-1 running', labels: { app: 'web', tier: 'fe' } };
  assert.ok(compileFilter('web-\\d')!(row));
  assert.ok(compileFilter('WEB')!(row));
  assert.ok(compileFilter('web-[')!({ search: 'x web-[ y' }), 'invalid regex falls back to substring');
  assert.not.ok(compileFilter('!web')!(row));
  assert.ok(compileFilter('-l app=web,tier in (fe,be)')!(row));
  assert.not.ok(compileFilter('-l app!=web')!(row));
  assert.is(compileFilter('  '), undefined);
  assert.throws(() => compileFilter('-l ==='));
});

test('ResourceTable keeps order through updates, deletes and sort changes', () => {
  const t = tableOf([pod('c', { restarts: 1 }), pod('a', { restarts: 5 }), pod('b', { restarts: 0 })]);
  const q: TableQuery = { namespace: '', scope: {}, filter: '', sort: { column: 'name', desc: false } };
  const names = (qq: TableQuery): string[] => t.query(qq, 0, 10).rows.map((r) => r.name);
  assert.equal(names(q), ['a', 'b', 'c']);
  assert.equal(names({ ...q, sort: { column: 'restarts', desc: true } }), ['a', 'c', 'b']);
  t.upsert(toRow(specFor('pods'), 'default/b', pod('b', { restarts: 9 }), NOW));
  assert.equal(names({ ...q, sort: { column: 'restarts', desc: true } }), ['b', 'a', 'c']);
  t.delete('default/a');
  assert.equal(names({ ...q, sort: { column: 'restarts', desc: true } }), ['b', 'c']);
  assert.equal(names(q), ['b', 'c']);
  assert.equal(t.query(q, 1, 5).rows.map((r) => r.name), ['c'], 'offset slices');
  assert.equal(names({ ...q, scope: { nodeName: 'n1' } }), []);
});

test('ResourceTable: typing a longer plain filter narrows the cached matches, and stays right after changes', () => {
  const t = tableOf(['web-1', 'web-12', 'web-2', 'db-1'].map((n) => pod(n)));
  const q = (filter: string): TableQuery => ({ namespace: '', scope: {}, filter, sort: { column: 'name', desc: false } });
  const names = (f: string): string[] => t.query(q(f), 0, 10).rows.map((r) => r.name);
  assert.equal(names('web'), ['web-1', 'web-12', 'web-2']);
  assert.equal(names('web-1'), ['web-1', 'web-12']);
  assert.equal(names('web-12'), ['web-12']);
  assert.equal(names('web-1'), ['web-1', 'web-12'], 'shortening searches everything again');
  t.upsert(toRow(specFor('pods'), 'default/web-13', pod('web-13'), NOW));
  assert.equal(names('web-13'), ['web-13'], 'a new row is found after a change');
  assert.equal(names('b|d'), ['db-1', 'web-1', 'web-12', 'web-13', 'web-2'], 'regex alternation searches everything');
});

test('ResourceTable: the search index gives exactly what a per-row substring test gives (model check, with churn and namespaces)', () => {
  const names = ['web', 'api', 'db', 'cache', 'Web-Edge'];
  const objs = Array.from({ length: 300 }, (_, i) => pod(`${names[i % 5]}-${i}`, { namespace: i % 3 ? 'shop' : 'ops', restarts: i % 4 }));
  const t = tableOf(objs);
  let seed = 7;
  const rnd = (n: number): number => (seed = (seed * 1103515245 + 12345) % 2 ** 31) % n;
  const filters = ['w', 'we', 'web', 'web-1', 'web-12', 'edge', 'EDGE', 'shop', 'ops web', 'running', 'a', '1', '', 'zz', 'b|d', '!web'];
  for (let round = 0; round < 200; round++) {
    if (round % 5 === 0) {
      const i = rnd(400);
      const key = `${i % 2 ? 'shop' : 'ops'}/${names[i % 5]}-${i}`;
      if (rnd(3) === 0) t.delete(key);
      else t.upsert(toRow(specFor('pods'), key, pod(`${names[i % 5]}-${i}`, { namespace: i % 2 ? 'shop' : 'ops', restarts: rnd(5) }), NOW));
    }
    const filter = filters[rnd(filters.length)]!;
    const namespace = ['', 'shop', 'ops'][rnd(3)]!;
    const q: TableQuery = { namespace, scope: {}, filter, sort: { column: rnd(2) ? 'name' : 'restarts', desc: false } };
    const got = t.query(q, 0, 10_000).rows.map((r) => r.key);
    const pred = compileFilter(filter);
    const all = t.query({ ...q, filter: '', namespace: '' }, 0, 10_000).rows;
    const want = all.filter((r) => (!namespace || r.namespace === namespace) && (!pred || pred(r))).map((r) => r.key);
    assert.equal(got, want, `filter "${filter}" in "${namespace}" at round ${round}`);
  }
});

test('ResourceTable sorts by metrics usage and re-sorts when new metrics arrive', () => {
  const t = tableOf([pod('a'), pod('b'), pod('c')]);
  let usage = new Map([['default/a', 30], ['default/b', 10], ['default/c', 20]]);
  t.setUsage((row) => ({ cpu: usage.get(row.key) ?? 0, memory: 0 }));
  const q: TableQuery = { namespace: '', scope: {}, filter: '', sort: { column: 'cpu', desc: true } };
  assert.equal(t.query(q, 0, 5).rows.map((r) => r.name), ['a', 'c', 'b']);
  usage = new Map([['default/a', 1], ['default/b', 50], ['default/c', 20]]);
  t.setUsage((row) => ({ cpu: usage.get(row.key) ?? 0, memory: 0 }));
  assert.equal(t.query(q, 0, 5).rows.map((r) => r.name), ['b', 'c', 'a']);
  t.upsert(toRow(specFor('pods'), 'default/d', pod('d'), NOW));
  assert.equal(t.query(q, 0, 5).rows.map((r) => r.name), ['b', 'c', 'a', 'd'], 'no usage sorts last');
});

test('ResourceTable stays sorted under random churn (model check against a full sort)', () => {
  const t = new ResourceTable();
  const live = new Map<string, number>();
  let seed = 7;
  const rand = (n: number): number => ((seed = (seed * 1103515245 + 12345) % 2 ** 31) % n);
  for (let i = 0; i < 3000; i++) {
    const name = `p${rand(300)}`;
    if (rand(5) === 0) { t.delete(`default/${name}`); live.delete(name); continue; }
    const restarts = rand(10);
    t.upsert(toRow(specFor('pods'), `default/${name}`, pod(name, { restarts }), NOW));
    live.set(name, restarts);
  }
  const q: TableQuery = { namespace: '', scope: {}, filter: '', sort: { column: 'restarts', desc: false } };
  const got = t.query(q, 0, 1000).rows.map((r) => `${r.restarts}:${r.name}`);
  const want = [...live].sort(([an, ar], [bn, br]) => ar - br || (`default/${an}` < `default/${bn}` ? -1 : 1)).map(([n, r]) => `${r}:${n}`);
  assert.equal(got, want);
});

test('row states colour errors, pending, terminating and cordoned nodes', () => {
  assert.is(podState(pod('a'), 'Running'), 'ok');
  assert.is(podState(pod('a'), 'CrashLoopBackOff'), 'error');
  assert.is(podState(pod('a'), 'Pending'), 'pending');
  assert.is(podState({ metadata: { deletionTimestamp: 'x' } }, 'Running'), 'terminating');
  assert.is(podState(pod('a'), 'Completed'), 'completed');
  assert.is(podState(pod('a', { status: { phase: 'Running', containerStatuses: [{ ready: false }] } }), 'Running'), 'pending');
  assert.is(nodeState({}, 'NotReady'), 'error');
  assert.is(nodeState({}, 'Ready,SchedulingDisabled'), 'pending');
  assert.is(workloadState({ spec: { replicas: 3 }, status: { readyReplicas: 1 } }, ''), 'pending');
  assert.is(toRow(specFor('pods'), 'default/x', pod('x', { status: { phase: 'Failed' } }), NOW).state, 'error');
});

test('table layout: namespace column for all namespaces, fixed widths, truncation', () => {
  const spec = specFor('pods');
  const cols = screenColumns(spec.renderer, spec.extraColumns, true);
  assert.equal(cols.map((c) => c.header), ['NAMESPACE', 'NAME', 'READY', 'STATUS', 'RESTARTS', 'AGE', 'IP', 'NODE']);
  const cells = pickCells(cols, 'default', spec.renderer.row(pod('web-1', { node: 'n1' }), NOW));
  assert.equal(cells.slice(0, 6), ['default', 'web-1', '1/1', 'Running', '0', '10m']);
  const { header, lines } = layoutTable(cols, [cells], 40);
  assert.is(header.length, 40);
  assert.is(lines[0]!.length, 40);
  assert.ok(lines[0]!.startsWith('default    web-1'));
  assert.ok(lines[0]!.endsWith('…'));
});

test('describe: pod fixture with containers, conditions and events', () => {
  const p = pod('web-1', { node: 'n1' });
  p.status.conditions = [{ type: 'Ready', status: 'True' }];
  const lines = describe(p, [{ type: 'Warning', reason: 'BackOff', message: 'restarting', lastTimestamp: '2026-01-01T00:09:00Z', source: { component: 'agent' } }], NOW);
  const text = lines.join('\n');
  assert.match(text, /^Name:\s+web-1$/m);
  assert.match(text, /^Namespace:\s+default$/m);
  assert.match(text, /^Labels:\s+app=web$/m);
  assert.match(text, /^Node:\s+n1$/m);
  assert.match(text, /Image:\s+img/);
  assert.match(text, /Ready\s+True/);
  assert.match(text, /Warning\s+BackOff\s+60s\s+agent\s+restarting/);
});

test('skins and config: merge over defaults, reject unknown keys and actions', () => {
  const skin = parseSkin('states: { ok: green }\nchrome: { crumb: magenta }');
  assert.is(skin.states.ok, 'green');
  assert.is(skin.states.error, 'red');
  assert.is(skin.chrome.crumb, 'magenta');
  assert.throws(() => parseSkin('states: { fine: green }'), /unknown key states.fine/);
  const cfg = parseConfig('aliases: { dep: deploy }\nbindings: { x: describe }');
  assert.equal(cfg.aliases, { dep: 'deployments' });
  assert.ok(cfg.bindings.some((b) => b.key === 'x' && b.action === 'describe'));
  assert.throws(() => parseConfig('bindings: { x: explode }'), /unknown action/);
  assert.throws(() => parseConfig('aliases: { x: widgets }'), /unknown resource/);
});

test('xray: deployment -> replicaset -> pods -> containers; service -> pods by selector', () => {
  const dep = toRow(specFor('deployments'), 'default/web', { metadata: { name: 'web', namespace: 'default', uid: 'd1' }, spec: { replicas: 1 }, status: { readyReplicas: 1 } }, NOW);
  const rs = toRow(specFor('replicasets'), 'default/web-1', { metadata: { name: 'web-1', namespace: 'default', uid: 'r1', ownerReferences: [{ uid: 'd1', controller: true }] }, spec: { replicas: 1 }, status: { readyReplicas: 1 } }, NOW);
  const p = pod('web-1-a');
  p.metadata.ownerReferences = [{ uid: 'r1', controller: true }];
  const podRow = toRow(specFor('pods'), 'default/web-1-a', p, NOW);
  const other = toRow(specFor('pods'), 'default/db', pod('db', { labels: { app: 'db' } }), NOW);
  assert.equal(xrayLines('deployments', { deployments: [dep], replicasets: [rs], pods: [podRow, other] }), [
    'deployment default/web [ok]',
    '  ├─ replicaset web-1 [1/1]',
    '  │  ├─ pod web-1-a [Running]',
    '  │  │  └─ container c (img) ready, restarts 0',
  ]);
  const svc = toRow(specFor('services'), 'default/web', { metadata: { name: 'web', namespace: 'default' }, spec: { selector: { app: 'web' } } }, NOW);
  const lines = xrayLines('services', { services: [svc], pods: [podRow, other] });
  assert.is(lines[0], 'service default/web [ClusterIP]');
  assert.ok(lines.some((l) => l.includes('pod web-1-a')), 'no Endpoints yet: the selector picks the pods');
  assert.not.ok(lines.some((l) => l.includes('pod db')));
  const ep = toRow(specFor('endpoints'), 'default/web', { metadata: { name: 'web', namespace: 'default' }, subsets: [{
    addresses: [{ ip: '10.0.0.5', targetRef: { kind: 'Pod', name: 'db', namespace: 'default' } }],
    notReadyAddresses: [{ ip: '10.0.0.6', targetRef: { kind: 'Pod', name: 'gone', namespace: 'default' } }],
    ports: [{ port: 80, protocol: 'TCP' }],
  }] }, NOW);
  assert.equal(xrayLines('services', { services: [svc], endpoints: [ep], pods: [podRow, other] }).slice(0, 3), [
    'service default/web [ClusterIP]',
    '  ├─ endpoints web [1 ready, 1 not ready 80/TCP]',
    '  │  ├─ pod db [Running]',
  ], 'with Endpoints, the pods are the ones its addresses point at');
});

test('pulses: counts by state, one sample per second, sparklines', () => {
  const rows = { pods: [toRow(specFor('pods'), 'default/a', pod('a'), NOW), toRow(specFor('pods'), 'default/b', pod('b', { status: { phase: 'Failed' } }), NOW)], nodes: [], deployments: [], events: [] };
  const h = new PulseHistory();
  h.sample(NOW, () => samplePulse(NOW, rows));
  h.sample(NOW + 500, () => assert.unreachable('sampled twice within a second') as never);
  h.sample(NOW + 1000, () => samplePulse(NOW + 1000, { ...rows, pods: rows.pods.slice(0, 1) }));
  assert.is(h.samples.length, 2);
  assert.equal(h.samples[0]!.pods.error, 1);
  assert.is(sparkline([0, 4, 8]), '▁▅█');
  const text = pulseLines(h).join('\n');
  assert.match(text, /Pods\s+1\s+█▅/);
  assert.match(text, /error\s+0\s+█▁/);
  assert.not.match(text, /CPU/, 'no resource lines without figures');
  const withRes = new PulseHistory();
  const alloc = { cpu: 4000, memory: 8 * 2 ** 30 };
  withRes.sample(NOW, () => samplePulse(NOW, rows, { allocatable: alloc, requested: { cpu: 1000, memory: 2 ** 30 }, used: { cpu: 2000, memory: 4 * 2 ** 30 } }));
  withRes.sample(NOW + 1000, () => samplePulse(NOW + 1000, rows, { allocatable: alloc, requested: { cpu: 4000, memory: 2 ** 30 } }));
  const res = pulseLines(withRes).join('\n');
  assert.match(res, /CPU req\s+100%\s+▃█/);
  assert.match(res, /MEM req\s+13%\s+██/);
  assert.not.match(res, /CPU used/, 'usage lines only while the metrics API answers');
  assert.equal(parseCommand('xray svc'), { type: 'xray', root: 'services' });
  assert.equal(parseCommand('pulses'), { type: 'pulses' });
  assert.is(parseCommand('xray cm').type, 'error');
});

test.run();
