import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { backoffDelay, nextCrashCount } from '../node-agent/pod/backoff.js';
import { buildArgv, buildEnv, ConfigError, expandVars, fieldRefValue, serviceEnv, type EnvSources } from '../node-agent/pod/env.js';
import { planPod, shouldRestart } from '../node-agent/pod/plan.js';
import { recordExit, seedRecords } from '../node-agent/pod/records.js';
import { buildPodStatus, podPhase } from '../node-agent/pod/status.js';
import { parseQuantity } from '../node-agent/pod/quantity.js';
import { conditionsChanged, nodeConditions } from '../node-agent/node-conditions.js';
import { mirrorPod, planStaticPods } from '../node-agent/static-pods.js';
import { exitStatus } from '../src/apiserver/proxy/exec.js';
import { usageQuantities } from '../src/apiserver/proxy/metrics-api.js';
import { cpuRate, parseProcStat } from '../node-agent/metrics.js';
import { sandboxView, withMounts } from '../node-agent/runtime/process.js';
import { hostsFileContent, podHostname } from '../node-agent/pod/hosts-file.js';
import { newRecord, type ContainerRecord, type PodSpecLite } from '../node-agent/pod/types.js';

const cfg = { initialMs: 10_000, maxMs: 300_000, resetAfterMs: 600_000 };
const recs = (spec: PodSpecLite) => new Map<string, ContainerRecord>([
  ...(spec.initContainers ?? []).map((c) => [c.name, newRecord(c.name, '', true)] as const),
  ...spec.containers.map((c) => [c.name, newRecord(c.name, '', false)] as const),
]);
const exit = (code: number, at = 1000, ran = 100) => ({ containerID: 'c', exitCode: code, reason: code ? 'Error' : 'Completed', startedAt: at - ran, finishedAt: at });

test('back-off: first restart immediate, then 10 s doubling to 300 s; reset after 10 min of running', () => {
  const delays = [1, 2, 3, 4, 5, 6, 7, 8].map((n) => backoffDelay(n, cfg));
  assert.equal(delays, [0, 10_000, 20_000, 40_000, 80_000, 160_000, 300_000, 300_000]);
  assert.is(nextCrashCount(5, 1000, cfg), 6);
  assert.is(nextCrashCount(5, 600_000, cfg), 1);
});

test('restartPolicy decides which exits restart', () => {
  const table: [string | undefined, number, boolean][] = [
    ['Always', 0, true], ['Always', 1, true], [undefined, 0, true], ['OnFailure', 0, false], ['OnFailure', 2, true], ['Never', 1, false],
  ];
  for (const [policy, code, want] of table) assert.is(shouldRestart(policy, code), want, `${policy} ${code}`);
});

test('plan: init containers one at a time, in order, before app containers', () => {
  const spec: PodSpecLite = { initContainers: [{ name: 'i1' }, { name: 'i2' }], containers: [{ name: 'a' }, { name: 'b' }] };
  const r = recs(spec);
  assert.equal(planPod(spec, r, 0).actions, [{ type: 'start', name: 'i1' }]);
  r.get('i1')!.running = { containerID: 'x', startedAt: 0 };
  assert.equal(planPod(spec, r, 0).actions, []);
  r.get('i1')!.running = undefined;
  recordExit(r.get('i1')!, exit(0), 'Always', cfg);
  assert.equal(planPod(spec, r, 2000).actions, [{ type: 'start', name: 'i2' }]);
  recordExit(r.get('i2')!, exit(0), 'Always', cfg);
  assert.equal(planPod(spec, r, 2000).actions, [{ type: 'start', name: 'a' }, { type: 'start', name: 'b' }]);
});

test('plan: a failed init container under Never fails the pod; otherwise it is retried', () => {
  const spec: PodSpecLite = { initContainers: [{ name: 'i' }], containers: [{ name: 'a' }], restartPolicy: 'Never' };
  const r = recs(spec);
  recordExit(r.get('i')!, exit(1), 'Never', cfg);
  const plan = planPod(spec, r, 5000);
  assert.ok(plan.initFailed);
  assert.is(podPhase(spec, r, plan.initFailed), 'Failed');
  const spec2 = { ...spec, restartPolicy: 'Always' };
  const r2 = recs(spec2);
  recordExit(r2.get('i')!, exit(1), 'Always', cfg);
  assert.equal(planPod(spec2, r2, 5000).actions, [{ type: 'start', name: 'i' }]);
});

