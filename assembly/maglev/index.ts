// Maglev lookup table (NSDI 2016) built and read in WebAssembly.
// Memory is owned by the module: the host calls reserve(), writes backend keys
// (UTF-8) and their end offsets through views at keysPtr()/offsetsPtr(), then
// build(); lookup() reads an entry, lookupBatch() many at once. Hashes match
// node-agent/proxy/hash.ts exactly, and the table matches the TypeScript reference
// (node-agent/proxy/maglev-reference.ts) entry for entry; only the way free slots
// are found differs (a bitmap while probing, a scan of the last free slots).

const FNV_OFFSET: u32 = 0x811c9dc5;
const FNV_PRIME: u32 = 0x01000193;
const ALT_OFFSET: u32 = 0x9747b28c;

let keysAt: usize = 0;
let offsetsAt: usize = 0;
let posAt: usize = 0;
let skipAt: usize = 0;
let tableAt: usize = 0;
let usedAt: usize = 0;
let freeAt: usize = 0;
let invAt: usize = 0;
let tableSize: u32 = 0;
let batchAt: usize = 0;

/**
 * Free slots left when the build switches from probing to scanning. Near the end a
 * probe finds a free slot only once in M/F tries, while a scan of the F free slots
 * (each one's distance along the backend's permutation) costs F and never mispredicts.
 */
const TAIL: u32 = 128;

// Tiny helpers are inlined: they run for every key byte and every table slot.
@inline function fnv1a(ptr: usize, len: usize, basis: u32): u32 {
  let h = basis;
  for (let i: usize = 0; i < len; i++) h = (h ^ <u32>load<u8>(ptr + i)) * FNV_PRIME;
  return h;
}

@inline function fmix32(x: u32): u32 {
  let h = x;
  h ^= h >> 16;
  h *= 0x85ebca6b;
  h ^= h >> 13;
  h *= 0xc2b2ae35;
  h ^= h >> 16;
  return h;
}

@inline function align16(n: usize): usize {
  return (n + 15) & ~<usize>15;
}

/** Lays out buffers for n backends, keyBytes of key text and a table of `size` entries; grows memory when needed. */
export function reserve(n: i32, keyBytes: i32, size: i32): void {
  keysAt = align16(__heap_base);
  offsetsAt = align16(keysAt + <usize>keyBytes);
  posAt = align16(offsetsAt + (<usize>(n + 1) << 2));
  skipAt = align16(posAt + (<usize>n << 2));
  usedAt = align16(skipAt + (<usize>n << 2));
  tableAt = align16(usedAt + (<usize>((size + 31) >> 5) << 2));
  freeAt = align16(tableAt + (<usize>size << 2));
  invAt = align16(freeAt + (<usize>TAIL << 2));
  batchAt = align16(invAt + (<usize>n << 2));
  const end = batchAt;
  const have = <usize>memory.size() << 16;
  if (end > have) memory.grow(<i32>((end - have + 0xffff) >> 16));
}

/** Where the host writes the concatenated key bytes. */
export function keysPtr(): usize { return keysAt; }

/** Where the host writes n+1 u32 offsets: key i is bytes [offsets[i], offsets[i+1]). */
export function offsetsPtr(): usize { return offsetsAt; }

/** The table of `size` i32 entries (backend index per slot). */
export function tablePtr(): usize { return tableAt; }

/**
 * Fills the table: backends take turns claiming the next free slot of their own
 * permutation. Which slots are taken is kept in a bitmap (8 KiB for M = 65537, so
 * it stays in L1 cache) rather than read back from the 256 KiB table: the probe
 * loop, about M ln M steps in all, is what a build costs.
 */
export function build(n: i32, size: i32): void {
  const m = <u32>size;
  tableSize = m;
  if (n == 0) {
    memory.fill(tableAt, 0xff, <usize>m << 2);
    return;
  }
  memory.fill(usedAt, 0, <usize>((m + 31) >> 5) << 2);
  for (let i = 0; i < n; i++) {
    const from = <usize>load<u32>(offsetsAt + (<usize>i << 2));
    const to = <usize>load<u32>(offsetsAt + (<usize>(i + 1) << 2));
    store<u32>(posAt + (<usize>i << 2), fmix32(fnv1a(keysAt + from, to - from, FNV_OFFSET)) % m);
    store<u32>(skipAt + (<usize>i << 2), fmix32(fnv1a(keysAt + from, to - from, ALT_OFFSET)) % (m - 1) + 1);
  }
  const used = usedAt;
  const table = tableAt;
  const tailFrom = m > TAIL ? m - TAIL : 0;
  let filled: u32 = 0;
  while (filled < tailFrom) {
    for (let i = 0; i < n; i++) {
      const pa = posAt + (<usize>i << 2);
      const skip = load<u32>(skipAt + (<usize>i << 2));
      let c = load<u32>(pa);
      while (usedBit(used, c)) c = addMod(c, skip, m);
      const wordAt = used + (<usize>(c >> 5) << 2);
      store<u32>(wordAt, load<u32>(wordAt) | (<u32>1 << (c & 31)));
      store<i32>(table + (<usize>c << 2), i);
      store<u32>(pa, addMod(c, skip, m));
      filled++;
      if (filled == tailFrom) {
        fillTail(i + 1 == n ? 0 : i + 1, n, m);
        return;
      }
    }
  }
  fillTail(0, n, m);
}

