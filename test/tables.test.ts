/**
 * Server-side printing: fixture objects per resource and the exact cells,
 * columns and Table envelope kubectl expects from kube-apiserver.
 */
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import {
  buildTable,
  formatAge,
  humanDuration,
  labelSelectorString,
  rendererFor,
} from '../src/apiserver/tables/index.js';

const NOW = Date.parse('2024-06-01T12:00:00Z');
const S = 1000;
const M = 60 * S;
const H = 60 * M;
const D = 24 * H;

/** RFC 3339 timestamp `ms` before NOW. */
const ago = (ms: number) => new Date(NOW - ms).toISOString();
const meta = (name: string, extra: Record<string, any> = {}) => ({ name, namespace: 'default', creationTimestamp: ago(2 * D + 4 * H), ...extra });
const cells = (resource: string, obj: Record<string, any>) => buildTable(resource, [obj], { now: NOW }).rows[0].cells;
const headers = (resource: string) => buildTable(resource, []).columnDefinitions.map((c: any) => c.name.toUpperCase());
const wideHeaders = (resource: string) =>
  buildTable(resource, []).columnDefinitions.filter((c: any) => c.priority === 1).map((c: any) => c.name.toUpperCase());

// ---- humanDuration ----

test('humanDuration rounds like kubectl', () => {
  const cases: [number, string][] = [
    [0, '0s'], [-1500, '0s'], [-2 * S, '<invalid>'], [45 * S, '45s'], [119 * S, '119s'],
    [190 * S, '3m10s'], [3 * M, '3m'], [15 * M + 20 * S, '15m'], [179 * M, '179m'], [3 * H, '3h'],
    [5 * H + 30 * M, '5h30m'], [20 * H + 59 * M, '20h'], [2 * D, '2d'], [2 * D + 4 * H, '2d4h'],
    [30 * D, '30d'], [729 * D, '729d'], [2 * 365 * D + 40 * D, '2y40d'], [5 * 365 * D, '5y'], [9 * 365 * D + 3 * D, '9y'],
  ];
  for (const [ms, want] of cases) assert.is(humanDuration(ms), want, `${ms}ms`);
  assert.is(formatAge(45 * S), '45s');
});

// ---- selectors ----

test('labelSelectorString renders the set-based form', () => {
  assert.is(labelSelectorString({ matchLabels: { tier: 'web', app: 'shop' } }), 'app=shop,tier=web');
  assert.is(
    labelSelectorString({
      matchLabels: { app: 'shop' },
      matchExpressions: [
        { key: 'env', operator: 'In', values: ['prod', 'dev'] },
        { key: 'canary', operator: 'DoesNotExist' },
        { key: 'zone', operator: 'NotIn', values: ['b'] },
        { key: 'gpu', operator: 'Exists' },
      ],
    }),
    'app=shop,!canary,env in (dev,prod),gpu,zone notin (b)',
  );
  assert.is(labelSelectorString({}), '<none>');
  assert.is(labelSelectorString(undefined), '<none>');
  assert.is(labelSelectorString({ matchExpressions: [{ key: 'a', operator: 'In', values: [] }] }), '<error>');
});

// ---- columns ----

test('pod columns and priorities match kubectl', () => {
  const cols = buildTable('pods', []).columnDefinitions;
  assert.equal(headers('pods'), ['NAME', 'READY', 'STATUS', 'RESTARTS', 'AGE', 'IP', 'NODE', 'NOMINATED NODE', 'READINESS GATES']);
  assert.equal(cols.map((c: any) => c.priority), [0, 0, 0, 0, 0, 1, 1, 1, 1]);
  assert.equal(cols[0], { ...cols[0], name: 'Name', type: 'string', format: 'name', priority: 0 });
  assert.ok(cols.every((c: any) => typeof c.description === 'string' && c.description.length > 0));
});

