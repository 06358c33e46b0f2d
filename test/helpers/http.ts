/**
 * Minimal raw HTTP helpers for tests that exercise the apiserver's wire protocol
 * directly (status codes, headers, bodies), independent of redkube's own client.
 */
import { request } from 'node:http';

/** A response as tests inspect it. */
export interface RawResponse {
  status: number;
  headers: Record<string, string | string[] | undefined>;
  text: string;
  json: any;
}

/** Sends one request; `body` objects are sent as JSON unless a content type is given with a string/Buffer. */
export function call(base: string, method: string, path: string, body?: unknown, headers: Record<string, string> = {}): Promise<RawResponse> {
  const url = new URL(path, base);
  const payload = body === undefined ? undefined : Buffer.isBuffer(body) || typeof body === 'string' ? body : JSON.stringify(body);
  const hdrs: Record<string, string | number> = { ...headers };
  if (payload !== undefined) {
    hdrs['Content-Type'] ??= 'application/json';
    hdrs['Content-Length'] = Buffer.byteLength(payload);
  }
  return new Promise((resolve, reject) => {
    const req = request(url, { method, headers: hdrs, agent: false }, (res) => {
      const chunks: Buffer[] = [];
      res.on('data', (c) => chunks.push(c));
      res.on('end', () => {
        const text = Buffer.concat(chunks).toString('utf8');
        let json: any;
        try { json = JSON.parse(text); } catch { json = undefined; }
        resolve({ status: res.statusCode ?? 0, headers: res.headers, text, json });
      });
      res.on('error', reject);
    });
    req.on('error', reject);
    if (payload !== undefined) req.write(payload);
    req.end();
  });
}

/** An open watch stream: events arrive in `events`; `close()` cuts the connection. */
export interface RawWatch {
  status: Promise<number>;
  events: any[];
  /** Resolves when at least `n` events arrived (rejects after `timeoutMs`). */
  waitFor(n: number, timeoutMs?: number): Promise<void>;
  ended: Promise<void>;
  close(): void;
}

/** Opens a watch and collects its newline-delimited JSON events. */
export function openWatch(base: string, path: string, headers: Record<string, string> = {}): RawWatch {
  const events: any[] = [];
  const waiters: { n: number; resolve: () => void }[] = [];
  let endResolve!: () => void;
  const ended = new Promise<void>((r) => { endResolve = r; });
  let statusResolve!: (n: number) => void;
  const status = new Promise<number>((r) => { statusResolve = r; });
  const req = request(new URL(path, base), { method: 'GET', headers, agent: false }, (res) => {
    statusResolve(res.statusCode ?? 0);
    let buf = '';
    res.on('data', (c: Buffer) => {
      buf += c.toString('utf8');
      let nl: number;
      while ((nl = buf.indexOf('\n')) >= 0) {
        const line = buf.slice(0, nl);
        buf = buf.slice(nl + 1);
        if (line.trim()) events.push(JSON.parse(line));
      }
      for (let i = waiters.length - 1; i >= 0; i--) if (events.length >= waiters[i].n) waiters.splice(i, 1)[0].resolve();
    });
    res.on('end', endResolve);
    res.on('close', endResolve);
    res.on('error', endResolve);
  });
  req.on('error', () => { statusResolve(0); endResolve(); });
  req.end();
  return {
    status,
    events,
    ended,
    waitFor(n, timeoutMs = 10_000) {
      if (events.length >= n) return Promise.resolve();
      return new Promise((resolve, reject) => {
        const t = setTimeout(() => reject(new Error(`watch ${path}: ${events.length} of ${n} events after ${timeoutMs} ms`)), timeoutMs);
        waiters.push({ n, resolve: () => { clearTimeout(t); resolve(); } });
      });
    },
    close() { req.destroy(); },
  };
}
