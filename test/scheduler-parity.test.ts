/**
 * Parity property: on random clusters and pods (resources, labels, taints,
 * node and pod affinities, spreads, ports, images), the WebAssembly and
 * TypeScript kernels give identical feasible sets, per-node reasons, scores and
 * choices under the same seed; a batch decided in one kernel call equals the same
 * pods decided one call at a time; and the kernel's in-batch accounting equals a
 * fresh host encoding of the resulting cache.
 *
 * A small seeded generator stands in for fast-check; a failing case prints its seed
 * (re-run one with RK_PARITY_SEED=<seed>).
 */
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import * as abi from '../src/scheduler/kernel/abi.js';
import { ReferenceKernel } from '../src/scheduler/kernel/reference/index.js';
import { WasmKernel } from '../src/scheduler/kernel/wasm.js';
import { podInfoOf } from '../src/scheduler/model/pod-info.js';
import type { SchedulingEngine } from '../src/scheduler/engine.js';
import type { SchedulerProfile } from '../src/scheduler/config.js';
import { engine, node, pod } from './helpers/scheduler-fixtures.js';

type Obj = Record<string, any>;

/** mulberry32: a tiny seeded PRNG. */
function rng(seed: number) {
  let a = seed >>> 0;
  const next = (): number => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
  const int = (lo: number, hi: number): number => lo + Math.floor(next() * (hi - lo + 1));
  const pick = <T>(xs: readonly T[]): T => xs[Math.floor(next() * xs.length)];
  const chance = (p: number): boolean => next() < p;
  const some = <T>(xs: readonly T[], max: number): T[] => xs.filter(() => chance(max / xs.length)).slice(0, max);
  return { next, int, pick, chance, some };
}
type Rng = ReturnType<typeof rng>;

const ZONES = ['z0', 'z1', 'z2', 'z3'];
const APPS = ['a0', 'a1', 'a2', 'a3', 'a4'];
const TAINTS = [
  { key: 'dedicated', value: 'gpu', effect: 'NoSchedule' }, { key: 'dedicated', value: 'db', effect: 'NoExecute' },
  { key: 'spot', value: 'true', effect: 'PreferNoSchedule' }, { key: 'old', value: '', effect: 'PreferNoSchedule' },
  { key: 'maint', value: 'yes', effect: 'NoSchedule' },
];
const IMAGES = ['img/a:1', 'img/b:2', 'img/c'];
const TOPOLOGY = ['zone', 'kubernetes.io/hostname', 'rack', 'missing-key'];
const MB = 1024 * 1024;

function randomNode(r: Rng, i: number): Obj {
  const labels: Record<string, string> = { rack: `r${r.int(0, 9)}` };
  if (r.chance(0.9)) labels.zone = r.pick(ZONES);
  if (r.chance(0.5)) labels.disk = r.pick(['ssd', 'hdd']);
  if (r.chance(0.6)) labels.gen = r.chance(0.9) ? String(r.int(1, 5)) : 'v2';
  const allocatable: Record<string, string> = {};
  if (r.chance(0.2)) allocatable['example.com/gpu'] = String(r.int(1, 4));
  return node(`n${i}`, {
    cpu: `${r.int(1, 16)}`, memory: `${r.int(2, 64)}Gi`, pods: String(r.int(3, 30)), labels, allocatable,
    taints: r.some(TAINTS, 2), unschedulable: r.chance(0.05), ready: r.chance(0.93) ? 'True' : r.pick(['False', 'Unknown'] as const),
    images: r.chance(0.4) ? r.some(IMAGES, 2).map((name) => ({ names: [name], sizeBytes: r.int(10, 900) * MB })) : undefined,
  });
}

function selector(r: Rng): Obj {
  return r.chance(0.7)
    ? { matchLabels: { app: r.pick(APPS) } }
    : { matchExpressions: [{ key: 'app', operator: r.pick(['In', 'NotIn', 'Exists']), values: r.some(APPS, 2).concat(['a0']) }].map((e) => (e.operator === 'Exists' ? { key: e.key, operator: e.operator } : e)) };
}

