/**
 * Table tests of every filter, most cases taken from kube-scheduler's plugin
 * tests (same names), each run on both kernels: per node, 'ok' or the reason.
 */
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { filterOutcome, KERNELS, node, pod } from './helpers/scheduler-fixtures.js';

type Obj = Record<string, any>;

interface Case {
  name: string;
  nodes: Obj[];
  existing?: Obj[];
  pod: Obj;
  want: Record<string, string>;
}

const OK = 'ok';
const taint = (key: string, value: string, effect: string) => ({ key, value, effect });
const tol = (key: string, operator: string, value: string | undefined, effect: string) => ({ key, operator, value, effect });
const withSpec = (spec: Obj, o: Obj = {}) => pod('p', { ...o, spec });
const required = (...terms: Obj[]) => ({ affinity: { nodeAffinity: { requiredDuringSchedulingIgnoredDuringExecution: { nodeSelectorTerms: terms } } } });
const expr = (key: string, operator: string, values?: string[]) => ({ key, operator, values });
const hostPort = (port: number, protocol = 'TCP', hostIP?: string) => ({ containerPort: port, hostPort: port, protocol, hostIP });
const withPorts = (name: string, ports: Obj[], nodeName?: string) => pod(name, { nodeName, containers: [{ name: 'c', image: 'x', ports }] });

function run(cases: Case[]): void {
  for (const c of cases) {
    for (const [kname, make] of Object.entries(KERNELS)) {
      test(`${c.name} [${kname}]`, () => {
        assert.equal(filterOutcome(make(), c.nodes, c.existing ?? [], c.pod), c.want);
      });
    }
  }
}

// ---- NodeUnschedulable, NodeName, node readiness ----------------------------
run([
  { name: 'NodeUnschedulable: a schedulable node fits', nodes: [node('n1')], pod: pod('p'), want: { n1: OK } },
  { name: 'NodeUnschedulable: an unschedulable node rejects a pod without the toleration', nodes: [node('n1', { unschedulable: true })], pod: pod('p'), want: { n1: 'node(s) were unschedulable' } },
  {
    name: 'NodeUnschedulable: the unschedulable:NoSchedule toleration lets the pod in',
    nodes: [node('n1', { unschedulable: true })],
    pod: withSpec({ tolerations: [tol('node.kubernetes.io/unschedulable', 'Exists', undefined, 'NoSchedule')] }),
    want: { n1: OK },
  },
  { name: 'NodeName: only the named node fits', nodes: [node('n1'), node('n2')], pod: pod('p', { nodeName: 'n2' }), want: { n1: "node(s) didn't match the requested node name", n2: OK } },
  {
    name: 'Readiness: NotReady and Unknown nodes carry the lifecycle taints',
    nodes: [node('n1', { ready: 'False' }), node('n2', { ready: 'Unknown' }), node('n3', { ready: null }), node('n4')],
    pod: pod('p'),
    want: {
      n1: 'node(s) had untolerated taint {node.kubernetes.io/not-ready: }',
      n2: 'node(s) had untolerated taint {node.kubernetes.io/unreachable: }',
      n3: 'node(s) had untolerated taint {node.kubernetes.io/not-ready: }',
      n4: OK,
    },
  },
  {
    name: 'Readiness: a pod tolerating not-ready lands on a NotReady node',
    nodes: [node('n1', { ready: 'False' })],
    pod: withSpec({ tolerations: [tol('node.kubernetes.io/not-ready', 'Exists', undefined, 'NoSchedule')] }),
    want: { n1: OK },
  },
]);

