/**
 * Filters of the reference kernel, in kube-scheduler's plugin order:
 * NodeUnschedulable, NodeName, TaintToleration, NodeAffinity, NodePorts,
 * NodeResourcesFit, PodTopologySpread, InterPodAffinity. A node's outcome is the
 * first failing filter (R_* code), as kube-scheduler stops at the first
 * rejecting plugin.
 *
 * The checks that need cluster-wide counts (host ports, topology spread, pod
 * affinity) are computed for all nodes once per pod by `prefilter`, like
 * kube-scheduler's PreFilter, into the mark scratch:
 *   bit 0: host port conflict; bits 1-2: affinity work bits; bits 8+: R_* code.
 * assembly/scheduler/filters.ts is the same code in AssemblyScript.
 */
import * as abi from '../abi.js';
import type { KernelView } from './view.js';

const MARK_PORTS = 1;
const MARK_AFF_MISSING = 2;
const MARK_AFF_EMPTY = 4;

/** One node-selector requirement at pod-heap index `e`: [op, column, nValues, values...]. */
function matchExpr(v: KernelView, e: number, n: number): boolean {
  const I = v.I;
  const op = I[e];
  const val = v.value(I[e + 1], n);
  const nv = I[e + 2];
  switch (op) {
    case abi.OP_IN:
      if (val < 0) return false;
      for (let i = 0; i < nv; i++) if (I[e + 3 + i] === val) return true;
      return false;
    case abi.OP_NOT_IN:
      if (val < 0) return true;
      for (let i = 0; i < nv; i++) if (I[e + 3 + i] === val) return false;
      return true;
    case abi.OP_EXISTS:
      return val >= 0;
    case abi.OP_DOES_NOT_EXIST:
      return val < 0;
    case abi.OP_GT:
      return val >= 0 && v.F[v.valnum + val] > v.F[v.pf + I[e + 3]];
    case abi.OP_LT:
      return val >= 0 && v.F[v.valnum + val] < v.F[v.pf + I[e + 3]];
    default:
      return false;
  }
}

/** A node-selector term at `t`: [termWords, nExprs, exprs...]; its requirements are ANDed, an empty term matches nothing. */
export function matchTerm(v: KernelView, t: number, n: number): boolean {
  const I = v.I;
  const nExprs = I[t + 1];
  if (nExprs === 0) return false;
  let e = t + 2;
  for (let i = 0; i < nExprs; i++) {
    if (!matchExpr(v, e, n)) return false;
    e += 3 + I[e + 2];
  }
  return true;
}

/** A required program at `p`: [nGroups, (groupWords, nTerms, terms...)*]; groups ANDed, terms of a group ORed. */
export function matchProgram(v: KernelView, p: number, n: number): boolean {
  const I = v.I;
  const nGroups = I[p];
  let g = p + 1;
  for (let i = 0; i < nGroups; i++) {
    const nTerms = I[g + 1];
    let t = g + 2;
    let ok = false;
    for (let j = 0; j < nTerms && !ok; j++) {
      ok = matchTerm(v, t, n);
      t += I[t];
    }
    if (!ok) return false;
    g += I[g];
  }
  return true;
}

/** True when the pod tolerates interned taint `t`. */
export function tolerates(v: KernelView, rec: number, t: number): boolean {
  return ((v.I[v.pi + v.I[rec + abi.P_TOL] + (t >> 5)] >>> (t & 31)) & 1) === 1;
}

/** The first NoSchedule/NoExecute taint of node `n` the pod does not tolerate, or -1. */
export function untoleratedTaint(v: KernelView, rec: number, n: number): number {
  const I = v.I;
  const off = v.taintHeap + I[v.taintOff + n];
  const len = I[v.taintLen + n];
  for (let i = 0; i < len; i++) {
    const t = I[off + i];
    const eff = I[v.taintEffect + t];
    if ((eff === abi.EFFECT_NO_SCHEDULE || eff === abi.EFFECT_NO_EXECUTE) && !tolerates(v, rec, t)) return t;
  }
  return -1;
}

/** NodeSelector and required NodeAffinity. */
export function nodeAffinityOk(v: KernelView, rec: number, n: number): boolean {
  const p = v.I[rec + abi.P_NSEL];
  return p < 0 || matchProgram(v, v.pi + p, n);
}

/** Sums a per-node count column into per-domain counts of `col`; returns the total over nodes having the key. */
export function domainSums(v: KernelView, src: number, col: number): number {
  const I = v.I;
  I.fill(0, v.sDom, v.sDom + v.V);
  if (col < 0) return 0;
  const c = v.cols + col * v.NCAP;
  let total = 0;
  for (let n = 0; n < v.N; n++) {
    // Most nodes count nothing: skip them before touching the domain table.
    const x = I[src + n];
    if (x === 0) continue;
    const val = I[c + n];
    if (val >= 0) {
      I[v.sDom + val] += x;
      total += x;
    }
  }
  return total;
}

