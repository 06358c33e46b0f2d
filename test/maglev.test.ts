import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { wasmBuilder, tableEntries } from '../node-agent/proxy/maglev-wasm.js';
import { buildTableReference, tableSizeFor } from '../node-agent/proxy/maglev-reference.js';
import { clientHash, fnv1a, fmix32, keyBytes } from '../node-agent/proxy/hash.js';

/** Small seeded PRNG (mulberry32) so failures reproduce. */
function rng(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

test('hash functions: FNV-1a test vectors and finaliser', () => {
  assert.is(fnv1a(keyBytes('')), 0x811c9dc5);
  assert.is(fnv1a(keyBytes('a')), 0xe40c292c);
  assert.is(fnv1a(keyBytes('foobar')), 0xbf9cf968);
  assert.is(fmix32(0), 0);
  assert.is.not(clientHash(keyBytes('10.0.0.1:1234')), clientHash(keyBytes('10.0.0.1:1235')));
});

test('WebAssembly and TypeScript kernels build identical tables for random backend sets', async () => {
  const build = await wasmBuilder();
  const random = rng(42);
  for (let round = 0; round < 12; round++) {
    const n = 1 + Math.floor(random() * (round < 10 ? 60 : 1200));
    const keys = Array.from({ length: n }, () => `${Math.floor(random() * 256)}.${Math.floor(random() * 256)}.${Math.floor(random() * 256)}.${Math.floor(random() * 256)}:${1 + Math.floor(random() * 65535)}`);
    const unique = [...new Set(keys)];
    const size = tableSizeFor(unique.length);
    const wasm = tableEntries(build(unique, size));
    const ref = buildTableReference(unique, size);
    let diff = 0;
    for (let i = 0; i < size; i++) if (wasm[i] !== ref[i]) diff++;
    assert.is(diff, 0, `round ${round}: ${unique.length} backends, ${diff} entries differ`);
  }
});

test('an empty backend set gives a table of -1 entries', async () => {
  const build = await wasmBuilder();
  const t = tableEntries(build([], 65537));
  assert.ok(t.every((e) => e === -1));
});

test.run();