// ---- TaintToleration (taint_toleration_test.go) -----------------------------
const dedicated = (effect = 'NoSchedule') => node('n1', { taints: [taint('dedicated', 'user1', effect)] });
run([
  { name: "A pod having no tolerations can't be scheduled onto a node with nonempty taints", nodes: [dedicated()], pod: pod('p'), want: { n1: 'node(s) had untolerated taint {dedicated: user1}' } },
  { name: 'A pod which can be scheduled on a dedicated node assigned to user1 with effect NoSchedule', nodes: [dedicated()], pod: withSpec({ tolerations: [tol('dedicated', 'Equal', 'user1', 'NoSchedule')] }), want: { n1: OK } },
  { name: "A pod which can't be scheduled on a dedicated node assigned to user2 with effect NoSchedule", nodes: [dedicated()], pod: withSpec({ tolerations: [tol('dedicated', 'Equal', 'user2', 'NoSchedule')] }), want: { n1: 'node(s) had untolerated taint {dedicated: user1}' } },
  {
    name: 'A pod can be scheduled onto the node, with a toleration uses operator Exists that tolerates the taints on the node',
    nodes: [node('n1', { taints: [taint('foo', 'bar', 'NoSchedule')] })],
    pod: withSpec({ tolerations: [tol('foo', 'Exists', undefined, 'NoSchedule')] }), want: { n1: OK },
  },
  {
    name: 'A pod has multiple tolerations, node has multiple taints, all the taints are tolerated, pod can be scheduled onto the node',
    nodes: [node('n1', { taints: [taint('dedicated', 'user2', 'NoSchedule'), taint('foo', 'bar', 'NoSchedule')] })],
    pod: withSpec({ tolerations: [tol('dedicated', 'Equal', 'user2', 'NoSchedule'), tol('foo', 'Exists', undefined, 'NoSchedule')] }), want: { n1: OK },
  },
  {
    name: "A pod has a toleration that keys and values match the taint on the node, but (non-empty) effect doesn't match, can't be scheduled onto the node",
    nodes: [node('n1', { taints: [taint('foo', 'bar', 'NoSchedule')] })],
    pod: withSpec({ tolerations: [tol('foo', 'Equal', 'bar', 'PreferNoSchedule')] }), want: { n1: 'node(s) had untolerated taint {foo: bar}' },
  },
  {
    name: 'The pod has a toleration that keys and values match the taint on the node, the effect of toleration is empty, and the effect of taint is NoSchedule. Pod can be scheduled onto the node',
    nodes: [node('n1', { taints: [taint('foo', 'bar', 'NoSchedule')] })],
    pod: withSpec({ tolerations: [tol('foo', 'Equal', 'bar', '')] }), want: { n1: OK },
  },
  {
    name: "The pod has a toleration that key and value don't matching the taint on the node, but the effect of taint on node is PreferNoSchedule. Pod can be scheduled onto the node",
    nodes: [node('n1', { taints: [taint('dedicated', 'user1', 'PreferNoSchedule')] })],
    pod: withSpec({ tolerations: [tol('dedicated', 'Equal', 'user2', 'NoSchedule')] }), want: { n1: OK },
  },
  {
    name: 'An empty key with operator Exists tolerates every taint',
    nodes: [node('n1', { taints: [taint('a', '1', 'NoSchedule'), taint('b', '2', 'NoExecute')] })],
    pod: withSpec({ tolerations: [{ operator: 'Exists' }] }), want: { n1: OK },
  },
  {
    name: 'A NoExecute taint rejects like NoSchedule; the first untolerated taint is reported',
    nodes: [node('n1', { taints: [taint('a', '1', 'NoSchedule'), taint('b', '2', 'NoExecute')] })],
    pod: withSpec({ tolerations: [tol('a', 'Exists', undefined, '')] }), want: { n1: 'node(s) had untolerated taint {b: 2}' },
  },
]);