function setLater(v: KernelView, n: number, reason: number): void {
  const m = v.sMark + n;
  if ((v.I[m] >> 8) === 0) v.I[m] |= reason << 8;
}

function markPorts(v: KernelView, rec: number): void {
  const I = v.I;
  const pp = v.pi + I[rec + abi.P_PORTS];
  const np = I[rec + abi.P_NPORTS];
  const used = I[v.h + abi.H_PORT_N];
  for (let e = 0; e < used; e++) {
    const u = v.ports + e * 3;
    for (let i = 0; i < np; i++) {
      if (I[u + 1] !== I[pp + i * 2]) continue;
      const ip = I[pp + i * 2 + 1];
      if (ip === 0 || I[u + 2] === 0 || ip === I[u + 2]) I[v.sMark + I[u]] |= MARK_PORTS;
    }
  }
}

/** True when node `n` has the key of every constraint whose DoNotSchedule flag equals `wantFlag`. */
export function hasSpreadKeys(v: KernelView, sp: number, ns: number, n: number, wantFlag: number): boolean {
  const I = v.I;
  for (let i = 0; i < ns; i++) {
    const c = sp + i * 5;
    if ((I[c + 4] & abi.SPREAD_DO_NOT_SCHEDULE) !== wantFlag) continue;
    if (v.value(I[c + 1], n) < 0) return false;
  }
  return true;
}

/** True when node `n` counts for a spread constraint under its node inclusion policies. */
export function spreadIncludes(v: KernelView, rec: number, flags: number, n: number): boolean {
  if ((flags & abi.SPREAD_HONOR_AFFINITY) !== 0 && !nodeAffinityOk(v, rec, n)) return false;
  if ((flags & abi.SPREAD_HONOR_TAINTS) !== 0 && untoleratedTaint(v, rec, n) >= 0) return false;
  return true;
}

/** PodTopologySpread filter (DoNotSchedule constraints), kube-scheduler's PreFilter + Filter. */
function markSpread(v: KernelView, rec: number): void {
  const I = v.I;
  const sp = v.pi + I[rec + abi.P_SPREAD];
  const ns = I[rec + abi.P_NSPREAD];
  const N = v.N;
  for (let n = 0; n < N; n++) I[v.sElig + n] = hasSpreadKeys(v, sp, ns, n, abi.SPREAD_DO_NOT_SCHEDULE) ? 1 : 0;
  for (let i = 0; i < ns; i++) {
    const c = sp + i * 5;
    const flags = I[c + 4];
    if ((flags & abi.SPREAD_DO_NOT_SCHEDULE) === 0) continue;
    const src = v.cnt + I[c] * v.NCAP;
    const colId = I[c + 1];
    I.fill(-1, v.sDom, v.sDom + v.V);
    let domains = 0;
    for (let n = 0; n < N; n++) {
      if (I[v.sElig + n] === 0 || !spreadIncludes(v, rec, flags, n)) continue;
      const d = v.sDom + v.value(colId, n);
      if (I[d] < 0) {
        I[d] = 0;
        domains++;
      }
      I[d] += I[src + n];
    }
    let min = 0x7fffffff;
    for (let n = 0; n < N; n++) {
      const val = v.value(colId, n);
      if (val >= 0 && I[v.sDom + val] >= 0 && I[v.sDom + val] < min) min = I[v.sDom + val];
    }
    if (domains < I[c + 3]) min = 0;
    const self = (flags & abi.SPREAD_SELF_MATCH) !== 0 ? 1 : 0;
    for (let n = 0; n < N; n++) {
      const val = v.value(colId, n);
      if (val < 0) {
        setLater(v, n, abi.R_SPREAD_LABEL);
        continue;
      }
      const here = I[v.sDom + val] > 0 ? I[v.sDom + val] : 0;
      if (here + self - min > I[c + 2]) setLater(v, n, abi.R_SPREAD);
    }
  }
}

/** Required pod affinity: every term's domain must hold a pod matching all terms. */
function markAffinity(v: KernelView, rec: number): void {
  const I = v.I;
  const N = v.N;
  const src = v.cnt + I[rec + abi.P_AFF_M] * v.NCAP;
  const terms = v.pi + I[rec + abi.P_AFF];
  const nt = I[rec + abi.P_NAFF];
  let any = 0;
  for (let i = 0; i < nt; i++) {
    const colId = I[terms + i];
    any += domainSums(v, src, colId);
    for (let n = 0; n < N; n++) {
      const val = v.value(colId, n);
      if (val < 0) I[v.sMark + n] |= MARK_AFF_MISSING;
      else if (I[v.sDom + val] <= 0) I[v.sMark + n] |= MARK_AFF_EMPTY;
    }
  }
  const selfOk = any === 0 && (I[rec + abi.P_FLAGS] & abi.PF_AFF_SELF) !== 0;
  for (let n = 0; n < N; n++) {
    const m = I[v.sMark + n];
    if ((m & MARK_AFF_MISSING) !== 0 || ((m & MARK_AFF_EMPTY) !== 0 && !selfOk)) setLater(v, n, abi.R_AFFINITY);
    I[v.sMark + n] &= ~(MARK_AFF_MISSING | MARK_AFF_EMPTY);
  }
}

