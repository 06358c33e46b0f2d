/**
 * Host side of the WebAssembly Maglev kernel (assembly/maglev). The module is
 * compiled once; every table build gets a fresh instance, so a rebuild never
 * touches the table live connections read, and the swap is one assignment.
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
}

const encoder = new TextEncoder();

/** Where `npm run build` puts the kernel, found from sources and from dist/. */
export function maglevWasmPath(): string {
  const candidates = ['../../build/maglev.wasm', '../../../build/maglev.wasm'].map((p) => fileURLToPath(new URL(p, import.meta.url)));
  const found = candidates.find((p) => existsSync(p));
  if (!found) throw new Error(`maglev.wasm not built (looked in ${candidates.join(', ')}): run npm run build`);
  return found;
}

/** Builds a table in a fresh instance and returns its lookup. */
export function buildWithModule(module: WebAssembly.Module, keys: string[], size: number): MaglevTable {
  const instance = new WebAssembly.Instance(module, { env: { abort: () => { throw new Error('maglev kernel aborted'); } } });
  const k = instance.exports as unknown as MaglevExports;
  const encoded = keys.map((key) => encoder.encode(key));
  const total = encoded.reduce((a, b) => a + b.length, 0);
  k.reserve(keys.length, total, size);
  const bytes = new Uint8Array(k.memory.buffer, k.keysPtr(), total);
  const offsets = new Uint32Array(k.memory.buffer, k.offsetsPtr(), keys.length + 1);
  let at = 0;
  encoded.forEach((e, i) => { offsets[i] = at; bytes.set(e, at); at += e.length; });
  offsets[keys.length] = at;
  k.build(keys.length, size);
  const lookup = k.lookup;
  return { size, entry: (h) => lookup(h) };
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