// ---- NodeAffinity / NodeSelector (node_affinity_test.go) --------------------
const NA = "node(s) didn't match Pod's node affinity/selector";
const labelled = (labels: Record<string, string>) => [node('n1', { labels })];
run([
  { name: 'no selector', nodes: labelled({}), pod: pod('p'), want: { n1: OK } },
  { name: 'missing labels', nodes: labelled({}), pod: withSpec({ nodeSelector: { foo: 'bar' } }), want: { n1: NA } },
  { name: 'same labels', nodes: labelled({ foo: 'bar' }), pod: withSpec({ nodeSelector: { foo: 'bar' } }), want: { n1: OK } },
  { name: 'node labels are superset', nodes: labelled({ foo: 'bar', baz: 'blah' }), pod: withSpec({ nodeSelector: { foo: 'bar' } }), want: { n1: OK } },
  { name: 'node labels are subset', nodes: labelled({ foo: 'bar' }), pod: withSpec({ nodeSelector: { foo: 'bar', baz: 'blah' } }), want: { n1: NA } },
  { name: 'Pod with matchExpressions using In operator that matches the existing node', nodes: labelled({ foo: 'bar' }), pod: withSpec(required({ matchExpressions: [expr('foo', 'In', ['bar', 'value2'])] })), want: { n1: OK } },
  { name: 'Pod with matchExpressions using Gt operator that matches the existing node', nodes: labelled({ 'kernel-version': '0206' }), pod: withSpec(required({ matchExpressions: [expr('kernel-version', 'Gt', ['0204'])] })), want: { n1: OK } },
  { name: 'Pod with matchExpressions using Lt operator that does not match', nodes: labelled({ 'kernel-version': '0206' }), pod: withSpec(required({ matchExpressions: [expr('kernel-version', 'Lt', ['0204'])] })), want: { n1: NA } },
  { name: 'Gt with a non-integer node label does not match', nodes: labelled({ 'kernel-version': 'v2' }), pod: withSpec(required({ matchExpressions: [expr('kernel-version', 'Gt', ['1'])] })), want: { n1: NA } },
  { name: 'Pod with matchExpressions using NotIn operator that matches the existing node', nodes: labelled({ 'mem-type': 'DDR3' }), pod: withSpec(required({ matchExpressions: [expr('mem-type', 'NotIn', ['DDR', 'DDR2'])] })), want: { n1: OK } },
  { name: 'Pod with matchExpressions using Exists operator that matches the existing node', nodes: labelled({ GPU: 'NVIDIA-GRID-K1' }), pod: withSpec(required({ matchExpressions: [expr('GPU', 'Exists')] })), want: { n1: OK } },
  { name: 'DoesNotExist matches a node without the key', nodes: labelled({}), pod: withSpec(required({ matchExpressions: [expr('GPU', 'DoesNotExist')] })), want: { n1: OK } },
  { name: "Pod with affinity that don't match node's labels won't schedule onto the node", nodes: labelled({ foo: 'bar' }), pod: withSpec(required({ matchExpressions: [expr('foo', 'In', ['value1', 'value2'])] })), want: { n1: NA } },
  { name: "Pod with a nil []NodeSelectorTerm in affinity, can't match the node's labels and won't schedule onto the node", nodes: labelled({ foo: 'bar' }), pod: withSpec({ affinity: { nodeAffinity: { requiredDuringSchedulingIgnoredDuringExecution: { nodeSelectorTerms: null } } } }), want: { n1: NA } },
  { name: "Pod with an empty []NodeSelectorTerm in affinity, can't match the node's labels and won't schedule onto the node", nodes: labelled({ foo: 'bar' }), pod: withSpec(required()), want: { n1: NA } },
  { name: 'Pod with empty MatchExpressions is not a valid value will match no objects and won\'t schedule onto the node', nodes: labelled({ foo: 'bar' }), pod: withSpec(required({ matchExpressions: [] })), want: { n1: NA } },
  { name: 'Pod with Affinity but nil NodeSelector will schedule onto a node', nodes: labelled({ foo: 'bar' }), pod: withSpec({ affinity: { podAffinity: null } }), want: { n1: OK } },
  { name: 'Pod with multiple matchExpressions ANDed that matches the existing node', nodes: labelled({ GPU: 'NVIDIA-GRID-K1' }), pod: withSpec(required({ matchExpressions: [expr('GPU', 'Exists'), expr('GPU', 'NotIn', ['AMD', 'INTER'])] })), want: { n1: OK } },
  { name: "Pod with multiple matchExpressions ANDed that doesn't match the existing node", nodes: labelled({ GPU: 'AMD' }), pod: withSpec(required({ matchExpressions: [expr('GPU', 'Exists'), expr('GPU', 'NotIn', ['AMD', 'INTER'])] })), want: { n1: NA } },
  {
    name: "Pod with multiple NodeSelectorTerms ORed in affinity, matches the node's labels and will schedule onto the node",
    nodes: labelled({ foo: 'bar' }),
    pod: withSpec(required({ matchExpressions: [expr('foo', 'In', ['bar', 'value2'])] }, { matchExpressions: [expr('diffkey', 'In', ['wrong', 'value2'])] })), want: { n1: OK },
  },
  {
    name: 'Pod with an Affinity and a PodSpec.NodeSelector(the old thing that we are deprecating) both are satisfied, will schedule onto the node',
    nodes: labelled({ foo: 'bar' }),
    pod: withSpec({ nodeSelector: { foo: 'bar' }, ...required({ matchExpressions: [expr('foo', 'Exists')] }) }), want: { n1: OK },
  },
  {
    name: "Pod with an Affinity matches node's labels but the PodSpec.NodeSelector(the old thing that we are deprecating) is not satisfied, won't schedule onto the node",
    nodes: labelled({ foo: 'bar' }),
    pod: withSpec({ nodeSelector: { foo: 'barrrrrr' }, ...required({ matchExpressions: [expr('foo', 'In', ['bar', 'value2'])] }) }),
    want: { n1: NA },
  },
  {
    name: 'Pod with matchFields using In operator that matches the existing node',
    nodes: [node('node1'), node('node2')],
    pod: withSpec(required({ matchFields: [expr('metadata.name', 'In', ['node1'])] })), want: { node1: OK, node2: NA },
  },
  {
    name: 'Pod with two terms: matchFields does not match, but matchExpressions matches',
    nodes: [node('node1', { labels: { foo: 'bar' } }), node('node2')],
    pod: withSpec(required({ matchFields: [expr('metadata.name', 'In', ['node2'])] }, { matchExpressions: [expr('foo', 'In', ['bar'])] })), want: { node1: OK, node2: OK },
  },
  {
    name: 'Pod with one term: matchFields and matchExpressions ANDed',
    nodes: [node('node1', { labels: { foo: 'bar' } }), node('node2', { labels: { foo: 'bar' } })],
    pod: withSpec(required({ matchFields: [expr('metadata.name', 'In', ['node1'])], matchExpressions: [expr('foo', 'In', ['bar'])] })), want: { node1: OK, node2: NA },
  },
]);