test('node and deployment columns match kubectl', () => {
  assert.equal(headers('nodes'), ['NAME', 'STATUS', 'ROLES', 'AGE', 'VERSION', 'INTERNAL-IP', 'EXTERNAL-IP', 'OS-IMAGE', 'KERNEL-VERSION', 'CONTAINER-RUNTIME']);
  assert.equal(wideHeaders('nodes'), ['INTERNAL-IP', 'EXTERNAL-IP', 'OS-IMAGE', 'KERNEL-VERSION', 'CONTAINER-RUNTIME']);
  assert.equal(headers('deployments'), ['NAME', 'READY', 'UP-TO-DATE', 'AVAILABLE', 'AGE', 'CONTAINERS', 'IMAGES', 'SELECTOR']);
  assert.equal(wideHeaders('deployments'), ['CONTAINERS', 'IMAGES', 'SELECTOR']);
});

test('other resources list kubectl headers', () => {
  assert.equal(headers('events'), ['LAST SEEN', 'TYPE', 'REASON', 'OBJECT', 'SUBOBJECT', 'SOURCE', 'MESSAGE', 'FIRST SEEN', 'COUNT', 'NAME']);
  assert.equal(wideHeaders('events'), ['SUBOBJECT', 'SOURCE', 'FIRST SEEN', 'COUNT', 'NAME']);
  assert.equal(headers('jobs'), ['NAME', 'STATUS', 'COMPLETIONS', 'DURATION', 'AGE', 'CONTAINERS', 'IMAGES', 'SELECTOR']);
  assert.equal(headers('cronjobs'), ['NAME', 'SCHEDULE', 'TIMEZONE', 'SUSPEND', 'ACTIVE', 'LAST SCHEDULE', 'AGE', 'CONTAINERS', 'IMAGES', 'SELECTOR']);
  assert.equal(headers('daemonsets').slice(0, 8), ['NAME', 'DESIRED', 'CURRENT', 'READY', 'UP-TO-DATE', 'AVAILABLE', 'NODE SELECTOR', 'AGE']);
  assert.equal(headers('horizontalpodautoscalers'), ['NAME', 'REFERENCE', 'TARGETS', 'MINPODS', 'MAXPODS', 'REPLICAS', 'AGE']);
  assert.equal(headers('endpointslices'), ['NAME', 'ADDRESSTYPE', 'PORTS', 'ENDPOINTS', 'AGE']);
  assert.equal(headers('services'), ['NAME', 'TYPE', 'CLUSTER-IP', 'EXTERNAL-IP', 'PORT(S)', 'AGE', 'SELECTOR']);
  assert.equal(headers('widgets.example.com'), ['NAME', 'AGE']);
});

test('every renderer yields one cell per column even for a bare object', () => {
  const resources = ['pods', 'nodes', 'namespaces', 'services', 'endpoints', 'configmaps', 'secrets', 'serviceaccounts', 'events',
    'deployments', 'replicasets', 'daemonsets', 'statefulsets', 'controllerrevisions', 'jobs', 'cronjobs',
    'horizontalpodautoscalers', 'leases', 'endpointslices', 'unknown'];
  for (const r of resources) {
    const table = buildTable(r, [{ metadata: { name: 'x' } }], { now: NOW });
    assert.is(table.rows[0].cells.length, table.columnDefinitions.length, r);
  }
});

// ---- pods ----

const pod = (status: Record<string, any>, spec: Record<string, any> = {}, extraMeta: Record<string, any> = {}) => ({
  metadata: meta('web-0', extraMeta),
  spec: { containers: [{ name: 'app', image: 'nginx' }], ...spec },
  status,
});
const podStatus = (p: Record<string, any>) => cells('pods', p).slice(1, 4);

test('pod Running with full wide cells', () => {
  const p = pod(
    {
      phase: 'Running', podIP: '10.0.0.5', podIPs: [{ ip: '10.0.0.5' }],
      conditions: [{ type: 'Ready', status: 'True' }, { type: 'example.com/lb', status: 'True' }],
      containerStatuses: [{ name: 'app', ready: true, restartCount: 0, state: { running: { startedAt: ago(H) } } }],
    },
    { nodeName: 'node-a', readinessGates: [{ conditionType: 'example.com/lb' }, { conditionType: 'example.com/dns' }] },
  );
  assert.equal(cells('pods', p), ['web-0', '1/1', 'Running', '0', '2d4h', '10.0.0.5', 'node-a', '<none>', '1/2']);
});

