import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { applyDefaults, imageTag } from '../src/api/defaulting/index.js';
import { findByKind } from '../src/api/resources.js';

function defaulted(apiVersion: string, kind: string, obj: any): any {
  const info = findByKind(apiVersion, kind);
  if (!info) throw new Error(`no resource for ${apiVersion} ${kind}`);
  const copy = structuredClone({ apiVersion, kind, metadata: { name: 'x', namespace: 'default' }, ...obj });
  applyDefaults(info, copy);
  return copy;
}

const template = { metadata: { labels: { app: 'web' } }, spec: { containers: [{ name: 'c', image: 'nginx:1.25' }] } };

const podSpecDefaults = {
  restartPolicy: 'Always', terminationGracePeriodSeconds: 30, dnsPolicy: 'ClusterFirst',
  schedulerName: 'default-scheduler', securityContext: {}, enableServiceLinks: true,
};
const containerDefaults = { terminationMessagePath: '/dev/termination-log', terminationMessagePolicy: 'File', resources: {} };

test('pod spec and container defaults', () => {
  const pod = defaulted('v1', 'Pod', { spec: { containers: [{ name: 'c', image: 'nginx', ports: [{ containerPort: 80 }] }] } });
  assert.equal(pod.spec, {
    ...podSpecDefaults,
    containers: [{ name: 'c', image: 'nginx', ports: [{ containerPort: 80, protocol: 'TCP' }], imagePullPolicy: 'Always', ...containerDefaults }],
  });
});

const pullPolicies: [string, string][] = [
  ['nginx', 'Always'], ['nginx:latest', 'Always'], ['nginx:1.25', 'IfNotPresent'],
  ['localhost:5000/nginx', 'Always'], ['localhost:5000/nginx:v2', 'IfNotPresent'],
  ['nginx@sha256:abcd', 'IfNotPresent'], ['nginx:latest@sha256:abcd', 'Always'],
];
for (const [image, policy] of pullPolicies) {
  test(`imagePullPolicy of ${image} is ${policy}`, () => {
    const pod = defaulted('v1', 'Pod', { spec: { containers: [{ name: 'c', image }] } });
    assert.is(pod.spec.containers[0].imagePullPolicy, policy);
  });
}

test('explicit values are kept', () => {
  const pod = defaulted('v1', 'Pod', { spec: { restartPolicy: 'Never', terminationGracePeriodSeconds: 0, enableServiceLinks: false, containers: [{ name: 'c', image: 'nginx', imagePullPolicy: 'Never' }] } });
  assert.is(pod.spec.restartPolicy, 'Never');
  assert.is(pod.spec.terminationGracePeriodSeconds, 0);
  assert.is(pod.spec.enableServiceLinks, false);
  assert.is(pod.spec.containers[0].imagePullPolicy, 'Never');
  assert.is(imageTag('a/b:c'), 'c');
});

test('probes, handlers, env field refs, volumes and host ports', () => {
  const pod = defaulted('v1', 'Pod', { spec: {
    hostNetwork: true,
    containers: [{
      name: 'c', image: 'x:1', ports: [{ containerPort: 8080 }],
      livenessProbe: { httpGet: { port: 8080 } }, readinessProbe: { tcpSocket: { port: 1 }, periodSeconds: 2 },
      lifecycle: { preStop: { httpGet: { port: 1, path: '/stop' } } },
      env: [{ name: 'N', valueFrom: { fieldRef: { fieldPath: 'metadata.name' } } }],
    }],
    volumes: [{ name: 'v', secret: { secretName: 's' } }, { name: 'w', configMap: { name: 'c', defaultMode: 256 } }],
  } });
  const c = pod.spec.containers[0];
  assert.equal(c.livenessProbe, { httpGet: { port: 8080, path: '/', scheme: 'HTTP' }, timeoutSeconds: 1, periodSeconds: 10, successThreshold: 1, failureThreshold: 3 });
  assert.equal(c.readinessProbe.periodSeconds, 2);
  assert.equal(c.lifecycle.preStop.httpGet, { port: 1, path: '/stop', scheme: 'HTTP' });
  assert.is(c.env[0].valueFrom.fieldRef.apiVersion, 'v1');
  assert.equal(c.ports[0], { containerPort: 8080, protocol: 'TCP', hostPort: 8080 });
  assert.is(pod.spec.volumes[0].secret.defaultMode, 420);
  assert.is(pod.spec.volumes[1].configMap.defaultMode, 256);
});

