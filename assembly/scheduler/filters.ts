/**
 * Filters, in kube-scheduler's plugin order: NodeUnschedulable, NodeName,
 * TaintToleration, NodeAffinity, NodePorts, NodeResourcesFit, PodTopologySpread,
 * InterPodAffinity. The same code as src/scheduler/kernel/reference/filters.ts
 * (documented there), over byte addresses.
 * Mark scratch: bit 0 host-port conflict, bits 1-2 affinity work bits, bits 8+ R_* code.
 */
import * as abi from './abi';
import {
  N, NCAP, R, V, aAlloc, aReq, aNflags, aTaintOff, aTaintLen, aTaintHeap, aTaintEffect, aCols, aValnum, aCnt, aHold,
  aPorts, aPf, sDetail, sMark, sDom, sElig, geti, seti, getf, setf, hdr, podi, piAddr, valueAt, fillWords,
} from './view';

const MARK_PORTS: i32 = 1;
const MARK_AFF_MISSING: i32 = 2;
const MARK_AFF_EMPTY: i32 = 4;

// @ts-ignore: decorator
@inline function matchExpr(e: usize, n: i32): bool {
  const op = geti(e, 0);
  const val = valueAt(geti(e, 1), n);
  const nv = geti(e, 2);
  if (op == abi.OP_IN) {
    if (val < 0) return false;
    for (let i = 0; i < nv; i++) if (geti(e, 3 + i) == val) return true;
    return false;
  }
  if (op == abi.OP_NOT_IN) {
    if (val < 0) return true;
    for (let i = 0; i < nv; i++) if (geti(e, 3 + i) == val) return false;
    return true;
  }
  if (op == abi.OP_EXISTS) return val >= 0;
  if (op == abi.OP_DOES_NOT_EXIST) return val < 0;
  if (op == abi.OP_GT) return val >= 0 && getf(aValnum, val) > getf(aPf, geti(e, 3));
  if (op == abi.OP_LT) return val >= 0 && getf(aValnum, val) < getf(aPf, geti(e, 3));
  return false;
}

/** A node-selector term at byte address `t`: [termWords, nExprs, exprs...]. */
// @ts-ignore: decorator
@inline export function matchTerm(t: usize, n: i32): bool {
  const nExprs = geti(t, 1);
  if (nExprs == 0) return false;
  let e = t + 8;
  for (let i = 0; i < nExprs; i++) {
    if (!matchExpr(e, n)) return false;
    e += <usize>(3 + geti(e, 2)) << 2;
  }
  return true;
}

/** A required program at byte address `p`: [nGroups, (groupWords, nTerms, terms...)*]. */
// @ts-ignore: decorator
@inline export function matchProgram(p: usize, n: i32): bool {
  const nGroups = geti(p, 0);
  let g = p + 4;
  for (let i = 0; i < nGroups; i++) {
    const nTerms = geti(g, 1);
    let t = g + 8;
    let ok: bool = false;
    for (let j = 0; j < nTerms && !ok; j++) {
      ok = matchTerm(t, n);
      t += <usize>geti(t, 0) << 2;
    }
    if (!ok) return false;
    g += <usize>geti(g, 0) << 2;
  }
  return true;
}

// @ts-ignore: decorator
@inline export function tolerates(rec: usize, t: i32): bool {
  return ((<u32>geti(piAddr(podi(rec, abi.P_TOL)), t >> 5) >> (<u32>t & 31)) & 1) == 1;
}

// @ts-ignore: decorator
@inline export function untoleratedTaint(rec: usize, n: i32): i32 {
  const off = aTaintHeap + (<usize>geti(aTaintOff, n) << 2);
  const len = geti(aTaintLen, n);
  for (let i = 0; i < len; i++) {
    const t = geti(off, i);
    const eff = geti(aTaintEffect, t);
    if ((eff == abi.EFFECT_NO_SCHEDULE || eff == abi.EFFECT_NO_EXECUTE) && !tolerates(rec, t)) return t;
  }
  return -1;
}

// @ts-ignore: decorator
@inline export function nodeAffinityOk(rec: usize, n: i32): bool {
  const p = podi(rec, abi.P_NSEL);
  return p < 0 || matchProgram(piAddr(p), n);
}

/** Per-domain sums of the count column at byte address `src`; returns the total over nodes having the key. */
export function domainSums(src: usize, col: i32): i32 {
  fillWords(sDom, 0, V);
  if (col < 0) return 0;
  const c = aCols + (<usize>(col * NCAP) << 2);
  let total = 0;
  const nodes = N;
  const dom = sDom;
  for (let n = 0; n < nodes; n++) {
    // Most nodes count nothing: skip them before touching the domain table.
    const x = geti(src, n);
    if (x == 0) continue;
    const val = geti(c, n);
    if (val >= 0) {
      seti(dom, val, geti(dom, val) + x);
      total += x;
    }
  }
  return total;
}

