/**
 * Table tests of every score (kube-scheduler's example cases where they exist,
 * otherwise the plugin's formula worked by hand), the FitError summary, node
 * sampling (percentageOfNodesToScore), seeded tie-breaking, and the ABI shared by
 * the TypeScript and AssemblyScript sides. Each kernel case runs on both kernels.
 */
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { existsSync, readFileSync } from 'node:fs';
import * as abi from '../src/scheduler/kernel/abi.js';
import { fitErrorMessage } from '../src/scheduler/reasons.js';
import { numFeasibleNodesToFind } from '../src/scheduler/kernel/reference/index.js';
import { decide, engine, KERNELS, node, pod, scoresWith } from './helpers/scheduler-fixtures.js';
import type { SchedulerProfile } from '../src/scheduler/config.js';

type Obj = Record<string, any>;

interface Case {
  name: string;
  nodes: Obj[];
  existing?: Obj[];
  pod: Obj;
  weights: Partial<SchedulerProfile['weights']>;
  profile?: Partial<SchedulerProfile>;
  want: Record<string, number>;
}

function run(cases: Case[]): void {
  for (const c of cases) {
    for (const [kname, make] of Object.entries(KERNELS)) {
      test(`${c.name} [${kname}]`, () => {
        assert.equal(scoresWith(make(), c.nodes, c.existing ?? [], c.pod, c.weights, c.profile), c.want);
      });
    }
  }
}

const sized = (name: string, cpu: string, memory: string) => node(name, { cpu, memory });
const containers = (...rs: [string, string][]) => rs.map(([cpu, memory], i) => ({ name: `c${i}`, image: 'x', resources: { requests: { cpu, memory } } }));
const cpuAndMemory = (name: string, nodeName?: string) => pod(name, { nodeName, containers: containers(['1000m', '2000'], ['2000m', '3000']) });
const cpuOnly = (name: string, nodeName?: string) => pod(name, { nodeName, containers: containers(['1000m', '0'], ['2000m', '0']) });
const FIT = { NodeResourcesFit: 1 };

// ---- NodeResourcesFit and BalancedAllocation (least/most_allocated_test.go, balanced_allocation_test.go)
run([
  { name: 'LeastAllocated: nothing scheduled, resources requested, differently sized nodes', nodes: [sized('node1', '4000m', '10000'), sized('node2', '6000m', '10000')], pod: cpuAndMemory('p'), weights: FIT, want: { node1: 37, node2: 50 } },
  {
    name: 'LeastAllocated: resources requested, pods scheduled with resources',
    nodes: [sized('node1', '10000m', '20000'), sized('node2', '10000m', '50000')], existing: [cpuOnly('e1', 'node1'), cpuAndMemory('e2', 'node2')],
    pod: cpuAndMemory('p'), weights: FIT, want: { node1: 57, node2: 60 },
  },
  {
    name: 'LeastAllocated: requested resources exceed node capacity score 0 (scoring counts default requests)',
    nodes: [sized('node1', '4000m', '100Mi'), sized('node2', '4000m', '10000Mi')], pod: pod('p', { cpu: '1000m' }), weights: FIT, want: { node1: 37, node2: 86 },
  },
  { name: 'MostAllocated: nothing scheduled, resources requested, differently sized nodes', nodes: [sized('node1', '4000m', '10000'), sized('node2', '6000m', '10000')], pod: cpuAndMemory('p'), weights: FIT, profile: { strategy: 'MostAllocated' }, want: { node1: 62, node2: 50 } },
  {
    name: 'MostAllocated: resources requested, pods scheduled with resources',
    nodes: [sized('node1', '10000m', '20000'), sized('node2', '10000m', '50000')], existing: [cpuOnly('e1', 'node1'), cpuAndMemory('e2', 'node2')],
    pod: cpuAndMemory('p'), weights: FIT, profile: { strategy: 'MostAllocated' }, want: { node1: 42, node2: 40 },
  },
  {
    name: 'MostAllocated: resource weights (cpu 2, memory 1)',
    nodes: [sized('node1', '4000m', '10000'), sized('node2', '6000m', '10000')], pod: cpuAndMemory('p'), weights: FIT,
    profile: { strategy: 'MostAllocated', fitResources: [{ name: 'cpu', weight: 2 }, { name: 'memory', weight: 1 }] }, want: { node1: 66, node2: 50 },
  },
  { name: 'BalancedAllocation: nothing scheduled, resources requested, differently sized nodes', nodes: [sized('node1', '4000m', '10000'), sized('node2', '6000m', '10000')], pod: cpuAndMemory('p'), weights: { NodeResourcesBalancedAllocation: 1 }, want: { node1: 87, node2: 100 } },
  {
    name: 'BalancedAllocation: three resources use the standard deviation',
    nodes: ['node1', 'node2'].map((n) => node(n, { cpu: '4000m', memory: '10000', allocatable: { 'example.com/gpu': '4' } })),
    pod: pod('p', { requests: { cpu: '2000m', memory: '1000', 'example.com/gpu': '4' } }), weights: { NodeResourcesBalancedAllocation: 1 },
    profile: { percentageOfNodesToScore: 100, balancedResources: [{ name: 'cpu', weight: 1 }, { name: 'memory', weight: 1 }, { name: 'example.com/gpu', weight: 1 }] },
    want: { node1: 63, node2: 63 },
  },
]);

