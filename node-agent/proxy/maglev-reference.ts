/**
 * Maglev consistent hashing (Eisenbud et al., NSDI 2016) in plain TypeScript: the
 * reference the WebAssembly kernel must match entry for entry, and the benchmark
 * baseline. Each backend walks its own permutation of the table (offset + j*skip
 * mod M, M prime) and backends take turns claiming their next free slot, so every
 * backend gets M/N entries (±1) and removing one backend moves few other entries.
 */
import { keyBytes, offsetHash, skipHash } from './hash.js';

/** Default table size, as Maglev's and Envoy's. */
export const DEFAULT_TABLE_SIZE = 65537;

function isPrime(n: number): boolean {
  if (n < 2) return false;
  if (n % 2 === 0) return n === 2;
  for (let d = 3; d * d <= n; d += 2) if (n % d === 0) return false;
  return true;
}

/** Table size for N backends: 65537, or the smallest prime >= 100 × N when that is larger. */
export function tableSizeFor(backends: number): number {
  let m = Math.max(DEFAULT_TABLE_SIZE, backends * 100);
  while (!isPrime(m)) m++;
  return m;
}

/** Builds the lookup table: entry → backend index (-1 only when there are no backends). */
export function buildTableReference(backendKeys: string[], size: number): Int32Array {
  const n = backendKeys.length;
  const table = new Int32Array(size).fill(-1);
  if (n === 0) return table;
  const pos = new Uint32Array(n);
  const skip = new Uint32Array(n);
  backendKeys.forEach((k, i) => {
    const bytes = keyBytes(k);
    pos[i] = offsetHash(bytes) % size;
    skip[i] = (skipHash(bytes) % (size - 1)) + 1;
  });
  let filled = 0;
  for (;;) {
    for (let i = 0; i < n; i++) {
      let c = pos[i];
      while (table[c] >= 0) {
        c += skip[i];
        if (c >= size) c -= size;
      }
      table[c] = i;
      c += skip[i];
      pos[i] = c >= size ? c - size : c;
      if (++filled === size) return table;
    }
  }
}