function affinityTerm(r: Rng): Obj {
  return { labelSelector: selector(r), topologyKey: r.pick(TOPOLOGY), ...(r.chance(0.1) ? { namespaces: ['other'] } : {}) };
}

function nodeTerm(r: Rng, nodes: number): Obj {
  const exprs: Obj[] = [];
  for (let i = r.int(0, 2); i >= 0; i--) {
    const k = r.int(0, 6);
    if (k === 0) exprs.push({ key: 'zone', operator: 'In', values: r.some(ZONES, 2).concat(['z9']) });
    else if (k === 1) exprs.push({ key: 'zone', operator: 'NotIn', values: [r.pick(ZONES)] });
    else if (k === 2) exprs.push({ key: 'disk', operator: r.pick(['Exists', 'DoesNotExist']) });
    else if (k === 3) exprs.push({ key: 'gen', operator: r.pick(['Gt', 'Lt']), values: [String(r.int(1, 5))] });
    else if (k === 4) exprs.push({ key: 'rack', operator: 'In', values: [`r${r.int(0, 9)}`] });
    else exprs.push({ key: 'nope', operator: 'DoesNotExist' });
  }
  const term: Obj = { matchExpressions: exprs };
  if (r.chance(0.1)) term.matchFields = [{ key: 'metadata.name', operator: r.pick(['In', 'NotIn']), values: [`n${r.int(0, nodes - 1)}`] }];
  return term;
}

function randomPod(r: Rng, name: string, nodes: number, nodeName?: string): Obj {
  const spec: Obj = {};
  const affinity: Obj = {};
  if (r.chance(0.15)) spec.nodeSelector = r.chance(0.5) ? { zone: r.pick(ZONES) } : { disk: 'ssd' };
  if (r.chance(0.2)) affinity.nodeAffinity = { requiredDuringSchedulingIgnoredDuringExecution: { nodeSelectorTerms: Array.from({ length: r.int(1, 2) }, () => nodeTerm(r, nodes)) } };
  if (r.chance(0.2)) (affinity.nodeAffinity ??= {}).preferredDuringSchedulingIgnoredDuringExecution = Array.from({ length: r.int(1, 3) }, () => ({ weight: r.int(1, 100), preference: nodeTerm(r, nodes) }));
  if (r.chance(0.15)) affinity.podAffinity = { requiredDuringSchedulingIgnoredDuringExecution: Array.from({ length: r.int(1, 2) }, () => affinityTerm(r)) };
  if (r.chance(0.2)) affinity.podAntiAffinity = { requiredDuringSchedulingIgnoredDuringExecution: [affinityTerm(r)] };
  if (r.chance(0.2)) (affinity.podAffinity ??= {}).preferredDuringSchedulingIgnoredDuringExecution = [{ weight: r.int(1, 100), podAffinityTerm: affinityTerm(r) }];
  if (r.chance(0.2)) (affinity.podAntiAffinity ??= {}).preferredDuringSchedulingIgnoredDuringExecution = [{ weight: r.int(1, 100), podAffinityTerm: affinityTerm(r) }];
  if (Object.keys(affinity).length) spec.affinity = affinity;
  if (r.chance(0.3)) {
    spec.topologySpreadConstraints = Array.from({ length: r.int(1, 2) }, (_, i) => ({
      maxSkew: r.int(1, 3), topologyKey: i === 0 ? r.pick(TOPOLOGY) : 'rack', whenUnsatisfiable: r.pick(['DoNotSchedule', 'ScheduleAnyway']),
      labelSelector: selector(r), ...(r.chance(0.2) ? { minDomains: r.int(1, 5) } : {}),
      ...(r.chance(0.2) ? { nodeAffinityPolicy: 'Ignore' } : {}), ...(r.chance(0.2) ? { nodeTaintsPolicy: 'Honor' } : {}),
    }));
  }
  if (r.chance(0.4)) {
    spec.tolerations = r.some(TAINTS, 2).map((t) => (r.chance(0.3) ? { key: t.key, operator: 'Exists' } : { ...t, operator: 'Equal' }));
    if (r.chance(0.05)) spec.tolerations.push({ operator: 'Exists' });
  }
  const requests: Record<string, string> = {};
  if (r.chance(0.9)) requests.cpu = `${r.int(1, 40) * 50}m`;
  if (r.chance(0.8)) requests.memory = `${r.int(1, 64) * 128}Mi`;
  if (r.chance(0.05)) requests['example.com/gpu'] = '1';
  const ports = r.chance(0.1) ? [{ containerPort: 80, hostPort: r.pick([80, 443, 8080]), protocol: r.pick(['TCP', 'UDP']), hostIP: r.chance(0.3) ? '10.0.0.1' : undefined }] : undefined;
  const containers = [{ name: 'c', image: r.pick(IMAGES), resources: { requests }, ports }];
  return pod(name, {
    nodeName, labels: r.chance(0.9) ? { app: r.pick(APPS), tier: r.pick(['web', 'db']) } : {}, containers,
    namespace: r.chance(0.1) ? 'other' : 'default', owner: r.chance(0.3) ? { kind: 'ReplicaSet', uid: `rs-${r.int(0, 3)}` } : undefined,
    deleting: nodeName !== undefined && r.chance(0.05), spec,
  });
}

