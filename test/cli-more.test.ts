import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { writeFileSync, chmodSync } from 'node:fs';
import { join } from 'node:path';
import { execa } from 'execa';
import { rkCommand, startCliCluster, type CliCluster } from './cli-helpers.js';
import { eventRows, lastSeenText } from '../src/cli/events-table.js';
import { explain, typeLabel, wrap } from '../src/cli/explain/explain.js';
import { runPod } from '../src/cli/commands/run.js';
import { hpaObject } from '../src/cli/commands/autoscale.js';

let c: CliCluster;
const ok = async (args: string[], opts: { input?: string; env?: Record<string, string> } = {}) => {
  const r = await c.rk(args, opts);
  assert.is(r.exitCode, 0, `rk ${args.join(' ')} failed: ${r.stderr}`);
  return r.stdout;
};
const event = (name: string, reason: string, type: string, involved: object, at: string, count = 1) => ({
  apiVersion: 'v1', kind: 'Event', metadata: { name }, type, reason, message: `${reason} happened`, count,
  involvedObject: { namespace: 'default', ...involved }, firstTimestamp: at, lastTimestamp: at, source: { component: 'test' },
});

test.before(async () => { c = await startCliCluster(); });
test.after(async () => { await c?.stop(); });

test('pure cores: events rows, explain rendering, run and autoscale objects', () => {
  const now = Date.parse('2024-01-01T01:00:00Z');
  assert.is(lastSeenText({ lastTimestamp: '2024-01-01T00:59:00Z', firstTimestamp: '2024-01-01T00:50:00Z', count: 4 }, now), '60s (x4 over 10m)');
  const rows = eventRows([
    { metadata: { namespace: 'b' }, type: 'Normal', reason: 'Late', involvedObject: { kind: 'Pod', name: 'p' }, lastTimestamp: '2024-01-01T00:59:00Z' },
    { metadata: { namespace: 'a' }, type: 'Warning', reason: 'Early', involvedObject: { kind: 'Node', name: 'n' }, lastTimestamp: '2024-01-01T00:10:00Z' },
  ], now, true);
  assert.equal(rows[0], ['NAMESPACE', 'LAST SEEN', 'TYPE', 'REASON', 'OBJECT', 'MESSAGE']);
  assert.equal(rows.slice(1).map((r) => r[3]), ['Early', 'Late']);
  assert.is(rows[1][4], 'node/n');
  const schemas = {
    'x.Thing': { description: 'A thing.', properties: { spec: { allOf: [{ $ref: '#/components/schemas/x.Spec' }], description: 'The spec.' } } },
    'x.Spec': { required: ['size'], properties: { size: { type: 'integer', description: 'How big.' }, tags: { type: 'object', additionalProperties: { type: 'string' } }, when: { $ref: '#/components/schemas/x.Time' } } },
    'x.Time': { type: 'string', format: 'date-time' },
  };
  const text = explain(schemas, schemas['x.Thing'], 'Thing', 'v1', ['spec'], false);
  assert.is(text, 'KIND:       Thing\nVERSION:    v1\n\nFIELD: spec <Spec>\n\nDESCRIPTION:\n    The spec.\n\nFIELDS:\n  size\t<integer> -required-\n    How big.\n\n  tags\t<map[string]string>\n    \n\n  when\t<string>\n    \n');
  assert.match(explain(schemas, schemas['x.Thing'], 'Thing', 'v1', [], true), /FIELDS:\n  spec\t<Spec>\n    size\t<integer> -required-\n/);
  assert.throws(() => explain(schemas, schemas['x.Thing'], 'Thing', 'v1', ['nope'], false), /field "nope" does not exist/);
  assert.is(typeLabel({ type: 'array', items: { $ref: '#/components/schemas/x.Spec' } }, schemas), '[]Spec');
  assert.is(wrap('a b c', 2), '  a b c');
  const pod = runPod({ name: 'web', image: 'nginx', port: 80, env: ['A=1'], restart: 'Never', command: true }, ['sleep', '1']);
  assert.equal(pod.metadata.labels, { run: 'web' });
  assert.equal(pod.spec, { containers: [{ name: 'web', image: 'nginx', command: ['sleep', '1'], env: [{ name: 'A', value: '1' }], ports: [{ containerPort: 80 }] }], restartPolicy: 'Never' });
  assert.equal(runPod({ name: 'x', image: 'i' }, ['a']).spec.containers[0].args, ['a']);
  assert.throws(() => hpaObject({ apiVersion: 'apps/v1', kind: 'Deployment', name: 'w' }, 'w', 5, 2, undefined), /must be larger or equal/);
});