/**
 * The last free slots, backends still taking turns from `first`: each claims the
 * free slot nearest along its permutation, (f - pos) * skip^-1 mod M steps away.
 * Same table as probing, as the permutation visits every slot exactly once.
 */
function fillTail(first: i32, n: i32, m: u32): void {
  let free: u32 = 0;
  for (let w: u32 = 0; w < (m + 31) >> 5; w++) {
    let bits = ~load<u32>(usedAt + (<usize>w << 2));
    while (bits) {
      const c = (w << 5) + <u32>ctz(bits);
      if (c >= m) break;
      store<u32>(freeAt + (<usize>free << 2), c);
      free++;
      bits &= bits - 1;
    }
  }
  memory.fill(invAt, 0, <usize>n << 2);
  const m64 = <u64>m;
  const mu = (<u64>1 << 40) / m64;
  let i = first;
  while (free > 0) {
    const pa = posAt + (<usize>i << 2);
    const skip = load<u32>(skipAt + (<usize>i << 2));
    let inv = load<u32>(invAt + (<usize>i << 2));
    if (inv == 0) {
      inv = inverseMod(skip, m);
      store<u32>(invAt + (<usize>i << 2), inv);
    }
    const c = load<u32>(pa);
    const inv64 = <u64>inv;
    let best: u32 = 0xffffffff;
    let bestAt: u32 = 0;
    for (let k: u32 = 0; k < free; k++) {
      const f = load<u32>(freeAt + (<usize>k << 2));
      const p = <u64>(f >= c ? f - c : f + m - c) * inv64;
      let d = <u32>(p - ((p * mu) >> 40) * m64);
      d = d >= m ? d - m : d;
      if (d < best) { best = d; bestAt = k; }
    }
    const slot = load<u32>(freeAt + (<usize>bestAt << 2));
    free--;
    store<u32>(freeAt + (<usize>bestAt << 2), load<u32>(freeAt + (<usize>free << 2)));
    store<i32>(tableAt + (<usize>slot << 2), i);
    store<u32>(pa, addMod(slot, skip, m));
    i = i + 1 == n ? 0 : i + 1;
  }
}

/** x^-1 mod a prime m (extended Euclid). */
function inverseMod(x: u32, m: u32): u32 {
  let r0 = <i64>m, r1 = <i64>x, t0: i64 = 0, t1: i64 = 1;
  while (r1 != 0) {
    const q = r0 / r1;
    const r2 = r0 - q * r1; r0 = r1; r1 = r2;
    const t2 = t0 - q * t1; t0 = t1; t1 = t2;
  }
  return <u32>(t0 < 0 ? t0 + <i64>m : t0);
}

@inline function addMod(a: u32, b: u32, m: u32): u32 {
  const s = a + b;
  return s >= m ? s - m : s;
}

@inline function usedBit(used: usize, c: u32): u32 {
  return (load<u32>(used + (<usize>(c >> 5) << 2)) >> (c & 31)) & 1;
}

/** The backend index for a client hash. */
export function lookup(hash: u32): i32 {
  return load<i32>(tableAt + (<usize>(hash % tableSize) << 2));
}

/** Room for `count` u32 client hashes after the table (grows memory when needed); returns where to write them. */
export function batchPtr(count: i32): usize {
  const end = batchAt + (<usize>count << 2);
  const have = <usize>memory.size() << 16;
  if (end > have) memory.grow(<i32>((end - have + 0xffff) >> 16));
  return batchAt;
}

/** Looks up `count` hashes written at batchPtr(), replacing each by its backend index: one call for many lookups. */
export function lookupBatch(count: i32): void {
  const m = tableSize;
  for (let k: usize = 0; k < <usize>count; k++) {
    const at = batchAt + (k << 2);
    store<i32>(at, load<i32>(tableAt + (<usize>(load<u32>(at) % m) << 2)));
  }
}