interface Scenario {
  nodes: Obj[];
  existing: Obj[];
  incoming: Obj[];
  profile: Partial<SchedulerProfile>;
}

function scenario(seed: number): Scenario {
  const r = rng(seed);
  const n = r.int(1, 60);
  const nodes = Array.from({ length: n }, (_, i) => randomNode(r, i));
  const existing = Array.from({ length: r.int(0, 3 * n) }, (_, i) => randomPod(r, `e${i}`, n, `n${r.int(0, n - 1)}`));
  const incoming = Array.from({ length: r.int(5, 40) }, (_, i) => randomPod(r, `p${i}`, n));
  const profile: Partial<SchedulerProfile> = {
    seed: r.int(1, 1 << 30), percentageOfNodesToScore: r.pick([100, 0, 30]), strategy: r.pick(['LeastAllocated', 'MostAllocated'] as const),
  };
  return { nodes, existing, incoming, profile };
}

interface Trace {
  decisions: unknown[];
  outcomes: unknown[];
  scores: unknown[];
}

/** Decides the pods one kernel call each, recording everything observable. */
function stepwise(e: SchedulingEngine, cache: ReturnType<typeof engine>['cache'], pods: Obj[]): Trace {
  const t: Trace = { decisions: [], outcomes: [], scores: [] };
  for (const p of pods) {
    const [d] = e.schedule([podInfoOf(p)]);
    if (d.node) cache.assume(d.pod, d.node, true);
    t.decisions.push([d.pod.name, d.node, d.score, d.feasible, d.examined, d.diagnosis && [...d.diagnosis.reasons].sort()]);
    t.outcomes.push(e.lastOutcomes().map((o) => [o.reason, o.reason === abi.R_TAINT || o.reason === abi.R_FIT ? o.detail : 0]));
    t.scores.push(e.lastScores());
  }
  return t;
}

function batch(e: SchedulingEngine, cache: ReturnType<typeof engine>['cache'], pods: Obj[]): unknown[] {
  const out: unknown[] = [];
  let rest = pods.map(podInfoOf);
  while (rest.length) {
    const ds = e.schedule(rest);
    for (const d of ds) {
      if (d.node) cache.assume(d.pod, d.node, true);
      out.push([d.pod.name, d.node, d.score, d.feasible, d.examined, d.diagnosis && [...d.diagnosis.reasons].sort()]);
    }
    rest = rest.slice(ds.length);
  }
  return out;
}

