// Maglev lookup table (NSDI 2016) built and read in WebAssembly.
// Memory is owned by the module: the host calls reserve(), writes backend keys
// (UTF-8) and their end offsets through views at keysPtr()/offsetsPtr(), then
// build(); lookup() reads an entry. Hashes match node-agent/proxy/hash.ts exactly.

const FNV_OFFSET: u32 = 0x811c9dc5;
const FNV_PRIME: u32 = 0x01000193;
const ALT_OFFSET: u32 = 0x9747b28c;

let keysAt: usize = 0;
let offsetsAt: usize = 0;
let posAt: usize = 0;
let skipAt: usize = 0;
let tableAt: usize = 0;
let tableSize: u32 = 0;

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
  tableAt = align16(skipAt + (<usize>n << 2));
  const end = tableAt + (<usize>size << 2);
  const have = <usize>memory.size() << 16;
  if (end > have) memory.grow(<i32>((end - have + 0xffff) >> 16));
}

/** Where the host writes the concatenated key bytes. */
export function keysPtr(): usize { return keysAt; }

/** Where the host writes n+1 u32 offsets: key i is bytes [offsets[i], offsets[i+1]). */
export function offsetsPtr(): usize { return offsetsAt; }

/** The table of `size` i32 entries (backend index per slot). */
export function tablePtr(): usize { return tableAt; }

/** Fills the table: backends take turns claiming the next free slot of their own permutation. */
export function build(n: i32, size: i32): void {
  const m = <u32>size;
  tableSize = m;
  memory.fill(tableAt, 0xff, <usize>m << 2);
  if (n == 0) return;
  for (let i = 0; i < n; i++) {
    const from = <usize>load<u32>(offsetsAt + (<usize>i << 2));
    const to = <usize>load<u32>(offsetsAt + (<usize>(i + 1) << 2));
    store<u32>(posAt + (<usize>i << 2), fmix32(fnv1a(keysAt + from, to - from, FNV_OFFSET)) % m);
    store<u32>(skipAt + (<usize>i << 2), fmix32(fnv1a(keysAt + from, to - from, ALT_OFFSET)) % (m - 1) + 1);
  }
  let filled: u32 = 0;
  while (true) {
    for (let i = 0; i < n; i++) {
      const pa = posAt + (<usize>i << 2);
      const skip = load<u32>(skipAt + (<usize>i << 2));
      let c = load<u32>(pa);
      while (load<i32>(tableAt + (<usize>c << 2)) >= 0) {
        c += skip;
        if (c >= m) c -= m;
      }
      store<i32>(tableAt + (<usize>c << 2), i);
      c += skip;
      store<u32>(pa, c >= m ? c - m : c);
      filled++;
      if (filled == m) return;
    }
  }
}

/** The backend index for a client hash. */
export function lookup(hash: u32): i32 {
  return load<i32>(tableAt + (<usize>(hash % tableSize) << 2));
}
