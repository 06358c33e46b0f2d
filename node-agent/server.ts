/**
 * The agent's own HTTP API, which the apiserver proxies to (kubectl never talks
 * to it directly): `/containerLogs/<ns>/<pod>/<container>` (follow, tailLines,
 * sinceSeconds, sinceTime, timestamps, previous, limitBytes), `/run/...` (streamed exec), `/exec/...` (interactive exec over WebSocket, see exec-socket.ts),
 * `/metrics/resource` (usage for `kubectl top`) and `/healthz`. It
 * listens on the node's InternalIP only and, when the agent was given the
 * cluster token, answers only requests that carry it.
 */
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { streamLog } from './logs/follow.js';
import type { PodWorker } from './pod/worker.js';
import type { ContainerConfig, ExecResult, ExecStream } from './runtime/types.js';
import type { InteractiveSession, SessionOutput } from './runtime/interactive.js';
import { handleExecUpgrade } from './exec-socket.js';

/** What the API needs from the agent. */
export interface AgentApiSource {
  workerFor(namespace: string, name: string): PodWorker | undefined;
  /** Log directory of a container (undefined when the runtime keeps no logs). */
  logDir(pod: any, container: string): string | undefined;
  /** Runs a command in a container's context (the runtime's exec), streaming its output. */
  exec(config: ContainerConfig, argv: string[], stream: ExecStream): Promise<ExecResult>;
  /** Starts an interactive command (stdin, TTY); undefined where the runtime has no processes. */
  execInteractive?(config: ContainerConfig, argv: string[], tty: boolean, out: SessionOutput): InteractiveSession | undefined;
  /** Current resource usage of the nodes and their pods. */
  usage(): Promise<ResourceUsage>;
}

/** What `/metrics/resource` answers: CPU in cores, memory in bytes, over `windowSeconds`. */
export interface ResourceUsage {
  timestamp: string;
  windowSeconds: number;
  nodes: { name: string; cpuCores: number; memoryBytes: number }[];
  pods: { namespace: string; name: string; containers: { name: string; cpuCores: number; memoryBytes: number }[] }[];
}

/** A running agent API. */
export interface AgentApi {
  port: number;
  close(): Promise<void>;
}

function status(res: ServerResponse, code: number, reason: string, message: string): void {
  res.writeHead(code, { 'Content-Type': 'application/json' });
  res.end(JSON.stringify({ kind: 'Status', apiVersion: 'v1', metadata: {}, status: 'Failure', message, reason, code }));
}

function num(q: URLSearchParams, key: string): number | undefined {
  const v = q.get(key);
  return v === null || v === '' ? undefined : Number(v);
}

/** Picks the container a log request means (Kubernetes' rules when none is named). */
function pickContainer(pod: any, requested: string | null): { name?: string; error?: string } {
  const all = [...(pod.spec.initContainers ?? []), ...pod.spec.containers].map((c: any) => c.name as string);
  if (requested) return all.includes(requested) ? { name: requested } : { error: `container ${requested} is not valid for pod ${pod.metadata.name}` };
  const def = pod.metadata.annotations?.['kubectl.kubernetes.io/default-container'];
  if (def && all.includes(def)) return { name: def };
  if (pod.spec.containers.length === 1) return { name: pod.spec.containers[0].name };
  return { error: `a container name must be specified for pod ${pod.metadata.name}, choose one of: [${pod.spec.containers.map((c: any) => c.name).join(' ')}]` };
}

async function containerLogs(src: AgentApiSource, res: ServerResponse, ns: string, podName: string, container: string | null, q: URLSearchParams): Promise<void> {
  const worker = src.workerFor(ns, podName);
  if (!worker) return status(res, 404, 'NotFound', `pod "${podName}" not found on this node`);
  const pod = worker.current;
  const picked = pickContainer(pod, container);
  if (!picked.name) return status(res, 400, 'BadRequest', picked.error!);
  const previous = q.get('previous') === 'true';
  const run = worker.logAttempt(picked.name, previous);
  const dir = src.logDir(pod, picked.name);
  if (!run || !dir) {
    const why = previous ? `previous terminated container "${picked.name}" in pod "${podName}" not found` : `container "${picked.name}" in pod "${podName}" is waiting to start: ContainerCreating`;
    return status(res, 400, 'BadRequest', why);
  }
  await streamLog(res, dir, run.attempt, {
    follow: q.get('follow') === 'true', tailLines: num(q, 'tailLines'), sinceSeconds: num(q, 'sinceSeconds'),
    sinceTime: q.get('sinceTime') ?? undefined, timestamps: q.get('timestamps') === 'true', limitBytes: num(q, 'limitBytes'),
  }, run.running);
}

