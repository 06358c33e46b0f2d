import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { freePort } from '../src/util/redis-server.js';
import { countResult, initialTally, probeTiming } from '../node-agent/probes.js';
import { boundPod, cstatus, getPod, R, startAgentCluster, waitFor, type AgentCluster } from './agent-fixture.js';

let c: AgentCluster;
const create = (pod: any) => c.client.create(R.pods, 'default', pod);
const ready = (p: any) => p?.status?.conditions?.find((x: any) => x.type === 'Ready')?.status === 'True';
const httpServer = (port: number, extra = '') => ['node', '-e', `require('http').createServer((q,s)=>{${extra} s.end('ok')}).listen(${port},'127.0.0.1')`];

test.before(async () => { c = await startAgentCluster('node-p'); });
test.after(async () => { await c?.stop(); });

test('probe defaults are Kubernetes defaults', () => {
  assert.equal(probeTiming({}), { initialDelayMs: 0, periodMs: 10_000, timeoutMs: 1000, successThreshold: 1, failureThreshold: 3 });
});

test('verdicts flip only at thresholds', () => {
  const t = { successThreshold: 2, failureThreshold: 3 };
  let s = initialTally('readiness');
  assert.is(s.verdict, false);
  s = countResult(s, true, t);
  assert.is(s.verdict, false);
  s = countResult(s, true, t);
  assert.is(s.verdict, true);
  s = countResult(countResult(s, false, t), false, t);
  assert.is(s.verdict, true);
  s = countResult(s, false, t);
  assert.is(s.verdict, false);
  assert.is(initialTally('liveness').verdict, true);
});

test('a failing liveness probe restarts the container (event Unhealthy, Killing)', async () => {
  await create(boundPod('live', c.node, [{
    name: 'x', command: ['sleep', '300'],
    livenessProbe: { exec: { command: ['sh', '-c', 'exit 1'] }, periodSeconds: 1, failureThreshold: 2 },
  }]));
  const cs = await waitFor('restart', async () => {
    const s = cstatus(await getPod(c.client, 'live'), 'x');
    return s?.restartCount >= 1 ? s : undefined;
  });
  assert.ok([137, 143].includes(cs.lastState.terminated.exitCode), 'killed by a signal');
  const events = (await c.client.list<any>(R.events, 'default')).items.filter((e) => e.involvedObject.name === 'live');
  assert.ok(events.some((e) => e.reason === 'Unhealthy' && /Liveness probe failed/.test(e.message)));
  assert.ok(events.some((e) => e.reason === 'Killing' && /failed liveness probe/.test(e.message)));
});

test('a failing readiness probe makes the pod NotReady without restarting it; httpGet readiness passes', async () => {
  const port = await freePort();
  await create(boundPod('ready-http', c.node, [{
    name: 'web', command: httpServer(port), ports: [{ name: 'http', containerPort: port }],
    readinessProbe: { httpGet: { path: '/', port: 'http' }, periodSeconds: 1 },
  }]));
  await waitFor('http ready', async () => ready(await getPod(c.client, 'ready-http')));
  await create(boundPod('unready', c.node, [{
    name: 'x', command: ['sleep', '300'],
    readinessProbe: { exec: { command: ['false'] }, periodSeconds: 1 },
  }]));
  await waitFor('running', async () => (await getPod(c.client, 'unready'))?.status?.phase === 'Running');
  await new Promise((r) => setTimeout(r, 2500));
  const pod = await getPod(c.client, 'unready');
  assert.not.ok(ready(pod));
  assert.is(cstatus(pod, 'x').restartCount, 0);
  assert.is(cstatus(pod, 'x').ready, false);
  assert.is(pod.status.conditions.find((x: any) => x.type === 'ContainersReady').reason, 'ContainersNotReady');
});

test('tcpSocket liveness passes against a listening port; startup probe gates readiness', async () => {
  const port = await freePort();
  await create(boundPod('tcp', c.node, [{
    name: 'web', command: httpServer(port),
    startupProbe: { tcpSocket: { port }, periodSeconds: 1, failureThreshold: 10 },
    livenessProbe: { tcpSocket: { port }, periodSeconds: 1 },
  }]));
  const pod = await waitFor('started and ready', async () => {
    const p = await getPod(c.client, 'tcp');
    return ready(p) && cstatus(p, 'web').started ? p : undefined;
  });
  await new Promise((r) => setTimeout(r, 2000));
  assert.is(cstatus(await getPod(c.client, 'tcp'), 'web').restartCount, 0);
  assert.ok(pod);
});

test('a preStop exec hook runs before SIGTERM', async () => {
  const port = await freePort();
  await create(boundPod('prestop', c.node, [{
    name: 'web', command: httpServer(port),
    lifecycle: { preStop: { exec: { command: ['sh', '-c', `echo prestop > /tmp/rk-prestop-${port}`] } } },
  }]));
  await waitFor('running', async () => (await getPod(c.client, 'prestop'))?.status?.phase === 'Running');
  await c.client.delete(R.pods, 'default', 'prestop');
  await waitFor('removed', async () => !(await getPod(c.client, 'prestop')));
  const { readFileSync, rmSync } = await import('node:fs');
  assert.is(readFileSync(`/tmp/rk-prestop-${port}`, 'utf8').trim(), 'prestop');
  rmSync(`/tmp/rk-prestop-${port}`);
});

test.run();
