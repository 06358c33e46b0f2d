/**
 * Compiles pods into kernel records: kube-scheduler's per-pod PreFilter work done
 * once on the host (selectors resolved to matcher ids, label values to ids,
 * tolerations to a bitset over the interned taints, node selectors to a small
 * program), so the kernel only compares integers.
 *
 * Compiling registers columns, matchers and hold terms on the snapshot; the
 * caller checks `snapshot.fits` afterwards and recompiles after a rebuild.
 */
import * as abi from '../kernel/abi.js';
import { LABEL_HOSTNAME, type NodeTerm, type PodInfo } from '../model/pod-info.js';
import { TAINT_UNSCHEDULABLE } from '../model/node-info.js';
import { selectorMatches } from '../model/pod-selector.js';
import { toleratesAny } from '../model/tolerations.js';
import { HOLD_PREFERRED_AFFINITY, HOLD_PREFERRED_ANTI, HOLD_REQUIRED_AFFINITY, HOLD_REQUIRED_ANTI } from './terms.js';
import { NAME_KEY, protocolPort, type Snapshot } from './snapshot.js';

/** Pod records and heaps of one batch, as plain arrays until written to kernel memory. */
export class BatchBuilder {
  recs: number[] = [];
  i32: number[] = [];
  f64: number[] = [];
  ports = 0;

  get count(): number {
    return this.recs.length / abi.POD_WORDS;
  }

  reset(): void {
    this.recs = [];
    this.i32 = [];
    this.f64 = [];
    this.ports = 0;
  }
}

const INTEGER = /^[+-]?\d+$/;

function expr(s: Snapshot, b: BatchBuilder, key: string, op: string, values: string[], field: boolean): number[] {
  if (field && (key !== 'metadata.name' || (op !== 'In' && op !== 'NotIn'))) return [abi.OP_NEVER, -1, 0];
  const k = field ? NAME_KEY : key;
  const col = s.column(k);
  switch (op) {
    case 'In': return [abi.OP_IN, col, values.length, ...values.map((v) => s.knownValue(k, v))];
    case 'NotIn': return [abi.OP_NOT_IN, col, values.length, ...values.map((v) => s.knownValue(k, v))];
    case 'Exists': return [abi.OP_EXISTS, col, 0];
    case 'DoesNotExist': return [abi.OP_DOES_NOT_EXIST, col, 0];
    case 'Gt': case 'Lt':
      if (values.length !== 1 || !INTEGER.test(values[0])) return [abi.OP_NEVER, -1, 0];
      b.f64.push(Number(values[0]));
      return [op === 'Gt' ? abi.OP_GT : abi.OP_LT, col, 1, b.f64.length - 1];
    default: return [abi.OP_NEVER, -1, 0];
  }
}

/** A node-selector term: [termWords, nExprs, exprs...]. */
function term(s: Snapshot, b: BatchBuilder, t: NodeTerm): number[] {
  const exprs = [
    ...t.matchExpressions.map((r) => expr(s, b, r.key, r.operator, r.values, false)),
    ...t.matchFields.map((r) => expr(s, b, r.key, r.operator, r.values, true)),
  ];
  const words = exprs.flat();
  return [2 + words.length, exprs.length, ...words];
}

/** The required node-selector program (nodeSelector AND required affinity); -1 when the pod has neither. */
function nodeSelectorProgram(s: Snapshot, b: BatchBuilder, pod: PodInfo): number {
  const groups: number[][] = [];
  if (pod.nodeSelector) {
    const t = term(s, b, { matchExpressions: Object.entries(pod.nodeSelector).map(([key, v]) => ({ key, operator: 'In', values: [String(v)] })), matchFields: [] });
    groups.push([2 + t.length, 1, ...t]);
  }
  if (pod.requiredTerms) {
    const terms = pod.requiredTerms.map((t) => term(s, b, t));
    const words = terms.flat();
    groups.push([2 + words.length, terms.length, ...words]);
  }
  if (groups.length === 0) return -1;
  const at = b.i32.length;
  b.i32.push(groups.length, ...groups.flat());
  return at;
}

/** Preferred node affinity: [nTerms, (weight, term)*]; -1 when none. */
function preferredProgram(s: Snapshot, b: BatchBuilder, pod: PodInfo): number {
  if (pod.preferredTerms.length === 0) return -1;
  const words = pod.preferredTerms.flatMap((p) => [p.weight, ...term(s, b, p.term)]);
  const at = b.i32.length;
  b.i32.push(pod.preferredTerms.length, ...words);
  return at;
}

function list(b: BatchBuilder, words: number[]): number {
  const at = b.i32.length;
  for (const w of words) b.i32.push(w);
  return at;
}

/** Registers every matcher, hold term, column and image a batch needs (before compiling, so ids are final). */
export function registerBatch(s: Snapshot, pods: PodInfo[]): void {
  const hard = s.profile.hardPodAffinityWeight;
  for (const pod of pods) {
    for (const r of Object.keys(pod.requests)) s.resource(r);
    s.terms.holdsOf(pod, hard);
    if (pod.requiredAffinity.length) s.terms.matcher(pod.requiredAffinity.map((t) => t.match));
    for (const t of [...pod.requiredAntiAffinity, ...pod.preferredAffinity, ...pod.preferredAntiAffinity]) s.terms.matcher([t.match]);
    for (const c of pod.spread) s.terms.matcher([c.match]);
  }
  for (const h of s.terms.holds) s.column(h.topologyKey);
}