// ---- NodeAffinity preferred (node_affinity_test.go Score) -------------------------
const preferred = (...terms: [number, Obj[]][]) => ({
  affinity: { nodeAffinity: { preferredDuringSchedulingIgnoredDuringExecution: terms.map(([weight, matchExpressions]) => ({ weight, preference: { matchExpressions } })) } },
});
const inOp = (key: string, ...values: string[]) => ({ key, operator: 'In', values });
run([
  { name: 'NodeAffinity: all nodes are same priority as NodeAffinity is nil', nodes: [node('node1', { labels: { foo: 'bar' } }), node('node2')], pod: pod('p'), weights: { NodeAffinity: 1 }, want: { node1: 0, node2: 0 } },
  {
    name: 'NodeAffinity: all machines matches the preferred scheduling requirements of pod but with different priorities',
    nodes: [node('node1', { labels: { foo: 'bar' } }), node('node5', { labels: { key: 'value' } }), node('node2', { labels: { foo: 'bar', key: 'value', az: 'az1' } })],
    pod: pod('p', { spec: preferred([2, [inOp('foo', 'bar')]], [4, [inOp('key', 'value')]], [5, [inOp('foo', 'bar'), inOp('key', 'value'), inOp('az', 'az1')]]) }),
    weights: { NodeAffinity: 1 }, want: { node1: 18, node5: 36, node2: 100 },
  },
]);

// ---- TaintToleration PreferNoSchedule (taint_toleration_test.go Score) -------------
const pns = (key: string, value: string) => ({ key, value, effect: 'PreferNoSchedule' });
const TT = { TaintToleration: 1 };
run([
  {
    name: 'TaintToleration: node with taints tolerated by the pod, gets a higher score than those node with intolerable taints',
    nodes: [node('nodeA', { taints: [pns('foo', 'bar')] }), node('nodeB', { taints: [pns('foo', 'blah')] })],
    pod: pod('p', { spec: { tolerations: [{ key: 'foo', operator: 'Equal', value: 'bar', effect: 'PreferNoSchedule' }] } }), weights: TT, want: { nodeA: 100, nodeB: 0 },
  },
  {
    name: 'TaintToleration: the more intolerable taints a node has, the lower score it gets',
    nodes: [node('nodeA'), node('nodeB', { taints: [pns('cpu-type', 'arm64')] }), node('nodeC', { taints: [pns('cpu-type', 'arm64'), pns('disk-type', 'ssd')] })],
    pod: pod('p', { spec: { tolerations: [{ key: 'foo', operator: 'Equal', value: 'bar', effect: 'PreferNoSchedule' }] } }), weights: TT, want: { nodeA: 100, nodeB: 50, nodeC: 0 },
  },
  {
    name: 'TaintToleration: only taints and tolerations that have effect PreferNoSchedule are checked',
    nodes: [node('nodeA'), node('nodeB', { taints: [{ key: 'cpu-type', value: 'arm64', effect: 'NoSchedule' }] }), node('nodeC', { taints: [pns('cpu-type', 'arm64'), pns('disk-type', 'ssd')] })],
    pod: pod('p', { spec: { tolerations: [{ key: 'cpu-type', operator: 'Equal', value: 'arm64', effect: 'NoSchedule' }, { key: 'disk-type', operator: 'Equal', value: 'ssd', effect: 'PreferNoSchedule' }] } }),
    weights: TT, want: { nodeA: 100, nodeB: 100, nodeC: 0 },
  },
]);

