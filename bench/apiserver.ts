/**
 * Apiserver benchmark: object creates/s and latency at 1 and 64 concurrent clients,
 * and watch delivery latency with 100 watchers. The apiserver and redis-server run
 * as their own processes; this process only generates load and measures.
 * Prints the figures, then one JSON line (the last line) for tooling.
 *
 *   npm run bench:apiserver [-- --creates 20000 --watchers 100]
 */
import { spawn } from 'node:child_process';
import { Agent, request } from 'node:http';
import { fileURLToPath } from 'node:url';
import { cpus } from 'node:os';
import { freePort, startRedisServer } from '../src/util/redis-server.js';

const arg = (name: string, def: number) => {
  const i = process.argv.indexOf(`--${name}`);
  return i > 0 ? Number(process.argv[i + 1]) : def;
};
const CREATES_C1 = arg('creates-c1', 3000);
const CREATES_C64 = arg('creates', 30000);
const WATCHERS = arg('watchers', 100);
const WATCH_WRITES = arg('watch-writes', 1000);

const agent = new Agent({ keepAlive: true, maxSockets: 256 });

function post(port: number, path: string, body: string): Promise<number> {
  return new Promise((resolve, reject) => {
    const req = request({ host: '127.0.0.1', port, path, method: 'POST', agent, headers: { 'Content-Type': 'application/json', 'Content-Length': Buffer.byteLength(body) } }, (res) => {
      res.resume();
      res.on('end', () => resolve(res.statusCode ?? 0));
    });
    req.on('error', reject);
    req.end(body);
  });
}

function percentile(sorted: number[], p: number): number {
  return sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))];
}

async function createLoad(port: number, ns: string, total: number, concurrency: number): Promise<{ perSecond: number; p50: number; p99: number }> {
  const latencies: number[] = [];
  let next = 0;
  const started = performance.now();
  const worker = async () => {
    while (next < total) {
      const i = next++;
      const body = JSON.stringify({ apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: `cm-${concurrency}-${i}`, labels: { bench: 'create' } }, data: { key: `value-${i}`, other: 'x'.repeat(200) } });
      const t = performance.now();
      const code = await post(port, `/api/v1/namespaces/${ns}/configmaps`, body);
      if (code !== 201) throw new Error(`create answered ${code}`);
      latencies.push(performance.now() - t);
    }
  };
  await Promise.all(Array.from({ length: concurrency }, worker));
  const seconds = (performance.now() - started) / 1000;
  latencies.sort((a, b) => a - b);
  return { perSecond: total / seconds, p50: percentile(latencies, 50), p99: percentile(latencies, 99) };
}

async function watchLatency(port: number, ns: string): Promise<{ p50: number; p99: number; delivered: number }> {
  const sent = new Map<string, number>();
  const latencies: number[] = [];
  let delivered = 0;
  const watchAgent = new Agent({ keepAlive: false });
  const reqs = await Promise.all(Array.from({ length: WATCHERS }, () => new Promise<ReturnType<typeof request>>((resolve) => {
    const req = request({ host: '127.0.0.1', port, path: `/api/v1/namespaces/${ns}/configmaps?watch=true&resourceVersion=0`, agent: watchAgent }, (res) => {
      let buf = '';
      res.on('data', (c: Buffer) => {
        const now = performance.now();
        buf += c.toString();
        let nl: number;
        while ((nl = buf.indexOf('\n')) >= 0) {
          const line = buf.slice(0, nl);
          buf = buf.slice(nl + 1);
          const name = /"name":"([^"]+)"/.exec(line)?.[1];
          const t = name ? sent.get(name) : undefined;
          if (t !== undefined) { latencies.push(now - t); delivered++; }
        }
      });
      resolve(req);
    });
    req.end();
  })));
  for (let i = 0; i < WATCH_WRITES; i++) {
    const name = `w-${i}`;
    sent.set(name, performance.now());
    await post(port, `/api/v1/namespaces/${ns}/configmaps`, JSON.stringify({ metadata: { name }, data: { i: String(i) } }));
    await new Promise((r) => setTimeout(r, 2));
  }
  const deadline = Date.now() + 10_000;
  while (delivered < WATCHERS * WATCH_WRITES && Date.now() < deadline) await new Promise((r) => setTimeout(r, 20));
  for (const r of reqs) r.destroy();
  latencies.sort((a, b) => a - b);
  return { p50: percentile(latencies, 50), p99: percentile(latencies, 99), delivered };
}

async function main(): Promise<void> {
  const redis = await startRedisServer();
  const port = await freePort();
  const cli = fileURLToPath(new URL('../src/cli/main.js', import.meta.url));
  const api = spawn(process.execPath, [cli, 'apiserver', '--redis-url', redis.url, '--port', String(port)], { stdio: 'inherit' });
  try {
    for (let i = 0; ; i++) {
      try { if ((await post(port, '/api/v1/namespaces', JSON.stringify({ metadata: { name: 'bench' } }))) === 201) break; } catch { /* starting */ }
      if (i > 200) throw new Error('apiserver did not start');
      await new Promise((r) => setTimeout(r, 50));
    }
    await post(port, '/api/v1/namespaces', JSON.stringify({ metadata: { name: 'watchbench' } }));
    await createLoad(port, 'bench', 2000, 16);
    const c1 = await createLoad(port, 'bench', CREATES_C1, 1);
    const c64 = await createLoad(port, 'bench', CREATES_C64, 64);
    const watch = await watchLatency(port, 'watchbench');
    console.log(`machine: ${cpus().length} x ${cpus()[0]?.model}, node ${process.version}`);
    console.log(`creates, 1 client:   ${c1.perSecond.toFixed(0)}/s  p50 ${c1.p50.toFixed(2)} ms  p99 ${c1.p99.toFixed(2)} ms  (${CREATES_C1} objects)`);
    console.log(`creates, 64 clients: ${c64.perSecond.toFixed(0)}/s  p50 ${c64.p50.toFixed(2)} ms  p99 ${c64.p99.toFixed(2)} ms  (${CREATES_C64} objects)`);
    console.log(`watch delivery, ${WATCHERS} watchers: p50 ${watch.p50.toFixed(2)} ms  p99 ${watch.p99.toFixed(2)} ms  (${watch.delivered} deliveries of ${WATCHERS * WATCH_WRITES})`);
    console.log(JSON.stringify({
      creates_per_s_c1: Math.round(c1.perSecond), create_p50_ms_c1: +c1.p50.toFixed(3), create_p99_ms_c1: +c1.p99.toFixed(3),
      creates_per_s_c64: Math.round(c64.perSecond), create_p50_ms_c64: +c64.p50.toFixed(3), create_p99_ms_c64: +c64.p99.toFixed(3),
      watch_p50_ms: +watch.p50.toFixed(3), watch_p99_ms: +watch.p99.toFixed(3), watchers: WATCHERS, watch_deliveries: watch.delivered,
    }));
  } finally {
    api.kill('SIGTERM');
    agent.destroy();
    await redis.stop();
  }
}

await main();