test('pod Pending with ContainerCreating', () => {
  const p = pod({ phase: 'Pending', containerStatuses: [{ name: 'app', ready: false, restartCount: 0, state: { waiting: { reason: 'ContainerCreating' } } }] });
  assert.equal(cells('pods', p).slice(1, 4), ['0/1', 'ContainerCreating', '0']);
  assert.equal(cells('pods', pod({ phase: 'Pending' })).slice(5), ['<none>', '<none>', '<none>', '<none>']);
});

test('pod CrashLoopBackOff shows restarts with time since the last one', () => {
  const p = pod({
    phase: 'Running',
    containerStatuses: [{
      name: 'app', ready: false, restartCount: 5,
      state: { waiting: { reason: 'CrashLoopBackOff' } },
      lastState: { terminated: { exitCode: 1, reason: 'Error', finishedAt: ago(190 * S) } },
    }],
  });
  assert.equal(podStatus(p), ['0/1', 'CrashLoopBackOff', '5 (3m10s ago)']);
});

test('pod Completed, OOMKilled, Signal and ExitCode reasons', () => {
  const term = (t: Record<string, any>, phase = 'Failed') =>
    pod({ phase, containerStatuses: [{ name: 'app', ready: false, restartCount: 0, state: { terminated: t } }] });
  assert.equal(podStatus(term({ exitCode: 0, reason: 'Completed' }, 'Succeeded')), ['0/1', 'Completed', '0']);
  assert.is(podStatus(term({ exitCode: 137, reason: 'OOMKilled' }))[1], 'OOMKilled');
  assert.is(podStatus(term({ exitCode: 137, signal: 9 }))[1], 'Signal:9');
  assert.is(podStatus(term({ exitCode: 2 }))[1], 'ExitCode:2');
});

test('pod Completed with a container still running reads NotReady or Running', () => {
  const statuses = [
    { name: 'app', ready: false, restartCount: 0, state: { terminated: { exitCode: 0, reason: 'Completed' } } },
    { name: 'log', ready: true, restartCount: 0, state: { running: {} } },
  ];
  const spec = { containers: [{ name: 'app' }, { name: 'log' }] };
  assert.equal(podStatus(pod({ phase: 'Running', containerStatuses: statuses }, spec)), ['1/2', 'NotReady', '0']);
  const ready = pod({ phase: 'Running', containerStatuses: statuses, conditions: [{ type: 'Ready', status: 'True' }] }, spec);
  assert.is(podStatus(ready)[1], 'Running');
});

test('pod init containers: Init:0/2, Init:CrashLoopBackOff, Init:Error', () => {
  const spec = { initContainers: [{ name: 'migrate' }, { name: 'seed' }] };
  const init = (first: Record<string, any>) =>
    pod({ phase: 'Pending', initContainerStatuses: [{ name: 'migrate', ready: false, restartCount: 3, ...first }, { name: 'seed', ready: false, restartCount: 0, state: { waiting: { reason: 'PodInitializing' } } }] }, spec);
  assert.equal(podStatus(init({ state: { running: {} } })), ['0/1', 'Init:0/2', '3']);
  assert.is(podStatus(init({ state: { waiting: { reason: 'CrashLoopBackOff' } } }))[1], 'Init:CrashLoopBackOff');
  assert.is(podStatus(init({ state: { terminated: { exitCode: 1, reason: 'Error' } } }))[1], 'Init:Error');
  const secondRunning = pod({ phase: 'Pending', initContainerStatuses: [
    { name: 'migrate', ready: false, restartCount: 0, state: { terminated: { exitCode: 0, reason: 'Completed' } } },
    { name: 'seed', ready: false, restartCount: 0, state: { running: {} } },
  ] }, spec);
  assert.is(podStatus(secondRunning)[1], 'Init:1/2');
});

