/**
 * Maglev and service proxy benchmark: table build time for 10, 100 and 1,000
 * backends at M = 65537 (WebAssembly kernel, TypeScript reference, and the
 * `hashring` package's ketama ring as a peer), lookups per second (one call per
 * lookup and batched), disruption when a backend leaves or joins, load imbalance,
 * then requests/s and MB/s through a ClusterIP versus straight to a backend, and
 * how fast an EndpointSlice change is applied. Prints the figures, then one JSON
 * line.   npm run bench:maglev   (npm run bench:proxy runs the same)
 */
import { createServer, request, Agent } from 'node:http';
import { spawn, type ChildProcess } from 'node:child_process';
import { createRequire } from 'node:module';
import { fileURLToPath } from 'node:url';
import { cpus, loadavg } from 'node:os';
import { startRedisServer, freePort } from '../src/util/redis-server.js';
import { startApiserver } from '../src/apiserver/server.js';
import { RestClient } from '../src/client/index.js';
import { ServiceProxy } from '../node-agent/proxy/proxy.js';
import { wasmBuilder, tableEntries } from '../node-agent/proxy/maglev-wasm.js';
import { referenceBuilder, type MaglevTable, type TableBuilder } from '../node-agent/proxy/balancer.js';
import { tableSizeFor } from '../node-agent/proxy/maglev-reference.js';
import { findResource } from '../src/api/resources.js';

const M = 65537;
const SIZES = [10, 100, 1000];

interface HashRingLike { get(key: string): string; }
const HashRing = createRequire(import.meta.url)('hashring') as new (servers: string[]) => HashRingLike;

const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];
const pct = (xs: number[], p: number) => [...xs].sort((a, b) => a - b)[Math.min(xs.length - 1, Math.floor(xs.length * p / 100))];
const keysFor = (n: number, from = 0) => Array.from({ length: n }, (_, j) => { const i = j + from; return `10.${(i >> 16) & 255}.${(i >> 8) & 255}.${i & 255}:8080`; });

/** Median time of `reps` calls, after a warm-up (JIT tiers, instance pool). */
function timeIt(fn: () => void, reps: number): number {
  for (let r = 0; r < 5; r++) fn();
  const times: number[] = [];
  for (let r = 0; r < reps; r++) {
    const t = performance.now();
    fn();
    times.push(performance.now() - t);
  }
  return median(times);
}

/** Steady-state build as the proxy does it: the swapped-out table is released and its instance reused. */
const buildReleased = (build: TableBuilder, keys: string[]) => () => build(keys, M).release?.();

function randomHashes(count: number, seed = 0x12345678): Uint32Array {
  const out = new Uint32Array(count);
  let h = seed;
  for (let i = 0; i < count; i++) { h = (Math.imul(h, 1664525) + 1013904223) >>> 0; out[i] = h; }
  return out;
}

/** Lookups per second: one call per lookup, and (where the table offers it) one call per 65,536 lookups. */
function lookupRates(table: MaglevTable): { single: number; batched: number } {
  const hashes = randomHashes(1 << 16);
  let sink = 0;
  const rounds = 30;
  const single = timeIt(() => { for (let i = 0; i < hashes.length; i++) sink += table.entry(hashes[i]); }, rounds);
  const batched = table.entries ? timeIt(() => { sink += table.entries!(hashes)[0]; }, rounds) : NaN;
  if (sink === 0.5) console.log('');
  return { single: hashes.length / (single / 1000), batched: hashes.length / (batched / 1000) };
}

/** Fraction of entries whose backend changed between two tables (compared by backend key). */
function moved(before: Int32Array, beforeKeys: string[], after: Int32Array, afterKeys: string[], skip?: string): number {
  let changed = 0;
  let counted = 0;
  for (let i = 0; i < before.length; i++) {
    const was = beforeKeys[before[i]];
    if (was === skip) continue;
    counted++;
    if (was !== afterKeys[after[i]]) changed++;
  }
  return changed / counted;
}

function ringMoved(a: HashRingLike, b: HashRingLike, probes: string[], skip?: string): number {
  let changed = 0;
  let counted = 0;
  for (const p of probes) {
    const was = a.get(p);
    if (was === skip) continue;
    counted++;
    if (was !== b.get(p)) changed++;
  }
  return changed / counted;
}

function imbalance(counts: Map<string | number, number>, n: number, total: number): number {
  return Math.max(...counts.values()) / (total / n);
}

