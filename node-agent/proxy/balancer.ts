/**
 * Endpoint choice for one frontend: a Maglev table (rebuilt off the connection
 * path and swapped in one assignment when backends change), ClientIP affinity with
 * a timeout, and the retry order used when a backend refuses or resets.
 */
import { clientHash, keyBytes } from './hash.js';
import { buildTableReference, tableSizeFor } from './maglev-reference.js';
import type { Backend, Frontend } from './service-map.js';

/** A built lookup table: hash → backend index. */
export interface MaglevTable {
  readonly size: number;
  entry(hash: number): number;
  /** Many lookups in one call (the WebAssembly kernel crosses into the module once). */
  entries?(hashes: Uint32Array): Int32Array;
  /** Called once the table is swapped out and will not be read again, so its memory can be reused. */
  release?(): void;
}

/** Builds a table for backend keys (the TypeScript reference or the WebAssembly kernel). */
export type TableBuilder = (backendKeys: string[], size: number) => MaglevTable;

/** The TypeScript reference builder. */
export const referenceBuilder: TableBuilder = (keys, size) => {
  const table = buildTableReference(keys, size);
  return {
    size,
    entry: (h) => table[h % size],
    entries: (hashes) => {
      const out = new Int32Array(hashes.length);
      for (let i = 0; i < hashes.length; i++) out[i] = table[hashes[i] % size];
      return out;
    },
  };
};

/** Smallest affinity map that is swept for expired clients. */
const AFFINITY_SWEEP_MIN = 1024;

/** How many backends one connection tries before giving up (as the userspace proxy bounded its retries). */
export const MAX_TRIES = 3;

/** Picks backends for client connections of one frontend. */
export class Balancer {
  private backends: Backend[] = [];
  private keys = new Set<string>();
  private table?: MaglevTable;
  private readonly affinity = new Map<string, { key: string; lastUsed: number }>();
  /** The frontend's ClientIP timeout last asked for; affinity entries older than it are swept. */
  private affinityTimeoutMs = 0;
  /** Affinity map size that triggers the next sweep (doubles with the live entries, so sweeps stay amortised O(1)). */
  private sweepAt = AFFINITY_SWEEP_MIN;

  constructor(private readonly build: TableBuilder, private readonly now: () => number = Date.now, private readonly onRebuild?: () => void) {}

  /** Installs a new backend set: builds the table first, then swaps it in. */
  update(frontend: Frontend): void {
    const keys = frontend.backends.map((b) => b.key);
    const next = keys.length ? this.build(keys, tableSizeFor(keys.length)) : undefined;
    const previous = this.table;
    this.backends = frontend.backends;
    this.keys = new Set(keys);
    this.table = next;
    previous?.release?.();
    this.onRebuild?.();
  }

  /** Whether `key` is still one of the ready backends (a UDP session to a backend that left must pick again). */
  has(key: string): boolean {
    return this.keys.has(key);
  }

  /** Backends to try for a client, best first: the Maglev choice (or the affinity one), then the next distinct entries. */
  order(clientIp: string, clientPort: number, affinityTimeoutSeconds?: number): Backend[] {
    const table = this.table;
    const backends = this.backends;
    if (!table || !backends.length) return [];
    const byAffinity = affinityTimeoutSeconds !== undefined;
    const h = clientHash(keyBytes(byAffinity ? clientIp : `${clientIp}:${clientPort}`));
    const out: Backend[] = [];
    const seen = new Set<number>();
    if (byAffinity) {
      this.affinityTimeoutMs = affinityTimeoutSeconds * 1000;
      const remembered = this.affinity.get(clientIp);
      const idx = remembered && this.now() - remembered.lastUsed <= affinityTimeoutSeconds * 1000 ? backends.findIndex((b) => b.key === remembered.key) : -1;
      if (idx >= 0) { out.push(backends[idx]); seen.add(idx); }
    }
    const limit = Math.min(MAX_TRIES, backends.length);
    for (let k = 0; out.length < limit && k < table.size; k++) {
      const idx = table.entry((h + k) % table.size);
      if (idx < 0 || seen.has(idx)) continue;
      seen.add(idx);
      out.push(backends[idx]);
    }
    return out;
  }

  /** Records the backend a ClientIP-affinity client was sent to. */
  remember(clientIp: string, backend: Backend): void {
    const now = this.now();
    this.affinity.set(clientIp, { key: backend.key, lastUsed: now });
    if (this.affinity.size >= this.sweepAt) {
      for (const [ip, a] of this.affinity) if (now - a.lastUsed > this.affinityTimeoutMs) this.affinity.delete(ip);
      this.sweepAt = Math.max(AFFINITY_SWEEP_MIN, this.affinity.size * 2);
    }
  }

  /** Clients currently remembered for ClientIP affinity (bounded by the sweep). */
  get affinityEntries(): number {
    return this.affinity.size;
  }
}