test('pod sidecars count as containers', () => {
  const p = pod(
    {
      phase: 'Running', conditions: [{ type: 'Initialized', status: 'True' }],
      initContainerStatuses: [{ name: 'proxy', ready: true, started: true, restartCount: 1, state: { running: {} } }],
      containerStatuses: [{ name: 'app', ready: true, restartCount: 0, state: { running: {} } }],
    },
    { initContainers: [{ name: 'proxy', restartPolicy: 'Always' }] },
  );
  assert.equal(podStatus(p), ['2/2', 'Running', '1']);
});

test('pod Terminating, Unknown on a lost node, SchedulingGated', () => {
  const running = { phase: 'Running', containerStatuses: [{ name: 'app', ready: true, restartCount: 0, state: { running: {} } }] };
  assert.is(podStatus(pod(running, {}, { deletionTimestamp: ago(10 * S) }))[1], 'Terminating');
  assert.is(podStatus(pod({ ...running, reason: 'NodeLost' }, {}, { deletionTimestamp: ago(10 * S) }))[1], 'Unknown');
  const done = { phase: 'Succeeded', containerStatuses: [{ name: 'app', ready: false, restartCount: 0, state: { terminated: { exitCode: 0, reason: 'Completed' } } }] };
  assert.is(podStatus(pod(done, {}, { deletionTimestamp: ago(10 * S) }))[1], 'Completed');
  const gated = pod({ phase: 'Pending', conditions: [{ type: 'PodScheduled', status: 'False', reason: 'SchedulingGated' }] });
  assert.is(podStatus(gated)[1], 'SchedulingGated');
});

// ---- nodes ----

test('node status, roles and wide cells', () => {
  const node = {
    metadata: meta('cp-1', { labels: { 'node-role.kubernetes.io/control-plane': '', 'node-role.kubernetes.io/etcd': '', 'kubernetes.io/role': 'master' } }),
    spec: { unschedulable: true },
    status: {
      conditions: [{ type: 'MemoryPressure', status: 'False' }, { type: 'Ready', status: 'True' }],
      addresses: [{ type: 'Hostname', address: 'cp-1' }, { type: 'InternalIP', address: '192.168.1.10' }],
      nodeInfo: { kubeletVersion: 'v1.32.0', osImage: 'Debian 12', kernelVersion: '6.1.0', containerRuntimeVersion: 'redkube://0.1.0' },
    },
  };
  assert.equal(cells('nodes', node), ['cp-1', 'Ready,SchedulingDisabled', 'control-plane,etcd,master', '2d4h', 'v1.32.0', '192.168.1.10', '<none>', 'Debian 12', '6.1.0', 'redkube://0.1.0']);
  assert.equal(cells('nodes', { metadata: meta('w-1'), status: { conditions: [{ type: 'Ready', status: 'Unknown' }] } }).slice(1, 3), ['NotReady', '<none>']);
  assert.equal(cells('nodes', { metadata: meta('w-2') }).slice(1, 2).concat(cells('nodes', { metadata: meta('w-2') }).slice(7)), ['Unknown', '<unknown>', '<unknown>', '<unknown>']);
});

// ---- core resources ----

test('services by type', () => {
  const svc = (spec: Record<string, any>, status: Record<string, any> = {}) => cells('services', { metadata: meta('web'), spec, status });
  assert.equal(svc({ type: 'ClusterIP', clusterIP: '10.96.0.10', clusterIPs: ['10.96.0.10'], ports: [{ port: 53, protocol: 'UDP' }, { port: 53, protocol: 'TCP' }], selector: { k8s: 'dns', app: 'kube-dns' } }),
    ['web', 'ClusterIP', '10.96.0.10', '<none>', '53/UDP,53/TCP', '2d4h', 'app=kube-dns,k8s=dns']);
  assert.equal(svc({ type: 'NodePort', clusterIP: '10.96.1.1', ports: [{ port: 80, nodePort: 30080 }] }).slice(2, 5), ['10.96.1.1', '<none>', '80:30080/TCP']);
  assert.equal(svc({ type: 'LoadBalancer', clusterIPs: ['10.96.2.2'], ports: [{ port: 443, nodePort: 31443, protocol: 'TCP' }] }).slice(3, 5), ['<pending>', '443:31443/TCP']);
  assert.is(svc({ type: 'LoadBalancer', externalIPs: ['1.1.1.1'] }, { loadBalancer: { ingress: [{ ip: '203.0.113.9' }, { hostname: 'lb.example.com' }] } })[3], '203.0.113.9,lb.example.com,1.1.1.1');
  assert.equal(svc({ type: 'ExternalName', externalName: 'db.example.com' }).slice(2, 5).concat(svc({ type: 'ExternalName' }).slice(6)), ['<none>', 'db.example.com', '<none>', '<none>']);
});

