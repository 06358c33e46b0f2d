/**
 * Service proxy benchmark: Maglev table build time and lookup cost, WebAssembly
 * kernel vs the TypeScript reference side by side; connections/s through the
 * proxy vs straight to the backend; and how fast an EndpointSlice change is applied.
 * Prints the figures, then one JSON line.   npm run bench:proxy
 */
import { createServer, request, Agent } from 'node:http';
import { spawn } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { cpus } from 'node:os';
import { startRedisServer, freePort } from '../src/util/redis-server.js';
import { startApiserver } from '../src/apiserver/server.js';
import { RestClient } from '../src/client/index.js';
import { ServiceProxy } from '../node-agent/proxy/proxy.js';
import { wasmBuilder } from '../node-agent/proxy/maglev-wasm.js';
import { referenceBuilder } from '../node-agent/proxy/balancer.js';
import { tableSizeFor } from '../node-agent/proxy/maglev-reference.js';
import { findResource } from '../src/api/resources.js';

const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];
const pct = (xs: number[], p: number) => [...xs].sort((a, b) => a - b)[Math.min(xs.length - 1, Math.floor(xs.length * p / 100))];

function timeBuild(build: (keys: string[], size: number) => unknown, n: number, reps: number): number {
  const keys = Array.from({ length: n }, (_, i) => `10.${(i >> 16) & 255}.${(i >> 8) & 255}.${i & 255}:8080`);
  const size = tableSizeFor(n);
  const times: number[] = [];
  for (let r = 0; r < reps; r++) {
    const t = performance.now();
    build(keys, size);
    times.push(performance.now() - t);
  }
  return median(times);
}