async function rps(host: string, port: number, seconds: number, concurrency: number): Promise<number> {
  const agent = new Agent({ keepAlive: false, maxSockets: concurrency });
  let done = 0;
  const end = Date.now() + seconds * 1000;
  const worker = async () => {
    while (Date.now() < end) {
      await new Promise<void>((resolve, reject) => {
        const req = request({ host, port, path: '/', agent }, (res) => { res.resume(); res.on('end', () => resolve()); });
        req.on('error', reject);
        req.end();
      });
      done++;
    }
  };
  await Promise.all(Array.from({ length: concurrency }, worker));
  agent.destroy();
  return done / seconds;
}

/** MB/s of 8 MiB responses over one kept-alive connection per client. */
async function throughput(host: string, port: number, seconds: number, concurrency: number): Promise<number> {
  const agent = new Agent({ keepAlive: true, maxSockets: concurrency });
  let bytes = 0;
  const start = Date.now();
  const end = start + seconds * 1000;
  const worker = async () => {
    while (Date.now() < end) {
      await new Promise<void>((resolve, reject) => {
        const req = request({ host, port, path: '/big', agent }, (res) => { res.on('data', (d: Buffer) => { bytes += d.length; }); res.on('end', () => resolve()); });
        req.on('error', reject);
        req.end();
      });
    }
  };
  await Promise.all(Array.from({ length: concurrency }, worker));
  agent.destroy();
  return bytes / 1e6 / ((Date.now() - start) / 1000);
}

async function waitForAnswer(host: string, port: number): Promise<void> {
  for (let i = 0; i < 300; i++) {
    try { await rps(host, port, 0.05, 1); return; } catch { await new Promise((r) => setTimeout(r, 50)); }
  }
  throw new Error(`${host}:${port} never answered`);
}

function kernelFigures(wasm: TableBuilder) {
  const builds: Record<number, { wasm: number; wasmFresh: number; ts: number; hashring: number }> = {};
  for (const n of SIZES) {
    const keys = keysFor(n);
    builds[n] = {
      wasm: timeIt(buildReleased(wasm, keys), 41),
      wasmFresh: timeIt(() => { wasm(keys, M); }, 21),
      ts: timeIt(buildReleased(referenceBuilder, keys), 21),
      hashring: timeIt(() => { new HashRing(keys); }, 11),
    };
  }
  const keys = keysFor(1000);
  const wt = wasm(keys, M);
  const lookWasm = lookupRates(wt);
  const lookTs = lookupRates(referenceBuilder(keys, M));
  const ring = new HashRing(keys);
  const probes = Array.from({ length: 200_000 }, (_, i) => `172.${(i >> 16) & 255}.${(i >> 8) & 255}.${i & 255}:${1024 + (i % 50000)}`);
  const ringSingle = timeIt(() => { for (let i = 0; i < 20_000; i++) ring.get(probes[i]); }, 5);
  const lookRing = 20_000 / (ringSingle / 1000);

  // Disruption and imbalance at N = 1000 (and 100), M = 65537.
  const disruption: Record<number, { removeOthers: number; add: number; ringRemoveOthers: number; ringAdd: number }> = {};
  const balance: Record<number, { maglev: number; ring: number }> = {};
  for (const n of [100, 1000]) {
    const base = keysFor(n);
    const t0 = tableEntries(wasm(base, M));
    const removedKey = base[Math.floor(n / 2)];
    const less = base.filter((k) => k !== removedKey);
    const more = [...base, keysFor(1, n)[0]];
    const tLess = tableEntries(wasm(less, M));
    const tMore = tableEntries(wasm(more, M));
    const r0 = new HashRing(base);
    const rLess = new HashRing(less);
    const rMore = new HashRing(more);
    const sample = probes.slice(0, 100_000);
    disruption[n] = {
      removeOthers: moved(t0, base, tLess, less, removedKey),
      add: moved(t0, base, tMore, more),
      ringRemoveOthers: ringMoved(r0, rLess, sample, removedKey),
      ringAdd: ringMoved(r0, rMore, sample),
    };
    const counts = new Map<number, number>();
    for (const e of t0) counts.set(e, (counts.get(e) ?? 0) + 1);
    const ringCounts = new Map<string, number>();
    for (const p of sample) { const s = r0.get(p); ringCounts.set(s, (ringCounts.get(s) ?? 0) + 1); }
    balance[n] = { maglev: imbalance(counts, n, M), ring: imbalance(ringCounts, n, sample.length) };
  }
  // The proxy sizes tables at M >= 100 x N: 100003 for 1,000 backends.
  const big = tableSizeFor(1000);
  const base = keysFor(1000);
  const t0 = tableEntries(wasm(base, big));
  const removedKey = base[500];
  const less = base.filter((k) => k !== removedKey);
  const more = [...base, keysFor(1, 1000)[0]];
  const sized = { m: big, removeOthers: moved(t0, base, tableEntries(wasm(less, big)), less, removedKey), add: moved(t0, base, tableEntries(wasm(more, big)), more) };
  return { builds, lookWasm, lookTs, lookRing, disruption, balance, sized };
}