/**
 * POST `/run/<ns>/<pod>/<container>?command=...`: runs a command in the
 * container's context and streams NDJSON: `{"stream":1|2,"data":<base64>}` lines as
 * output appears, then `{"exitCode":N}`. The command is killed if the caller goes away.
 */
async function runInContainer(src: AgentApiSource, res: ServerResponse, ns: string, podName: string, container: string, q: URLSearchParams): Promise<void> {
  const worker = src.workerFor(ns, podName);
  if (!worker) return status(res, 404, 'NotFound', `pod "${podName}" not found on this node`);
  const live = worker.container(container);
  if (!live) return status(res, 400, 'BadRequest', `container ${container} is not running in pod ${podName}`);
  const argv = q.getAll('command');
  if (!argv.length) return status(res, 400, 'BadRequest', 'you must specify at least 1 command');
  const ac = new AbortController();
  res.on('close', () => ac.abort());
  res.writeHead(200, { 'Content-Type': 'application/x-ndjson' });
  const frame = (stream: number, data: Buffer) => res.write(`${JSON.stringify({ stream, data: data.toString('base64') })}\n`);
  const result = await src.exec(live.config, argv, { signal: ac.signal, onOutput: (s, chunk) => frame(s === 'stdout' ? 1 : 2, chunk) });
  if (result.stderr) frame(2, Buffer.from(result.stderr));
  res.end(`${JSON.stringify({ exitCode: result.exitCode })}\n`);
}

async function handle(src: AgentApiSource, token: string | undefined, req: IncomingMessage, res: ServerResponse): Promise<void> {
  const url = new URL(req.url ?? '/', 'http://agent');
  if (token && req.headers.authorization !== `Bearer ${token}`) return status(res, 401, 'Unauthorized', 'Unauthorized');
  const seg = url.pathname.split('/').filter(Boolean).map(decodeURIComponent);
  if (seg[0] === 'healthz') {
    res.writeHead(200, { 'Content-Type': 'text/plain' });
    return void res.end('ok');
  }
  if (seg[0] === 'metrics' && seg[1] === 'resource') {
    res.writeHead(200, { 'Content-Type': 'application/json' });
    return void res.end(JSON.stringify(await src.usage()));
  }
  if (seg[0] === 'run' && seg.length === 4 && req.method === 'POST') return runInContainer(src, res, seg[1], seg[2], seg[3], url.searchParams);
  if (seg[0] === 'containerLogs' && seg.length >= 3 && req.method === 'GET') {
    return containerLogs(src, res, seg[1], seg[2], seg[3] ?? url.searchParams.get('container'), url.searchParams);
  }
  status(res, 404, 'NotFound', `no agent endpoint ${req.method} ${url.pathname}`);
}

/** Starts the agent API on `host:port` (0 picks a free port). */
export async function startAgentApi(src: AgentApiSource, host: string, port: number, token: string | undefined): Promise<AgentApi> {
  const server: Server = createServer((req, res) => {
    handle(src, token, req, res).catch((err: Error) => {
      if (!res.headersSent) status(res, 500, 'InternalError', err.message);
      else res.destroy();
    });
  });
  server.on('upgrade', (req, socket, head) => handleExecUpgrade(src, token, req, socket, head));
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(port, host, () => resolve());
  });
  return {
    port: (server.address() as AddressInfo).port,
    async close() {
      server.closeAllConnections();
      await new Promise<void>((r) => server.close(() => r()));
    },
  };
}