test('deployment defaults', () => {
  const d = defaulted('apps/v1', 'Deployment', { spec: { selector: { matchLabels: { app: 'web' } }, template } });
  assert.is(d.spec.replicas, 1);
  assert.equal(d.spec.strategy, { type: 'RollingUpdate', rollingUpdate: { maxUnavailable: '25%', maxSurge: '25%' } });
  assert.is(d.spec.revisionHistoryLimit, 10);
  assert.is(d.spec.progressDeadlineSeconds, 600);
  assert.is(d.spec.template.spec.restartPolicy, 'Always');
  assert.is(d.spec.template.spec.containers[0].imagePullPolicy, 'IfNotPresent');
  const recreate = defaulted('apps/v1', 'Deployment', { spec: { replicas: 0, strategy: { type: 'Recreate' }, template } });
  assert.is(recreate.spec.replicas, 0);
  assert.equal(recreate.spec.strategy, { type: 'Recreate' });
  assert.is(template.spec.containers[0].hasOwnProperty('imagePullPolicy'), false, 'input fixture untouched');
});

test('replicaset, statefulset and daemonset defaults', () => {
  assert.is(defaulted('apps/v1', 'ReplicaSet', { spec: { template } }).spec.replicas, 1);
  const sts = defaulted('apps/v1', 'StatefulSet', { spec: { serviceName: 's', template } });
  assert.equal([sts.spec.replicas, sts.spec.podManagementPolicy, sts.spec.updateStrategy, sts.spec.revisionHistoryLimit],
    [1, 'OrderedReady', { type: 'RollingUpdate', rollingUpdate: { partition: 0 } }, 10]);
  assert.equal(sts.spec.persistentVolumeClaimRetentionPolicy, { whenDeleted: 'Retain', whenScaled: 'Retain' });
  const ds = defaulted('apps/v1', 'DaemonSet', { spec: { template } });
  assert.equal(ds.spec.updateStrategy, { type: 'RollingUpdate', rollingUpdate: { maxUnavailable: 1, maxSurge: 0 } });
  assert.is(ds.spec.revisionHistoryLimit, 10);
  const onDelete = defaulted('apps/v1', 'DaemonSet', { spec: { updateStrategy: { type: 'OnDelete' }, template } });
  assert.equal(onDelete.spec.updateStrategy, { type: 'OnDelete' });
});

const jobCases: [string, any, any][] = [
  ['neither set', {}, { completions: 1, parallelism: 1 }],
  ['parallelism only', { parallelism: 3 }, { completions: undefined, parallelism: 3 }],
  ['completions only', { completions: 5 }, { completions: 5, parallelism: 1 }],
];
for (const [name, spec, want] of jobCases) {
  test(`job completions/parallelism: ${name}`, () => {
    const job = defaulted('batch/v1', 'Job', { spec: { ...spec, template } });
    assert.equal({ completions: job.spec.completions, parallelism: job.spec.parallelism }, want);
  });
}

test('job defaults and generated selector', () => {
  const job = defaulted('batch/v1', 'Job', { metadata: { name: 'pi', namespace: 'default', uid: 'u-1' }, spec: { template: { spec: template.spec } } });
  assert.equal([job.spec.backoffLimit, job.spec.completionMode, job.spec.suspend, job.spec.podReplacementPolicy], [6, 'NonIndexed', false, 'TerminatingOrFailed']);
  assert.equal(job.spec.selector, { matchLabels: { 'batch.kubernetes.io/controller-uid': 'u-1' } });
  assert.equal(job.spec.template.metadata.labels, {
    'batch.kubernetes.io/controller-uid': 'u-1', 'controller-uid': 'u-1', 'batch.kubernetes.io/job-name': 'pi', 'job-name': 'pi',
  });
  assert.is(job.spec.template.spec.restartPolicy, 'Always', 'defaulted, then rejected by validation');
  const manual = defaulted('batch/v1', 'Job', { metadata: { name: 'pi', uid: 'u-1' }, spec: { manualSelector: true, selector: { matchLabels: { a: 'b' } }, template } });
  assert.equal(manual.spec.selector, { matchLabels: { a: 'b' } });
  assert.equal(manual.spec.template.metadata.labels, { app: 'web' });
});

