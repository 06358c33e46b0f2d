import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { request } from 'node:http';
import { attemptLogPath, CriLogWriter, parseCriLog, pruneAttempts, readAttempt, renderEntries, selectEntries } from '../node-agent/logs/cri-log.js';
import { call } from './helpers/http.js';
import { boundPod, cstatus, getPod, R, startAgentCluster, waitFor, type AgentCluster } from './agent-fixture.js';

let c: AgentCluster;
const logPath = (pod: string, query = '') => `/api/v1/namespaces/default/pods/${pod}/log${query}`;

test.before(async () => { c = await startAgentCluster('node-l'); });
test.after(async () => { await c?.stop(); });

test('CRI log writer splits lines, rotates by size, and the reader selects tail/since', () => {
  const dir = mkdtempSync(join(tmpdir(), 'rk-cri-'));
  let t = Date.parse('2026-01-01T00:00:00Z');
  const w = new CriLogWriter(attemptLogPath(dir, 0), 200, () => new Date(t += 1000));
  w.write('stdout', 'a\nb');
  w.write('stdout', 'c\n');
  w.write('stderr', 'err\n');
  for (let i = 0; i < 5; i++) w.write('stdout', `line-${i}\n`);
  w.close();
  assert.ok(existsSync(`${attemptLogPath(dir, 0)}.1`), 'rotated');
  const entries = parseCriLog(readAttempt(dir, 0));
  assert.equal(entries.slice(-2).map((e) => e.text), ['line-3', 'line-4']);
  assert.is(renderEntries(selectEntries(entries, { tailLines: 1 }, t)), 'line-4\n');
  assert.is(selectEntries(entries, { sinceSeconds: 2 }, t).length, 3);
  assert.match(renderEntries(selectEntries(entries, { tailLines: 1 }, t), true), /^2026-01-01T00:00:\d\d\.000Z line-4\n$/);
  pruneAttempts(dir, 0);
  new CriLogWriter(attemptLogPath(dir, 3)).close();
  pruneAttempts(dir, 3);
  assert.not.ok(existsSync(attemptLogPath(dir, 0)), 'attempts before the previous one are deleted');
  rmSync(dir, { recursive: true, force: true });
});

test('pods/<name>/log through the apiserver: whole log, tailLines, timestamps, container errors', async () => {
  await c.client.create(R.pods, 'default', boundPod('talker', c.node, [{ name: 'x', command: ['sh', '-c', 'for i in 1 2 3 4 5; do echo line$i; done; echo oops >&2; sleep 300'] }]));
  const all = await waitFor('log', async () => {
    const r = await call(c.cluster.url, 'GET', logPath('talker'));
    return r.status === 200 && r.text.includes('oops') ? r : undefined;
  });
  assert.is(all.text, 'line1\nline2\nline3\nline4\nline5\noops\n');
  assert.match(String(all.headers['content-type']), /text\/plain/);
  assert.is((await call(c.cluster.url, 'GET', logPath('talker', '?tailLines=2'))).text, 'line5\noops\n');
  assert.match((await call(c.cluster.url, 'GET', logPath('talker', '?timestamps=true&tailLines=1'))).text, /^\d{4}-\d\d-\d\dT\S+Z oops\n$/);
  const bad = await call(c.cluster.url, 'GET', logPath('talker', '?container=nope'));
  assert.is(bad.status, 400);
  assert.match(bad.json.message, /container nope is not valid/);
  assert.is((await call(c.cluster.url, 'GET', logPath('missing'))).status, 404);
});

test('previous=true returns the log of the run before the last restart', async () => {
  await c.client.create(R.pods, 'default', boundPod('flaky', c.node, [{ name: 'x', command: ['sh', '-c', 'echo run-$(date +%s%N); sleep 0.3; exit 1'] }]));
  await waitFor('two restarts', async () => cstatus(await getPod(c.client, 'flaky'), 'x')?.restartCount >= 2);
  const prev = await call(c.cluster.url, 'GET', logPath('flaky', '?previous=true'));
  assert.is(prev.status, 200);
  assert.match(prev.text, /^run-\d+\n$/);
  const never = await call(c.cluster.url, 'GET', logPath('talker', '?previous=true'));
  assert.is(never.status, 400);
});

test('follow=true streams new lines and ends when the container exits', async () => {
  await c.client.create(R.pods, 'default', boundPod('ticker', c.node, [{ name: 'x', command: ['sh', '-c', 'for i in 1 2 3 4 5 6; do echo tick$i; sleep 0.3; done'] }], { restartPolicy: 'Never' }));
  await waitFor('running', async () => (await getPod(c.client, 'ticker'))?.status?.phase === 'Running');
  const chunks: { at: number; text: string }[] = [];
  await new Promise<void>((resolve, reject) => {
    const req = request(new URL(logPath('ticker', '?follow=true'), c.cluster.url), (res) => {
      res.setEncoding('utf8');
      res.on('data', (d: string) => chunks.push({ at: Date.now(), text: d }));
      res.on('end', () => resolve());
    });
    req.on('error', reject);
    req.end();
  });
  const text = chunks.map((x) => x.text).join('');
  assert.is(text, 'tick1\ntick2\ntick3\ntick4\ntick5\ntick6\n');
  assert.ok(chunks.length >= 3, `arrived in ${chunks.length} chunks`);
});

test('the agent API refuses callers without the cluster token', async () => {
  const { startAgentApi } = await import('../node-agent/server.js');
  const api = await startAgentApi({
    workerFor: () => undefined, logDir: () => undefined,
    exec: async () => ({ exitCode: 0, stdout: '', stderr: '', timedOut: false }),
    usage: async () => ({ timestamp: '', windowSeconds: 1, nodes: [], pods: [] }),
  }, '127.0.0.1', 0, 's3cret');
  try {
    const base = `http://127.0.0.1:${api.port}`;
    assert.is((await call(base, 'GET', '/metrics/resource')).status, 401);
    assert.is((await call(base, 'GET', '/metrics/resource', undefined, { Authorization: 'Bearer wrong' })).status, 401);
    assert.is((await call(base, 'GET', '/metrics/resource', undefined, { Authorization: 'Bearer s3cret' })).status, 200);
  } finally {
    await api.close();
  }
});

test.run();
