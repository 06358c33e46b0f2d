/**
 * `pods/<name>/exec` over WebSocket, as kubectl 1.30+ speaks it (subprotocols
 * `v5.channel.k8s.io` and `v4.channel.k8s.io`): every binary message starts with
 * a channel byte — 1 stdout, 2 stderr, 3 the final Status (Success, or Failure
 * with reason NonZeroExitCode and the exit code as a cause). Non-interactive: the
 * node agent runs the command (`/run`) and its output is forwarded as it is
 * produced (NDJSON frames), or all at once when the agent answers one JSON result
 * `{exitCode, stdout, stderr}`; closing the socket kills the command.
 * Interactive (`stdin=true` and/or `tty=true`, channels 0 stdin, 4 resize, 255
 * close): the session is relayed message for message to the agent's `/exec`
 * WebSocket, which runs the command with a stdin pipe and, for a TTY, a pty.
 */
import { request, type IncomingMessage } from 'node:http';
import type { Duplex } from 'node:stream';
import { WebSocket, WebSocketServer } from 'ws';
import { ApiError, toStatus } from '../../api/errors.js';
import type { ApiContext } from '../context.js';
import { parseRoute } from '../http/route.js';
import { agentFor, type AgentAddress } from './node-proxy.js';

/** Subprotocols we speak, best first. */
export const EXEC_PROTOCOLS = ['v5.channel.k8s.io', 'v4.channel.k8s.io'];

const wss = new WebSocketServer({ noServer: true, handleProtocols: (offered) => EXEC_PROTOCOLS.find((p) => offered.has(p)) ?? false });


import { exitStatus } from './exec-status.js';

export { exitStatus };

/** Runs the command on the agent, calling `onOutput` per output frame; resolves with the exit code. */
function runOnAgent(
  agent: AgentAddress, token: string | undefined, ns: string, pod: string, container: string, argv: string[],
  onOutput: (channel: number, data: Buffer) => void, ws: WebSocket,
): Promise<number> {
  const q = new URLSearchParams(argv.map((a) => ['command', a]));
  const path = `/run/${encodeURIComponent(ns)}/${encodeURIComponent(pod)}/${encodeURIComponent(container)}?${q}`;
  return new Promise((resolve, reject) => {
    const req = request({ host: agent.host, port: agent.port, path, method: 'POST', headers: token ? { Authorization: `Bearer ${token}` } : {} }, (res) => {
      let buf = '';
      let exitCode: number | undefined;
      res.setEncoding('utf8');
      const whole = /application\/json/.test(String(res.headers['content-type']));
      res.on('data', (c: string) => {
        buf += c;
        if (res.statusCode !== 200 || whole) return;
        for (let nl = buf.indexOf('\n'); nl >= 0; nl = buf.indexOf('\n')) {
          const frame = JSON.parse(buf.slice(0, nl));
          buf = buf.slice(nl + 1);
          if (frame.exitCode !== undefined) exitCode = frame.exitCode;
          else onOutput(frame.stream, Buffer.from(frame.data, 'base64'));
        }
      });
      res.on('end', () => {
        if (res.statusCode !== 200) {
          const body = JSON.parse(buf || '{}');
          return reject(new ApiError(body.reason ?? 'InternalError', body.message ?? `node agent answered ${res.statusCode}`));
        }
        if (whole) {
          const r = JSON.parse(buf || '{}');
          if (r.stdout) onOutput(1, Buffer.from(r.stdout));
          if (r.stderr) onOutput(2, Buffer.from(r.stderr));
          exitCode = r.exitCode;
        }
        if (exitCode === undefined) reject(new ApiError('InternalError', 'the node agent ended the exec stream without an exit code'));
        else resolve(exitCode);
      });
    });
    ws.on('close', () => req.destroy());
    req.on('error', (err) => reject(new ApiError('ServiceUnavailable', `cannot reach the node agent: ${err.message}`)));
    req.end();
  });
}

function send(ws: WebSocket, channel: number, data: string | Buffer): void {
  const body = Buffer.isBuffer(data) ? data : Buffer.from(data);
  ws.send(Buffer.concat([Buffer.from([channel]), body]));
}

/**
 * Relays an interactive session to the agent's exec socket: kubectl's messages
 * (queued until the agent side is open) go to the agent, the agent's to kubectl;
 * either side closing closes the other. Resolves when the relay has ended.
 */