test('plan: back-off holds a restart until it ends and asks to be woken', () => {
  const spec: PodSpecLite = { containers: [{ name: 'a' }] };
  const r = recs(spec);
  const a = r.get('a')!;
  a.attempts = 2;
  a.crashes = 1;
  recordExit(a, exit(1, 1000), undefined, cfg);
  assert.is(a.backoffUntil, 11_000);
  const held = planPod(spec, r, 5000);
  assert.equal(held.actions, []);
  assert.is(held.wakeAt, 11_000);
  assert.equal(planPod(spec, r, 11_000).actions, [{ type: 'start', name: 'a' }]);
  const status = buildPodStatus({ spec, records: r, previous: undefined, now: 5000, hostIP: 'h', podIP: 'p', runtime: 'process', initFailed: false });
  assert.is(status.containerStatuses[0].state.waiting.reason, 'CrashLoopBackOff');
  assert.is(status.containerStatuses[0].lastState.terminated.exitCode, 1);
  assert.is(status.containerStatuses[0].restartCount, 1);
});

test('plan: an unhealthy running container is killed', () => {
  const spec: PodSpecLite = { containers: [{ name: 'a' }] };
  const r = recs(spec);
  Object.assign(r.get('a')!, { running: { containerID: 'x', startedAt: 0 }, unhealthy: true });
  assert.equal(planPod(spec, r, 0).actions, [{ type: 'kill', name: 'a', reason: 'Unhealthy' }]);
});

test('phase table', () => {
  const spec = (restartPolicy?: string): PodSpecLite => ({ containers: [{ name: 'a' }, { name: 'b' }], restartPolicy });
  const with_ = (p: string | undefined, a: number | 'run' | undefined, b: number | 'run' | undefined) => {
    const s = spec(p);
    const r = recs(s);
    for (const [name, v] of [['a', a], ['b', b]] as const) {
      if (v === 'run') r.get(name)!.running = { containerID: 'x', startedAt: 0 };
      else if (v !== undefined) r.get(name)!.lastExit = exit(v);
    }
    return podPhase(s, r, false);
  };
  assert.is(with_('Always', 'run', undefined), 'Pending');
  assert.is(with_('Always', 'run', 0), 'Running');
  assert.is(with_('Always', 0, 0), 'Running');
  assert.is(with_('OnFailure', 0, 0), 'Succeeded');
  assert.is(with_('OnFailure', 0, 1), 'Running');
  assert.is(with_('Never', 0, 1), 'Failed');
  assert.is(with_('Never', 0, 0), 'Succeeded');
});

test('status keeps transition times and startTime from the previous status', () => {
  const spec: PodSpecLite = { containers: [{ name: 'a' }] };
  const r = recs(spec);
  r.get('a')!.running = { containerID: 'x', startedAt: 0 };
  r.get('a')!.ready = true;
  const first = buildPodStatus({ spec, records: r, previous: undefined, now: 1000, hostIP: 'h', podIP: 'p', runtime: 'sim', initFailed: false });
  const second = buildPodStatus({ spec, records: r, previous: first, now: 99_000, hostIP: 'h', podIP: 'p', runtime: 'sim', initFailed: false });
  assert.equal(second, first);
  r.get('a')!.ready = false;
  const third = buildPodStatus({ spec, records: r, previous: second, now: 99_000, hostIP: 'h', podIP: 'p', runtime: 'sim', initFailed: false });
  const ready = third.conditions.find((c: any) => c.type === 'Ready');
  assert.is(ready.status, 'False');
  assert.is(ready.lastTransitionTime, '1970-01-01T00:01:39Z');
  assert.is(ready.message, 'containers with unready status: [a]');
});