// ---- NodePorts (node_ports_test.go) ------------------------------------------
const NP = "node(s) didn't have free ports for the requested pod ports";
const portCase = (name: string, existing: Obj[], incoming: Obj[], fits: boolean): Case => ({
  name, nodes: [node('n1')], existing: [withPorts('e', existing, 'n1')], pod: withPorts('p', incoming), want: { n1: fits ? OK : NP },
});
run([
  { name: 'nothing running', nodes: [node('n1')], pod: withPorts('p', [hostPort(8080)]), want: { n1: OK } },
  portCase('other port', [hostPort(9090, 'UDP', '127.0.0.1')], [hostPort(8080, 'UDP', '127.0.0.1')], true),
  portCase('same udp port', [hostPort(8080, 'UDP', '127.0.0.1')], [hostPort(8080, 'UDP', '127.0.0.1')], false),
  portCase('same tcp port', [hostPort(8080, 'TCP', '127.0.0.1')], [hostPort(8080, 'TCP', '127.0.0.1')], false),
  portCase('different host ip', [hostPort(8080, 'TCP', '127.0.0.2')], [hostPort(8080, 'TCP', '127.0.0.1')], true),
  portCase('different protocol', [hostPort(8080, 'TCP', '127.0.0.1')], [hostPort(8080, 'UDP', '127.0.0.1')], true),
  portCase('second udp port conflict', [hostPort(8080, 'UDP', '127.0.0.1')], [hostPort(8000, 'UDP', '127.0.0.1'), hostPort(8080, 'UDP', '127.0.0.1')], false),
  portCase('first tcp port conflict', [hostPort(8001, 'TCP', '127.0.0.1'), hostPort(8080, 'TCP', '127.0.0.1')], [hostPort(8001, 'TCP', '127.0.0.1'), hostPort(8002, 'TCP', '127.0.0.1')], false),
  portCase('first tcp port conflict due to 0.0.0.0 hostIP', [hostPort(8001, 'TCP', '0.0.0.0')], [hostPort(8001, 'TCP', '127.0.0.1')], false),
  portCase('TCP hostPort conflict due to 0.0.0.0 hostIP', [hostPort(8001, 'TCP', '127.0.0.1')], [hostPort(8001, 'TCP', '0.0.0.0')], false),
  portCase('second different protocol', [hostPort(8001, 'UDP', '0.0.0.0')], [hostPort(8001, 'TCP', '127.0.0.1')], true),
  portCase('UDP hostPort conflict due to 0.0.0.0 hostIP', [hostPort(8001, 'UDP', '127.0.0.1')], [hostPort(8001, 'UDP', '0.0.0.0'), hostPort(8002, 'TCP', '127.0.0.1')], false),
]);

