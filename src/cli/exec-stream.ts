/**
 * The Kubernetes exec protocol over WebSocket (`v5.channel.k8s.io`, falling back
 * to `v4.channel.k8s.io`): each binary message starts with a channel byte — 0
 * stdin, 1 stdout, 2 stderr, 3 the final Status, 4 terminal resize, 255 close
 * (v5: `[255, 0]` ends stdin). `exitCodeOf` reads the command's exit code from
 * that Status (pure); `execInPod` runs one command, relays its output and, when
 * interactive, its input and terminal size.
 */
import type { KubeconfigContext } from '../client/index.js';
import { errorFromResponse } from '../client/errors.js';

/** Subprotocols offered, best first. */
export const EXEC_PROTOCOLS = ['v5.channel.k8s.io', 'v4.channel.k8s.io'];

/** The exit code a channel-3 Status reports: 0 for Success, the ExitCode cause for NonZeroExitCode, else 1. */
export function exitCodeOf(status: { status?: string; reason?: string; details?: { causes?: { reason?: string; message?: string }[] } }): number {
  if (status.status === 'Success') return 0;
  const cause = status.details?.causes?.find((c) => c.reason === 'ExitCode');
  const code = Number(cause?.message);
  return status.reason === 'NonZeroExitCode' && Number.isInteger(code) ? code : 1;
}

/** The exec URL (ws/wss) with kubectl's query. */
export function execUrl(server: string, namespace: string, pod: string, container: string | undefined, command: string[], io: { stdin?: boolean; tty?: boolean } = {}): string {
  const url = new URL(`${server.replace(/\/$/, '')}/api/v1/namespaces/${encodeURIComponent(namespace)}/pods/${encodeURIComponent(pod)}/exec`);
  url.protocol = url.protocol === 'https:' ? 'wss:' : 'ws:';
  for (const c of command) url.searchParams.append('command', c);
  if (container) url.searchParams.set('container', container);
  if (io.stdin) url.searchParams.set('stdin', 'true');
  url.searchParams.set('stdout', 'true');
  if (io.tty) url.searchParams.set('tty', 'true');
  else url.searchParams.set('stderr', 'true');
  return url.toString();
}

/** The interactive side of a session: input to send and, for a TTY, the terminal size and its changes. */
export interface ExecInput {
  stdin: NodeJS.ReadableStream;
  tty?: { size(): { cols: number; rows: number }; onResize(cb: () => void): () => void };
}

/** Runs the command; output goes to the given writers. Resolves with the exit code, or rejects with the server's Failure. */
export async function execInPod(
  cfg: KubeconfigContext, namespace: string, pod: string, container: string | undefined, command: string[],
  out: (b: Buffer) => void, err: (b: Buffer) => void, input?: ExecInput,
): Promise<number> {
  const { default: WebSocket } = await import('ws');
  const headers: Record<string, string> = cfg.token ? { Authorization: `Bearer ${cfg.token}` } : {};
  const ws = new WebSocket(execUrl(cfg.server, namespace, pod, container, command, { stdin: Boolean(input), tty: Boolean(input?.tty) }), EXEC_PROTOCOLS, {
    headers, ca: cfg.ca, cert: cfg.cert, key: cfg.key, rejectUnauthorized: !cfg.insecure,
  });
  let unsubscribe = () => undefined as void;
  if (input) {
    const frame = (channel: number, data: Buffer) => { if (ws.readyState === WebSocket.OPEN) ws.send(Buffer.concat([Buffer.from([channel]), data])); };
    const resize = () => {
      const { cols, rows } = input.tty!.size();
      frame(4, Buffer.from(JSON.stringify({ Width: cols, Height: rows })));
    };
    const onData = (d: Buffer | string) => frame(0, Buffer.isBuffer(d) ? d : Buffer.from(d));
    const onEnd = () => { if (ws.protocol === EXEC_PROTOCOLS[0]) frame(255, Buffer.from([0])); };
    ws.on('open', () => {
      if (input.tty) resize();
      input.stdin.on('data', onData);
      input.stdin.on('end', onEnd);
    });
    const offResize = input.tty ? input.tty.onResize(resize) : () => undefined;
    unsubscribe = () => {
      offResize();
      input.stdin.off('data', onData);
      input.stdin.off('end', onEnd);
      (input.stdin as NodeJS.ReadStream).pause?.();
    };
  }
  return new Promise<number>((resolve, reject) => {
    let status: Record<string, any> | undefined;
    ws.on('message', (data: Buffer) => {
      const body = data.subarray(1);
      if (data[0] === 1) out(body);
      else if (data[0] === 2) err(body);
      else if (data[0] === 3) status = JSON.parse(body.toString('utf8'));
    });
    ws.on('unexpected-response', (_req, res) => {
      let text = '';
      res.on('data', (d: Buffer) => { text += d; });
      res.on('end', () => {
        reject(errorFromResponse(res.statusCode ?? 500, text));
      });
    });
    ws.on('error', reject);
    ws.on('close', () => {
      if (!status) return reject(new Error('the exec stream closed without a status'));
      if (status.status !== 'Success' && status.reason !== 'NonZeroExitCode') {
        return reject(Object.assign(new Error(status.message ?? 'exec failed'), { name: 'StatusError', status, reason: status.reason, code: status.code }));
      }
      resolve(exitCodeOf(status));
    });
  }).finally(unsubscribe);
}