test('endpoints and endpointslices abbreviate after three', () => {
  const ep = (subsets?: any[]) => cells('endpoints', { metadata: meta('web'), subsets })[1];
  assert.is(ep(undefined), '<none>');
  assert.is(ep([{ addresses: [{ ip: '10.0.0.1' }, { ip: '10.0.0.2' }], ports: [{ port: 80 }, { port: 443 }] }]), '10.0.0.1:80,10.0.0.2:80,10.0.0.1:443 + 1 more...');
  assert.is(ep([{ addresses: [{ ip: 'fd00::1' }], ports: [{ port: 80 }] }, { addresses: [{ ip: '10.0.0.9' }] }]), '[fd00::1]:80,10.0.0.9');
  const slice = { metadata: meta('web-abc'), addressType: 'IPv4', ports: [{ port: 80 }, { name: 'metrics' }, {}, { port: 9000 }],
    endpoints: [{ addresses: ['10.0.0.1'] }, { addresses: ['10.0.0.2'] }] };
  assert.equal(cells('endpointslices', slice), ['web-abc', 'IPv4', '80,metrics,* + 1 more...', '10.0.0.1,10.0.0.2', '2d4h']);
  assert.equal(cells('endpointslices', { metadata: meta('empty'), addressType: 'IPv6' }).slice(2, 4), ['<unset>', '<unset>']);
});

test('namespaces, configmaps, secrets, serviceaccounts, leases', () => {
  assert.equal(cells('namespaces', { metadata: meta('prod'), status: { phase: 'Active' } }), ['prod', 'Active', '2d4h']);
  assert.equal(cells('configmaps', { metadata: meta('cfg'), data: { a: '1', b: '2' }, binaryData: { c: 'AA==' } }), ['cfg', 3, '2d4h']);
  assert.equal(cells('secrets', { metadata: meta('tls'), type: 'kubernetes.io/tls', data: { 'tls.crt': 'x', 'tls.key': 'y' } }), ['tls', 'kubernetes.io/tls', 2, '2d4h']);
  assert.equal(cells('serviceaccounts', { metadata: meta('default') }), ['default', 0, '2d4h']);
  assert.equal(cells('leases', { metadata: meta('kube-scheduler'), spec: { holderIdentity: 'node-a_1234' } }), ['kube-scheduler', 'node-a_1234', '2d4h']);
  assert.equal(cells('widgets.example.com', { metadata: { name: 'w' } }), ['w', '<unknown>']);
});

test('events, old and new style, wide cells included', () => {
  const ev = {
    metadata: meta('web-0.17a'), type: 'Warning', reason: 'BackOff', message: ' Back-off restarting failed container \n',
    involvedObject: { kind: 'Pod', name: 'web-0', fieldPath: 'spec.containers{app}' },
    source: { component: 'kubelet', host: 'node-a' }, firstTimestamp: ago(4 * H), lastTimestamp: ago(30 * S), count: 7,
  };
  assert.equal(cells('events', ev), ['30s', 'Warning', 'BackOff', 'pod/web-0', 'spec.containers{app}', 'kubelet, node-a', 'Back-off restarting failed container', '4h', 7, 'web-0.17a']);
  const fresh = { metadata: meta('sched.1'), type: 'Normal', reason: 'Scheduled', message: 'assigned', involvedObject: { kind: 'Node' },
    eventTime: ago(90 * S), reportingComponent: 'redkube-scheduler' };
  assert.equal(cells('events', fresh), ['90s', 'Normal', 'Scheduled', 'node', '', 'redkube-scheduler', 'assigned', '90s', 1, 'sched.1']);
  const series = { ...fresh, series: { count: 4, lastObservedTime: ago(5 * S) } };
  assert.equal([cells('events', series)[0], cells('events', series)[8]], ['5s', 4]);
});

