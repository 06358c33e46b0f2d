/**
 * The TypeScript reference kernel: plain loops over typed-array views of the
 * same memory layout the WebAssembly kernel reads (abi.ts), with the same
 * semantics operation for operation, so the two give identical results (the
 * parity test checks it) and the benchmark compares like with like.
 */
import * as abi from '../abi.js';
import type { Kernel } from '../types.js';
import { beginPod, filterNode, prefilter } from './filters.js';
import { scoreFeasible } from './scores.js';
import { KernelView } from './view.js';

/** kube-scheduler's minFeasibleNodesToFind and minFeasibleNodesPercentageToFind. */
const MIN_FEASIBLE = 100;
const MIN_FEASIBLE_PERCENT = 5;
/** Where the snapshot starts in the kernel's memory (as the WebAssembly kernel keeps its statics below). */
const BASE = 64;

/** How many feasible nodes to look for before scoring, as kube-scheduler's numFeasibleNodesToFind. */
export function numFeasibleNodesToFind(n: number, percent: number): number {
  if (n < MIN_FEASIBLE || percent >= 100) return n;
  let p = percent;
  if (p <= 0) {
    p = 50 - Math.trunc(n / 125);
    if (p < MIN_FEASIBLE_PERCENT) p = MIN_FEASIBLE_PERCENT;
  }
  const num = Math.trunc((n * p) / 100);
  return num < MIN_FEASIBLE ? MIN_FEASIBLE : num;
}

/** xorshift32 step on the header's state; returns a value in [0, bound). */
function randomBelow(I: Int32Array, h: number, bound: number): number {
  let x = I[h + abi.H_RNG];
  x ^= x << 13;
  x ^= x >>> 17;
  x ^= x << 5;
  I[h + abi.H_RNG] = x;
  return (x >>> 0) % bound;
}

/** Adds the pod to node `n`'s accounting so the next pod of the batch sees it. */
function place(v: KernelView, rec: number, n: number): void {
  const I = v.I;
  const F = v.F;
  const req = v.pf + I[rec + abi.P_REQ];
  for (let r = 0; r < v.R; r++) F[v.req + r * v.NCAP + n] += F[req + r];
  F[v.nz + n] += F[req + v.R];
  F[v.nz + v.NCAP + n] += F[req + v.R + 1];
  const counts = v.pi + I[rec + abi.P_COUNTS];
  for (let i = 0; i < I[rec + abi.P_NCOUNTS]; i++) I[v.cnt + I[counts + i] * v.NCAP + n]++;
  const holds = v.pi + I[rec + abi.P_HOLDS];
  for (let i = 0; i < I[rec + abi.P_NHOLDS]; i++) I[v.hold + I[holds + i] * v.NCAP + n]++;
  const ports = v.pi + I[rec + abi.P_PORTS];
  for (let i = 0; i < I[rec + abi.P_NPORTS]; i++) {
    const used = I[v.h + abi.H_PORT_N];
    if (used >= I[v.h + abi.H_PORT_CAP]) break;
    const e = v.ports + used * 3;
    I[e] = n;
    I[e + 1] = I[ports + i * 2];
    I[e + 2] = I[ports + i * 2 + 1];
    I[v.h + abi.H_PORT_N] = used + 1;
  }
}

/** Filters, scores and places one pod; returns the chosen node or -1. */
function schedulePod(v: KernelView, rec: number): number {
  const I = v.I;
  const h = v.h;
  const N = v.N;
  let found = 0;
  let processed = 0;
  if (N > 0) {
    const want = numFeasibleNodesToFind(N, I[h + abi.H_PERCENT]);
    const marked = prefilter(v, rec);
    beginPod(v, rec);
    const start = I[h + abi.H_START] < N ? I[h + abi.H_START] : 0;
    for (let i = 0; i < N; i++) {
      let n = start + i;
      if (n >= N) n -= N;
      const reason = filterNode(v, rec, n, marked);
      I[v.sReason + n] = reason;
      processed++;
      if (reason === abi.R_OK) {
        I[v.sFeas + found++] = n;
        if (found >= want) break;
      }
    }
    I[h + abi.H_START] = (start + processed) % N;
  }
  I[h + abi.H_LAST_FEAS] = found;
  I[h + abi.H_LAST_PROCESSED] = processed;
  I[rec + abi.P_OUT_FEAS] = found;
  I[rec + abi.P_OUT_PROCESSED] = processed;
  if (found === 0) {
    I[rec + abi.P_OUT_NODE] = -1;
    I[rec + abi.P_OUT_SCORE] = 0;
    return -1;
  }
  let chosen = I[v.sFeas];
  let best = 0;
  if (found > 1) {
    scoreFeasible(v, rec, found);
    const F = v.F;
    best = F[v.sTotal];
    let ties = 1;
    for (let k = 1; k < found; k++) {
      const s = F[v.sTotal + k];
      if (s > best) {
        best = s;
        chosen = I[v.sFeas + k];
        ties = 1;
      } else if (s === best) {
        ties++;
        if (randomBelow(I, h, ties) === 0) chosen = I[v.sFeas + k];
      }
    }
  }
  I[rec + abi.P_OUT_NODE] = chosen;
  I[rec + abi.P_OUT_SCORE] = best;
  place(v, rec, chosen);
  return chosen;
}

/** The reference kernel; its memory is a plain ArrayBuffer that grows like WebAssembly memory. */
export class ReferenceKernel implements Kernel {
  readonly name = 'ts';
  private memory = new ArrayBuffer(64 * 1024);

  get buffer(): ArrayBuffer {
    return this.memory;
  }

  reserve(bytes: number): number {
    const need = BASE + bytes;
    if (need > this.memory.byteLength) {
      const grown = new ArrayBuffer(Math.ceil(Math.max(need, this.memory.byteLength * 1.5) / 65536) * 65536);
      new Uint8Array(grown).set(new Uint8Array(this.memory));
      this.memory = grown;
    }
    return BASE;
  }

  schedule(base: number, first: number, count: number): number {
    const v = new KernelView(this.memory, base);
    const end = first + count;
    for (let p = first; p < end; p++) {
      if (schedulePod(v, v.pods + p * abi.POD_WORDS) < 0) return p + 1;
    }
    return end;
  }
}
