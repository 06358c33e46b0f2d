/**
 * The `sim` runtime for hollow nodes (like kubemark or KWOK): a container
 * "runs" from `start` until `stop`, with no process behind it, so one agent
 * process can host thousands of nodes and pods for scale tests.
 */
import { randomBytes } from 'node:crypto';
import type { ContainerConfig, ContainerHandle, ExecResult, ExitInfo, Runtime } from './types.js';

/** Containers without processes. Invariant: a sim container exits only when stopped (exit 0, Completed). */
export class SimRuntime implements Runtime {
  readonly name = 'sim';
  readonly real = false;
  private readonly stops = new Map<string, (info: ExitInfo) => void>();

  async start(_config: ContainerConfig): Promise<ContainerHandle> {
    const id = randomBytes(8).toString('hex');
    const exited = new Promise<ExitInfo>((resolve) => this.stops.set(id, resolve));
    return { id, startedAt: Date.now(), exited };
  }

  async stop(handle: ContainerHandle): Promise<void> {
    this.stops.get(handle.id)?.({ exitCode: 0, reason: 'Completed', finishedAt: Date.now() });
    this.stops.delete(handle.id);
    await handle.exited;
  }

  async exec(): Promise<ExecResult> {
    return { exitCode: 0, stdout: '', stderr: '', timedOut: false };
  }

  async cleanupOrphans(): Promise<number> {
    return 0;
  }
}
