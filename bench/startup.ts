/**
 * Pod startup latency: from the moment a pod's create request is sent to the
 * moment a watch on the pods shows it Running. redis-server, the apiserver and
 * the node agent run as their own processes; this process creates pods (bound to
 * the agent's nodes at create, so no scheduler is involved) and watches.
 * Phases: 100 and 1,000 pods on one process-runtime node (each pod a real
 * `sleep` process), then 10,000 pods on 100 hollow `sim` nodes.
 * Prints the figures, then one JSON line (the last line) for tooling.
 *
 *   npm run bench:startup [-- --process 100,1000 --sim 10000 --sim-nodes 100]
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { findResource } from '../src/api/resources.js';
import { RestClient } from '../src/client/index.js';
import { freePort, startRedisServer } from '../src/util/redis-server.js';

const arg = (name: string, def: string) => {
  const i = process.argv.indexOf(`--${name}`);
  return i > 0 ? process.argv[i + 1] : def;
};
const PROCESS_SIZES = arg('process', '100,1000').split(',').map(Number).filter((n) => n > 0);
const SIM_PODS = Number(arg('sim', '10000'));
const SIM_NODES = Number(arg('sim-nodes', '100'));
const CONCURRENCY = Number(arg('concurrency', '32'));

const PODS = findResource('', 'v1', 'pods')!;
const NAMESPACES = findResource('', 'v1', 'namespaces')!;
const NODES = findResource('', 'v1', 'nodes')!;
const cli = fileURLToPath(new URL('../src/cli/main.js', import.meta.url));

function percentile(sorted: number[], p: number): number {
  return sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))];
}

async function until(what: string, fn: () => Promise<boolean>, ms = 60_000): Promise<void> {
  const deadline = Date.now() + ms;
  while (!(await fn().catch(() => false))) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 100));
  }
}

function startAgent(url: string, args: string[]): ChildProcess {
  return spawn(process.execPath, [cli, 'agent', '--server', url, '--node-ip', '127.0.0.1', ...args], { stdio: ['ignore', 'ignore', 'inherit'] });
}

async function stopAgent(agent: ChildProcess): Promise<void> {
  if (agent.exitCode !== null) return;
  const exited = new Promise((r) => agent.once('exit', r));
  agent.kill('SIGTERM');
  await exited;
}

/** Creates `total` pods in a fresh namespace and returns create→Running latencies (ms), sorted. */
async function measure(client: RestClient, ns: string, total: number, nodeOf: (i: number) => string, container: Record<string, unknown>): Promise<number[]> {
  await client.create(NAMESPACES, undefined, { metadata: { name: ns } } as never);
  const sent = new Map<string, number>();
  const latencies: number[] = [];
  const ac = new AbortController();
  const list = await client.list(PODS, ns);
  const watching = (async () => {
    for await (const ev of client.watch<any>(PODS, ns, { resourceVersion: list.metadata?.resourceVersion, signal: ac.signal })) {
      const name = ev.object.metadata?.name;
      const t = sent.get(name);
      if (t !== undefined && ev.object.status?.phase === 'Running') {
        latencies.push(performance.now() - t);
        sent.delete(name);
        if (latencies.length === total) ac.abort();
      }
    }
  })().catch((err) => { if (!ac.signal.aborted) throw err; });
  let next = 0;
  await Promise.all(Array.from({ length: CONCURRENCY }, async () => {
    while (next < total) {
      const i = next++;
      const name = `p-${i}`;
      sent.set(name, performance.now());
      await client.create(PODS, ns, { metadata: { name }, spec: { nodeName: nodeOf(i), terminationGracePeriodSeconds: 1, containers: [{ name: 'c', image: 'busybox', ...container }] } } as never);
    }
  }));
  const deadline = Date.now() + 300_000;
  while (latencies.length < total && Date.now() < deadline) await new Promise((r) => setTimeout(r, 50));
  ac.abort();
  await watching;
  if (latencies.length < total) throw new Error(`only ${latencies.length} of ${total} pods became Running`);
  return latencies.sort((a, b) => a - b);
}

function report(label: string, lat: number[]): { p50: number; p99: number } {
  const r = { p50: Math.round(percentile(lat, 50)), p99: Math.round(percentile(lat, 99)) };
  console.log(`${label.padEnd(28)} p50 ${String(r.p50).padStart(6)} ms   p99 ${String(r.p99).padStart(6)} ms   max ${Math.round(lat[lat.length - 1])} ms`);
  return r;
}

async function main(): Promise<void> {
  const redis = await startRedisServer();
  const port = await freePort();
  const api = spawn(process.execPath, [cli, 'apiserver', '--redis-url', redis.url, '--port', String(port)], { stdio: 'inherit' });
  const url = `http://127.0.0.1:${port}`;
  const client = new RestClient({ server: url });
  const stateDir = mkdtempSync(join(tmpdir(), 'rk-bench-startup-'));
  const agents: ChildProcess[] = [];
  const out: Record<string, number> = {};
  try {
    await until('apiserver', async () => Boolean(await client.request('GET', '/readyz')));
    const proc = startAgent(url, ['--runtime', 'process', '--name', 'bench-proc', '--state-dir', join(stateDir, 'proc')]);
    agents.push(proc);
    await until('process node', async () => Boolean(await client.get(NODES, undefined, 'bench-proc')));
    for (const n of PROCESS_SIZES) {
      const r = report(`${n} pods, process runtime`, await measure(client, `proc-${n}`, n, () => 'bench-proc', { command: ['sleep', '3600'] }));
      Object.assign(out, { [`p50_ms_${n}_process`]: r.p50, [`p99_ms_${n}_process`]: r.p99 });
      await client.delete(NAMESPACES, undefined, `proc-${n}`);
      await client.deleteCollection(PODS, `proc-${n}`, { gracePeriodSeconds: 0 });
    }
    await stopAgent(proc);
    if (SIM_PODS > 0) {
      const sim = startAgent(url, ['--runtime', 'sim', '--count', String(SIM_NODES), '--name', 'hollow', '--state-dir', join(stateDir, 'sim')]);
      agents.push(sim);
      await until('hollow nodes', async () => (await client.list(NODES, undefined, { labelSelector: 'kubernetes.io/hostname' })).items.length >= SIM_NODES + 1);
      const r = report(`${SIM_PODS} pods, ${SIM_NODES} sim nodes`, await measure(client, `sim-${SIM_PODS}`, SIM_PODS, (i) => `hollow-${i % SIM_NODES}`, {}));
      Object.assign(out, { [`p50_ms_${SIM_PODS}_sim`]: r.p50, [`p99_ms_${SIM_PODS}_sim`]: r.p99, sim_nodes: SIM_NODES });
    }
  } finally {
    await Promise.all(agents.map(stopAgent));
    client.close();
    api.kill('SIGTERM');
    await new Promise((r) => api.once('exit', r));
    await redis.stop();
    rmSync(stateDir, { recursive: true, force: true });
  }
  console.log(JSON.stringify(out));
}

main().then(() => process.exit(0), (err) => { console.error(err); process.exit(1); });
