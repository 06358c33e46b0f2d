import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { boundPod, cstatus, getPod, R, startAgentCluster, waitFor, type AgentCluster } from './agent-fixture.js';

let c: AgentCluster;
let dir: string;
const create = (pod: any) => c.client.create(R.pods, 'default', pod);
const phase = (name: string, want: string) => waitFor(`${name} ${want}`, async () => {
  const p = await getPod(c.client, name);
  return p?.status?.phase === want ? p : undefined;
});

test.before(async () => {
  c = await startAgentCluster();
  dir = mkdtempSync(join(tmpdir(), 'rk-agent-files-'));
});
test.after(async () => {
  await c?.stop();
  rmSync(dir, { recursive: true, force: true });
});

test('the node registers with capacity, addresses, the agent port field and a Lease', async () => {
  const node: any = await c.client.get(R.nodes, undefined, c.node);
  assert.is(node.status.capacity.pods, '110');
  assert.ok(node.status.addresses.some((a: any) => a.type === 'InternalIP' && a.address === '127.0.0.1'));
  assert.ok(node.status.daemonEndpoints.kubeletEndpoint.Port > 0);
  assert.equal(node.status.conditions.map((x: any) => x.type), ['MemoryPressure', 'DiskPressure', 'PIDPressure', 'Ready']);
  assert.is(node.status.conditions.find((x: any) => x.type === 'Ready').status, 'True');
  await waitFor('lease', () => c.client.get(R.leases, 'kube-node-lease', c.node));
});