// ---- NodeResourcesFit (fit_test.go) -------------------------------------------
const small = () => node('n1', { cpu: '10m', memory: '20', pods: '32', allocatable: { 'example.com/aaa': '5', 'ephemeral-storage': '20' } });
const filled = () => pod('e', { nodeName: 'n1', requests: { cpu: '10m', memory: '20' } });
const half = () => pod('e', { nodeName: 'n1', requests: { cpu: '5m', memory: '5' } });
run([
  { name: 'no resources requested always fits', nodes: [small()], existing: [filled()], pod: pod('p', { containers: [{ name: 'c', image: 'x' }] }), want: { n1: OK } },
  { name: 'too many resources fails', nodes: [small()], existing: [filled()], pod: pod('p', { requests: { cpu: '1m', memory: '1' } }), want: { n1: 'Insufficient cpu, Insufficient memory' } },
  {
    name: 'too many resources fails due to init container cpu',
    nodes: [small()], existing: [pod('e', { nodeName: 'n1', requests: { cpu: '8m', memory: '19' } })],
    pod: pod('p', { requests: { cpu: '1m', memory: '1' }, spec: { initContainers: [{ name: 'i', image: 'x', resources: { requests: { cpu: '3m', memory: '1' } } }] } }),
    want: { n1: 'Insufficient cpu' },
  },
  {
    name: 'init container fits when the max, not the sum, is counted',
    nodes: [small()], existing: [half()],
    pod: pod('p', { requests: { cpu: '3m', memory: '1' }, spec: { initContainers: [{ name: 'i', image: 'x', resources: { requests: { cpu: '5m', memory: '1' } } }] } }),
    want: { n1: OK },
  },
  { name: 'both resources fit', nodes: [small()], existing: [half()], pod: pod('p', { requests: { cpu: '5m', memory: '15' } }), want: { n1: OK } },
  { name: 'one resource memory fits', nodes: [small()], existing: [half()], pod: pod('p', { requests: { cpu: '6m', memory: '1' } }), want: { n1: 'Insufficient cpu' } },
  { name: 'limits stand in for missing requests', nodes: [small()], existing: [half()], pod: pod('p', { containers: [{ name: 'c', image: 'x', resources: { limits: { memory: '16' } } }] }), want: { n1: 'Insufficient memory' } },
  { name: 'extended resource fits', nodes: [small()], pod: pod('p', { requests: { 'example.com/aaa': '5' } }), want: { n1: OK } },
  { name: 'extended resource capacity enforced', nodes: [small()], pod: pod('p', { requests: { 'example.com/aaa': '6' } }), want: { n1: 'Insufficient example.com/aaa' } },
  { name: 'extended resource unknown to the node', nodes: [small()], pod: pod('p', { requests: { 'example.com/bbb': '1' } }), want: { n1: 'Insufficient example.com/bbb' } },
  { name: 'ephemeral local storage request exceeds allocatable', nodes: [small()], pod: pod('p', { requests: { 'ephemeral-storage': '25' } }), want: { n1: 'Insufficient ephemeral-storage' } },
  { name: 'even without specified resources, predicate fails when there\'s no space for additional pod', nodes: [node('n1', { pods: '1' })], existing: [pod('e', { nodeName: 'n1' })], pod: pod('p'), want: { n1: 'Too many pods' } },
  {
    name: 'pod overhead counts',
    nodes: [small()], existing: [half()],
    pod: pod('p', { requests: { cpu: '3m', memory: '1' }, spec: { overhead: { cpu: '3m' } } }), want: { n1: 'Insufficient cpu' },
  },
  { name: 'succeeded pods free their resources', nodes: [small()], existing: [{ ...filled(), status: { phase: 'Succeeded' } }], pod: pod('p', { requests: { cpu: '10m' } }), want: { n1: OK } },
]);