/** Anti-affinity: a node fails when its domain of a term's key holds a counted pod. */
function markAnti(v: KernelView, list: number, count: number, base: number, reason: number): void {
  const I = v.I;
  for (let i = 0; i < count; i++) {
    const colId = I[list + i * 2 + 1];
    if (domainSums(v, base + I[list + i * 2] * v.NCAP, colId) === 0) continue;
    for (let n = 0; n < v.N; n++) {
      const val = v.value(colId, n);
      if (val >= 0 && I[v.sDom + val] > 0) setLater(v, n, reason);
    }
  }
}

/** Computes the cluster-wide filter marks of a pod; false when the pod needs none. */
export function prefilter(v: KernelView, rec: number): boolean {
  const I = v.I;
  let dns = false;
  const sp = v.pi + I[rec + abi.P_SPREAD];
  for (let i = 0; i < I[rec + abi.P_NSPREAD]; i++) if ((I[sp + i * 5 + 4] & abi.SPREAD_DO_NOT_SCHEDULE) !== 0) dns = true;
  const aff = I[rec + abi.P_AFF_M] >= 0;
  if (!dns && !aff && I[rec + abi.P_NPORTS] === 0 && I[rec + abi.P_NANTI] === 0 && I[rec + abi.P_NEXANTI] === 0) return false;
  I.fill(0, v.sMark, v.sMark + v.N);
  if (I[rec + abi.P_NPORTS] > 0) markPorts(v, rec);
  if (dns) markSpread(v, rec);
  if (aff) markAffinity(v, rec);
  markAnti(v, v.pi + I[rec + abi.P_ANTI], I[rec + abi.P_NANTI], v.cnt, abi.R_ANTI_AFFINITY);
  markAnti(v, v.pi + I[rec + abi.P_EXANTI], I[rec + abi.P_NEXANTI], v.hold, abi.R_EXISTING_ANTI);
  return true;
}

/** Per-pod filter state, set by `beginPod` (kube-scheduler's PreFilter state, for the hot loop). */
let tolUnsched = false;
let wantNode = -1;
let nselAt = -1;
let nFit = 0;
/** Requested resources of the pod: indices and amounts (at most 32, the width of the reason bitmask). */
const FIT_R = new Int32Array(32);
const FIT_V = new Float64Array(32);

/** Reads what every node's filter needs from the pod record once. */
export function beginPod(v: KernelView, rec: number): void {
  const I = v.I;
  tolUnsched = (I[rec + abi.P_FLAGS] & abi.PF_TOLERATES_UNSCHEDULABLE) !== 0;
  wantNode = I[rec + abi.P_NODENAME];
  const nsel = I[rec + abi.P_NSEL];
  nselAt = nsel < 0 ? -1 : v.pi + nsel;
  const req = v.pf + I[rec + abi.P_REQ];
  nFit = 0;
  for (let r = 0; r < v.R; r++) {
    const x = v.F[req + r];
    if (x > 0) {
      FIT_R[nFit] = r;
      FIT_V[nFit] = x;
      nFit++;
    }
  }
}

/** Runs every filter on node `n`; returns the first failing R_* code (detail in the detail scratch) or R_OK. */
export function filterNode(v: KernelView, rec: number, n: number, marked: boolean): number {
  const I = v.I;
  const F = v.F;
  if (!tolUnsched && (I[v.nflags + n] & abi.NODE_UNSCHEDULABLE) !== 0) return abi.R_UNSCHEDULABLE;
  if (wantNode !== -1 && wantNode !== n) return abi.R_NODE_NAME;
  if (I[v.taintLen + n] !== 0) {
    const taint = untoleratedTaint(v, rec, n);
    if (taint >= 0) {
      I[v.sDetail + n] = taint;
      return abi.R_TAINT;
    }
  }
  if (nselAt >= 0 && !matchProgram(v, nselAt, n)) return abi.R_NODE_AFFINITY;
  const mark = marked ? I[v.sMark + n] : 0;
  if ((mark & MARK_PORTS) !== 0) return abi.R_PORTS;
  let insufficient = 0;
  for (let j = 0; j < nFit; j++) {
    const r = FIT_R[j];
    const i = r * v.NCAP + n;
    if (FIT_V[j] > F[v.alloc + i] - F[v.req + i]) insufficient |= 1 << r;
  }
  if (insufficient !== 0) {
    I[v.sDetail + n] = insufficient;
    return abi.R_FIT;
  }
  return mark >> 8;
}