test('events: sorted table, --for, --types, -A, -w', async () => {
  const now = Date.now();
  const at = (ago: number) => new Date(now - ago).toISOString().replace(/\.\d+Z$/, 'Z');
  await ok(['create', '-f', '-'], { input: JSON.stringify({ apiVersion: 'v1', kind: 'List', items: [
    event('e1', 'Started', 'Normal', { kind: 'Pod', name: 'web-1' }, at(5000)),
    event('e2', 'BackOff', 'Warning', { kind: 'Pod', name: 'web-2' }, at(60_000), 3),
  ] }) });
  const out = await ok(['events']);
  assert.match(out, /^LAST SEEN\s+TYPE\s+REASON\s+OBJECT\s+MESSAGE\n\d+s \(x3 over \d+s\)\s+Warning\s+BackOff\s+pod\/web-2\s+BackOff happened\n\d+s\s+Normal\s+Started\s+pod\/web-1\s+Started happened\n$/);
  assert.match(await ok(['events', '--for', 'pod/web-1']), /Started/);
  assert.not.match(await ok(['events', '--for', 'pod/web-1']), /BackOff/);
  assert.not.match(await ok(['events', '--types=Warning']), /Started/);
  assert.match(await ok(['events', '-A']), /^NAMESPACE\s+LAST SEEN/);
  const [bin, ...pre] = rkCommand();
  const w = execa(bin, [...pre, 'events', '-w', '--for', 'pod/web-3'], { env: { KUBECONFIG: c.kubeconfig }, reject: false });
  let seen = '';
  w.stdout!.on('data', (d) => { seen += d; });
  try {
    await new Promise((r) => setTimeout(r, 1500));
    await ok(['create', '-f', '-'], { input: JSON.stringify(event('e3', 'Pulled', 'Normal', { kind: 'Pod', name: 'web-3' }, at(0))) });
    const deadline = Date.now() + 10_000;
    while (!/Pulled/.test(seen) && Date.now() < deadline) await new Promise((r) => setTimeout(r, 50));
    assert.match(seen, /^LAST SEEN.*\n.*Pulled\s+pod\/web-3/);
  } finally {
    w.kill();
    await w;
  }
});

test('explain reads the served OpenAPI', async () => {
  const out = await ok(['explain', 'deployments.spec.replicas']);
  assert.match(out, /^KIND:       Deployment\nVERSION:    apps\/v1\n\nFIELD: replicas <integer>\n\nDESCRIPTION:\n    Number of desired pods/);
  assert.match(await ok(['explain', 'po']), /^FIELDS:\n  apiVersion\t<string>\n/m);
  assert.match(await ok(['explain', 'pods.spec', '--recursive']), /^  containers\t<\[\]Container> -required-\n    args\t<\[\]string>\n/m);
  const bad = await c.rk(['explain', 'pods.spec.nope']);
  assert.is(bad.exitCode, 1);
  assert.match(bad.stderr, /field "nope" does not exist/);
});

test('run, autoscale', async () => {
  assert.is(await ok(['run', 'web', '--image=nginx:1.27', '--port=80']), 'pod/web created\n');
  const pod = JSON.parse(await ok(['get', 'pod', 'web', '-o', 'json']));
  assert.equal([pod.metadata.labels.run, pod.spec.containers[0].ports[0].containerPort], ['web', 80]);
  assert.match(await ok(['run', 'x', '--image=busybox', '--dry-run=client', '-o', 'yaml', '--command', '--', 'echo', 'hi']), /command:\n\s+- echo\n\s+- hi/);
  await ok(['create', 'deployment', 'api', '--image=busybox']);
  assert.is(await ok(['autoscale', 'deploy', 'api', '--min=2', '--max=5', '--cpu-percent=70']), 'horizontalpodautoscaler.autoscaling/api autoscaled\n');
  const hpa = JSON.parse(await ok(['get', 'hpa', 'api', '-o', 'json']));
  assert.equal([hpa.spec.minReplicas, hpa.spec.maxReplicas, hpa.spec.scaleTargetRef.kind], [2, 5, 'Deployment']);
  assert.match((await c.rk(['autoscale', 'cm', 'x', '--max=2'])).stderr, /not found|scale subresource/);
});

test('diff: exit 0 without changes, 1 with a unified diff', async () => {
  const f = join(c.dir, 'cm.yaml');
  writeFileSync(f, 'apiVersion: v1\nkind: ConfigMap\nmetadata: {name: d}\ndata: {a: "1"}\n');
  const created = await c.rk(['diff', '-f', f]);
  assert.is(created.exitCode, 1);
  assert.match(created.stdout, /^\+  a: "1"$/m);
  await ok(['apply', '-f', f]);
  const same = await c.rk(['diff', '-f', f]);
  assert.equal([same.exitCode, same.stdout], [0, '']);
  writeFileSync(f, 'apiVersion: v1\nkind: ConfigMap\nmetadata: {name: d}\ndata: {a: "2"}\n');
  const changed = await c.rk(['diff', '-f', f]);
  assert.is(changed.exitCode, 1);
  assert.match(changed.stdout, /^-  a: "1"\n\+  a: "2"$/m);
  assert.match(changed.stdout, /^--- .*LIVE\/v1\.ConfigMap\.default\.d/m);
  assert.equal(JSON.parse(await ok(['get', 'cm', 'd', '-o', 'json'])).data, { a: '1' }, 'diff changes nothing');
});

test('edit: runs $EDITOR and writes the result; unchanged cancels', async () => {
  const editor = join(c.dir, 'editor.sh');
  writeFileSync(editor, '#!/bin/sh\nsed -i \'s/a: "1"/a: "edited"/\' "$1"\n');
  chmodSync(editor, 0o755);
  assert.is(await ok(['edit', 'cm', 'd'], { env: { EDITOR: editor } }), 'configmap/d edited\n');
  assert.equal(JSON.parse(await ok(['get', 'cm', 'd', '-o', 'json'])).data, { a: 'edited' });
  assert.is(await ok(['edit', 'cm/d'], { env: { EDITOR: 'true' } }), 'Edit cancelled, no changes made.\n');
});

test.run();
