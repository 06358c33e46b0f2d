/**
 * Scores, each normalised to 0-100 as its kube-scheduler plugin does and added
 * with its weight. The same code as src/scheduler/kernel/reference/scores.ts
 * (documented there), over byte addresses.
 */
import * as abi from './abi';
import {
  H, N, NCAP, R, V, aAlloc, aReq, aNz, aTaintOff, aTaintLen, aTaintHeap, aTaintEffect, aImg, aImgNodes, aCnt, aHold,
  aLogw, aFitW, aBalW, aPf, sFeas, sTotal, sRaw, sDom, sElig, geti, seti, getf, setf, podi, piAddr, valueAt, fillWords,
} from './view';
import { domainSums, hasSpreadKeys, matchTerm, spreadIncludes, tolerates } from './filters';

const MAX_SCORE: f64 = 100;
const MB: f64 = 1024 * 1024;
const IMAGE_MIN: f64 = 23 * MB;
const IMAGE_MAX_PER_CONTAINER: f64 = 1000 * MB;

// @ts-ignore: decorator
@inline function round(x: f64): f64 {
  const f = Math.floor(x);
  return x - f >= 0.5 ? f + 1 : f;
}

/** Per-pod score state, set by `beginScores`: the resources each resource score looks at. */
let nFitRes: i32 = 0;
let nBalRes: i32 = 0;
const FIT_RES = memory.data(4 * 32);
const FIT_WT = memory.data(8 * 32);
const FIT_REQ = memory.data(8 * 32);
const BAL_RES = memory.data(4 * 32);
const BAL_REQ = memory.data(8 * 32);

/**
 * Lists the resources of the fit and balanced scores for this pod: configured ones,
 * minus extended resources the pod does not request. The fit score counts cpu and
 * memory at their non-zero defaults; the balanced score counts actual requests.
 */
function beginScores(req: usize): void {
  nFitRes = 0;
  nBalRes = 0;
  for (let r = 0; r < R; r++) {
    const w = geti(aFitW, r);
    const fitReq = r == abi.RES_CPU ? getf(req, R) : r == abi.RES_MEMORY ? getf(req, R + 1) : getf(req, r);
    if (w != 0 && !(fitReq == 0 && r > abi.RES_PODS)) {
      seti(FIT_RES, nFitRes, r);
      setf(FIT_WT, nFitRes, <f64>w);
      setf(FIT_REQ, nFitRes, fitReq);
      nFitRes++;
    }
    const podReq = getf(req, r);
    if (geti(aBalW, r) != 0 && !(podReq == 0 && r > abi.RES_PODS)) {
      seti(BAL_RES, nBalRes, r);
      setf(BAL_REQ, nBalRes, podReq);
      nBalRes++;
    }
  }
}

// @ts-ignore: decorator
@inline function fitScore(n: i32, most: bool): f64 {
  let total: f64 = 0;
  let weights: f64 = 0;
  for (let j = 0; j < nFitRes; j++) {
    const r = geti(FIT_RES, j);
    const i = r * NCAP + n;
    const alloc = getf(aAlloc, i);
    if (alloc == 0) continue;
    const used = (r == abi.RES_CPU ? getf(aNz, n) : r == abi.RES_MEMORY ? getf(aNz, NCAP + n) : getf(aReq, i)) + getf(FIT_REQ, j);
    let s: f64;
    if (most) s = Math.floor(((used > alloc ? alloc : used) * MAX_SCORE) / alloc);
    else s = used > alloc ? 0 : Math.floor(((alloc - used) * MAX_SCORE) / alloc);
    const w = getf(FIT_WT, j);
    total += s * w;
    weights += w;
  }
  return weights == 0 ? 0 : Math.floor(total / weights);
}

// @ts-ignore: decorator
@inline function balancedScore(n: i32): f64 {
  let count = 0;
  let sum: f64 = 0;
  let f0: f64 = 0;
  let f1: f64 = 0;
  for (let j = 0; j < nBalRes; j++) {
    const i = geti(BAL_RES, j) * NCAP + n;
    const alloc = getf(aAlloc, i);
    if (alloc == 0) continue;
    let fr = (getf(aReq, i) + getf(BAL_REQ, j)) / alloc;
    if (fr > 1) fr = 1;
    if (count == 0) f0 = fr;
    else if (count == 1) f1 = fr;
    sum += fr;
    count++;
  }
  let std: f64 = 0;
  if (count == 2) {
    std = Math.abs((f0 - f1) / 2);
  } else if (count > 2) {
    const mean = sum / <f64>count;
    let sq: f64 = 0;
    for (let j = 0; j < nBalRes; j++) {
      const i = geti(BAL_RES, j) * NCAP + n;
      const alloc = getf(aAlloc, i);
      if (alloc == 0) continue;
      let fr = (getf(aReq, i) + getf(BAL_REQ, j)) / alloc;
      if (fr > 1) fr = 1;
      sq += (fr - mean) * (fr - mean);
    }
    std = Math.sqrt(sq / <f64>count);
  }
  return Math.trunc((1 - std) * MAX_SCORE);
}