// ---- PodTopologySpread filter (filtering_test.go) -------------------------------
const zoneNode = (name: string, zone?: string) => node(name, { labels: zone ? { zone } : {} });
const foo = { foo: '' };
const spread = (key: string, maxSkew: number, extra: Obj = {}) => ({
  topologySpreadConstraints: [{ maxSkew, topologyKey: key, whenUnsatisfiable: 'DoNotSchedule', labelSelector: { matchExpressions: [{ key: 'foo', operator: 'Exists' }] }, ...extra }],
});
const placed = (name: string, nodeName: string, labels: Record<string, string> = foo, namespace?: string) => pod(name, { nodeName, labels, namespace });
const SPREAD = "node(s) didn't match pod topology spread constraints";
const SPREAD_LABEL = "node(s) didn't match pod topology spread constraints (missing required label)";
const fourNodes = () => [zoneNode('node-a', 'zone1'), zoneNode('node-b', 'zone1'), zoneNode('node-x', 'zone2'), zoneNode('node-y', 'zone2')];
run([
  { name: 'no existing pods', nodes: fourNodes(), pod: pod('p', { labels: foo, spec: spread('zone', 1) }), want: { 'node-a': OK, 'node-b': OK, 'node-x': OK, 'node-y': OK } },
  { name: "no existing pods, incoming pod doesn't match itself", nodes: fourNodes(), pod: pod('p', { spec: spread('zone', 1) }), want: { 'node-a': OK, 'node-b': OK, 'node-x': OK, 'node-y': OK } },
  {
    name: 'existing pods in a different namespace do not count',
    nodes: fourNodes(), existing: [placed('p-a1', 'node-a', foo, 'ns1'), placed('p-b1', 'node-b', foo, 'ns1'), placed('p-x1', 'node-x'), placed('p-y1', 'node-y')],
    pod: pod('p', { labels: foo, spec: spread('zone', 1) }), want: { 'node-a': OK, 'node-b': OK, 'node-x': SPREAD, 'node-y': SPREAD },
  },
  {
    name: 'pods spread across zones as 3/3, all nodes fit',
    nodes: fourNodes(), existing: ['a1', 'a2', 'b1'].map((n) => placed(`p-${n}`, `node-${n[0]}`)).concat(['x1', 'y1', 'y2'].map((n) => placed(`p-${n}`, `node-${n[0]}`))),
    pod: pod('p', { labels: foo, spec: spread('zone', 1) }), want: { 'node-a': OK, 'node-b': OK, 'node-x': OK, 'node-y': OK },
  },
  {
    name: "pods spread across zones as 1/2 due to absence of label 'zone' on node-b",
    nodes: [zoneNode('node-a', 'zone1'), zoneNode('node-b'), zoneNode('node-x', 'zone2'), zoneNode('node-y', 'zone2')],
    existing: [placed('p-a1', 'node-a'), placed('p-b1', 'node-b'), placed('p-x1', 'node-x'), placed('p-y1', 'node-y')],
    pod: pod('p', { labels: foo, spec: spread('zone', 1) }), want: { 'node-a': OK, 'node-b': SPREAD_LABEL, 'node-x': SPREAD, 'node-y': SPREAD },
  },
  {
    name: 'pods spread across nodes as 2/1/0/3, only node-x fits',
    nodes: fourNodes(), existing: ['a1', 'a2', 'b1', 'y1', 'y2', 'y3'].map((n) => placed(`p-${n}`, `node-${n[0]}`)),
    pod: pod('p', { labels: foo, spec: spread('kubernetes.io/hostname', 1) }), want: { 'node-a': SPREAD, 'node-b': SPREAD, 'node-x': OK, 'node-y': SPREAD },
  },
  {
    name: 'pods spread across nodes as 2/1/0/3, maxSkew is 2, node-b and node-x fit',
    nodes: fourNodes(), existing: ['a1', 'a2', 'b1', 'y1', 'y2', 'y3'].map((n) => placed(`p-${n}`, `node-${n[0]}`)),
    pod: pod('p', { labels: foo, spec: spread('kubernetes.io/hostname', 2) }), want: { 'node-a': SPREAD, 'node-b': OK, 'node-x': OK, 'node-y': SPREAD },
  },
  {
    name: 'pods spread across nodes as 2/1/0/3, but pod doesn\'t match itself',
    nodes: fourNodes(), existing: ['a1', 'a2', 'b1', 'y1', 'y2', 'y3'].map((n) => placed(`p-${n}`, `node-${n[0]}`)),
    pod: pod('p', { labels: { bar: '' }, spec: spread('kubernetes.io/hostname', 1) }), want: { 'node-a': SPREAD, 'node-b': OK, 'node-x': OK, 'node-y': SPREAD },
  },
  {
    name: 'minDomains: 2 zones present but 3 required, so the global minimum counts as 0',
    nodes: fourNodes(), existing: ['a1', 'x1'].map((n) => placed(`p-${n}`, `node-${n[0]}`)),
    pod: pod('p', { labels: foo, spec: spread('zone', 1, { minDomains: 3 }) }), want: { 'node-a': SPREAD, 'node-b': SPREAD, 'node-x': SPREAD, 'node-y': SPREAD },
  },
  {
    name: 'nodeAffinityPolicy Honor: only nodes matching the selector count (zone2 has no eligible node, so zone1 skew is measured alone)',
    nodes: fourNodes(), existing: ['a1', 'a2'].map((n) => placed(`p-${n}`, `node-${n[0]}`)),
    pod: pod('p', { labels: foo, spec: { nodeSelector: { zone: 'zone1' }, ...spread('zone', 1) } }),
    want: { 'node-a': OK, 'node-b': OK, 'node-x': NA, 'node-y': NA },
  },
  {
    name: 'nodeAffinityPolicy Ignore: every node counts, so zone1 is too full',
    nodes: fourNodes(), existing: ['a1', 'a2'].map((n) => placed(`p-${n}`, `node-${n[0]}`)),
    pod: pod('p', { labels: foo, spec: { nodeSelector: { zone: 'zone1' }, ...spread('zone', 1, { nodeAffinityPolicy: 'Ignore' }) } }),
    want: { 'node-a': SPREAD, 'node-b': SPREAD, 'node-x': NA, 'node-y': NA },
  },
  {
    name: 'terminating pods do not count',
    nodes: fourNodes(), existing: [pod('p-a1', { nodeName: 'node-a', labels: foo, deleting: true })],
    pod: pod('p', { labels: foo, spec: spread('kubernetes.io/hostname', 1) }), want: { 'node-a': OK, 'node-b': OK, 'node-x': OK, 'node-y': OK },
  },
]);

