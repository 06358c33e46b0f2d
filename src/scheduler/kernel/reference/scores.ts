/**
 * Scores of the reference kernel, each normalised to 0-100 the way its
 * kube-scheduler plugin does and added to the total with its weight:
 * NodeResourcesFit (LeastAllocated or MostAllocated), NodeResourcesBalancedAllocation,
 * NodeAffinity (preferred terms), TaintToleration (PreferNoSchedule),
 * InterPodAffinity (preferred terms, both directions), PodTopologySpread
 * (ScheduleAnyway and the system default spreading) and ImageLocality.
 * Integer divisions of kube-scheduler (int64) are `Math.floor` of non-negative
 * f64 quotients here; assembly/scheduler/scores.ts mirrors this file.
 */
import * as abi from '../abi.js';
import { domainSums, hasSpreadKeys, matchTerm, spreadIncludes, tolerates } from './filters.js';
import type { KernelView } from './view.js';

const MAX_SCORE = 100;
const MB = 1024 * 1024;
const IMAGE_MIN = 23 * MB;
const IMAGE_MAX_PER_CONTAINER = 1000 * MB;

/** Go's math.Round for non-negative values. */
function round(x: number): number {
  const f = Math.floor(x);
  return x - f >= 0.5 ? f + 1 : f;
}

/** Per-pod score state, set by `beginScores`: the resources each resource score looks at. */
let nFitRes = 0;
let nBalRes = 0;
const FIT_RES = new Int32Array(32);
const FIT_WT = new Float64Array(32);
const FIT_REQ = new Float64Array(32);
const BAL_RES = new Int32Array(32);
const BAL_REQ = new Float64Array(32);

/**
 * Lists the resources of the fit and balanced scores for this pod: configured ones,
 * minus extended resources the pod does not request. The fit score counts cpu and
 * memory at their non-zero defaults; the balanced score counts actual requests.
 */
function beginScores(v: KernelView, req: number): void {
  const F = v.F;
  nFitRes = 0;
  nBalRes = 0;
  for (let r = 0; r < v.R; r++) {
    const w = v.I[v.fitW + r];
    const fitReq = r === abi.RES_CPU ? F[req + v.R] : r === abi.RES_MEMORY ? F[req + v.R + 1] : F[req + r];
    if (w !== 0 && !(fitReq === 0 && r > abi.RES_PODS)) {
      FIT_RES[nFitRes] = r;
      FIT_WT[nFitRes] = w;
      FIT_REQ[nFitRes] = fitReq;
      nFitRes++;
    }
    const podReq = F[req + r];
    if (v.I[v.balW + r] !== 0 && !(podReq === 0 && r > abi.RES_PODS)) {
      BAL_RES[nBalRes] = r;
      BAL_REQ[nBalRes] = podReq;
      nBalRes++;
    }
  }
}

/** NodeResourcesFit score: weighted mean over the configured resources. */
function fitScore(v: KernelView, n: number, most: boolean): number {
  const F = v.F;
  let total = 0;
  let weights = 0;
  for (let j = 0; j < nFitRes; j++) {
    const r = FIT_RES[j];
    const i = r * v.NCAP + n;
    const alloc = F[v.alloc + i];
    if (alloc === 0) continue;
    const used = (r === abi.RES_CPU ? F[v.nz + n] : r === abi.RES_MEMORY ? F[v.nz + v.NCAP + n] : F[v.req + i]) + FIT_REQ[j];
    let s: number;
    if (most) s = Math.floor(((used > alloc ? alloc : used) * MAX_SCORE) / alloc);
    else s = used > alloc ? 0 : Math.floor(((alloc - used) * MAX_SCORE) / alloc);
    const w = FIT_WT[j];
    total += s * w;
    weights += w;
  }
  return weights === 0 ? 0 : Math.floor(total / weights);
}

/** NodeResourcesBalancedAllocation: 100 * (1 - standard deviation of the requested fractions). */
function balancedScore(v: KernelView, n: number): number {
  const F = v.F;
  let count = 0;
  let sum = 0;
  let f0 = 0;
  let f1 = 0;
  for (let j = 0; j < nBalRes; j++) {
    const i = BAL_RES[j] * v.NCAP + n;
    const alloc = F[v.alloc + i];
    if (alloc === 0) continue;
    let fr = (F[v.req + i] + BAL_REQ[j]) / alloc;
    if (fr > 1) fr = 1;
    if (count === 0) f0 = fr;
    else if (count === 1) f1 = fr;
    sum += fr;
    count++;
  }
  let std = 0;
  if (count === 2) {
    std = Math.abs((f0 - f1) / 2);
  } else if (count > 2) {
    const mean = sum / count;
    let sq = 0;
    for (let j = 0; j < nBalRes; j++) {
      const i = BAL_RES[j] * v.NCAP + n;
      const alloc = F[v.alloc + i];
      if (alloc === 0) continue;
      let fr = (F[v.req + i] + BAL_REQ[j]) / alloc;
      if (fr > 1) fr = 1;
      sq += (fr - mean) * (fr - mean);
    }
    std = Math.sqrt(sq / count);
  }
  return Math.trunc((1 - std) * MAX_SCORE);
}