function addNormalized(f: i32, w: f64, reverse: bool): void {
  let max: f64 = 0;
  for (let k = 0; k < f; k++) if (getf(sRaw, k) > max) max = getf(sRaw, k);
  for (let k = 0; k < f; k++) {
    let s: f64 = max == 0 ? 0 : Math.floor((MAX_SCORE * getf(sRaw, k)) / max);
    if (reverse) s = MAX_SCORE - s;
    setf(sTotal, k, getf(sTotal, k) + s * w);
  }
}

function nodeAffinityScores(rec: usize, f: i32, w: f64): void {
  const p = piAddr(podi(rec, abi.P_NPREF));
  const nTerms = geti(p, 0);
  for (let k = 0; k < f; k++) {
    const n = geti(sFeas, k);
    let s: f64 = 0;
    let t = p + 4;
    for (let i = 0; i < nTerms; i++) {
      if (matchTerm(t + 4, n)) s += <f64>geti(t, 0);
      t += <usize>(1 + geti(t, 1)) << 2;
    }
    setf(sRaw, k, s);
  }
  addNormalized(f, w, false);
}

function taintScores(rec: usize, f: i32, w: f64): void {
  for (let k = 0; k < f; k++) {
    const n = geti(sFeas, k);
    const off = aTaintHeap + (<usize>geti(aTaintOff, n) << 2);
    const len = geti(aTaintLen, n);
    let s: f64 = 0;
    for (let i = 0; i < len; i++) {
      const t = geti(off, i);
      if (geti(aTaintEffect, t) == abi.EFFECT_PREFER_NO_SCHEDULE && !tolerates(rec, t)) s++;
    }
    setf(sRaw, k, s);
  }
  addNormalized(f, w, true);
}

function addDomainWeights(list: usize, count: i32, base: usize, f: i32): void {
  for (let i = 0; i < count; i++) {
    const e = list + (<usize>(i * 3) << 2);
    const colId = geti(e, 1);
    domainSums(base + (<usize>(geti(e, 0) * NCAP) << 2), colId);
    const weight = <f64>geti(e, 2);
    for (let k = 0; k < f; k++) {
      const val = valueAt(colId, geti(sFeas, k));
      if (val >= 0) setf(sRaw, k, getf(sRaw, k) + weight * <f64>geti(sDom, val));
    }
  }
}

function interPodAffinityScores(rec: usize, f: i32, w: f64): void {
  memory.fill(sRaw, 0, <usize>f << 3);
  addDomainWeights(piAddr(podi(rec, abi.P_PREFPOD)), podi(rec, abi.P_NPREFPOD), aCnt, f);
  addDomainWeights(piAddr(podi(rec, abi.P_SYMPREF)), podi(rec, abi.P_NSYMPREF), aHold, f);
  let min: f64 = Infinity;
  let max: f64 = -Infinity;
  for (let k = 0; k < f; k++) {
    const s = getf(sRaw, k);
    if (s < min) min = s;
    if (s > max) max = s;
  }
  const diff = max - min;
  for (let k = 0; k < f; k++) {
    const s: f64 = diff > 0 ? Math.trunc(MAX_SCORE * ((getf(sRaw, k) - min) / diff)) : 0;
    setf(sTotal, k, getf(sTotal, k) + s * w);
  }
}

