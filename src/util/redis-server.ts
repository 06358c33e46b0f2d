/**
 * Spawns and stops a private redis-server: `rk up` runs one per cluster (AOF on),
 * tests run one per file on a free port. Never touches any other Redis.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { createServer } from 'node:net';
import { Redis } from 'ioredis';

/** Finds a free TCP port on 127.0.0.1. */
export function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const srv = createServer();
    srv.once('error', reject);
    srv.listen(0, '127.0.0.1', () => {
      const port = (srv.address() as { port: number }).port;
      srv.close(() => resolve(port));
    });
  });
}

/** How to run the private redis-server. */
export interface RedisServerOptions {
  port?: number;
  /** Data directory; without it nothing is persisted. */
  dir?: string;
  /** Turn on the append-only file (durable writes). */
  appendOnly?: boolean;
  /** `always` (no acknowledged write lost), `everysec` (up to ~1 s lost on a crash) or `no`. */
  appendFsync?: 'always' | 'everysec' | 'no';
  /** redis-server binary. */
  binary?: string;
}

/** A running private redis-server. */
export interface RedisServer {
  port: number;
  url: string;
  process: ChildProcess;
  /** Stops it (SIGTERM, then SIGKILL after 3 s). */
  stop(): Promise<void>;
  /** Kills it at once, as a crash would. */
  kill(): Promise<void>;
}

/** Starts redis-server and resolves when it answers PING. */
export async function startRedisServer(opts: RedisServerOptions = {}): Promise<RedisServer> {
  const port = opts.port ?? (await freePort());
  const args = ['--port', String(port), '--bind', '127.0.0.1', '--save', '', '--protected-mode', 'yes'];
  if (opts.dir) args.push('--dir', opts.dir);
  if (opts.appendOnly) args.push('--appendonly', 'yes', '--appendfsync', opts.appendFsync ?? 'everysec');
  else args.push('--appendonly', 'no');
  const child = spawn(opts.binary ?? 'redis-server', args, { stdio: ['ignore', 'ignore', 'pipe'] });
  let exited = false;
  const exit = new Promise<void>((resolve) => child.once('exit', () => { exited = true; resolve(); }));
  const url = `redis://127.0.0.1:${port}`;
  await waitForPing(url, () => exited);
  const stopWith = async (signal: NodeJS.Signals) => {
    if (exited) return;
    child.kill(signal);
    const timer = setTimeout(() => child.kill('SIGKILL'), 3000);
    await exit;
    clearTimeout(timer);
  };
  return { port, url, process: child, stop: () => stopWith('SIGTERM'), kill: () => stopWith('SIGKILL') };
}

async function waitForPing(url: string, exited: () => boolean): Promise<void> {
  const deadline = Date.now() + 10_000;
  for (;;) {
    if (exited()) throw new Error('redis-server exited during start-up (is redis-server installed?)');
    const probe = new Redis(url, { lazyConnect: true, maxRetriesPerRequest: 0, retryStrategy: () => null });
    probe.on('error', () => undefined);
    try {
      await probe.connect();
      await probe.ping();
      probe.disconnect();
      return;
    } catch {
      probe.disconnect();
      if (Date.now() > deadline) throw new Error(`redis-server at ${url} did not answer within 10 s`);
      await new Promise((r) => setTimeout(r, 20));
    }
  }
}