/** kube-scheduler's DefaultNormalizeScore over the raw scratch, added to the totals with weight `w`. */
function addNormalized(v: KernelView, f: number, w: number, reverse: boolean): void {
  const F = v.F;
  let max = 0;
  for (let k = 0; k < f; k++) if (F[v.sRaw + k] > max) max = F[v.sRaw + k];
  for (let k = 0; k < f; k++) {
    let s = max === 0 ? 0 : Math.floor((MAX_SCORE * F[v.sRaw + k]) / max);
    if (reverse) s = MAX_SCORE - s;
    F[v.sTotal + k] += s * w;
  }
}

function nodeAffinityScores(v: KernelView, rec: number, f: number, w: number): void {
  const I = v.I;
  const p = v.pi + I[rec + abi.P_NPREF];
  const nTerms = I[p];
  for (let k = 0; k < f; k++) {
    const n = I[v.sFeas + k];
    let s = 0;
    let t = p + 1;
    for (let i = 0; i < nTerms; i++) {
      if (matchTerm(v, t + 1, n)) s += I[t];
      t += 1 + I[t + 1];
    }
    v.F[v.sRaw + k] = s;
  }
  addNormalized(v, f, w, false);
}

function taintScores(v: KernelView, rec: number, f: number, w: number): void {
  const I = v.I;
  for (let k = 0; k < f; k++) {
    const n = I[v.sFeas + k];
    const off = v.taintHeap + I[v.taintOff + n];
    const len = I[v.taintLen + n];
    let s = 0;
    for (let i = 0; i < len; i++) {
      const t = I[off + i];
      if (I[v.taintEffect + t] === abi.EFFECT_PREFER_NO_SCHEDULE && !tolerates(v, rec, t)) s++;
    }
    v.F[v.sRaw + k] = s;
  }
  addNormalized(v, f, w, true);
}

/** Adds weight * (pods counted in the node's domain) for each (column source, column, weight) entry of a list. */
function addDomainWeights(v: KernelView, list: number, count: number, base: number, f: number): void {
  const I = v.I;
  for (let i = 0; i < count; i++) {
    const e = list + i * 3;
    const colId = I[e + 1];
    domainSums(v, base + I[e] * v.NCAP, colId);
    const weight = I[e + 2];
    for (let k = 0; k < f; k++) {
      const val = v.value(colId, I[v.sFeas + k]);
      if (val >= 0) v.F[v.sRaw + k] += weight * I[v.sDom + val];
    }
  }
}

function interPodAffinityScores(v: KernelView, rec: number, f: number, w: number): void {
  const I = v.I;
  const F = v.F;
  F.fill(0, v.sRaw, v.sRaw + f);
  addDomainWeights(v, v.pi + I[rec + abi.P_PREFPOD], I[rec + abi.P_NPREFPOD], v.cnt, f);
  addDomainWeights(v, v.pi + I[rec + abi.P_SYMPREF], I[rec + abi.P_NSYMPREF], v.hold, f);
  let min = Infinity;
  let max = -Infinity;
  for (let k = 0; k < f; k++) {
    const s = F[v.sRaw + k];
    if (s < min) min = s;
    if (s > max) max = s;
  }
  const diff = max - min;
  for (let k = 0; k < f; k++) {
    const s = diff > 0 ? Math.trunc(MAX_SCORE * ((F[v.sRaw + k] - min) / diff)) : 0;
    F[v.sTotal + k] += s * w;
  }
}