test('seeding from a previous status continues restartCount and keeps completed init containers', () => {
  const spec: PodSpecLite = { initContainers: [{ name: 'i' }], containers: [{ name: 'a' }] };
  const status = {
    initContainerStatuses: [{ name: 'i', restartCount: 0, state: { terminated: { exitCode: 0, reason: 'Completed', startedAt: '2026-01-01T00:00:00Z', finishedAt: '2026-01-01T00:00:01Z' } } }],
    containerStatuses: [{ name: 'a', restartCount: 2, containerID: 'process://abc', state: { running: { startedAt: '2026-01-01T00:00:02Z' } } }],
  };
  const r = seedRecords(spec, status, Date.parse('2026-01-01T00:01:00Z'));
  assert.is(r.get('i')!.lastExit!.exitCode, 0);
  assert.is(r.get('a')!.attempts, 3);
  assert.is(r.get('a')!.lastExit!.exitCode, 137);
  assert.equal(planPod(spec, r, Date.now()).actions, [{ type: 'start', name: 'a' }]);
});

test('env: expansion, service variables, fieldRef and missing sources', () => {
  assert.is(expandVars('$(A)-$(B)-$$(A)', { A: '1' }), '1-$(B)-$(A)');
  const env = serviceEnv({ metadata: { name: 'redis-main' }, spec: { clusterIP: '10.0.0.5', ports: [{ name: 'db', port: 6379, protocol: 'TCP' }] } });
  assert.is(env.REDIS_MAIN_SERVICE_HOST, '10.0.0.5');
  assert.is(env.REDIS_MAIN_SERVICE_PORT_DB, '6379');
  assert.is(env.REDIS_MAIN_PORT, 'tcp://10.0.0.5:6379');
  assert.is(env.REDIS_MAIN_PORT_6379_TCP_ADDR, '10.0.0.5');
  assert.equal(serviceEnv({ metadata: { name: 'h' }, spec: { clusterIP: 'None', ports: [{ port: 1 }] } }), {});
  const pod = { metadata: { name: 'p', namespace: 'ns', uid: 'u', labels: { b: '2', a: '1' } }, spec: { nodeName: 'n' }, status: { podIP: '1.2.3.4' } };
  assert.is(fieldRefValue(pod, 'metadata.labels'), 'a="1"\nb="2"');
  assert.is(fieldRefValue(pod, "metadata.labels['b']"), '2');
  assert.is(fieldRefValue(pod, 'status.podIP'), '1.2.3.4');
  const sources: EnvSources = { configMap: () => undefined, secret: () => undefined, services: () => [], nodeAllocatable: { cpu: '4' } };
  assert.throws(() => buildEnv(pod, { env: [{ name: 'X', valueFrom: { secretKeyRef: { name: 's', key: 'k' } } }] }, sources), (e: Error) => e instanceof ConfigError && /secret "s" not found/.test(e.message));
  assert.equal(buildEnv(pod, { env: [{ name: 'X', valueFrom: { secretKeyRef: { name: 's', key: 'k', optional: true } } }] }, sources), {});
  assert.is(buildEnv(pod, { env: [{ name: 'C', valueFrom: { resourceFieldRef: { resource: 'limits.cpu' } } }] }, sources).C, '4');
  assert.equal(buildArgv({ command: ['echo', '$(X)'], args: ['$(Y)'] }, { X: 'x' }), ['echo', 'x', '$(Y)']);
});

test('node conditions follow the kubelet thresholds and keep transition times', () => {
  const fine = { memoryAvailableBytes: 2 ** 30, diskFreeFraction: 0.5, pidsInUse: 100, pidMax: 1000 };
  const a = nodeConditions(fine, [], 't1');
  assert.equal(a.map((x) => `${x.type}=${x.status}`), ['MemoryPressure=False', 'DiskPressure=False', 'PIDPressure=False', 'Ready=True']);
  const b = nodeConditions({ ...fine, memoryAvailableBytes: 50 * 2 ** 20, pidsInUse: 950 }, a, 't2');
  assert.is(b[0].status, 'True');
  assert.is(b[0].reason, 'KubeletHasInsufficientMemory');
  assert.is(b[0].lastTransitionTime, 't2');
  assert.is(b[1].lastTransitionTime, 't1');
  assert.is(b[2].status, 'True');
  assert.ok(conditionsChanged(a, b));
  assert.not.ok(conditionsChanged(a, nodeConditions(fine, a, 't3')));
});

