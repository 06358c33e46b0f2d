/**
 * The reference kernel's window on the snapshot: typed-array views over the
 * kernel memory and the header's region addresses turned into element indices
 * (i32 regions: byte address / 4; f64 regions: byte address / 8), read once per call.
 */
import * as abi from '../abi.js';

/** Element indices of every region, for one `schedule` call. */
export class KernelView {
  readonly I: Int32Array;
  readonly F: Float64Array;
  /** Header start (i32 index). */
  readonly h: number;
  readonly N: number;
  readonly NCAP: number;
  readonly R: number;
  readonly V: number;
  readonly alloc: number;
  readonly req: number;
  readonly nz: number;
  readonly nflags: number;
  readonly taintOff: number;
  readonly taintLen: number;
  readonly taintHeap: number;
  readonly taintEffect: number;
  readonly cols: number;
  readonly valnum: number;
  readonly img: number;
  readonly imgNodes: number;
  readonly cnt: number;
  readonly hold: number;
  readonly ports: number;
  readonly logw: number;
  readonly fitW: number;
  readonly balW: number;
  readonly pods: number;
  readonly pi: number;
  readonly pf: number;
  readonly sReason: number;
  readonly sDetail: number;
  readonly sMark: number;
  readonly sFeas: number;
  readonly sTotal: number;
  readonly sRaw: number;
  readonly sDom: number;
  readonly sElig: number;

  constructor(buffer: ArrayBuffer, base: number) {
    const I = new Int32Array(buffer);
    this.I = I;
    this.F = new Float64Array(buffer);
    const h = base >> 2;
    this.h = h;
    this.N = I[h + abi.H_N];
    this.NCAP = I[h + abi.H_NCAP];
    this.R = I[h + abi.H_R];
    this.V = I[h + abi.H_V];
    const i32 = (word: number): number => I[h + word] >> 2;
    const f64 = (word: number): number => I[h + word] >> 3;
    this.alloc = f64(abi.A_ALLOC);
    this.req = f64(abi.A_REQ);
    this.nz = f64(abi.A_NZ);
    this.nflags = i32(abi.A_NFLAGS);
    this.taintOff = i32(abi.A_TAINT_OFF);
    this.taintLen = i32(abi.A_TAINT_LEN);
    this.taintHeap = i32(abi.A_TAINT_HEAP);
    this.taintEffect = i32(abi.A_TAINT_EFFECT);
    this.cols = i32(abi.A_COLS);
    this.valnum = f64(abi.A_VALNUM);
    this.img = f64(abi.A_IMG);
    this.imgNodes = i32(abi.A_IMG_NODES);
    this.cnt = i32(abi.A_CNT);
    this.hold = i32(abi.A_HOLD);
    this.ports = i32(abi.A_PORTS);
    this.logw = f64(abi.A_LOGW);
    this.fitW = i32(abi.A_FIT_W);
    this.balW = i32(abi.A_BAL_W);
    this.pods = i32(abi.A_PODS);
    this.pi = i32(abi.A_PI32);
    this.pf = f64(abi.A_PF64);
    this.sReason = i32(abi.A_S_REASON);
    this.sDetail = i32(abi.A_S_DETAIL);
    this.sMark = i32(abi.A_S_MARK);
    this.sFeas = i32(abi.A_S_FEAS);
    this.sTotal = f64(abi.A_S_TOTAL);
    this.sRaw = f64(abi.A_S_RAW);
    this.sDom = i32(abi.A_S_DOM);
    this.sElig = i32(abi.A_S_ELIG);
  }

  /** Label value id of node `n` in column `col` (-1: absent, also for col -1: a key no node has). */
  value(col: number, n: number): number {
    return col < 0 ? -1 : this.I[this.cols + col * this.NCAP + n];
  }
}
