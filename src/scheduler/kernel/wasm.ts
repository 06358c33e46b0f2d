/**
 * Host side of the WebAssembly scheduler kernel (assembly/scheduler, built by
 * `npm run build:wasm` into build/scheduler.wasm). Exports are called raw (no
 * loader wrappers): only i32 crosses the boundary, and the snapshot is written
 * straight into the module's memory.
 */
import { existsSync, readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import type { Kernel } from './types.js';

interface SchedulerExports {
  memory: WebAssembly.Memory;
  reserve(bytes: number): number;
  schedule(base: number, first: number, count: number): number;
}

/** Where the build puts the kernel; found both from sources (src/scheduler/kernel) and from dist/src/scheduler/kernel. */
export function schedulerWasmPath(): string {
  const candidates = ['../../../build/scheduler.wasm', '../../../../build/scheduler.wasm'].map((p) => fileURLToPath(new URL(p, import.meta.url)));
  const found = candidates.find((p) => existsSync(p));
  if (!found) throw new Error(`scheduler.wasm is not built (looked in ${candidates.join(', ')}): run npm run build:wasm`);
  return found;
}

let compiled: WebAssembly.Module | undefined;

/** The WebAssembly kernel; each instance owns its memory. */
export class WasmKernel implements Kernel {
  readonly name = 'wasm';
  private readonly exports: SchedulerExports;

  constructor(module?: WebAssembly.Module) {
    compiled ??= module ?? new WebAssembly.Module(readFileSync(schedulerWasmPath()));
    const instance = new WebAssembly.Instance(module ?? compiled, {
      env: { abort: () => { throw new Error('scheduler kernel aborted'); } },
    });
    this.exports = instance.exports as unknown as SchedulerExports;
  }

  get buffer(): ArrayBuffer {
    return this.exports.memory.buffer;
  }

  reserve(bytes: number): number {
    return this.exports.reserve(bytes);
  }

  schedule(base: number, first: number, count: number): number {
    return this.exports.schedule(base, first, count);
  }
}