// ---- workloads ----

const template = { spec: { containers: [{ name: 'app', image: 'nginx:1.27' }, { name: 'log', image: 'fluent-bit:3' }] } };
const selector = { matchLabels: { app: 'web' }, matchExpressions: [{ key: 'track', operator: 'In', values: ['stable', 'canary'] }] };

test('deployments, replicasets, statefulsets, daemonsets', () => {
  assert.equal(cells('deployments', { metadata: meta('web'), spec: { replicas: 3, selector, template }, status: { readyReplicas: 2, updatedReplicas: 3, availableReplicas: 2 } }),
    ['web', '2/3', 3, 2, '2d4h', 'app,log', 'nginx:1.27,fluent-bit:3', 'app=web,track in (canary,stable)']);
  assert.equal(cells('deployments', { metadata: meta('new'), spec: { template } }).slice(1, 4), ['0/1', 0, 0]);
  assert.equal(cells('replicasets', { metadata: meta('web-5d8'), spec: { replicas: 3, selector: { matchLabels: { app: 'web' } }, template }, status: { replicas: 3, readyReplicas: 1 } }),
    ['web-5d8', 3, 3, 1, '2d4h', 'app,log', 'nginx:1.27,fluent-bit:3', 'app=web']);
  assert.equal(cells('statefulsets', { metadata: meta('db'), spec: { replicas: 3, template }, status: { readyReplicas: 3 } }),
    ['db', '3/3', '2d4h', 'app,log', 'nginx:1.27,fluent-bit:3']);
  const ds = { metadata: meta('agent'), spec: { selector: { matchLabels: { app: 'agent' } }, template: { spec: { ...template.spec, nodeSelector: { 'kubernetes.io/os': 'linux' } } } },
    status: { desiredNumberScheduled: 3, currentNumberScheduled: 3, numberReady: 2, updatedNumberScheduled: 3, numberAvailable: 2 } };
  assert.equal(cells('daemonsets', ds), ['agent', 3, 3, 2, 3, 2, 'kubernetes.io/os=linux', '2d4h', 'app,log', 'nginx:1.27,fluent-bit:3', 'app=agent']);
  assert.is(cells('daemonsets', { metadata: meta('x') })[6], '<none>');
});

test('controllerrevisions name their controller', () => {
  const owner = (apiVersion: string, kind: string) => ({ metadata: meta('agent-6f9', { ownerReferences: [{ apiVersion, kind, name: 'agent', uid: 'u', controller: true }] }), revision: 4 });
  assert.equal(cells('controllerrevisions', owner('apps/v1', 'DaemonSet')), ['agent-6f9', 'daemonset.apps/agent', 4, '2d4h']);
  assert.is(cells('controllerrevisions', owner('v1', 'Pod'))[1], 'pod/agent');
  assert.is(cells('controllerrevisions', { metadata: meta('orphan'), revision: 1 })[1], '<none>');
});

