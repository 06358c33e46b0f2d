import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { cgroupRoot, podPidsDir } from '../node-agent/runtime/cgroups.js';
import { boundPod, getPod, R, startAgentCluster, waitFor, type AgentCluster } from './agent-fixture.js';

const LIMIT = 12;
const capable = Boolean(cgroupRoot('pids'));
let c: AgentCluster | undefined;
const running = (p: any) => p?.status?.phase === 'Running';

test.before(async () => {
  if (capable) c = await startAgentCluster('node-pids', 'process', 1, undefined, undefined, { podPidsLimit: LIMIT });
});
test.after(async () => { await c?.stop(); });

test('--pod-pids-limit caps the processes of a pod (all its containers together) with pids.max; the cgroup goes with the pod', async () => {
  if (!c) return console.log('  (needs Linux, root and the pids cgroup: skipped)');
  const forker = 'i=0; while [ $i -lt 30 ]; do sleep 120 & i=$((i+1)); done; echo forked; sleep 120';
  await c.client.create(R.pods, 'default', boundPod('forky', c.node, [
    { name: 'a', command: ['sh', '-c', forker] },
    { name: 'b', command: ['sh', '-c', 'sleep 120'] },
  ]));
  const pod = await waitFor('running', async () => { const p = await getPod(c!.client, 'forky'); return running(p) ? p : undefined; });
  const dir = podPidsDir(pod.metadata.uid)!;
  await waitFor('forks hit the limit', () => existsSync(dir) && /^max [1-9]/m.test(readFileSync(`${dir}/pids.events`, 'utf8')));
  assert.is(readFileSync(`${dir}/pids.max`, 'utf8').trim(), String(LIMIT));
  const current = Number(readFileSync(`${dir}/pids.current`, 'utf8'));
  assert.ok(current <= LIMIT && current >= 3, `pids.current ${current}: both containers are in the pod's cgroup, never more than ${LIMIT}`);
  const procs = readFileSync(`${dir}/cgroup.procs`, 'utf8').trim().split('\n');
  assert.is(procs.length, current);
  await c.client.delete(R.pods, 'default', 'forky');
  await waitFor('pod gone', async () => !(await getPod(c!.client, 'forky')));
  await waitFor('cgroup removed', () => !existsSync(dir));
});

/** CPU seconds (user + system) of a process, from /proc (clock ticks of 1/100 s). */
function cpuSeconds(pid: string): number {
  const fields = readFileSync(`/proc/${pid}/stat`, 'utf8').split(') ')[1].split(' ');
  return (Number(fields[11]) + Number(fields[12])) / 100;
}

test('a cpu limit is a CFS quota: a busy container is throttled to about its limit', async () => {
  const root = cgroupRoot('cpu');
  if (!c || !root) return console.log('  (needs the cpu cgroup: skipped)');
  await c.client.create(R.pods, 'default', boundPod('busy', c.node, [{ name: 'spin', command: ['sh', '-c', 'while :; do :; done'], resources: { limits: { cpu: '200m' } } }]));
  const pod = await waitFor('running', async () => { const p = await getPod(c!.client, 'busy'); return running(p) ? p : undefined; });
  const dir = join(root, pod.status.containerStatuses[0].containerID.replace(/^process:\/\//, ''));
  assert.is(readFileSync(join(dir, 'cpu.cfs_quota_us'), 'utf8').trim(), '20000');
  assert.is(readFileSync(join(dir, 'cpu.cfs_period_us'), 'utf8').trim(), '100000');
  const pid = readFileSync(join(dir, 'cgroup.procs'), 'utf8').trim().split('\n')[0];
  const before = cpuSeconds(pid);
  const t0 = Date.now();
  await new Promise((r) => setTimeout(r, 2000));
  const rate = (cpuSeconds(pid) - before) / ((Date.now() - t0) / 1000);
  assert.ok(rate > 0.05 && rate < 0.3, `cpu rate ${rate.toFixed(2)} cores under a 0.2 core limit`);
  assert.match(readFileSync(join(dir, 'cpu.stat'), 'utf8'), /nr_throttled [1-9]/);
  await c.client.delete(R.pods, 'default', 'busy', { gracePeriodSeconds: 0 });
  await waitFor('cgroup removed', () => !existsSync(dir));
});

test('without the limit flag pods get no pids cgroup', async () => {
  if (!c) return console.log('  (skipped)');
  const other = await startAgentCluster('node-nopids');
  try {
    await other.client.create(R.pods, 'default', boundPod('plain', other.node, [{ name: 'a', command: ['sleep', '60'] }]));
    const pod = await waitFor('running', async () => { const p = await getPod(other.client, 'plain'); return running(p) ? p : undefined; });
    assert.not.ok(existsSync(podPidsDir(pod.metadata.uid)!));
  } finally {
    await other.stop();
  }
});

test.run();