test('a long-running pod goes Running and Ready with full status and events', async () => {
  await create(boundPod('sleeper', c.node, [{ name: 'main', image: 'busybox', command: ['sleep', '300'] }]));
  const pod = await waitFor('ready', async () => {
    const p = await getPod(c.client, 'sleeper');
    return p?.status?.conditions?.find((x: any) => x.type === 'Ready')?.status === 'True' ? p : undefined;
  });
  assert.is(pod.status.phase, 'Running');
  assert.is(pod.status.hostIP, '127.0.0.1');
  assert.is(pod.status.podIP, '127.0.0.1');
  assert.ok(pod.status.startTime);
  const types = pod.status.conditions.map((x: any) => `${x.type}=${x.status}`).sort();
  assert.equal(types, ['ContainersReady=True', 'Initialized=True', 'PodReadyToStartContainers=True', 'PodScheduled=True', 'Ready=True']);
  const cs = cstatus(pod, 'main');
  assert.ok(cs.state.running.startedAt);
  assert.is(cs.restartCount, 0);
  assert.is(cs.ready, true);
  assert.match(cs.containerID, /^process:\/\//);
  const events = await waitFor('events', async () => {
    const list = await c.client.list<any>(R.events, 'default');
    const reasons = list.items.filter((e) => e.involvedObject.name === 'sleeper').map((e) => e.reason);
    return reasons.includes('Started') ? reasons : undefined;
  });
  assert.ok(events.includes('Created'));
});

test('init containers run in order before the app container; OnFailure pod Succeeds', async () => {
  const f = join(dir, 'order');
  await create(boundPod('inits', c.node, [{ name: 'app', command: ['sh', '-c', `echo app >> ${f}`] }], {
    restartPolicy: 'OnFailure',
    initContainers: [
      { name: 'one', command: ['sh', '-c', `sleep 0.2; echo one >> ${f}`] },
      { name: 'two', command: ['sh', '-c', `echo two >> ${f}`] },
    ],
  }));
  const pod = await phase('inits', 'Succeeded');
  assert.is(readFileSync(f, 'utf8'), 'one\ntwo\napp\n');
  assert.is(cstatus(pod, 'one').state.terminated.reason, 'Completed');
  assert.is(cstatus(pod, 'app').state.terminated.exitCode, 0);
  assert.is(pod.status.conditions.find((x: any) => x.type === 'Ready').reason, 'PodCompleted');
});

test('restartPolicy Never: a failing container makes the pod Failed without restarts', async () => {
  await create(boundPod('never', c.node, [{ name: 'x', command: ['sh', '-c', 'exit 3'] }], { restartPolicy: 'Never' }));
  const pod = await phase('never', 'Failed');
  assert.is(cstatus(pod, 'x').state.terminated.exitCode, 3);
  assert.is(cstatus(pod, 'x').state.terminated.reason, 'Error');
  assert.is(cstatus(pod, 'x').restartCount, 0);
});

test('a crashing container goes into CrashLoopBackOff with growing back-off', async () => {
  await create(boundPod('crasher', c.node, [{ name: 'x', command: ['sh', '-c', 'echo boom; exit 1'] }]));
  const seen: { restarts: number; at: number }[] = [];
  let sawBackoff = false;
  await waitFor('4 restarts', async () => {
    const cs = cstatus(await getPod(c.client, 'crasher'), 'x');
    if (cs?.state?.waiting?.reason === 'CrashLoopBackOff') {
      sawBackoff = true;
      assert.is(cs.lastState.terminated.exitCode, 1);
    }
    if (cs && (seen.length === 0 || seen[seen.length - 1].restarts !== cs.restartCount)) seen.push({ restarts: cs.restartCount, at: Date.now() });
    return cs?.restartCount >= 4;
  }, 20_000);
  assert.ok(sawBackoff, 'CrashLoopBackOff was reported');
  const gaps = seen.slice(1).map((s, i) => s.at - seen[i].at);
  assert.ok(gaps[gaps.length - 1] > gaps[1], `back-off grows: ${gaps}`);
  const list = await c.client.list<any>(R.events, 'default');
  assert.ok(list.items.some((e) => e.involvedObject.name === 'crasher' && e.reason === 'BackOff'));
});

test('deletion sends SIGTERM, waits for the process, then removes the pod', async () => {
  const f = join(dir, 'term');
  await create(boundPod('graceful', c.node, [{ name: 'x', command: ['sh', '-c', `trap "echo got-term > ${f}; exit 0" TERM; while true; do sleep 0.1; done`] }]));
  await phase('graceful', 'Running');
  await c.client.delete(R.pods, 'default', 'graceful');
  await waitFor('pod removed', async () => !(await getPod(c.client, 'graceful')));
  assert.is(readFileSync(f, 'utf8').trim(), 'got-term');
});

test('a container ignoring SIGTERM is SIGKILLed after the grace period', async () => {
  const f = join(dir, 'stubborn');
  await create(boundPod('stubborn', c.node, [{ name: 'x', command: ['sh', '-c', `trap "echo ignored >> ${f}" TERM; while true; do sleep 0.1; done`] }], { terminationGracePeriodSeconds: 1 }));
  await phase('stubborn', 'Running');
  const t0 = Date.now();
  await c.client.delete(R.pods, 'default', 'stubborn');
  await waitFor('pod removed', async () => !(await getPod(c.client, 'stubborn')));
  const took = Date.now() - t0;
  assert.ok(took >= 900 && took < 10_000, `took ${took} ms`);
  assert.ok(existsSync(f), 'SIGTERM was delivered first');
});

test('env: value, configMap/secret refs, fieldRef, resourceFieldRef, envFrom, service variables, $(VAR) expansion', async () => {
  const f = join(dir, 'env');
  await c.client.create(R.configmaps, 'default', { metadata: { name: 'cfg' }, data: { color: 'blue', size: 'L' } } as never);
  await c.client.create(R.secrets, 'default', { metadata: { name: 'sec' }, data: { pass: Buffer.from('hunter2').toString('base64') } } as never);
  await c.client.create(R.services, 'default', { metadata: { name: 'my-db' }, spec: { ports: [{ name: 'sql', port: 5432 }] } } as never);
  await waitFor('service in agent cache', async () => true);
  await new Promise((r) => setTimeout(r, 300));
  await create(boundPod('envy', c.node, [{
    name: 'x', command: ['sh', '-c', `env > ${f}; sleep 300`],
    env: [
      { name: 'PLAIN', value: 'v1' }, { name: 'REF', value: 'x-$(PLAIN)-$$(PLAIN)' },
      { name: 'COLOR', valueFrom: { configMapKeyRef: { name: 'cfg', key: 'color' } } },
      { name: 'PASS', valueFrom: { secretKeyRef: { name: 'sec', key: 'pass' } } },
      { name: 'POD', valueFrom: { fieldRef: { fieldPath: 'metadata.name' } } },
      { name: 'NODE', valueFrom: { fieldRef: { fieldPath: 'spec.nodeName' } } },
      { name: 'LBL', valueFrom: { fieldRef: { fieldPath: "metadata.labels['app']" } } },
      { name: 'MEM', valueFrom: { resourceFieldRef: { resource: 'limits.memory', divisor: '1Mi' } } },
      { name: 'POD_IP', valueFrom: { fieldRef: { fieldPath: 'status.podIP' } } },
      { name: 'HOST_IP', valueFrom: { fieldRef: { fieldPath: 'status.hostIP' } } },
    ],
    envFrom: [{ configMapRef: { name: 'cfg' }, prefix: 'CM_' }],
    resources: { limits: { memory: '64Mi' } },
  }], { }));
  await c.client.patch(R.pods, 'default', 'envy', 'merge', { metadata: { labels: { app: 'web' } } }).catch(() => undefined);
  const text: string = await waitFor('env file', () => (existsSync(f) && readFileSync(f, 'utf8').includes('PLAIN') ? readFileSync(f, 'utf8') : undefined));
  const env = Object.fromEntries(text.trim().split('\n').map((l) => [l.slice(0, l.indexOf('=')), l.slice(l.indexOf('=') + 1)]));
  assert.is(env.PLAIN, 'v1');
  assert.is(env.REF, 'x-v1-$(PLAIN)');
  assert.is(env.COLOR, 'blue');
  assert.is(env.PASS, 'hunter2');
  assert.is(env.POD, 'envy');
  assert.is(env.NODE, c.node);
  assert.is(env.MEM, '64');
  assert.is(env.POD_IP, '127.0.0.1', 'podIP is known on the first start, before any status write');
  assert.is(env.HOST_IP, '127.0.0.1');
  assert.is(env.CM_size, 'L');
  assert.ok(env.MY_DB_SERVICE_HOST, 'service host variable');
  assert.is(env.MY_DB_SERVICE_PORT, '5432');
  assert.is(env.MY_DB_SERVICE_PORT_SQL, '5432');
  assert.is(env.HOSTNAME, 'envy');
});

test('a missing ConfigMap holds the container in CreateContainerConfigError until it appears', async () => {
  await create(boundPod('needs-cm', c.node, [{ name: 'x', command: ['sleep', '300'], env: [{ name: 'A', valueFrom: { configMapKeyRef: { name: 'later', key: 'a' } } }] }]));
  const cs = await waitFor('config error', async () => {
    const s = cstatus(await getPod(c.client, 'needs-cm'), 'x');
    return s?.state?.waiting?.reason === 'CreateContainerConfigError' ? s : undefined;
  });
  assert.match(cs.state.waiting.message, /configmap "later" not found/);
  await c.client.create(R.configmaps, 'default', { metadata: { name: 'later' }, data: { a: '1' } } as never);
  await phase('needs-cm', 'Running');
});

test('a container without a command waits with CreateContainerError explaining why', async () => {
  await create(boundPod('no-cmd', c.node, [{ name: 'x', image: 'nginx' }]));
  const cs = await waitFor('create error', async () => {
    const s = cstatus(await getPod(c.client, 'no-cmd'), 'x');
    return s?.state?.waiting?.reason === 'CreateContainerError' ? s : undefined;
  });
  assert.match(cs.state.waiting.message, /set command/);
});

test('a missing binary fails with exit code 128 and restarts under back-off', async () => {
  await create(boundPod('no-bin', c.node, [{ name: 'x', command: ['/nonexistent/binary'] }]));
  const cs = await waitFor('restarted', async () => {
    const s = cstatus(await getPod(c.client, 'no-bin'), 'x');
    return s?.restartCount >= 1 ? s : undefined;
  });
  assert.is((cs.lastState.terminated ?? cs.state.terminated).exitCode, 128);
});

test('volumes: a configMap volume appears at its mountPath inside the container only, and follows ConfigMap changes', async () => {
  const mp = join(dir, 'mnt', 'config');
  const out = join(dir, 'seen');
  await c.client.create(R.configmaps, 'default', { metadata: { name: 'vol' }, data: { color: 'red' } } as never);
  await create(boundPod('vols', c.node, [{
    name: 'x', command: ['sh', '-c', `cat ${dir}/mnt/meta/name > ${out}-meta; touch ${dir}/mnt/scratch/w; while true; do cat ${mp}/color > ${out}.tmp 2>/dev/null && mv ${out}.tmp ${out}; sleep 0.1; done`],
    volumeMounts: [{ name: 'cfg', mountPath: mp, readOnly: true }, { name: 'scratch', mountPath: join(dir, 'mnt', 'scratch') }, { name: 'meta', mountPath: join(dir, 'mnt', 'meta') }],
  }], {
    volumes: [
      { name: 'cfg', configMap: { name: 'vol' } }, { name: 'scratch', emptyDir: {} },
      { name: 'meta', downwardAPI: { items: [{ path: 'name', fieldRef: { fieldPath: 'metadata.name' } }] } },
    ],
  }));
  await waitFor('first value', () => existsSync(out) && readFileSync(out, 'utf8').trim() === 'red');
  assert.not.ok(existsSync(join(mp, 'color')), 'the mount is private to the container');
  assert.is(readFileSync(`${out}-meta`, 'utf8').trim(), 'vols', 'downwardAPI file');
  assert.not.ok(existsSync(join(dir, 'mnt', 'scratch', 'w')), 'emptyDir writes land in the pod volume, not on the host path');
  const uid = (await getPod(c.client, 'vols')).metadata.uid;
  assert.ok(existsSync(join(c.stateDir, 'pods', uid, 'volumes', 'scratch', 'w')));
  await c.client.patch(R.configmaps, 'default', 'vol', 'merge', { data: { color: 'green' } });
  await waitFor('updated value', () => readFileSync(out, 'utf8').trim() === 'green');
  await c.client.delete(R.pods, 'default', 'vols');
  await waitFor('volumes removed with the pod', () => !existsSync(join(c.stateDir, 'pods', uid)));
});

test('a container over its memory limit is OOMKilled (cgroups); one under it runs', async () => {
  const { cgroupRoot } = await import('../node-agent/runtime/cgroups.js');
  if (!cgroupRoot('memory')) return console.log('  (no writable cgroup v1 memory hierarchy: limits are not enforced here)');
  const hog = `python3 -c "a = bytearray(200 * 1024 * 1024); print(len(a))"`;
  await create(boundPod('hog', c.node, [{ name: 'x', command: ['sh', '-c', hog], resources: { limits: { memory: '32Mi' } } }], { restartPolicy: 'Never' }));
  await create(boundPod('fits', c.node, [{ name: 'x', command: ['sh', '-c', hog], resources: { limits: { memory: '400Mi', cpu: '500m' } } }], { restartPolicy: 'Never' }));
  const pod = await phase('hog', 'Failed');
  assert.is(cstatus(pod, 'x').state.terminated.reason, 'OOMKilled');
  assert.is(cstatus(pod, 'x').state.terminated.exitCode, 137);
  await phase('fits', 'Succeeded');
});

test.run();