async function proxyFigures(wasm: TableBuilder) {
  const redis = await startRedisServer();
  const range = `127.96.${1 + Math.floor(Math.random() * 250)}.0/24`;
  const api = await startApiserver({ redisUrl: redis.url, port: 0, processMetrics: false, serviceClusterIPRange: range });
  const client = new RestClient({ server: api.url });
  const children: ChildProcess[] = [];
  try {
    const backendPort = await freePort();
    const ips = ['127.0.2.1', '127.0.2.2', '127.0.2.3'];
    const servers = await Promise.all(ips.map((ip) => new Promise<ReturnType<typeof createServer>>((resolve) => {
      const s = createServer((_q, r) => r.end(ip));
      s.listen(backendPort, ip, () => resolve(s));
    })));
    const proxy = new ServiceProxy({ client, builder: wasm });
    await proxy.start();
    const svc = await client.create(SERVICES, 'default', { metadata: { name: 'bench' }, spec: { ports: [{ name: 'http', port: 80 }] } } as never) as any;
    const slice = (ready: boolean[]) => ({ metadata: { name: 'bench-1', namespace: 'default', labels: { 'kubernetes.io/service-name': 'bench' } }, addressType: 'IPv4', ports: [{ name: 'http', port: backendPort, protocol: 'TCP' }], endpoints: ips.map((ip, i) => ({ addresses: [ip], conditions: { ready: ready[i] } })) });
    const created = await client.create(SLICES, 'default', slice([true, true, true]) as never) as any;
    while (!proxy.frontends().some((f) => f.backends.length === 3)) await new Promise((r) => setTimeout(r, 5));
    const applyMs: number[] = [];
    let rv = created.metadata.resourceVersion;
    for (let i = 0; i < 40; i++) {
      const want = i % 2 === 0 ? 2 : 3;
      const t = performance.now();
      const updated = await client.update(SLICES, { ...slice([true, want === 3, true]), metadata: { ...slice([]).metadata, resourceVersion: rv } } as never) as any;
      rv = updated.metadata.resourceVersion;
      while (!proxy.frontends().some((f) => f.backends.length === want)) await new Promise((r) => setImmediate(r));
      applyMs.push(performance.now() - t);
    }
    await proxy.stop();
    for (const s of servers) s.close();
    // Backends and proxy in processes of their own, as in a cluster.
    const big = 8 * 1024 * 1024;
    children.push(spawn(process.execPath, ['-e', `const h=require('node:http');const big=Buffer.alloc(${big},120);for(const ip of ${JSON.stringify(ips)})h.createServer((q,r)=>q.url==='/big'?r.end(big):r.end(ip)).listen(${backendPort},ip);`], { stdio: 'ignore' }));
    children.push(spawn(process.execPath, [fileURLToPath(new URL('../src/cli/main.js', import.meta.url)), 'proxy', '--server', api.url, '--metrics-port', '0'], { stdio: 'ignore' }));
    // A Service with one backend, so "direct" and "through the proxy" reach the same server.
    await client.update(SLICES, { ...slice([true, false, false]), metadata: { ...slice([]).metadata, resourceVersion: rv } } as never);
    await waitForAnswer(svc.spec.clusterIP, 80);
    await waitForAnswer(ips[0], backendPort);
    const direct = await rps(ips[0], backendPort, 3, 32);
    const proxied = await rps(svc.spec.clusterIP, 80, 3, 32);
    const directMBs = await throughput(ips[0], backendPort, 3, 4);
    const proxiedMBs = await throughput(svc.spec.clusterIP, 80, 3, 4);
    return { applyMs, direct, proxied, directMBs, proxiedMBs };
  } finally {
    for (const c of children) c.kill();
    await api.close();
    await redis.stop();
  }
}

const SERVICES = findResource('', 'v1', 'services')!;
const SLICES = findResource('discovery.k8s.io', 'v1', 'endpointslices')!;