// @ts-ignore: decorator
@inline function setLater(n: i32, reason: i32): void {
  const m = geti(sMark, n);
  if ((m >> 8) == 0) seti(sMark, n, m | (reason << 8));
}

function markPorts(rec: usize): void {
  const pp = piAddr(podi(rec, abi.P_PORTS));
  const np = podi(rec, abi.P_NPORTS);
  const used = hdr(abi.H_PORT_N);
  for (let e = 0; e < used; e++) {
    const u = aPorts + (<usize>(e * 3) << 2);
    for (let i = 0; i < np; i++) {
      if (geti(u, 1) != geti(pp, i * 2)) continue;
      const ip = geti(pp, i * 2 + 1);
      if (ip == 0 || geti(u, 2) == 0 || ip == geti(u, 2)) {
        const node = geti(u, 0);
        seti(sMark, node, geti(sMark, node) | MARK_PORTS);
      }
    }
  }
}

// @ts-ignore: decorator
@inline export function hasSpreadKeys(sp: usize, ns: i32, n: i32, wantFlag: i32): bool {
  for (let i = 0; i < ns; i++) {
    const c = sp + (<usize>(i * 5) << 2);
    if ((geti(c, 4) & abi.SPREAD_DO_NOT_SCHEDULE) != wantFlag) continue;
    if (valueAt(geti(c, 1), n) < 0) return false;
  }
  return true;
}

// @ts-ignore: decorator
@inline export function spreadIncludes(rec: usize, flags: i32, n: i32): bool {
  if ((flags & abi.SPREAD_HONOR_AFFINITY) != 0 && !nodeAffinityOk(rec, n)) return false;
  if ((flags & abi.SPREAD_HONOR_TAINTS) != 0 && untoleratedTaint(rec, n) >= 0) return false;
  return true;
}

function markSpread(rec: usize): void {
  const sp = piAddr(podi(rec, abi.P_SPREAD));
  const ns = podi(rec, abi.P_NSPREAD);
  for (let n = 0; n < N; n++) seti(sElig, n, hasSpreadKeys(sp, ns, n, abi.SPREAD_DO_NOT_SCHEDULE) ? 1 : 0);
  for (let i = 0; i < ns; i++) {
    const c = sp + (<usize>(i * 5) << 2);
    const flags = geti(c, 4);
    if ((flags & abi.SPREAD_DO_NOT_SCHEDULE) == 0) continue;
    const src = aCnt + (<usize>(geti(c, 0) * NCAP) << 2);
    const colId = geti(c, 1);
    fillWords(sDom, -1, V);
    let domains = 0;
    for (let n = 0; n < N; n++) {
      if (geti(sElig, n) == 0 || !spreadIncludes(rec, flags, n)) continue;
      const d = valueAt(colId, n);
      let x = geti(sDom, d);
      if (x < 0) {
        x = 0;
        domains++;
      }
      seti(sDom, d, x + geti(src, n));
    }
    let min: i32 = 0x7fffffff;
    for (let n = 0; n < N; n++) {
      const val = valueAt(colId, n);
      if (val >= 0) {
        const x = geti(sDom, val);
        if (x >= 0 && x < min) min = x;
      }
    }
    if (domains < geti(c, 3)) min = 0;
    const self = (flags & abi.SPREAD_SELF_MATCH) != 0 ? 1 : 0;
    const maxSkew = geti(c, 2);
    for (let n = 0; n < N; n++) {
      const val = valueAt(colId, n);
      if (val < 0) {
        setLater(n, abi.R_SPREAD_LABEL);
        continue;
      }
      const x = geti(sDom, val);
      const here = x > 0 ? x : 0;
      if (here + self - min > maxSkew) setLater(n, abi.R_SPREAD);
    }
  }
}

function markAffinity(rec: usize): void {
  const src = aCnt + (<usize>(podi(rec, abi.P_AFF_M) * NCAP) << 2);
  const terms = piAddr(podi(rec, abi.P_AFF));
  const nt = podi(rec, abi.P_NAFF);
  let any = 0;
  for (let i = 0; i < nt; i++) {
    const colId = geti(terms, i);
    any += domainSums(src, colId);
    for (let n = 0; n < N; n++) {
      const val = valueAt(colId, n);
      if (val < 0) seti(sMark, n, geti(sMark, n) | MARK_AFF_MISSING);
      else if (geti(sDom, val) <= 0) seti(sMark, n, geti(sMark, n) | MARK_AFF_EMPTY);
    }
  }
  const selfOk = any == 0 && (podi(rec, abi.P_FLAGS) & abi.PF_AFF_SELF) != 0;
  for (let n = 0; n < N; n++) {
    const m = geti(sMark, n);
    if ((m & MARK_AFF_MISSING) != 0 || ((m & MARK_AFF_EMPTY) != 0 && !selfOk)) setLater(n, abi.R_AFFINITY);
    seti(sMark, n, geti(sMark, n) & ~(MARK_AFF_MISSING | MARK_AFF_EMPTY));
  }
}