// ---- InterPodAffinity preferred (scoring_test.go) ---------------------------------
const regions = () => [node('machine1', { labels: { region: 'China' } }), node('machine2', { labels: { region: 'India' } }), node('machine3', { labels: { az: 'az1' } })];
const sec = (value: string, nodeName: string, spec: Obj = {}) => pod(`e-${value}-${nodeName}`, { nodeName, labels: { security: value }, spec });
const weighted = (weight: number, value: string, topologyKey: string) => ({ weight, podAffinityTerm: { labelSelector: { matchExpressions: [inOp('security', value)] }, topologyKey } });
const IPA = { InterPodAffinity: 1 };
run([
  { name: 'InterPodAffinity: all machines are same priority as Affinity is nil', nodes: regions(), existing: [sec('S1', 'machine1')], pod: pod('p'), weights: IPA, want: { machine1: 0, machine2: 0, machine3: 0 } },
  {
    name: "InterPodAffinity: pod that matches topology key & pods in nodes will get high score comparing to others which doesn't match either pods in nodes or in topology key",
    nodes: regions(), existing: [sec('S1', 'machine1'), sec('S2', 'machine2')],
    pod: pod('p', { spec: { affinity: { podAffinity: { preferredDuringSchedulingIgnoredDuringExecution: [weighted(5, 'S1', 'region')] } } } }), weights: IPA, want: { machine1: 100, machine2: 0, machine3: 0 },
  },
  {
    name: 'InterPodAffinity: Anti Affinity: pod that does not match existing pods in node will get high score',
    nodes: regions(), existing: [sec('S1', 'machine1'), sec('S2', 'machine2')],
    pod: pod('p', { spec: { affinity: { podAntiAffinity: { preferredDuringSchedulingIgnoredDuringExecution: [weighted(5, 'S1', 'region')] } } } }), weights: IPA, want: { machine1: 0, machine2: 100, machine3: 100 },
  },
  {
    name: 'InterPodAffinity: Affinity symmetry: considered only the preferredDuringSchedulingIgnoredDuringExecution in pod affinity symmetry',
    nodes: regions(),
    existing: [sec('S2', 'machine1', { affinity: { podAffinity: { preferredDuringSchedulingIgnoredDuringExecution: [weighted(5, 'S1', 'region')] } } }), sec('S3', 'machine2')],
    pod: pod('p', { labels: { security: 'S1' } }), weights: IPA, want: { machine1: 100, machine2: 0, machine3: 0 },
  },
  {
    name: 'InterPodAffinity: Affinity symmetry: considered RequiredDuringSchedulingIgnoredDuringExecution in pod affinity symmetry (hardPodAffinityWeight)',
    nodes: regions(),
    existing: [sec('S2', 'machine2', { affinity: { podAffinity: { requiredDuringSchedulingIgnoredDuringExecution: [{ labelSelector: { matchExpressions: [inOp('security', 'S1')] }, topologyKey: 'region' }] } } })],
    pod: pod('p', { labels: { security: 'S1' } }), weights: IPA, want: { machine1: 0, machine2: 100, machine3: 0 },
  },
]);