async function main(): Promise<void> {
  const wasm = await wasmBuilder();
  const k = kernelFigures(wasm);
  const p = await proxyFigures(wasm);
  const f = (x: number, d = 2) => x.toFixed(d);
  console.log(`machine: ${cpus().length} x ${cpus()[0]?.model}, node ${process.version}, load average ${loadavg().map((x) => x.toFixed(2)).join(' ')}`);
  console.log(`table build at M=${M} (median): wasm (instance reused) / wasm (fresh instance) / ts reference / hashring ring (160 points per backend)`);
  for (const n of SIZES) {
    const b = k.builds[n];
    console.log(`  N=${String(n).padStart(4)}: ${f(b.wasm, 3)} / ${f(b.wasmFresh, 3)} / ${f(b.ts, 3)} / ${f(b.hashring, 3)} ms   wasm ${f(b.ts / b.wasm)}x faster than ts`);
  }
  console.log(`lookups/s at N=1000: wasm single ${f(k.lookWasm.single / 1e6)} M, batched ${f(k.lookWasm.batched / 1e6)} M; ts single ${f(k.lookTs.single / 1e6)} M, batched ${f(k.lookTs.batched / 1e6)} M; hashring.get ${f(k.lookRing / 1e6, 3)} M`);
  for (const n of [100, 1000]) {
    const d = k.disruption[n];
    console.log(`disruption N=${n}: remove one -> ${f(d.removeOthers * 100, 3)}% of other entries move (ring ${f(d.ringRemoveOthers * 100, 3)}%); add one -> ${f(d.add * 100)}% move (ideal ${f(100 / (n + 1))}%, ring ${f(d.ringAdd * 100)}%)`);
    console.log(`load imbalance N=${n} (max/mean entries per backend): maglev ${f(k.balance[n].maglev, 3)}, hashring ${f(k.balance[n].ring, 3)} (100k sampled keys)`);
  }
  console.log(`disruption N=1000 at the proxy's M=${k.sized.m}: remove one -> ${f(k.sized.removeOthers * 100, 3)}% of other entries move; add one -> ${f(k.sized.add * 100)}% move`);
  console.log(`HTTP requests/s, new connection each, 32 clients: direct ${f(p.direct, 0)}, through ClusterIP ${f(p.proxied, 0)} (${f(p.proxied / p.direct)}x)`);
  console.log(`MB/s, 8 MiB responses, 4 kept-alive clients: direct ${f(p.directMBs, 0)}, through ClusterIP ${f(p.proxiedMBs, 0)} (${f(p.proxiedMBs / p.directMBs)}x)`);
  console.log(`EndpointSlice write -> proxy applied: p50 ${f(pct(p.applyMs, 50))} ms, p99 ${f(pct(p.applyMs, 99))} ms`);
  const r3 = (x: number) => +x.toFixed(3);
  console.log(JSON.stringify({
    build_ms_n10_wasm: r3(k.builds[10].wasm), build_ms_n100_wasm: r3(k.builds[100].wasm), build_ms_n1000_wasm: r3(k.builds[1000].wasm),
    build_ms_n1000_wasm_fresh_instance: r3(k.builds[1000].wasmFresh),
    build_ms_n10_ts: r3(k.builds[10].ts), build_ms_n100_ts: r3(k.builds[100].ts), build_ms_n1000_ts: r3(k.builds[1000].ts),
    build_ms_n10_hashring: r3(k.builds[10].hashring), build_ms_n100_hashring: r3(k.builds[100].hashring), build_ms_n1000_hashring: r3(k.builds[1000].hashring),
    wasm_over_ts_build_n1000: +(k.builds[1000].ts / k.builds[1000].wasm).toFixed(2),
    lookups_per_s_wasm: Math.round(k.lookWasm.single), lookups_per_s_wasm_batched: Math.round(k.lookWasm.batched),
    lookups_per_s_ts: Math.round(k.lookTs.single), lookups_per_s_hashring: Math.round(k.lookRing),
    disruption_remove_others_n1000: +k.disruption[1000].removeOthers.toFixed(5), disruption_add_n1000: +k.disruption[1000].add.toFixed(5),
    disruption_remove_others_n1000_m100003: +k.sized.removeOthers.toFixed(5), disruption_add_n1000_m100003: +k.sized.add.toFixed(5),
    imbalance_n1000_maglev: r3(k.balance[1000].maglev), imbalance_n1000_hashring: r3(k.balance[1000].ring),
    direct_rps: Math.round(p.direct), proxy_rps: Math.round(p.proxied), proxy_over_direct_rps: +(p.proxied / p.direct).toFixed(2),
    direct_mb_s: Math.round(p.directMBs), proxy_mb_s: Math.round(p.proxiedMBs), proxy_over_direct_mb_s: +(p.proxiedMBs / p.directMBs).toFixed(2),
    update_apply_p50_ms: +pct(p.applyMs, 50).toFixed(2), update_apply_p99_ms: +pct(p.applyMs, 99).toFixed(2),
    load_average_1m: +loadavg()[0].toFixed(2),
  }));
}

await main();
