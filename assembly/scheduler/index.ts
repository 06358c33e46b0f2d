/**
 * The scheduler's filter/score kernel, compiled to WebAssembly. The host encodes
 * its cluster snapshot into memory this module owns (`reserve` hands out the
 * region, JS writes through typed-array views) and calls `schedule` once per
 * batch of pods; node accounting is updated here between pods of a batch.
 * The semantics are those of src/scheduler/kernel/reference (the parity test
 * holds the two to identical results).
 */
import * as abi from './abi';
import { N, NCAP, R, aReq, aNz, aCnt, aHold, aPorts, aPods, aPf, sReason, sFeas, sTotal, geti, seti, getf, setf, hdr, setHdr, podi, piAddr, readHeader } from './view';
import { beginPod, filterNode, prefilter } from './filters';
import { scoreFeasible } from './scores';

const MIN_FEASIBLE: i32 = 100;
const MIN_FEASIBLE_PERCENT: i32 = 5;

/** Makes room for `bytes` bytes after the module's statics and returns their base address. */
export function reserve(bytes: i32): i32 {
  const base = (__heap_base + 63) & ~(<usize>63);
  const need = base + <usize>bytes;
  const have = <usize>memory.size() << 16;
  if (need > have) {
    let pages = <i32>((need - have + 0xffff) >> 16);
    // Grow by at least half the current size so repeated growth stays amortised.
    const half = memory.size() >> 1;
    if (pages < half) pages = half;
    if (memory.grow(pages) < 0) unreachable();
  }
  return <i32>base;
}

function numFeasibleNodesToFind(n: i32, percent: i32): i32 {
  if (n < MIN_FEASIBLE || percent >= 100) return n;
  let p = percent;
  if (p <= 0) {
    p = 50 - n / 125;
    if (p < MIN_FEASIBLE_PERCENT) p = MIN_FEASIBLE_PERCENT;
  }
  const num = <i32>((<i64>n * <i64>p) / 100);
  return num < MIN_FEASIBLE ? MIN_FEASIBLE : num;
}

function randomBelow(bound: i32): i32 {
  let x = <u32>hdr(abi.H_RNG);
  x ^= x << 13;
  x ^= x >> 17;
  x ^= x << 5;
  setHdr(abi.H_RNG, <i32>x);
  return <i32>(x % <u32>bound);
}

function place(rec: usize, n: i32): void {
  const req = aPf + (<usize>podi(rec, abi.P_REQ) << 3);
  for (let r = 0; r < R; r++) {
    const i = r * NCAP + n;
    setf(aReq, i, getf(aReq, i) + getf(req, r));
  }
  setf(aNz, n, getf(aNz, n) + getf(req, R));
  setf(aNz, NCAP + n, getf(aNz, NCAP + n) + getf(req, R + 1));
  const counts = piAddr(podi(rec, abi.P_COUNTS));
  const nc = podi(rec, abi.P_NCOUNTS);
  for (let i = 0; i < nc; i++) {
    const j = geti(counts, i) * NCAP + n;
    seti(aCnt, j, geti(aCnt, j) + 1);
  }
  const holds = piAddr(podi(rec, abi.P_HOLDS));
  const nh = podi(rec, abi.P_NHOLDS);
  for (let i = 0; i < nh; i++) {
    const j = geti(holds, i) * NCAP + n;
    seti(aHold, j, geti(aHold, j) + 1);
  }
  const ports = piAddr(podi(rec, abi.P_PORTS));
  const np = podi(rec, abi.P_NPORTS);
  for (let i = 0; i < np; i++) {
    const used = hdr(abi.H_PORT_N);
    if (used >= hdr(abi.H_PORT_CAP)) break;
    const e = aPorts + (<usize>(used * 3) << 2);
    seti(e, 0, n);
    seti(e, 1, geti(ports, i * 2));
    seti(e, 2, geti(ports, i * 2 + 1));
    setHdr(abi.H_PORT_N, used + 1);
  }
}

function schedulePod(rec: usize): i32 {
  let found = 0;
  let processed = 0;
  if (N > 0) {
    const want = numFeasibleNodesToFind(N, hdr(abi.H_PERCENT));
    const marked = prefilter(rec);
    beginPod(rec);
    const start = hdr(abi.H_START) < N ? hdr(abi.H_START) : 0;
    for (let i = 0; i < N; i++) {
      let n = start + i;
      if (n >= N) n -= N;
      const reason = filterNode(rec, n, marked);
      seti(sReason, n, reason);
      processed++;
      if (reason == abi.R_OK) {
        seti(sFeas, found++, n);
        if (found >= want) break;
      }
    }
    setHdr(abi.H_START, (start + processed) % N);
  }
  setHdr(abi.H_LAST_FEAS, found);
  setHdr(abi.H_LAST_PROCESSED, processed);
  seti(rec, abi.P_OUT_FEAS, found);
  seti(rec, abi.P_OUT_PROCESSED, processed);
  if (found == 0) {
    seti(rec, abi.P_OUT_NODE, -1);
    seti(rec, abi.P_OUT_SCORE, 0);
    return -1;
  }
  let chosen = geti(sFeas, 0);
  let best: f64 = 0;
  if (found > 1) {
    scoreFeasible(rec, found);
    best = getf(sTotal, 0);
    let ties = 1;
    for (let k = 1; k < found; k++) {
      const s = getf(sTotal, k);
      if (s > best) {
        best = s;
        chosen = geti(sFeas, k);
        ties = 1;
      } else if (s == best) {
        ties++;
        if (randomBelow(ties) == 0) chosen = geti(sFeas, k);
      }
    }
  }
  seti(rec, abi.P_OUT_NODE, chosen);
  seti(rec, abi.P_OUT_SCORE, <i32>best);
  place(rec, chosen);
  return chosen;
}

/** Schedules pod records [first, first + count); stops after a pod that fits nowhere. Returns the next index. */
export function schedule(base: i32, first: i32, count: i32): i32 {
  readHeader(<usize>base);
  const end = first + count;
  for (let p = first; p < end; p++) {
    if (schedulePod(aPods + (<usize>(p * abi.POD_WORDS) << 2)) < 0) return p + 1;
  }
  return end;
}