function relayToAgent(agent: AgentAddress, token: string | undefined, ws: WebSocket, inbox: Inbox, ns: string, pod: string, container: string, q: URLSearchParams): Promise<void> {
  const query = new URLSearchParams(q);
  query.set('container', container);
  const url = `ws://${agent.host}:${agent.port}/exec/${encodeURIComponent(ns)}/${encodeURIComponent(pod)}/${encodeURIComponent(container)}?${query}`;
  const upstream = new WebSocket(url, [ws.protocol || EXEC_PROTOCOLS[0]], { headers: token ? { Authorization: `Bearer ${token}` } : {} });
  return new Promise((resolve) => {
    const fail = (message: string, reason = 'ServiceUnavailable', code = 503) => {
      send(ws, 3, JSON.stringify({ metadata: {}, status: 'Failure', reason, message, code }));
      ws.close(1000);
      resolve();
    };
    upstream.on('open', () => {
      for (const d of inbox.pending.splice(0)) upstream.send(d);
      inbox.deliver = (d) => upstream.send(d);
    });
    upstream.on('message', (data: Buffer) => { if (ws.readyState === WebSocket.OPEN) ws.send(data); });
    upstream.on('unexpected-response', (_req, res) => {
      let text = '';
      res.on('data', (d: Buffer) => { text += d; });
      res.on('end', () => {
        let body: any = {};
        try { body = JSON.parse(text); } catch { /* not a Status */ }
        fail(body.message ?? `node agent answered ${res.statusCode}`, body.reason ?? 'InternalError', res.statusCode ?? 500);
      });
    });
    upstream.on('error', (err) => fail(`cannot reach the node agent: ${err.message}`));
    upstream.on('close', () => { ws.close(1000); resolve(); });
    ws.on('close', () => upstream.close());
  });
}

/** kubectl's messages: held from the upgrade on until a relay takes them. */
interface Inbox {
  pending: Buffer[];
  deliver?: (data: Buffer) => void;
}

async function execOverSocket(ctx: ApiContext, token: string | undefined, ws: WebSocket, inbox: Inbox, ns: string, name: string, q: URLSearchParams): Promise<void> {
  const argv = q.getAll('command');
  try {
    if (!argv.length) throw new ApiError('BadRequest', 'you must specify at least 1 command');
    const { pod, agent } = await agentFor(ctx, ns, name);
    if (q.get('stdin') === 'true' || q.get('tty') === 'true') {
      const container = q.get('container') ?? pod.spec.containers[0].name;
      return await relayToAgent(agent, token, ws, inbox, ns, name, container, q);
    }
    const container = q.get('container') ?? pod.spec.containers[0].name;
    const wanted = (channel: number) => q.get(channel === 1 ? 'stdout' : 'stderr') !== 'false';
    const exitCode = await runOnAgent(agent, token, ns, name, container, argv, (channel, data) => { if (wanted(channel)) send(ws, channel, data); }, ws);
    send(ws, 3, JSON.stringify(exitStatus(exitCode, argv)));
  } catch (err) {
    send(ws, 3, JSON.stringify(toStatus(err)));
  }
  ws.close(1000);
}

/** True for upgrade requests this module answers. */
export function isExecUpgrade(req: IncomingMessage): boolean {
  const route = parseRoute(new URL(req.url ?? '/', 'http://x').pathname);
  return route.type === 'resource' && route.info.kind === 'Pod' && route.subresource === 'exec';
}

/** Handles an HTTP upgrade on the apiserver: exec sessions only; anything else is refused. */
export function handleUpgrade(ctx: ApiContext, token: string | undefined, req: IncomingMessage, socket: Duplex, head: Buffer): void {
  const refuse = (code: number, text: string) => { socket.end(`HTTP/1.1 ${code} ${text}\r\nConnection: close\r\n\r\n`); };
  if (token && req.headers.authorization !== `Bearer ${token}`) return refuse(401, 'Unauthorized');
  if (!isExecUpgrade(req)) return refuse(404, 'Not Found');
  const url = new URL(req.url ?? '/', 'http://x');
  const route = parseRoute(url.pathname);
  if (route.type !== 'resource' || !route.name) return refuse(404, 'Not Found');
  const { namespace, name } = route;
  wss.handleUpgrade(req, socket, head, (ws) => {
    const inbox: Inbox = { pending: [] };
    ws.on('message', (data: Buffer) => { if (inbox.deliver) inbox.deliver(data); else inbox.pending.push(data); });
    void execOverSocket(ctx, token, ws, inbox, namespace, name, url.searchParams);
  });
}