test('jobs: status, completions, duration', () => {
  const job = (spec: Record<string, any>, status: Record<string, any>, extra: Record<string, any> = {}) =>
    cells('jobs', { metadata: meta('backup', extra), spec: { template, selector: { matchLabels: { 'batch.kubernetes.io/controller-uid': 'abc' } }, ...spec }, status });
  assert.equal(job({ completions: 1 }, { succeeded: 1, startTime: ago(H), completionTime: ago(H - 45 * S), conditions: [{ type: 'Complete', status: 'True' }] }),
    ['backup', 'Complete', '1/1', '45s', '2d4h', 'app,log', 'nginx:1.27,fluent-bit:3', 'batch.kubernetes.io/controller-uid=abc']);
  assert.equal(job({ parallelism: 3 }, { startTime: ago(190 * S) }).slice(1, 4), ['Running', '0/1 of 3', '3m10s']);
  assert.equal(job({}, {}).slice(1, 4), ['Running', '0/1', '']);
  assert.is(job({ completions: 2 }, { conditions: [{ type: 'Failed', status: 'True' }] })[1], 'Failed');
  assert.is(job({}, {}, { deletionTimestamp: ago(S) })[1], 'Terminating');
  assert.is(job({ suspend: true }, { conditions: [{ type: 'Suspended', status: 'True' }] })[1], 'Suspended');
});

test('cronjobs', () => {
  const cj = { metadata: meta('nightly'), spec: { schedule: '0 2 * * *', timeZone: 'Europe/Paris', suspend: false, jobTemplate: { spec: { template } } },
    status: { active: [{ name: 'nightly-1' }], lastScheduleTime: ago(10 * H) } };
  assert.equal(cells('cronjobs', cj), ['nightly', '0 2 * * *', 'Europe/Paris', 'False', 1, '10h', '2d4h', 'app,log', 'nginx:1.27,fluent-bit:3', '<none>']);
  assert.equal(cells('cronjobs', { metadata: meta('new'), spec: { schedule: '@hourly' } }).slice(2, 6), ['<none>', '<unset>', 0, '<none>']);
});

test('horizontalpodautoscalers format targets', () => {
  const hpa = (metrics: any[] | undefined, currentMetrics: any[] = [], minReplicas?: number) => cells('horizontalpodautoscalers', {
    metadata: meta('web'),
    spec: { scaleTargetRef: { apiVersion: 'apps/v1', kind: 'Deployment', name: 'web' }, minReplicas, maxReplicas: 10, metrics },
    status: { currentReplicas: 3, desiredReplicas: 3, currentMetrics },
  });
  const cpu = { type: 'Resource', resource: { name: 'cpu', target: { type: 'Utilization', averageUtilization: 80 } } };
  const mem = { type: 'Resource', resource: { name: 'memory', target: { type: 'AverageValue', averageValue: '500Mi' } } };
  const pods = { type: 'Pods', pods: { metric: { name: 'rps' }, target: { type: 'AverageValue', averageValue: '100' } } };
  assert.equal(hpa([cpu], [{ type: 'Resource', resource: { name: 'cpu', current: { averageUtilization: 45 } } }], 2),
    ['web', 'Deployment/web', 'cpu: 45%/80%', '2', 10, 3, '2d4h']);
  assert.is(hpa([cpu, mem, pods])[2], 'cpu: <unknown>/80%, memory: <unknown>/500Mi + 1 more...');
  assert.equal(hpa(undefined).slice(2, 4), ['<none>', '<unset>']);
});

// ---- the Table envelope ----

test('Table envelope and includeObject variants', () => {
  const p = pod({ phase: 'Running' }, {}, { uid: 'u-1', labels: { app: 'web' } });
  const table = buildTable('pods', [p], { now: NOW, resourceVersion: '42', continueToken: 'next' });
  assert.is(table.apiVersion, 'meta.k8s.io/v1');
  assert.is(table.kind, 'Table');
  assert.equal(table.metadata, { resourceVersion: '42', continue: 'next' });
  assert.equal(table.rows[0].object, { kind: 'PartialObjectMetadata', apiVersion: 'meta.k8s.io/v1', metadata: p.metadata });
  assert.is(buildTable('pods', [p], { includeObject: 'Object' }).rows[0].object, p);
  assert.not.ok('object' in buildTable('pods', [p], { includeObject: 'None' }).rows[0]);
  assert.equal(buildTable('pods', [], { resourceVersion: '7' }).metadata, { resourceVersion: '7' });
  assert.is(rendererFor('constructor'), rendererFor('anything-else'));
});

test.run();