// ---- PodTopologySpread ScheduleAnyway and system default spreading -------------------
const spreadNodes = () => [node('node-a', { labels: { zone: 'zone1' } }), node('node-b', { labels: { zone: 'zone1' } }), node('node-x', { labels: { zone: 'zone2' } }), node('node-y', { labels: { zone: 'zone2' } })];
const fooPod = (name: string, nodeName: string) => pod(name, { nodeName, labels: { foo: '' } });
const anyway = (topologyKey: string) => ({ topologySpreadConstraints: [{ maxSkew: 1, topologyKey, whenUnsatisfiable: 'ScheduleAnyway', labelSelector: { matchExpressions: [{ key: 'foo', operator: 'Exists' }] } }] });
const SPREAD = { PodTopologySpread: 1 };
run([
  { name: 'PodTopologySpread: one constraint on node, no existing pods', nodes: spreadNodes(), pod: pod('p', { labels: { foo: '' }, spec: anyway('kubernetes.io/hostname') }), weights: SPREAD, want: { 'node-a': 100, 'node-b': 100, 'node-x': 100, 'node-y': 100 } },
  {
    // weight log(4+2); raw a=round(1*1.79)=2, d=round(3*1.79)=5; score 100*(max+min-raw)/max
    name: 'PodTopologySpread: one constraint on node, all 4 nodes are candidates',
    nodes: spreadNodes(), existing: [fooPod('p-a1', 'node-a'), fooPod('p-y1', 'node-y'), fooPod('p-y2', 'node-y'), fooPod('p-y3', 'node-y')],
    pod: pod('p', { labels: { foo: '' }, spec: anyway('kubernetes.io/hostname') }), weights: SPREAD, want: { 'node-a': 60, 'node-b': 100, 'node-x': 100, 'node-y': 0 },
  },
  {
    // weight log(2+2); raw zone1=round(1.39)=1, zone2=round(2.77)=3
    name: 'PodTopologySpread: one constraint on zone, counts aggregated per zone',
    nodes: spreadNodes(), existing: [fooPod('p-a1', 'node-a'), fooPod('p-x1', 'node-x'), fooPod('p-x2', 'node-x')],
    pod: pod('p', { labels: { foo: '' }, spec: anyway('zone') }), weights: SPREAD, want: { 'node-a': 100, 'node-b': 100, 'node-x': 33, 'node-y': 33 },
  },
  {
    name: 'PodTopologySpread: nodes without the key get no score (requireAllTopologies)',
    nodes: [...spreadNodes(), node('node-z')], existing: [fooPod('p-a1', 'node-a'), fooPod('p-x1', 'node-x'), fooPod('p-x2', 'node-x')],
    pod: pod('p', { labels: { foo: '' }, spec: anyway('zone') }), weights: SPREAD, want: { 'node-a': 100, 'node-b': 100, 'node-x': 33, 'node-y': 33, 'node-z': 0 },
  },
  {
    // system defaults: hostname skew 3 (weight log 6), zone skew 5 on topology.kubernetes.io/zone (absent here)
    name: "PodTopologySpread: system default constraints spread a controller's pods",
    nodes: spreadNodes(),
    existing: [pod('r1', { nodeName: 'node-a', owner: { kind: 'ReplicaSet', uid: 'rs-1' } }), pod('r2', { nodeName: 'node-a', owner: { kind: 'ReplicaSet', uid: 'rs-1' } }), pod('o1', { nodeName: 'node-b', owner: { kind: 'ReplicaSet', uid: 'rs-2' } })],
    pod: pod('p', { owner: { kind: 'ReplicaSet', uid: 'rs-1' } }), weights: SPREAD, want: { 'node-a': 33, 'node-b': 100, 'node-x': 100, 'node-y': 100 },
  },
]);

// ---- ImageLocality (image_locality_test.go formula) --------------------------------
const MB = 1024 * 1024;
run([
  {
    // each image on 1 of 2 nodes: scaled sizes 20MB (below the 23MB floor) and 150MB; 100*(150-23)/(2000-23) = 6
    name: 'ImageLocality: two images spread on two nodes, prefer the larger image one',
    nodes: [node('node1', { images: [{ names: ['gcr.io/40:latest'], sizeBytes: 40 * MB }] }), node('node2', { images: [{ names: ['gcr.io/300:latest'], sizeBytes: 300 * MB }] })],
    pod: pod('p', { containers: [{ name: 'a', image: 'gcr.io/40' }, { name: 'b', image: 'gcr.io/300' }] }), weights: { ImageLocality: 1 }, want: { node1: 0, node2: 6 },
  },
]);