function timeLookups(entry: (h: number) => number, count: number): number {
  let sink = 0;
  let h = 0x12345678;
  const t = performance.now();
  for (let i = 0; i < count; i++) {
    h = (Math.imul(h, 1664525) + 1013904223) >>> 0;
    sink += entry(h);
  }
  const ns = ((performance.now() - t) * 1e6) / count;
  if (sink === 42) console.log('');
  return ns;
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

async function waitForAnswer(host: string, port: number): Promise<void> {
  for (let i = 0; i < 300; i++) {
    try { await rps(host, port, 0.05, 1); return; } catch { await new Promise((r) => setTimeout(r, 50)); }
  }
  throw new Error(`${host}:${port} never answered`);
}

async function main(): Promise<void> {
  const wasm = await wasmBuilder();
  const builds: Record<string, { wasm: number; ts: number }> = {};
  for (const n of [3, 100, 1000]) builds[n] = { wasm: timeBuild(wasm, n, 15), ts: timeBuild(referenceBuilder, n, 15) };
  const keys = ['10.0.0.1:80', '10.0.0.2:80', '10.0.0.3:80'];
  const lookupWasm = timeLookups(wasm(keys, 65537).entry, 5_000_000);
  const lookupTs = timeLookups(referenceBuilder(keys, 65537).entry, 5_000_000);

  const redis = await startRedisServer();
  const api = await startApiserver({ redisUrl: redis.url, port: 0, processMetrics: false, serviceClusterIPRange: '127.96.0.0/16' });
  const backendPort = await freePort();
  const ips = ['127.0.2.1', '127.0.2.2', '127.0.2.3'];
  const servers = await Promise.all(ips.map((ip) => new Promise<ReturnType<typeof createServer>>((resolve) => {
    const s = createServer((_q, r) => r.end(ip));
    s.listen(backendPort, ip, () => resolve(s));
  })));
  const client = new RestClient({ server: api.url });
  const proxy = new ServiceProxy({ client, builder: wasm });
  await proxy.start();
  const svc = await client.create(findSvc(), 'default', { metadata: { name: 'bench' }, spec: { ports: [{ name: 'http', port: 80 }] } } as never) as any;
  const slice = (ready: boolean[]) => ({ metadata: { name: 'bench-1', namespace: 'default', labels: { 'kubernetes.io/service-name': 'bench' } }, addressType: 'IPv4', ports: [{ name: 'http', port: backendPort, protocol: 'TCP' }], endpoints: ips.map((ip, i) => ({ addresses: [ip], conditions: { ready: ready[i] } })) });
  const created = await client.create(findSlices(), 'default', slice([true, true, true]) as never) as any;
  while (!proxy.frontends().some((f) => f.backends.length === 3)) await new Promise((r) => setTimeout(r, 5));
  const applyMs: number[] = [];
  let rv = created.metadata.resourceVersion;
  for (let i = 0; i < 40; i++) {
    const want = i % 2 === 0 ? 2 : 3;
    const t = performance.now();
    const updated = await client.update(findSlices(), { ...slice([true, want === 3, true]), metadata: { ...slice([]).metadata, resourceVersion: rv } } as never) as any;
    rv = updated.metadata.resourceVersion;
    while (!proxy.frontends().some((f) => f.backends.length === want)) await new Promise((r) => setImmediate(r));
    applyMs.push(performance.now() - t);
  }
  await proxy.stop();
  for (const s of servers) s.close();
  const backendChild = spawn(process.execPath, ['-e', `const h=require('node:http');for(const ip of ${JSON.stringify(ips)})h.createServer((q,r)=>r.end(ip)).listen(${backendPort},ip);`], { stdio: 'ignore' });
  const proxyChild = spawn(process.execPath, [fileURLToPath(new URL('../src/cli/main.js', import.meta.url)), 'proxy', '--server', api.url, '--metrics-port', '0'], { stdio: 'ignore' });
  await waitForAnswer(svc.spec.clusterIP, 80);
  await waitForAnswer(ips[0], backendPort);
  const direct = await rps(ips[0], backendPort, 3, 32);
  const proxied = await rps(svc.spec.clusterIP, 80, 3, 32);
  proxyChild.kill();
  backendChild.kill();
  await api.close();
  await redis.stop();

  console.log(`machine: ${cpus().length} x ${cpus()[0]?.model}, node ${process.version}`);
  for (const n of Object.keys(builds)) console.log(`table build, ${n} backends (M=${tableSizeFor(Number(n))}): wasm ${builds[n].wasm.toFixed(2)} ms, ts ${builds[n].ts.toFixed(2)} ms, ratio ${(builds[n].ts / builds[n].wasm).toFixed(2)}x`);
  console.log(`lookup: wasm ${lookupWasm.toFixed(1)} ns, ts ${lookupTs.toFixed(1)} ns`);
  console.log(`HTTP requests/s, new connection each, 32 clients (backends and proxy in their own processes): direct ${direct.toFixed(0)}, through rk proxy ${proxied.toFixed(0)}`);
  console.log(`EndpointSlice write -> proxy applied: p50 ${pct(applyMs, 50).toFixed(2)} ms, p99 ${pct(applyMs, 99).toFixed(2)} ms`);
  console.log(JSON.stringify({
    build_ms_wasm_3: +builds[3].wasm.toFixed(3), build_ms_ts_3: +builds[3].ts.toFixed(3),
    build_ms_wasm_1000: +builds[1000].wasm.toFixed(3), build_ms_ts_1000: +builds[1000].ts.toFixed(3),
    wasm_over_ts_build_1000: +(builds[1000].ts / builds[1000].wasm).toFixed(2),
    lookup_ns_wasm: +lookupWasm.toFixed(1), lookup_ns_ts: +lookupTs.toFixed(1),
    direct_rps: Math.round(direct), proxy_rps: Math.round(proxied),
    update_apply_p50_ms: +pct(applyMs, 50).toFixed(2), update_apply_p99_ms: +pct(applyMs, 99).toFixed(2),
  }));
}

function findSvc() {
  return findResource('', 'v1', 'services')!;
}
function findSlices() {
  return findResource('discovery.k8s.io', 'v1', 'endpointslices')!;
}

await main();
