/**
 * Runs `rk` component processes as children of `rk up`, restarting a crashed one
 * with back-off, and stopping all of them (SIGTERM, then SIGKILL) on shutdown.
 */
import { spawn, type ChildProcess } from 'node:child_process';

/** A supervised child process. */
export class Supervised {
  private child?: ChildProcess;
  private stopping = false;
  private backoffMs = 1000;

  constructor(readonly name: string, private readonly args: string[], private readonly log: (line: string) => void) {}

  /** Starts the process (and restarts it whenever it exits unexpectedly). */
  start(): void {
    const child = spawn(process.execPath, this.args, { stdio: ['ignore', 'pipe', 'pipe'], env: process.env });
    this.child = child;
    const started = Date.now();
    const forward = (d: Buffer) => { for (const l of d.toString().split('\n')) if (l.trim()) this.log(`[${this.name}] ${l}`); };
    child.stdout!.on('data', forward);
    child.stderr!.on('data', forward);
    child.once('exit', (code, signal) => {
      if (this.stopping) return;
      if (Date.now() - started > 60_000) this.backoffMs = 1000;
      this.log(`[${this.name}] exited (${signal ?? code}); restarting in ${this.backoffMs / 1000}s`);
      setTimeout(() => { if (!this.stopping) this.start(); }, this.backoffMs);
      this.backoffMs = Math.min(this.backoffMs * 2, 30_000);
    });
  }

  /** Stops the process: SIGTERM, then SIGKILL after `graceMs`. */
  async stop(graceMs = 5000): Promise<void> {
    this.stopping = true;
    const child = this.child;
    if (!child || child.exitCode !== null || child.signalCode !== null) return;
    const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
    child.kill('SIGTERM');
    const timer = setTimeout(() => child.kill('SIGKILL'), graceMs);
    await exited;
    clearTimeout(timer);
  }
}