// ---- summary, sampling, ties, ABI --------------------------------------------------
test('FitError summary: reason counts sorted as strings, as kube-scheduler prints them', () => {
  const reasons = new Map([['Insufficient cpu', 3], ['node(s) had untolerated taint {dedicated: gpu}', 2]]);
  assert.is(fitErrorMessage({ numNodes: 5, reasons, plugins: new Set() }), '0/5 nodes are available: 2 node(s) had untolerated taint {dedicated: gpu}, 3 Insufficient cpu.');
  assert.is(fitErrorMessage({ numNodes: 0, reasons: new Map(), plugins: new Set() }), 'no nodes available to schedule pods');
});

for (const [kname, make] of Object.entries(KERNELS)) {
  test(`an unschedulable pod gets the kube-scheduler summary [${kname}]`, () => {
    const nodes = [
      ...['n1', 'n2', 'n3'].map((n) => node(n, { cpu: '1' })),
      ...['g1', 'g2'].map((n) => node(n, { cpu: '8', taints: [{ key: 'dedicated', value: 'gpu', effect: 'NoSchedule' }] })),
    ];
    const { engine: e, cache } = engine(make(), nodes);
    const [d] = decide(e, cache, [pod('big', { cpu: '2' })]);
    assert.is(d.node, undefined);
    assert.is(fitErrorMessage(d.diagnosis!), '0/5 nodes are available: 2 node(s) had untolerated taint {dedicated: gpu}, 3 Insufficient cpu.');
    assert.equal([...d.diagnosis!.plugins].sort(), ['NodeResourcesFit', 'TaintToleration']);
  });

  test(`percentageOfNodesToScore: the adaptive default examines a rotating sample [${kname}]`, () => {
    const nodes = Array.from({ length: 500 }, (_, i) => node(`n${i}`));
    const { engine: e, cache } = engine(make(), nodes, [], { percentageOfNodesToScore: 0 });
    const [a, b] = decide(e, cache, [pod('a', { cpu: '100m' }), pod('b', { cpu: '100m' })]);
    assert.is(a.feasible, numFeasibleNodesToFind(500, 0));
    assert.is(a.examined, 230);
    assert.is(b.examined, 230);
    assert.ok(Number(a.node!.slice(1)) < 230 && Number(b.node!.slice(1)) >= 230, `${a.node} then ${b.node}`);
  });

  test(`ties are broken by the seeded random choice [${kname}]`, () => {
    const chosen = (seed: number) => {
      const { engine: e, cache } = engine(make(), Array.from({ length: 8 }, (_, i) => node(`n${i}`)), [], { seed });
      return decide(e, cache, [pod('p')])[0].node;
    };
    assert.is(chosen(7), chosen(7));
    const seen = new Set(Array.from({ length: 20 }, (_, i) => chosen(i + 1)));
    assert.ok(seen.size > 3, `seeds spread the choice: ${[...seen]}`);
  });
}

test('numFeasibleNodesToFind follows kube-scheduler', () => {
  assert.is(numFeasibleNodesToFind(50, 0), 50);
  assert.is(numFeasibleNodesToFind(1000, 0), 420);
  assert.is(numFeasibleNodesToFind(5000, 0), 500);
  assert.is(numFeasibleNodesToFind(10000, 0), 500);
  assert.is(numFeasibleNodesToFind(1000, 100), 1000);
  assert.is(numFeasibleNodesToFind(1000, 5), 100);
});

test('assembly/scheduler/abi.ts repeats every number of src/scheduler/kernel/abi.ts', () => {
  const file = ['../assembly/scheduler/abi.ts', '../../assembly/scheduler/abi.ts'].map((p) => new URL(p, import.meta.url)).find((u) => existsSync(u))!;
  const text = readFileSync(file, 'utf8');
  const asConsts = Object.fromEntries([...text.matchAll(/export const (\w+): i32 = (-?\d+);/g)].map((m) => [m[1], Number(m[2])]));
  const tsConsts = Object.fromEntries(Object.entries(abi).filter(([, v]) => typeof v === 'number'));
  assert.equal(asConsts, tsConsts);
});

test.run();
