/**
 * Host side of the WebAssembly Maglev kernel (assembly/maglev). The module is
 * compiled once; every table build gets its own instance, so a rebuild never
 * touches the table live connections read, and the swap is one assignment. A
 * table the balancer has swapped out is released, and its instance (memory
 * already grown and paged in) is reused by a later build.
 * Keys are written straight into module-owned memory (no copies through the loader).
 */
import { readFile } from 'node:fs/promises';
import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import type { MaglevTable, TableBuilder } from './balancer.js';

interface MaglevExports {
  memory: WebAssembly.Memory;
  reserve(n: number, keyBytes: number, size: number): void;
  keysPtr(): number;
  offsetsPtr(): number;
  tablePtr(): number;
  build(n: number, size: number): void;
  lookup(hash: number): number;
  batchPtr(count: number): number;
  lookupBatch(count: number): void;
}

/** Idle instances kept for reuse, per compiled module. */
const POOL_LIMIT = 4;
const pools = new WeakMap<WebAssembly.Module, MaglevExports[]>();

function instanceOf(module: WebAssembly.Module): MaglevExports {
  const idle = pools.get(module)?.pop();
  if (idle) return idle;
  const instance = new WebAssembly.Instance(module, { env: { abort: () => { throw new Error('maglev kernel aborted'); } } });
  return instance.exports as unknown as MaglevExports;
}

function recycle(module: WebAssembly.Module, k: MaglevExports): void {
  let pool = pools.get(module);
  if (!pool) pools.set(module, pool = []);
  if (pool.length < POOL_LIMIT) pool.push(k);
}

/** Writes the keys' bytes and offsets into the kernel's memory: a byte per char for ASCII keys (ip:port), UTF-8 otherwise. */
function writeKeys(k: MaglevExports, keys: string[], size: number): void {
  let ascii = true;
  let total = 0;
  for (const key of keys) {
    total += key.length;
    for (let j = 0; ascii && j < key.length; j++) if (key.charCodeAt(j) > 127) ascii = false;
  }
  const encoded = ascii ? undefined : keys.map((key) => encoder.encode(key));
  if (encoded) total = encoded.reduce((a, b) => a + b.length, 0);
  k.reserve(keys.length, total, size);
  const bytes = new Uint8Array(k.memory.buffer, k.keysPtr(), total);
  const offsets = new Uint32Array(k.memory.buffer, k.offsetsPtr(), keys.length + 1);
  let at = 0;
  for (let i = 0; i < keys.length; i++) {
    offsets[i] = at;
    if (encoded) { bytes.set(encoded[i], at); at += encoded[i].length; continue; }
    const key = keys[i];
    for (let j = 0; j < key.length; j++) bytes[at++] = key.charCodeAt(j);
  }
  offsets[keys.length] = at;
}

const encoder = new TextEncoder();

/** Where `npm run build` puts the kernel, found from sources and from dist/. */
export function maglevWasmPath(): string {
  const candidates = ['../../build/maglev.wasm', '../../../build/maglev.wasm'].map((p) => fileURLToPath(new URL(p, import.meta.url)));
  const found = candidates.find((p) => existsSync(p));
  if (!found) throw new Error(`maglev.wasm not built (looked in ${candidates.join(', ')}): run npm run build`);
  return found;
}

/** Builds a table in an instance of its own and returns its lookups; `release()` hands the instance back for reuse. */
export function buildWithModule(module: WebAssembly.Module, keys: string[], size: number): MaglevTable {
  const k = instanceOf(module);
  writeKeys(k, keys, size);
  k.build(keys.length, size);
  const lookup = k.lookup;
  let live = true;
  return {
    size,
    entry: (h) => {
      if (!live) throw new Error('maglev table used after release');
      return lookup(h);
    },
    entries: (hashes) => {
      if (!live) throw new Error('maglev table used after release');
      const at = k.batchPtr(hashes.length); // may grow memory: take the buffer after
      const view = new Uint32Array(k.memory.buffer, at, hashes.length);
      view.set(hashes);
      k.lookupBatch(hashes.length);
      return new Int32Array(k.memory.buffer, view.byteOffset, hashes.length).slice();
    },
    release: () => {
      if (!live) return;
      live = false;
      recycle(module, k);
    },
  };
}

/** Reads the whole table out of an instance-backed build (for parity tests). */
export function tableEntries(table: MaglevTable): Int32Array {
  const out = new Int32Array(table.size);
  for (let i = 0; i < table.size; i++) out[i] = table.entry(i);
  return out;
}

let compiled: Promise<WebAssembly.Module> | undefined;

/** The WebAssembly table builder (compiles the module on first use). */
export async function wasmBuilder(): Promise<TableBuilder> {
  compiled ??= readFile(maglevWasmPath()).then((buf) => WebAssembly.compile(buf));
  const module = await compiled;
  return (keys, size) => buildWithModule(module, keys, size);
}