test('static pods: mirror names, hashes and the create/remove plan', () => {
  const m = { kind: 'Pod', metadata: { name: 'web' }, spec: { containers: [{ name: 'c' }] } };
  const mirror = mirrorPod(m, 'n1');
  assert.is(mirror.metadata.name, 'web-n1');
  assert.is(mirror.spec.nodeName, 'n1');
  assert.equal(planStaticPods([mirror], []), { create: [mirror], remove: [] });
  assert.equal(planStaticPods([mirror], [mirror]), { create: [], remove: [] });
  const edited = mirrorPod({ ...m, spec: { containers: [{ name: 'd' }] } }, 'n1');
  assert.equal(planStaticPods([edited], [mirror]), { create: [], remove: [mirror] });
  assert.equal(planStaticPods([], [mirror]), { create: [], remove: [mirror] });
});

test('quantities', () => {
  assert.is(parseQuantity('500m'), 0.5);
  assert.is(parseQuantity('64Mi'), 64 * 2 ** 20);
  assert.is(parseQuantity('1G'), 1e9);
  assert.is(parseQuantity('2e3'), 2000);
  assert.ok(Number.isNaN(parseQuantity('abc')));
});

test('exec status on channel 3 carries the exit code as kubectl reads it', () => {
  assert.equal(exitStatus(0, ['ls']), { metadata: {}, status: 'Success' });
  const failed: any = exitStatus(3, ['sh', '-c', 'exit 3']);
  assert.is(failed.reason, 'NonZeroExitCode');
  assert.equal(failed.details.causes, [{ reason: 'ExitCode', message: '3' }]);
});

test('metrics: /proc parsing, CPU rate and metrics-server quantities', () => {
  const stat = '123 (my proc) S 1 77 77 0 -1 4194560 100 0 0 0 250 50 0 0 20 0 1 0 100 1000000 512 18446744073709551615';
  assert.equal(parseProcStat(stat), { pgrp: 77, ticks: 300, rssPages: 512 });
  assert.is(cpuRate(100, 150, 1000), 0.5);
  assert.equal(usageQuantities(0.25, 2 * 2 ** 20), { cpu: '250000000n', memory: '2048Ki' });
});

test('mounts wrap the command in a private mount namespace', () => {
  assert.equal(withMounts(['sleep', '1'], []), ['sleep', '1']);
  const argv = withMounts(['sleep', '1'], [{ source: '/s', target: '/t', readOnly: true }]);
  assert.equal(argv.slice(0, 5), ['unshare', '--mount', '--propagation', 'private', '--']);
  assert.equal(argv.slice(-6), ['/s', '/t', 'ro', '--', 'sleep', '1']);
  const named = withMounts(['sleep', '1'], [], 'web-0');
  assert.equal(named.slice(0, 6), ['unshare', '--mount', '--uts', '--propagation', 'private', '--']);
  assert.equal(named.slice(-4), ['web-0', '--', 'sleep', '1']);
});

test('a sandboxed pod gets its hostname and managed /etc/hosts; a host-network one does not', () => {
  const pod = { metadata: { name: 'web-0', namespace: 'shop', uid: 'u' }, spec: { hostname: 'web-0', subdomain: 'web', hostAliases: [{ ip: '10.1.2.3', hostnames: ['db.local', 'db'] }] } };
  assert.is(hostsFileContent(pod, '10.244.0.5'), [
    '# Kubernetes-managed hosts file.', '127.0.0.1\tlocalhost', '::1\tlocalhost ip6-localhost ip6-loopback', 'fe00::0\tip6-localnet',
    'fe00::0\tip6-mcastprefix', 'fe00::1\tip6-allnodes', 'fe00::2\tip6-allrouters', '10.244.0.5\tweb-0.web.shop.svc.cluster.local\tweb-0',
    '', '# Entries added by HostAliases.', '10.1.2.3\tdb.local\tdb', ''].join('\n'));
  assert.match(hostsFileContent({ metadata: { name: 'p', namespace: 'd' }, spec: {} }, '10.0.0.1'), /\n10\.0\.0\.1\tp\n$/);
  assert.is(podHostname({ metadata: { name: 'x'.repeat(70) }, spec: {} }), 'x'.repeat(63));
  const base = { podUid: 'u', podNamespace: 'd', podName: 'p', name: 'c', argv: ['true'], env: {}, attempt: 0, hostname: 'p', hostsFile: '/state/etc-hosts' };
  assert.equal(sandboxView({ ...base, netns: 'rk-1' }), { mounts: [{ source: '/state/etc-hosts', target: '/etc/hosts', readOnly: false }], hostname: 'p' });
  assert.equal(sandboxView(base), { mounts: [] });
});

test.run();