/** The per-node accounting the kernel maintains: requested amounts, matcher and hold counts, used ports. */
function accounting(e: SchedulingEngine): unknown {
  const s = e.snapshot;
  const n = s.caps.nodes;
  const req = s.addr(abi.A_REQ, 8);
  const nz = s.addr(abi.A_NZ, 8);
  const cnt = s.addr(abi.A_CNT, 4);
  const hold = s.addr(abi.A_HOLD, 4);
  const ports = s.addr(abi.A_PORTS, 4);
  return {
    nodes: s.slotNames.map((name, slot) => ({
      name,
      req: s.resources.map((_, r) => s.F[req + r * n + slot]),
      nz: [s.F[nz + slot], s.F[nz + n + slot]],
      cnt: s.terms.matchers.map((_, m) => s.I[cnt + m * n + slot]),
      hold: s.terms.holds.map((_, h) => s.I[hold + h * n + slot]),
    })),
    ports: Array.from({ length: s.I[s.h + abi.H_PORT_N] }, (_, i) => `${s.slotNames[s.I[ports + i * 3]]}/${s.I[ports + i * 3 + 1]}/${s.I[ports + i * 3 + 2]}`).sort(),
  };
}

const CASES = Number(process.env.RK_PARITY_CASES ?? 60);
const seeds = process.env.RK_PARITY_SEED ? [Number(process.env.RK_PARITY_SEED)] : Array.from({ length: CASES }, (_, i) => 1000 + i * 7919);

test(`WASM and TS kernels agree pod by pod on ${seeds.length} random clusters (feasible sets, reasons, scores, choices)`, () => {
  let placed = 0;
  let failed = 0;
  for (const seed of seeds) {
    const sc = scenario(seed);
    const ts = engine(new ReferenceKernel(), sc.nodes, sc.existing, sc.profile);
    const wasm = engine(new WasmKernel(), sc.nodes, sc.existing, sc.profile);
    const a = stepwise(ts.engine, ts.cache, sc.incoming);
    const b = stepwise(wasm.engine, wasm.cache, sc.incoming);
    assert.equal(b.decisions, a.decisions, `decisions differ (seed ${seed})`);
    assert.equal(b.outcomes, a.outcomes, `per-node reasons differ (seed ${seed})`);
    assert.equal(b.scores, a.scores, `scores differ (seed ${seed})`);
    for (const d of a.decisions as unknown[][]) if (d[1]) placed++; else failed++;
  }
  assert.ok(placed > 200 && failed > 20, `the generator exercises both outcomes (placed ${placed}, unschedulable ${failed})`);
});

test('a batch in one kernel call decides like one call per pod, in both kernels', () => {
  for (const seed of seeds) {
    const sc = scenario(seed);
    const one = engine(new WasmKernel(), sc.nodes, sc.existing, sc.profile);
    const expected = stepwise(one.engine, one.cache, sc.incoming).decisions;
    for (const make of [() => new WasmKernel(), () => new ReferenceKernel()]) {
      const many = engine(make(), sc.nodes, sc.existing, sc.profile);
      assert.equal(batch(many.engine, many.cache, sc.incoming), expected, `batch differs (seed ${seed})`);
    }
  }
});

test('in-kernel accounting after a batch equals a fresh encoding of the cache', () => {
  for (const seed of seeds) {
    const sc = scenario(seed);
    const w = engine(new WasmKernel(), sc.nodes, sc.existing, sc.profile);
    batch(w.engine, w.cache, sc.incoming);
    const inKernel = accounting(w.engine);
    w.engine.snapshot.rebuild(false);
    assert.equal(accounting(w.engine), inKernel, `accounting differs (seed ${seed})`);
  }
});

test.run();
