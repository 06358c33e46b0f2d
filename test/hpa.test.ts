import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { findResource } from '../src/api/resources.js';
import { limitByPolicies, podUsage, resourceProposal, stabilize } from '../src/controllers/hpa/plan.js';
import { eventually, namespace, RES, startControllerEnv, type ControllerEnv } from './helpers/controllers.js';

const HPA = findResource('autoscaling', 'v2', 'horizontalpodautoscalers')!;
const NODES = findResource('', 'v1', 'nodes')!;
const cpu = (target: number) => ({ type: 'Resource', resource: { name: 'cpu', target: { type: 'Utilization', averageUtilization: target } } });
const sample = (req: number, use: number) => ({ requests: { cpu: req }, usage: { cpu: use } });

test('proposal: ceil(current × usage / target), unchanged within the 0.1 tolerance', () => {
  assert.is(resourceProposal(cpu(50), [sample(0.1, 0.1), sample(0.1, 0.1)], 2).replicas, 4);
  assert.is(resourceProposal(cpu(50), [sample(0.1, 0.054), sample(0.1, 0.054)], 2).replicas, 2, 'within tolerance');
  assert.is(resourceProposal(cpu(50), [sample(0.1, 0.01), sample(0.1, 0.01), sample(0.1, 0.01)], 3).replicas, 1);
  const r = resourceProposal(cpu(50), [sample(0.2, 0.1)], 1);
  assert.equal(r.current.resource.current.averageUtilization, 50);
  const avg = resourceProposal({ type: 'Resource', resource: { name: 'memory', target: { type: 'AverageValue', averageValue: '100Mi' } } }, [{ requests: {}, usage: { memory: 300 * 2 ** 20 } }], 1);
  assert.is(avg.replicas, 3);
  assert.throws(() => resourceProposal(cpu(50), [], 1), /did not receive metrics/);
  assert.equal(podUsage({ containers: [{ usage: { cpu: '250m', memory: '1Ki' } }, { usage: { cpu: '50000000n' } }] }), { cpu: 0.3, memory: 1024 });
});

test('stabilisation keeps the highest recent recommendation when scaling down; policies limit the step', () => {
  const now = 1_000_000;
  const recs = [{ at: now - 200_000, replicas: 6 }, { at: now - 100_000, replicas: 4 }, { at: now, replicas: 2 }];
  assert.is(stabilize(6, recs, now, 0, 300), 6);
  assert.is(stabilize(6, recs, now, 0, 150), 4);
  assert.is(stabilize(1, [{ at: now, replicas: 3 }], now, 0, 300), 3);
  const up = { selectPolicy: 'Max', policies: [{ type: 'Pods', value: 4, periodSeconds: 15 }, { type: 'Percent', value: 100, periodSeconds: 15 }] };
  assert.is(limitByPolicies(2, 20, up, [], now), 6);
  assert.is(limitByPolicies(10, 40, up, [], now), 20);
  assert.is(limitByPolicies(6, 20, up, [{ at: now - 5000, replicas: 2 }], now), 6, 'the period started at 2: at most 6');
  assert.is(limitByPolicies(4, 1, { selectPolicy: 'Disabled', policies: [] }, [], now), 4);
  assert.is(limitByPolicies(10, 1, { selectPolicy: 'Max', policies: [{ type: 'Pods', value: 2, periodSeconds: 60 }] }, [], now), 8);
});

// The end-to-end scaling test runs against rk up with real CPU load: test/hpa-e2e.test.ts.
test.run();