/** Appends one pod's record to the batch. Call `registerBatch` for the whole batch first. */
export function compilePod(s: Snapshot, b: BatchBuilder, pod: PodInfo): void {
  const terms = s.terms;
  const hard = s.profile.hardPodAffinityWeight;
  const rec = new Array<number>(abi.POD_WORDS).fill(0);
  let flags = 0;
  if (toleratesAny(pod.tolerations, { key: TAINT_UNSCHEDULABLE, value: '', effect: 'NoSchedule' })) flags |= abi.PF_TOLERATES_UNSCHEDULABLE;
  rec[abi.P_NODENAME] = pod.nodeName ? s.slotOf.get(pod.nodeName) ?? -2 : -1;

  rec[abi.P_REQ] = b.f64.length;
  const req = new Array<number>(s.resources.length + 2).fill(0);
  for (const [name, amount] of Object.entries(pod.requests)) req[s.resource(name)] = amount;
  req[abi.RES_PODS] = 1;
  req[s.resources.length] = pod.nonZeroCpu;
  req[s.resources.length + 1] = pod.nonZeroMemory;
  b.f64.push(...req);

  rec[abi.P_NSEL] = nodeSelectorProgram(s, b, pod);
  rec[abi.P_NPREF] = preferredProgram(s, b, pod);

  const words = Math.ceil(s.caps.taints / 32);
  const tol = new Array<number>(words).fill(0);
  s.taints.forEach((t, id) => { if (toleratesAny(pod.tolerations, t)) tol[id >> 5] |= 1 << (id & 31); });
  rec[abi.P_TOL] = list(b, tol);

  rec[abi.P_PORTS] = list(b, pod.ports.flatMap((p) => [protocolPort(p.protocol, p.port), s.ipId(p.ip)]));
  rec[abi.P_NPORTS] = pod.ports.length;
  b.ports += pod.ports.length;

  rec[abi.P_AFF_M] = -1;
  if (pod.requiredAffinity.length) {
    rec[abi.P_AFF_M] = terms.matcher(pod.requiredAffinity.map((t) => t.match));
    if (pod.requiredAffinity.every((t) => selectorMatches(t.match, pod, () => undefined))) flags |= abi.PF_AFF_SELF;
  }
  rec[abi.P_AFF] = list(b, pod.requiredAffinity.map((t) => s.column(t.topologyKey)));
  rec[abi.P_NAFF] = pod.requiredAffinity.length;
  rec[abi.P_ANTI] = list(b, pod.requiredAntiAffinity.flatMap((t) => [terms.matcher([t.match]), s.column(t.topologyKey)]));
  rec[abi.P_NANTI] = pod.requiredAntiAffinity.length;

  const exAnti: number[] = [];
  const symPref: number[] = [];
  terms.holds.forEach((h, id) => {
    if (h.kind === HOLD_REQUIRED_AFFINITY && hard <= 0) return;
    if (!terms.matches(h.matcher, pod)) return;
    if (h.kind === HOLD_REQUIRED_ANTI) exAnti.push(id, s.column(h.topologyKey));
    else symPref.push(id, s.column(h.topologyKey), h.weight);
  });
  rec[abi.P_EXANTI] = list(b, exAnti);
  rec[abi.P_NEXANTI] = exAnti.length / 2;
  rec[abi.P_SYMPREF] = list(b, symPref);
  rec[abi.P_NSYMPREF] = symPref.length / 3;

  rec[abi.P_SPREAD] = list(b, pod.spread.flatMap((c) => {
    let f = c.doNotSchedule ? abi.SPREAD_DO_NOT_SCHEDULE : 0;
    if (c.honorAffinity) f |= abi.SPREAD_HONOR_AFFINITY;
    if (c.honorTaints) f |= abi.SPREAD_HONOR_TAINTS;
    if (c.selfMatch) f |= abi.SPREAD_SELF_MATCH;
    if (c.topologyKey === LABEL_HOSTNAME) f |= abi.SPREAD_HOSTNAME;
    return [terms.matcher([c.match]), s.column(c.topologyKey), c.maxSkew, c.minDomains, f];
  }));
  rec[abi.P_NSPREAD] = pod.spread.length;
  if (pod.ownSpread) flags |= abi.PF_SPREAD_REQUIRE_ALL;

  const pref = [
    ...pod.preferredAffinity.map((t) => [terms.matcher([t.match]), s.column(t.topologyKey), t.weight]),
    ...pod.preferredAntiAffinity.map((t) => [terms.matcher([t.match]), s.column(t.topologyKey), -t.weight]),
  ];
  rec[abi.P_PREFPOD] = list(b, pref.flat());
  rec[abi.P_NPREFPOD] = pref.length;

  const counts: number[] = [];
  for (let m = 0; m < terms.matchers.length; m++) if (terms.matches(m, pod)) counts.push(m);
  rec[abi.P_COUNTS] = list(b, counts);
  rec[abi.P_NCOUNTS] = counts.length;
  const holds = terms.holdsOf(pod, hard);
  rec[abi.P_HOLDS] = list(b, holds);
  rec[abi.P_NHOLDS] = holds.length;

  const images = pod.images.map((i) => s.imageColumn(i)).filter((c) => c >= 0);
  rec[abi.P_IMAGES] = list(b, images);
  rec[abi.P_NIMAGES] = images.length;
  rec[abi.P_NCONTAINERS] = pod.numContainers;
  rec[abi.P_FLAGS] = flags;
  rec[abi.P_OUT_NODE] = -1;
  for (const w of rec) b.recs.push(w);
}
