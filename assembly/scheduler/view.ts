/**
 * The kernel's view of the snapshot: the header's sizes and region addresses,
 * read into globals once per `schedule` call, and inlined accessors.
 * Every access is `load<T>`/`store<T>` on a byte address (no managed arrays:
 * the stub runtime has no bounds-checked array fast path worth using).
 */
import * as abi from './abi';

export let H: usize = 0;
export let N: i32 = 0;
export let NCAP: i32 = 0;
export let R: i32 = 0;
export let V: i32 = 0;
export let aAlloc: usize = 0;
export let aReq: usize = 0;
export let aNz: usize = 0;
export let aNflags: usize = 0;
export let aTaintOff: usize = 0;
export let aTaintLen: usize = 0;
export let aTaintHeap: usize = 0;
export let aTaintEffect: usize = 0;
export let aCols: usize = 0;
export let aValnum: usize = 0;
export let aImg: usize = 0;
export let aImgNodes: usize = 0;
export let aCnt: usize = 0;
export let aHold: usize = 0;
export let aPorts: usize = 0;
export let aLogw: usize = 0;
export let aFitW: usize = 0;
export let aBalW: usize = 0;
export let aPods: usize = 0;
export let aPi: usize = 0;
export let aPf: usize = 0;
export let sReason: usize = 0;
export let sDetail: usize = 0;
export let sMark: usize = 0;
export let sFeas: usize = 0;
export let sTotal: usize = 0;
export let sRaw: usize = 0;
export let sDom: usize = 0;
export let sElig: usize = 0;

/** i32 element `i` of the region at byte address `a`. */
// @ts-ignore: decorator
@inline export function geti(a: usize, i: i32): i32 {
  return load<i32>(a + (<usize>i << 2));
}
// @ts-ignore: decorator
@inline export function seti(a: usize, i: i32, x: i32): void {
  store<i32>(a + (<usize>i << 2), x);
}
/** f64 element `i` of the region at byte address `a`. */
// @ts-ignore: decorator
@inline export function getf(a: usize, i: i32): f64 {
  return load<f64>(a + (<usize>i << 3));
}
// @ts-ignore: decorator
@inline export function setf(a: usize, i: i32, x: f64): void {
  store<f64>(a + (<usize>i << 3), x);
}
/** Header word. */
// @ts-ignore: decorator
@inline export function hdr(word: i32): i32 {
  return geti(H, word);
}
// @ts-ignore: decorator
@inline export function setHdr(word: i32, x: i32): void {
  seti(H, word, x);
}
/** Pod-record word. */
// @ts-ignore: decorator
@inline export function podi(rec: usize, word: i32): i32 {
  return geti(rec, word);
}
/** Address of pod-heap (i32) entry `i`. */
// @ts-ignore: decorator
@inline export function piAddr(i: i32): usize {
  return aPi + (<usize>i << 2);
}
/** Label value id of node `n` in column `col` (-1: absent, also for col -1: a key no node has). */
// @ts-ignore: decorator
@inline export function valueAt(col: i32, n: i32): i32 {
  return col < 0 ? -1 : geti(aCols, col * NCAP + n);
}
/** Fills `count` i32 words at `a` with 0 or -1. */
// @ts-ignore: decorator
@inline export function fillWords(a: usize, x: i32, count: i32): void {
  memory.fill(a, <u8>x, <usize>count << 2);
}

/** Reads the header at `base` into the globals. */
export function readHeader(base: usize): void {
  H = base;
  N = hdr(abi.H_N);
  NCAP = hdr(abi.H_NCAP);
  R = hdr(abi.H_R);
  V = hdr(abi.H_V);
  aAlloc = <usize>hdr(abi.A_ALLOC);
  aReq = <usize>hdr(abi.A_REQ);
  aNz = <usize>hdr(abi.A_NZ);
  aNflags = <usize>hdr(abi.A_NFLAGS);
  aTaintOff = <usize>hdr(abi.A_TAINT_OFF);
  aTaintLen = <usize>hdr(abi.A_TAINT_LEN);
  aTaintHeap = <usize>hdr(abi.A_TAINT_HEAP);
  aTaintEffect = <usize>hdr(abi.A_TAINT_EFFECT);
  aCols = <usize>hdr(abi.A_COLS);
  aValnum = <usize>hdr(abi.A_VALNUM);
  aImg = <usize>hdr(abi.A_IMG);
  aImgNodes = <usize>hdr(abi.A_IMG_NODES);
  aCnt = <usize>hdr(abi.A_CNT);
  aHold = <usize>hdr(abi.A_HOLD);
  aPorts = <usize>hdr(abi.A_PORTS);
  aLogw = <usize>hdr(abi.A_LOGW);
  aFitW = <usize>hdr(abi.A_FIT_W);
  aBalW = <usize>hdr(abi.A_BAL_W);
  aPods = <usize>hdr(abi.A_PODS);
  aPi = <usize>hdr(abi.A_PI32);
  aPf = <usize>hdr(abi.A_PF64);
  sReason = <usize>hdr(abi.A_S_REASON);
  sDetail = <usize>hdr(abi.A_S_DETAIL);
  sMark = <usize>hdr(abi.A_S_MARK);
  sFeas = <usize>hdr(abi.A_S_FEAS);
  sTotal = <usize>hdr(abi.A_S_TOTAL);
  sRaw = <usize>hdr(abi.A_S_RAW);
  sDom = <usize>hdr(abi.A_S_DOM);
  sElig = <usize>hdr(abi.A_S_ELIG);
}