// ---- InterPodAffinity (filtering_test.go) --------------------------------------
const regionNodes = () => [node('machine1', { labels: { region: 'r1', zone: 'z1' } }), node('machine2', { labels: { region: 'r1', zone: 'z2' } }), node('machine3', { labels: { region: 'r2', zone: 'z3' } })];
const term = (key: string, operator: string, values: string[] | undefined, topologyKey: string, extra: Obj = {}) => ({ labelSelector: { matchExpressions: [{ key, operator, values }] }, topologyKey, ...extra });
const podAffinity = (...terms: Obj[]) => ({ affinity: { podAffinity: { requiredDuringSchedulingIgnoredDuringExecution: terms } } });
const podAnti = (...terms: Obj[]) => ({ affinity: { podAntiAffinity: { requiredDuringSchedulingIgnoredDuringExecution: terms } } });
const AFF = "node(s) didn't match pod affinity rules";
const ANTI = "node(s) didn't match pod anti-affinity rules";
const EXANTI = "node(s) didn't satisfy existing pods anti-affinity rules";
const scan = (nodeName: string, namespace?: string) => pod('e', { nodeName, namespace, labels: { service: 'securityscan' } });
run([
  { name: 'A pod that has no required pod affinity scheduling rules can schedule onto a node with no existing pods', nodes: regionNodes(), pod: pod('p'), want: { machine1: OK, machine2: OK, machine3: OK } },
  {
    name: 'satisfies with requiredDuringSchedulingIgnoredDuringExecution in PodAffinity using In operator that matches the existing pod',
    nodes: regionNodes(), existing: [scan('machine1')],
    pod: pod('p', { spec: podAffinity(term('service', 'In', ['securityscan', 'value2'], 'region')) }), want: { machine1: OK, machine2: OK, machine3: AFF },
  },
  {
    name: 'satisfies the pod with requiredDuringSchedulingIgnoredDuringExecution in PodAffinity using not in operator in labelSelector that matches the existing pod',
    nodes: regionNodes(), existing: [scan('machine1')],
    pod: pod('p', { spec: podAffinity(term('service', 'NotIn', ['securityscan3', 'value3'], 'region')) }), want: { machine1: OK, machine2: OK, machine3: AFF },
  },
  {
    name: 'Does not satisfy the PodAffinity with labelSelector because of diff Namespace',
    nodes: regionNodes(), existing: [scan('machine1', 'ns2')],
    pod: pod('p', { spec: podAffinity(term('service', 'In', ['securityscan', 'value2'], 'region', { namespaces: ['DiffNameSpace'] })) }), want: { machine1: AFF, machine2: AFF, machine3: AFF },
  },
  {
    name: "Doesn't satisfy the PodAffinity because of unmatching labelSelector with the existing pod",
    nodes: regionNodes(), existing: [scan('machine1')],
    pod: pod('p', { spec: podAffinity(term('service', 'In', ['antivirusscan', 'value2'], 'region')) }), want: { machine1: AFF, machine2: AFF, machine3: AFF },
  },
  {
    name: 'a pod whose affinity matches itself schedules when no pod in the cluster matches',
    nodes: regionNodes(),
    pod: pod('p', { labels: { service: 'securityscan' }, spec: podAffinity(term('service', 'In', ['securityscan'], 'region')) }), want: { machine1: OK, machine2: OK, machine3: OK },
  },
  {
    name: 'satisfies the PodAntiAffinity with existing pod but doesn\'t satisfy PodAntiAffinity symmetry with incoming pod',
    nodes: regionNodes(), existing: [pod('e', { nodeName: 'machine1', labels: { service: 'securityscan' }, spec: podAnti(term('security', 'In', ['S1'], 'zone')) })],
    pod: pod('p', { labels: { security: 'S1' } }), want: { machine1: EXANTI, machine2: OK, machine3: OK },
  },
  {
    name: 'PodAntiAffinity on zone keeps the incoming pod out of the existing pod\'s zone only',
    nodes: regionNodes(), existing: [scan('machine1')],
    pod: pod('p', { spec: podAnti(term('service', 'In', ['securityscan'], 'zone')) }), want: { machine1: ANTI, machine2: OK, machine3: OK },
  },
  {
    name: 'PodAntiAffinity on region keeps the incoming pod out of the whole region',
    nodes: regionNodes(), existing: [scan('machine1')],
    pod: pod('p', { spec: podAnti(term('service', 'In', ['securityscan'], 'region')) }), want: { machine1: ANTI, machine2: ANTI, machine3: OK },
  },
  {
    name: 'affinity needs the topology key on the node',
    nodes: [...regionNodes(), node('machine4')], existing: [scan('machine1')],
    pod: pod('p', { spec: podAffinity(term('service', 'In', ['securityscan'], 'region')) }), want: { machine1: OK, machine2: OK, machine3: AFF, machine4: AFF },
  },
  {
    name: 'spread is checked before inter-pod affinity',
    nodes: regionNodes(), existing: [pod('e', { nodeName: 'machine1', labels: { service: 'securityscan', foo: '' } })],
    pod: pod('p', { labels: foo, spec: { ...spread('kubernetes.io/hostname', 1), ...podAnti(term('service', 'In', ['securityscan'], 'region')) } }),
    want: { machine1: SPREAD, machine2: ANTI, machine3: OK },
  },
  {
    name: 'namespaceSelector {} selects pods in every namespace',
    nodes: regionNodes(), existing: [scan('machine1', 'other')],
    pod: pod('p', { spec: podAnti(term('service', 'In', ['securityscan'], 'zone', { namespaceSelector: {} })) }), want: { machine1: ANTI, machine2: OK, machine3: OK },
  },
]);

test.run();