function markAnti(list: usize, count: i32, base: usize, reason: i32): void {
  for (let i = 0; i < count; i++) {
    const colId = geti(list, i * 2 + 1);
    if (domainSums(base + (<usize>(geti(list, i * 2) * NCAP) << 2), colId) == 0) continue;
    const c = aCols + (<usize>(colId * NCAP) << 2);
    const nodes = N;
    const dom = sDom;
    for (let n = 0; n < nodes; n++) {
      const val = geti(c, n);
      if (val >= 0 && geti(dom, val) > 0) setLater(n, reason);
    }
  }
}

export function prefilter(rec: usize): bool {
  let dns = false;
  const sp = piAddr(podi(rec, abi.P_SPREAD));
  const ns = podi(rec, abi.P_NSPREAD);
  for (let i = 0; i < ns; i++) if ((geti(sp, i * 5 + 4) & abi.SPREAD_DO_NOT_SCHEDULE) != 0) dns = true;
  const aff = podi(rec, abi.P_AFF_M) >= 0;
  if (!dns && !aff && podi(rec, abi.P_NPORTS) == 0 && podi(rec, abi.P_NANTI) == 0 && podi(rec, abi.P_NEXANTI) == 0) return false;
  fillWords(sMark, 0, N);
  if (podi(rec, abi.P_NPORTS) > 0) markPorts(rec);
  if (dns) markSpread(rec);
  if (aff) markAffinity(rec);
  markAnti(piAddr(podi(rec, abi.P_ANTI)), podi(rec, abi.P_NANTI), aCnt, abi.R_ANTI_AFFINITY);
  markAnti(piAddr(podi(rec, abi.P_EXANTI)), podi(rec, abi.P_NEXANTI), aHold, abi.R_EXISTING_ANTI);
  return true;
}

/** Per-pod filter state, set by `beginPod` (kube-scheduler's PreFilter state, for the hot loop). */
let tolUnsched = false;
let wantNode: i32 = -1;
let nselAddr: usize = 0;
let nFit: i32 = 0;
/** Requested resources of the pod: indices and amounts (at most 32 resources, the width of the reason bitmask). */
const FIT_R = memory.data(4 * 32);
const FIT_V = memory.data(8 * 32);

/** Reads what every node's filter needs from the pod record once. */
export function beginPod(rec: usize): void {
  tolUnsched = (podi(rec, abi.P_FLAGS) & abi.PF_TOLERATES_UNSCHEDULABLE) != 0;
  wantNode = podi(rec, abi.P_NODENAME);
  const nsel = podi(rec, abi.P_NSEL);
  nselAddr = nsel < 0 ? 0 : piAddr(nsel);
  const req = aPf + (<usize>podi(rec, abi.P_REQ) << 3);
  nFit = 0;
  for (let r = 0; r < R; r++) {
    const v = getf(req, r);
    if (v > 0) {
      seti(FIT_R, nFit, r);
      setf(FIT_V, nFit, v);
      nFit++;
    }
  }
}

// @ts-ignore: decorator
@inline export function filterNode(rec: usize, n: i32, marked: bool): i32 {
  if (!tolUnsched && (geti(aNflags, n) & abi.NODE_UNSCHEDULABLE) != 0) return abi.R_UNSCHEDULABLE;
  if (wantNode != -1 && wantNode != n) return abi.R_NODE_NAME;
  if (geti(aTaintLen, n) != 0) {
    const taint = untoleratedTaint(rec, n);
    if (taint >= 0) {
      seti(sDetail, n, taint);
      return abi.R_TAINT;
    }
  }
  if (nselAddr != 0 && !matchProgram(nselAddr, n)) return abi.R_NODE_AFFINITY;
  const mark = marked ? geti(sMark, n) : 0;
  if ((mark & MARK_PORTS) != 0) return abi.R_PORTS;
  let insufficient = 0;
  for (let j = 0; j < nFit; j++) {
    const r = geti(FIT_R, j);
    const i = r * NCAP + n;
    if (getf(FIT_V, j) > getf(aAlloc, i) - getf(aReq, i)) insufficient |= 1 << r;
  }
  if (insufficient != 0) {
    seti(sDetail, n, insufficient);
    return abi.R_FIT;
  }
  return mark >> 8;
}