function spreadScores(v: KernelView, rec: number, f: number, w: number): void {
  const I = v.I;
  const F = v.F;
  const sp = v.pi + I[rec + abi.P_SPREAD];
  const ns = I[rec + abi.P_NSPREAD];
  const requireAll = (I[rec + abi.P_FLAGS] & abi.PF_SPREAD_REQUIRE_ALL) !== 0;
  let scored = 0;
  for (let k = 0; k < f; k++) {
    const ignored = requireAll && !hasSpreadKeys(v, sp, ns, I[v.sFeas + k], 0);
    I[v.sElig + k] = ignored ? 1 : 0;
    F[v.sRaw + k] = 0;
    if (!ignored) scored++;
  }
  for (let i = 0; i < ns; i++) {
    const c = sp + i * 5;
    const flags = I[c + 4];
    if ((flags & abi.SPREAD_DO_NOT_SCHEDULE) !== 0) continue;
    const src = v.cnt + I[c] * v.NCAP;
    const colId = I[c + 1];
    const skew = I[c + 2] - 1;
    if ((flags & abi.SPREAD_HOSTNAME) !== 0) {
      const weight = F[v.logw + scored];
      for (let k = 0; k < f; k++) {
        const n = I[v.sFeas + k];
        if (I[v.sElig + k] === 0 && v.value(colId, n) >= 0) F[v.sRaw + k] += I[src + n] * weight + skew;
      }
      continue;
    }
    I.fill(-1, v.sDom, v.sDom + v.V);
    let domains = 0;
    let unlabelled = false;
    for (let k = 0; k < f; k++) {
      if (I[v.sElig + k] !== 0) continue;
      const val = v.value(colId, I[v.sFeas + k]);
      if (val < 0) {
        if (!unlabelled) domains++;
        unlabelled = true;
      } else if (I[v.sDom + val] < 0) {
        I[v.sDom + val] = 0;
        domains++;
      }
    }
    for (let n = 0; n < v.N; n++) {
      const val = v.value(colId, n);
      if (val < 0 || I[v.sDom + val] < 0) continue;
      if (requireAll && !hasSpreadKeys(v, sp, ns, n, 0)) continue;
      if (!spreadIncludes(v, rec, flags, n)) continue;
      I[v.sDom + val] += I[src + n];
    }
    const weight = F[v.logw + domains];
    for (let k = 0; k < f; k++) {
      if (I[v.sElig + k] !== 0) continue;
      const val = v.value(colId, I[v.sFeas + k]);
      if (val >= 0) F[v.sRaw + k] += I[v.sDom + val] * weight + skew;
    }
  }
  let min = Infinity;
  let max = 0;
  for (let k = 0; k < f; k++) {
    if (I[v.sElig + k] !== 0) continue;
    const s = round(F[v.sRaw + k]);
    F[v.sRaw + k] = s;
    if (s < min) min = s;
    if (s > max) max = s;
  }
  for (let k = 0; k < f; k++) {
    let s = 0;
    if (I[v.sElig + k] === 0) s = max === 0 ? MAX_SCORE : Math.floor((MAX_SCORE * (max + min - F[v.sRaw + k])) / max);
    F[v.sTotal + k] += s * w;
  }
}

function imageScores(v: KernelView, rec: number, f: number, w: number): void {
  const I = v.I;
  const F = v.F;
  const list = v.pi + I[rec + abi.P_IMAGES];
  const ni = I[rec + abi.P_NIMAGES];
  const maxT = IMAGE_MAX_PER_CONTAINER * I[rec + abi.P_NCONTAINERS];
  for (let k = 0; k < f; k++) {
    const n = I[v.sFeas + k];
    let sum = 0;
    for (let i = 0; i < ni; i++) {
      const img = I[list + i];
      const size = F[v.img + img * v.NCAP + n];
      if (size > 0) sum += Math.trunc(size * (I[v.imgNodes + img] / v.N));
    }
    if (sum < IMAGE_MIN) sum = IMAGE_MIN;
    else if (sum > maxT) sum = maxT;
    F[v.sTotal + k] += Math.floor((MAX_SCORE * (sum - IMAGE_MIN)) / (maxT - IMAGE_MIN)) * w;
  }
}

/** Fills the total score of each of the `f` feasible entries. */
export function scoreFeasible(v: KernelView, rec: number, f: number): void {
  const I = v.I;
  const F = v.F;
  const h = v.h;
  const req = v.pf + I[rec + abi.P_REQ];
  const wFit = I[h + abi.H_W_FIT];
  const wBal = I[h + abi.H_W_BAL];
  const most = I[h + abi.H_STRATEGY] === abi.STRATEGY_MOST;
  beginScores(v, req);
  for (let k = 0; k < f; k++) {
    const n = I[v.sFeas + k];
    let s = 0;
    if (wFit !== 0) s += fitScore(v, n, most) * wFit;
    if (wBal !== 0) s += balancedScore(v, n) * wBal;
    F[v.sTotal + k] = s;
  }
  const wAff = I[h + abi.H_W_NODEAFF];
  if (wAff !== 0 && I[rec + abi.P_NPREF] >= 0) nodeAffinityScores(v, rec, f, wAff);
  const wTaint = I[h + abi.H_W_TAINT];
  if (wTaint !== 0) taintScores(v, rec, f, wTaint);
  const wIpa = I[h + abi.H_W_IPA];
  if (wIpa !== 0 && (I[rec + abi.P_NPREFPOD] > 0 || I[rec + abi.P_NSYMPREF] > 0)) interPodAffinityScores(v, rec, f, wIpa);
  const wSpread = I[h + abi.H_W_SPREAD];
  if (wSpread !== 0 && hasScheduleAnyway(v, rec)) spreadScores(v, rec, f, wSpread);
  const wImage = I[h + abi.H_W_IMAGE];
  if (wImage !== 0 && I[rec + abi.P_NIMAGES] > 0) imageScores(v, rec, f, wImage);
}

function hasScheduleAnyway(v: KernelView, rec: number): boolean {
  const sp = v.pi + v.I[rec + abi.P_SPREAD];
  for (let i = 0; i < v.I[rec + abi.P_NSPREAD]; i++) if ((v.I[sp + i * 5 + 4] & abi.SPREAD_DO_NOT_SCHEDULE) === 0) return true;
  return false;
}
