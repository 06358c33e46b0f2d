/**
 * The two byte hashes Maglev needs (offset and skip of a backend's permutation)
 * and the client hash, defined over UTF-8 bytes so the WebAssembly kernel
 * (assembly/maglev.ts) computes exactly the same values.
 */

const FNV_OFFSET = 0x811c9dc5;
const FNV_PRIME = 0x01000193;
/** A second offset basis, so h2 is independent of h1 over the same bytes. */
const ALT_OFFSET = 0x9747b28c;

/** FNV-1a, 32 bits, from a given offset basis. */
export function fnv1a(bytes: Uint8Array, basis = FNV_OFFSET): number {
  let h = basis >>> 0;
  for (let i = 0; i < bytes.length; i++) h = Math.imul(h ^ bytes[i], FNV_PRIME) >>> 0;
  return h >>> 0;
}

/** Murmur3's finaliser: spreads every input bit over the output. */
export function fmix32(x: number): number {
  let h = x >>> 0;
  h ^= h >>> 16;
  h = Math.imul(h, 0x85ebca6b) >>> 0;
  h ^= h >>> 13;
  h = Math.imul(h, 0xc2b2ae35) >>> 0;
  h ^= h >>> 16;
  return h >>> 0;
}

/** Backend offset hash (h1 in the Maglev paper). */
export function offsetHash(bytes: Uint8Array): number {
  return fmix32(fnv1a(bytes));
}

/** Backend skip hash (h2 in the Maglev paper). */
export function skipHash(bytes: Uint8Array): number {
  return fmix32(fnv1a(bytes, ALT_OFFSET));
}

/** The hash of a client key (`ip:port`, or `ip` for ClientIP affinity) that picks a table entry. */
export function clientHash(bytes: Uint8Array): number {
  return fmix32(fnv1a(bytes) ^ 0x5bd1e995);
}

const encoder = new TextEncoder();

/** UTF-8 bytes of a key. */
export function keyBytes(key: string): Uint8Array {
  return encoder.encode(key);
}
