/**
 * The one place the client touches the network: HTTP(S) requests to the
 * apiserver over a keep-alive agent, bearer-token auth, and the mapping of
 * failures to `StatusError` (the server said no) or `ConnectionError` (it could
 * not be asked). Everything above works with paths and parsed bodies only.
 */
import http, { type IncomingMessage, type OutgoingHttpHeaders } from 'node:http';
import https from 'node:https';
import { ConnectionError, errorFromResponse } from './errors.js';

/** How to reach and authenticate to an apiserver. */
export interface TransportOptions {
  /** Base URL, e.g. `https://127.0.0.1:6443`; a path prefix is kept. */
  server: string;
  /** Bearer token sent on every request. */
  token?: string;
  /** PEM CA bundle that signs the server certificate. */
  ca?: string;
  /** PEM client certificate and key, for certificate authentication. */
  cert?: string;
  key?: string;
  /** Skip server certificate verification (test clusters only). */
  insecure?: boolean;
  userAgent?: string;
  /** A request with no traffic for this long fails with `ConnectionError`; default 30 s. */
  timeoutMs?: number;
}

/** One HTTP exchange; `path` already carries its query string. */
export interface TransportRequest {
  method: string;
  path: string;
  body?: string | Buffer;
  contentType?: string;
  accept?: string;
  signal?: AbortSignal;
  /** Overrides the transport's idle timeout; 0 disables it. */
  idleTimeoutMs?: number;
}

/** A buffered answer: its media type and its text. */
export interface TransportResponse {
  contentType: string;
  body: string;
}

/** HTTP(S) requests to one apiserver. Invariant: a resolved request had a 2xx answer. */
export class HttpTransport {
  private readonly base: URL;
  private readonly agent: http.Agent;
  private readonly options: TransportOptions;

  constructor(options: TransportOptions) {
    this.options = options;
    this.base = new URL(options.server);
    if (this.base.protocol !== 'http:' && this.base.protocol !== 'https:') {
      throw new TypeError(`unsupported server URL ${options.server}: use http:// or https://`);
    }
    this.agent = this.base.protocol === 'https:'
      ? new https.Agent({ keepAlive: true, ca: options.ca, cert: options.cert, key: options.key, rejectUnauthorized: !options.insecure })
      : new http.Agent({ keepAlive: true });
  }

  /** Base URL of the apiserver this transport talks to. */
  get server(): string {
    return this.base.toString();
  }

  /** Sends a request and resolves with the 2xx response stream once headers arrive; the caller must consume or destroy it. */
  open(req: TransportRequest): Promise<IncomingMessage> {
    const url = this.urlFor(req.path);
    return new Promise((resolve, reject) => {
      const fail = (err: unknown): void => reject(this.wrap(err, req));
      const request = (url.protocol === 'https:' ? https : http).request(url, {
        method: req.method, headers: this.headers(req), agent: this.agent, signal: req.signal,
      });
      const idle = req.idleTimeoutMs ?? this.options.timeoutMs ?? 30_000;
      if (idle > 0) {
        request.setTimeout(idle, () => request.destroy(new ConnectionError(`${req.method} ${url.pathname}: no traffic for ${idle} ms`)));
      }
      request.on('error', fail);
      request.on('response', (res) => {
        const code = res.statusCode ?? 0;
        if (code >= 200 && code < 300) return resolve(res);
        readText(res).then((text) => reject(errorFromResponse(code, text)), fail);
      });
      request.end(req.body);
    });
  }

  /** Sends a request and buffers its 2xx answer. */
  async send(req: TransportRequest): Promise<TransportResponse> {
    const res = await this.open(req);
    try {
      return { contentType: String(res.headers['content-type'] ?? ''), body: await readText(res) };
    } catch (err) {
      throw this.wrap(err, req);
    }
  }

  /** Closes idle keep-alive sockets; requests still open keep running until they end. */
  close(): void {
    this.agent.destroy();
  }

  private urlFor(path: string): URL {
    const url = new URL(this.base.toString());
    const [pathname, search] = path.split('?', 2);
    url.pathname = this.base.pathname.replace(/\/$/, '') + pathname;
    url.search = search ? `?${search}` : '';
    return url;
  }

  private headers(req: TransportRequest): OutgoingHttpHeaders {
    const headers: OutgoingHttpHeaders = {
      accept: req.accept ?? 'application/json',
      'user-agent': this.options.userAgent ?? 'redkube-client',
    };
    if (this.options.token) headers.authorization = `Bearer ${this.options.token}`;
    if (req.body !== undefined) {
      headers['content-type'] = req.contentType ?? 'application/json';
      headers['content-length'] = Buffer.byteLength(req.body);
    }
    return headers;
  }

  private wrap(err: unknown, req: TransportRequest): unknown {
    if (req.signal?.aborted) return req.signal.reason;
    if (err instanceof ConnectionError) return err;
    const message = err instanceof Error ? err.message : String(err);
    return new ConnectionError(`${req.method} ${this.base.origin}${req.path.split('?')[0]}: ${message}`, { cause: err });
  }
}

/** Reads a whole response body as UTF-8 text. */
async function readText(res: IncomingMessage): Promise<string> {
  res.setEncoding('utf8');
  let text = '';
  for await (const chunk of res) text += chunk;
  return text;
}
