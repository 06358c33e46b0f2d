/**
 * Where each region of the snapshot lives in kernel memory, for given capacities.
 * Capacities only grow (doubling), and a new layout means a full re-encode, so
 * growth is rare and amortised; every other update rewrites changed slots in place.
 */
import * as abi from '../kernel/abi.js';

/** Sizes the layout is computed for. */
export interface Capacities {
  nodes: number;
  resources: number;
  columns: number;
  values: number;
  images: number;
  matchers: number;
  holds: number;
  taints: number;
  taintHeap: number;
  ports: number;
  batch: number;
  podI32: number;
  podF64: number;
}

/** Starting capacities: enough for a small cluster without any regrowth. */
export const INITIAL_CAPACITIES: Capacities = {
  nodes: 64, resources: 8, columns: 8, values: 256, images: 4, matchers: 8, holds: 8,
  taints: 32, taintHeap: 256, ports: 64, batch: 256, podI32: 32 * 1024, podF64: 4 * 1024,
};

/** Byte address of each region (absolute, from the kernel's base). */
export interface Layout {
  caps: Capacities;
  base: number;
  bytes: number;
  /** abi A_* word -> byte address. */
  addr: Map<number, number>;
}

/** Computes the addresses of every region for `caps`, starting at `base`. */
export function computeLayout(caps: Capacities, base: number): Layout {
  const addr = new Map<number, number>();
  let at = base + abi.HEADER_WORDS * 4;
  const region = (word: number, elements: number, size: 4 | 8): void => {
    at = Math.ceil(at / 8) * 8;
    addr.set(word, at);
    at += Math.max(1, elements) * size;
  };
  const n = caps.nodes;
  region(abi.A_ALLOC, caps.resources * n, 8);
  region(abi.A_REQ, caps.resources * n, 8);
  region(abi.A_NZ, 2 * n, 8);
  region(abi.A_NFLAGS, n, 4);
  region(abi.A_TAINT_OFF, n, 4);
  region(abi.A_TAINT_LEN, n, 4);
  region(abi.A_TAINT_HEAP, caps.taintHeap, 4);
  region(abi.A_TAINT_EFFECT, caps.taints, 4);
  region(abi.A_COLS, caps.columns * n, 4);
  region(abi.A_VALNUM, caps.values, 8);
  region(abi.A_IMG, caps.images * n, 8);
  region(abi.A_IMG_NODES, caps.images, 4);
  region(abi.A_CNT, caps.matchers * n, 4);
  region(abi.A_HOLD, caps.holds * n, 4);
  region(abi.A_PORTS, caps.ports * 3, 4);
  region(abi.A_LOGW, n + 1, 8);
  region(abi.A_FIT_W, caps.resources, 4);
  region(abi.A_BAL_W, caps.resources, 4);
  region(abi.A_PODS, caps.batch * abi.POD_WORDS, 4);
  region(abi.A_PI32, caps.podI32, 4);
  region(abi.A_PF64, caps.podF64, 8);
  region(abi.A_S_REASON, n, 4);
  region(abi.A_S_DETAIL, n, 4);
  region(abi.A_S_MARK, n, 4);
  region(abi.A_S_FEAS, n, 4);
  region(abi.A_S_TOTAL, n, 8);
  region(abi.A_S_RAW, n, 8);
  region(abi.A_S_DOM, caps.values, 4);
  region(abi.A_S_ELIG, n, 4);
  return { caps, base, bytes: at - base, addr };
}

/** Smallest power-of-two multiple of `current` that holds `needed`. */
export function grown(current: number, needed: number): number {
  let c = Math.max(1, current);
  while (c < needed) c *= 2;
  return c;
}