function spreadScores(rec: usize, f: i32, w: f64): void {
  const sp = piAddr(podi(rec, abi.P_SPREAD));
  const ns = podi(rec, abi.P_NSPREAD);
  const requireAll = (podi(rec, abi.P_FLAGS) & abi.PF_SPREAD_REQUIRE_ALL) != 0;
  let scored = 0;
  for (let k = 0; k < f; k++) {
    const ignored = requireAll && !hasSpreadKeys(sp, ns, geti(sFeas, k), 0);
    seti(sElig, k, ignored ? 1 : 0);
    setf(sRaw, k, 0);
    if (!ignored) scored++;
  }
  for (let i = 0; i < ns; i++) {
    const c = sp + (<usize>(i * 5) << 2);
    const flags = geti(c, 4);
    if ((flags & abi.SPREAD_DO_NOT_SCHEDULE) != 0) continue;
    const src = aCnt + (<usize>(geti(c, 0) * NCAP) << 2);
    const colId = geti(c, 1);
    const skew = <f64>(geti(c, 2) - 1);
    if ((flags & abi.SPREAD_HOSTNAME) != 0) {
      const weight = getf(aLogw, scored);
      for (let k = 0; k < f; k++) {
        const n = geti(sFeas, k);
        if (geti(sElig, k) == 0 && valueAt(colId, n) >= 0) setf(sRaw, k, getf(sRaw, k) + (<f64>geti(src, n) * weight + skew));
      }
      continue;
    }
    fillWords(sDom, -1, V);
    let domains = 0;
    let unlabelled = false;
    for (let k = 0; k < f; k++) {
      if (geti(sElig, k) != 0) continue;
      const val = valueAt(colId, geti(sFeas, k));
      if (val < 0) {
        if (!unlabelled) domains++;
        unlabelled = true;
      } else if (geti(sDom, val) < 0) {
        seti(sDom, val, 0);
        domains++;
      }
    }
    for (let n = 0; n < N; n++) {
      const val = valueAt(colId, n);
      if (val < 0 || geti(sDom, val) < 0) continue;
      if (requireAll && !hasSpreadKeys(sp, ns, n, 0)) continue;
      if (!spreadIncludes(rec, flags, n)) continue;
      seti(sDom, val, geti(sDom, val) + geti(src, n));
    }
    const weight = getf(aLogw, domains);
    for (let k = 0; k < f; k++) {
      if (geti(sElig, k) != 0) continue;
      const val = valueAt(colId, geti(sFeas, k));
      if (val >= 0) setf(sRaw, k, getf(sRaw, k) + (<f64>geti(sDom, val) * weight + skew));
    }
  }
  let min: f64 = Infinity;
  let max: f64 = 0;
  for (let k = 0; k < f; k++) {
    if (geti(sElig, k) != 0) continue;
    const s = round(getf(sRaw, k));
    setf(sRaw, k, s);
    if (s < min) min = s;
    if (s > max) max = s;
  }
  for (let k = 0; k < f; k++) {
    let s: f64 = 0;
    if (geti(sElig, k) == 0) s = max == 0 ? MAX_SCORE : Math.floor((MAX_SCORE * (max + min - getf(sRaw, k))) / max);
    setf(sTotal, k, getf(sTotal, k) + s * w);
  }
}

function imageScores(rec: usize, f: i32, w: f64): void {
  const list = piAddr(podi(rec, abi.P_IMAGES));
  const ni = podi(rec, abi.P_NIMAGES);
  const maxT = IMAGE_MAX_PER_CONTAINER * <f64>podi(rec, abi.P_NCONTAINERS);
  for (let k = 0; k < f; k++) {
    const n = geti(sFeas, k);
    let sum: f64 = 0;
    for (let i = 0; i < ni; i++) {
      const img = geti(list, i);
      const size = getf(aImg, img * NCAP + n);
      if (size > 0) sum += Math.trunc(size * (<f64>geti(aImgNodes, img) / <f64>N));
    }
    if (sum < IMAGE_MIN) sum = IMAGE_MIN;
    else if (sum > maxT) sum = maxT;
    setf(sTotal, k, getf(sTotal, k) + Math.floor((MAX_SCORE * (sum - IMAGE_MIN)) / (maxT - IMAGE_MIN)) * w);
  }
}

function hasScheduleAnyway(rec: usize): bool {
  const sp = piAddr(podi(rec, abi.P_SPREAD));
  const ns = podi(rec, abi.P_NSPREAD);
  for (let i = 0; i < ns; i++) if ((geti(sp, i * 5 + 4) & abi.SPREAD_DO_NOT_SCHEDULE) == 0) return true;
  return false;
}

export function scoreFeasible(rec: usize, f: i32): void {
  const req = aPf + (<usize>podi(rec, abi.P_REQ) << 3);
  const wFit = <f64>geti(H, abi.H_W_FIT);
  const wBal = <f64>geti(H, abi.H_W_BAL);
  const most = geti(H, abi.H_STRATEGY) == abi.STRATEGY_MOST;
  beginScores(req);
  for (let k = 0; k < f; k++) {
    const n = geti(sFeas, k);
    let s: f64 = 0;
    if (wFit != 0) s += fitScore(n, most) * wFit;
    if (wBal != 0) s += balancedScore(n) * wBal;
    setf(sTotal, k, s);
  }
  const wAff = <f64>geti(H, abi.H_W_NODEAFF);
  if (wAff != 0 && podi(rec, abi.P_NPREF) >= 0) nodeAffinityScores(rec, f, wAff);
  const wTaint = <f64>geti(H, abi.H_W_TAINT);
  if (wTaint != 0) taintScores(rec, f, wTaint);
  const wIpa = <f64>geti(H, abi.H_W_IPA);
  if (wIpa != 0 && (podi(rec, abi.P_NPREFPOD) > 0 || podi(rec, abi.P_NSYMPREF) > 0)) interPodAffinityScores(rec, f, wIpa);
  const wSpread = <f64>geti(H, abi.H_W_SPREAD);
  if (wSpread != 0 && hasScheduleAnyway(rec)) spreadScores(rec, f, wSpread);
  const wImage = <f64>geti(H, abi.H_W_IMAGE);
  if (wImage != 0 && podi(rec, abi.P_NIMAGES) > 0) imageScores(rec, f, wImage);
}