test('cronjob defaults reach the job template pod spec', () => {
  const cj = defaulted('batch/v1', 'CronJob', { spec: { schedule: '* * * * *', jobTemplate: { spec: { template } } } });
  assert.equal([cj.spec.concurrencyPolicy, cj.spec.suspend, cj.spec.successfulJobsHistoryLimit, cj.spec.failedJobsHistoryLimit], ['Allow', false, 3, 1]);
  assert.is(cj.spec.jobTemplate.spec.template.spec.dnsPolicy, 'ClusterFirst');
  assert.is(cj.spec.jobTemplate.spec.backoffLimit, undefined);
});

test('service defaults', () => {
  const svc = defaulted('v1', 'Service', { spec: { selector: { app: 'web' }, ports: [{ port: 80 }, { port: 443, targetPort: 'https', protocol: 'TCP' }] } });
  assert.equal(svc.spec, {
    selector: { app: 'web' }, ports: [{ port: 80, protocol: 'TCP', targetPort: 80 }, { port: 443, targetPort: 'https', protocol: 'TCP' }],
    sessionAffinity: 'None', type: 'ClusterIP', internalTrafficPolicy: 'Cluster', ipFamilyPolicy: 'SingleStack', ipFamilies: ['IPv4'],
  });
  const lb = defaulted('v1', 'Service', { spec: { type: 'LoadBalancer', sessionAffinity: 'ClientIP', ports: [{ port: 80 }] } });
  assert.is(lb.spec.externalTrafficPolicy, 'Cluster');
  assert.is(lb.spec.allocateLoadBalancerNodePorts, true);
  assert.equal(lb.spec.sessionAffinityConfig, { clientIP: { timeoutSeconds: 10800 } });
  const ext = defaulted('v1', 'Service', { spec: { type: 'ExternalName', externalName: 'example.com' } });
  assert.is(ext.spec.ipFamilies, undefined);
});

test('secret, namespace, hpa, endpointslice defaults', () => {
  const secret = defaulted('v1', 'Secret', { stringData: { user: 'admin' }, data: { pass: 'cHc=' } });
  assert.equal([secret.type, secret.data, secret.stringData], ['Opaque', { pass: 'cHc=', user: 'YWRtaW4=' }, undefined]);
  assert.is(defaulted('v1', 'Secret', { type: 'kubernetes.io/tls' }).type, 'kubernetes.io/tls');
  const ns = defaulted('v1', 'Namespace', {});
  assert.equal([ns.spec.finalizers, ns.status.phase], [['kubernetes'], 'Active']);
  assert.equal(defaulted('v1', 'Namespace', { spec: { finalizers: [] } }).spec.finalizers, []);
  const hpa = defaulted('autoscaling/v2', 'HorizontalPodAutoscaler', { spec: { maxReplicas: 5, behavior: { scaleDown: { stabilizationWindowSeconds: 60 } } } });
  assert.is(hpa.spec.minReplicas, 1);
  assert.equal(hpa.spec.metrics[0].resource.target, { type: 'Utilization', averageUtilization: 80 });
  assert.equal(hpa.spec.behavior.scaleDown, { stabilizationWindowSeconds: 60, selectPolicy: 'Max', policies: [{ type: 'Percent', value: 100, periodSeconds: 15 }] });
  assert.is(hpa.spec.behavior.scaleUp.policies.length, 2);
  const slice = defaulted('discovery.k8s.io/v1', 'EndpointSlice', { addressType: 'IPv4', endpoints: [], ports: [{ port: 80 }] });
  assert.equal(slice.ports, [{ port: 80, name: '', protocol: 'TCP' }]);
});

test('wrongly typed input is left for validation', () => {
  const d = defaulted('apps/v1', 'Deployment', { spec: { template: 'oops', strategy: 5 } });
  assert.is(d.spec.template, 'oops');
  assert.is(d.spec.strategy, 5);
  assert.is(d.spec.replicas, 1);
  const pod = defaulted('v1', 'Pod', { spec: 'nope' });
  assert.is(pod.spec, 'nope');
});

test.run();
