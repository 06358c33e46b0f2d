/**
 * What the scheduler host needs from a kernel. Two implementations share the
 * memory layout of abi.ts: the WebAssembly kernel (assembly/scheduler) and the
 * TypeScript reference kernel (./reference).
 */

/** A filter/score kernel over module-owned memory. */
export interface Kernel {
  /** 'wasm' or 'ts', for logs and benchmarks. */
  readonly name: string;
  /**
   * Makes room for `bytes` bytes of snapshot data and returns its base address.
   * Contents below the old size are kept; `buffer` may be a new object afterwards
   * (WebAssembly memory growth detaches old views), so re-read it.
   */
  reserve(bytes: number): number;
  /** The kernel's memory; views over it stay valid until the next `reserve`. */
  readonly buffer: ArrayBuffer;
  /**
   * Schedules pod records [first, first + count) of the batch at `base`, each
   * seeing the placements of the ones before it. Stops after the first pod that
   * fits nowhere (so its per-node reasons can be read) and returns the index of
   * the next pod to schedule.
   */
  schedule(base: number, first: number, count: number): number;
}
