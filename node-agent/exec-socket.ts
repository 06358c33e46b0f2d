/**
 * Interactive exec on the agent API: a WebSocket at
 * `/exec/<ns>/<pod>/<container>?command=...&stdin=true&tty=true` speaking the
 * Kubernetes channel protocol (`v5.channel.k8s.io` / `v4`), which the apiserver
 * relays byte for byte to kubectl. In: 0 stdin, 4 resize `{Width,Height}`, 255
 * close (payload 0: stdin EOF, v5). Out: 1 stdout, 2 stderr, 3 the final Status.
 * The command dies with the socket.
 */
import type { IncomingMessage } from 'node:http';
import type { Duplex } from 'node:stream';
import { WebSocketServer } from 'ws';
import { CHANNEL, exitStatus } from '../src/apiserver/proxy/exec-status.js';
import type { PodWorker } from './pod/worker.js';
import type { InteractiveSession, SessionOutput } from './runtime/interactive.js';
import type { ContainerConfig } from './runtime/types.js';

/** Subprotocols the agent accepts, best first. */
const PROTOCOLS = ['v5.channel.k8s.io', 'v4.channel.k8s.io'];
const wss = new WebSocketServer({ noServer: true, handleProtocols: (offered) => PROTOCOLS.find((p) => offered.has(p)) ?? false });

/** What the socket needs from the agent. */
export interface ExecSocketSource {
  workerFor(namespace: string, name: string): PodWorker | undefined;
  /** Starts an interactive command; undefined when the runtime has no processes. */
  execInteractive?(config: ContainerConfig, argv: string[], tty: boolean, out: SessionOutput): InteractiveSession | undefined;
}

function refuse(socket: Duplex, code: number, reason: string, message: string): void {
  const body = JSON.stringify({ kind: 'Status', apiVersion: 'v1', metadata: {}, status: 'Failure', message, reason, code });
  socket.end(`HTTP/1.1 ${code} ${reason}\r\nContent-Type: application/json\r\nContent-Length: ${Buffer.byteLength(body)}\r\nConnection: close\r\n\r\n${body}`);
}

/** Terminal size from a resize message, or undefined when malformed (pure). */
export function parseResize(payload: Buffer): { cols: number; rows: number } | undefined {
  try {
    const { Width, Height } = JSON.parse(payload.toString('utf8'));
    return Number.isInteger(Width) && Number.isInteger(Height) ? { cols: Width, rows: Height } : undefined;
  } catch {
    return undefined;
  }
}

/** Handles an upgrade request on the agent API; answers false when the path is not an exec socket. */
export function handleExecUpgrade(src: ExecSocketSource, token: string | undefined, req: IncomingMessage, socket: Duplex, head: Buffer): void {
  const url = new URL(req.url ?? '/', 'http://agent');
  if (token && req.headers.authorization !== `Bearer ${token}`) return refuse(socket, 401, 'Unauthorized', 'Unauthorized');
  const seg = url.pathname.split('/').filter(Boolean).map(decodeURIComponent);
  if (seg[0] !== 'exec' || seg.length !== 4) return refuse(socket, 404, 'NotFound', `no agent endpoint ${url.pathname}`);
  const [, ns, podName, container] = seg;
  const worker = src.workerFor(ns, podName);
  if (!worker) return refuse(socket, 404, 'NotFound', `pod "${podName}" not found on this node`);
  const live = worker.container(container);
  if (!live) return refuse(socket, 400, 'BadRequest', `container ${container} is not running in pod ${podName}`);
  const q = url.searchParams;
  const argv = q.getAll('command');
  if (!argv.length) return refuse(socket, 400, 'BadRequest', 'you must specify at least 1 command');
  const tty = q.get('tty') === 'true';
  const wantStdin = q.get('stdin') === 'true';
  wss.handleUpgrade(req, socket, head, (ws) => {
    const send = (channel: number, data: Buffer) => { if (ws.readyState === ws.OPEN) ws.send(Buffer.concat([Buffer.from([channel]), data])); };
    const wanted = (stream: 1 | 2) => q.get(stream === 1 ? 'stdout' : 'stderr') !== 'false' || (tty && stream === 2);
    const session = src.execInteractive?.(live.config, argv, tty, (stream, data) => { if (wanted(stream)) send(tty ? CHANNEL.stdout : stream, data); });
    if (!session) {
      send(CHANNEL.status, Buffer.from(JSON.stringify({ metadata: {}, status: 'Failure', reason: 'BadRequest', message: 'this runtime cannot run commands', code: 400 })));
      return ws.close(1000);
    }
    if (!wantStdin) session.closeStdin();
    ws.on('message', (data: Buffer) => {
      const channel = data[0];
      const payload = data.subarray(1);
      if (channel === CHANNEL.stdin && wantStdin) session.write(payload);
      else if (channel === CHANNEL.resize) {
        const size = parseResize(payload);
        if (size) session.resize(size.cols, size.rows);
      } else if (channel === CHANNEL.close && payload[0] === CHANNEL.stdin) session.closeStdin();
    });
    ws.on('close', () => session.kill());
    void session.exited.then((code) => {
      send(CHANNEL.status, Buffer.from(JSON.stringify(exitStatus(code, argv))));
      ws.close(1000);
    });
  });
}
