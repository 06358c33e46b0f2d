/**
 * HorizontalPodAutoscaler end to end against `rk up`: real containers burn CPU
 * under a cgroup quota, the node agent measures them, the apiserver serves
 * metrics.k8s.io, and the controller-manager's HPA scales the Deployment up;
 * when the template changes to idle containers it scales back down.
 */
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { rkUp, type UpCluster } from './helpers/rk-up.js';
import { waitFor } from './agent-fixture.js';

let up: UpCluster | undefined;

const deployment = (command: string[]) => JSON.stringify({
  apiVersion: 'apps/v1', kind: 'Deployment', metadata: { name: 'burn', namespace: 'default' },
  spec: {
    replicas: 1, selector: { matchLabels: { app: 'burn' } },
    template: {
      metadata: { labels: { app: 'burn' } },
      spec: { terminationGracePeriodSeconds: 0, containers: [{ name: 'c', image: 'busybox', command, resources: { requests: { cpu: '100m' }, limits: { cpu: '200m' } } }] },
    },
  },
});

const hpa = JSON.stringify({
  apiVersion: 'autoscaling/v2', kind: 'HorizontalPodAutoscaler', metadata: { name: 'burn', namespace: 'default' },
  spec: {
    scaleTargetRef: { apiVersion: 'apps/v1', kind: 'Deployment', name: 'burn' }, minReplicas: 1, maxReplicas: 3,
    metrics: [{ type: 'Resource', resource: { name: 'cpu', target: { type: 'Utilization', averageUtilization: 50 } } }],
    behavior: { scaleDown: { stabilizationWindowSeconds: 0 } },
  },
});

async function kubectl(args: string[], input?: string): Promise<string> {
  const r = await up!.kubectl(args, { input });
  if (r.exitCode !== 0) throw new Error(`kubectl ${args.join(' ')}: ${r.stderr}`);
  return r.stdout;
}

const replicas = async () => Number(await kubectl(['get', 'deploy', 'burn', '-o', 'jsonpath={.spec.replicas}']));

test.after(async () => { await up?.stop(); });

test('an HPA scales a CPU-bound Deployment up from real usage and back down when the load is gone', async () => {
  up = await rkUp();
  await kubectl(['apply', '-f', '-'], deployment(['sh', '-c', 'while :; do :; done']));
  await kubectl(['apply', '-f', '-'], hpa);
  await waitFor('scaled up to 3 under load', async () => (await replicas()) === 3, 120_000);
  const status = JSON.parse(await kubectl(['get', 'hpa', 'burn', '-o', 'json'])).status;
  assert.ok(status.currentMetrics[0].resource.current.averageUtilization > 50, `utilisation measured: ${JSON.stringify(status.currentMetrics)}`);
  const rescaled = JSON.parse(await kubectl(['get', 'events', '--field-selector', 'reason=SuccessfulRescale', '-o', 'json'])).items.map((e: any) => e.message);
  assert.ok(rescaled.some((m: string) => /^New size: [23]; reason: cpu resource utilization \(percentage of request\) above target$/.test(m)), rescaled.join(' | '));
  const top = await kubectl(['top', 'pods', '-l', 'app=burn', '--no-headers']);
  assert.match(top, /^burn-\S+\s+\d+m/m);
  await kubectl(['apply', '-f', '-'], deployment(['sleep', '3600']));
  await waitFor('scaled back down to 1 once idle', async () => (await replicas()) === 1, 150_000);
  const after = await waitFor('status written after the scale', async () => {
    const st = JSON.parse(await kubectl(['get', 'hpa', 'burn', '-o', 'json'])).status;
    return st.desiredReplicas === 1 && st;
  }, 30_000);
  assert.ok(after.currentMetrics[0].resource.current.averageUtilization < 50, `idle utilisation: ${JSON.stringify(after.currentMetrics)}`);
});

test.run();
