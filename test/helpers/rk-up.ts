/**
 * Test fixture: runs the real `rk up` (compiled CLI) in a temporary data directory
 * on free ports, waits for its kubeconfig, and runs real kubectl against it.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { execa } from 'execa';
import { freePort } from '../../src/util/redis-server.js';

/** A running `rk up` cluster. */
export interface UpCluster {
  dir: string;
  kubeconfig: string;
  process: ChildProcess;
  output: () => string;
  /** Runs kubectl with this cluster's kubeconfig; never throws (check exitCode). */
  kubectl(args: string[], opts?: { input?: string; timeout?: number }): Promise<{ exitCode: number; stdout: string; stderr: string }>;
  stop(): Promise<void>;
}

const cli = fileURLToPath(new URL('../../src/cli/main.js', import.meta.url));

/** Starts `rk up` (in a new temporary data directory unless `opts.dir` names one) and resolves once kubectl can talk to it. */
export async function rkUp(extra: string[] = [], opts: { dir?: string } = {}): Promise<UpCluster> {
  const dir = opts.dir ?? mkdtempSync(join(tmpdir(), 'rk-up-'));
  const port = await freePort();
  const child = spawn(process.execPath, [cli, 'up', '--data-dir', dir, '--port', String(port), ...extra], { stdio: ['ignore', 'pipe', 'pipe'] });
  let out = '';
  child.stdout!.on('data', (d) => { out += d; });
  child.stderr!.on('data', (d) => { out += d; });
  const kubeconfig = join(dir, 'kubeconfig');
  const kubectl: UpCluster['kubectl'] = async (args, opts = {}) => {
    const r = await execa('kubectl', ['--kubeconfig', kubeconfig, '--cache-dir', join(dir, 'kube-cache'), ...args], {
      input: opts.input, reject: false, timeout: opts.timeout ?? 30_000, env: { KUBECONFIG: kubeconfig },
    });
    return { exitCode: r.exitCode ?? 1, stdout: String(r.stdout), stderr: String(r.stderr) };
  };
  const deadline = Date.now() + 30_000;
  while (!existsSync(kubeconfig) || (await kubectl(['get', '--raw', '/readyz'])).exitCode !== 0) {
    if (child.exitCode !== null) throw new Error(`rk up exited: ${out}`);
    if (Date.now() > deadline) throw new Error(`rk up not ready in 30 s: ${out}`);
    await new Promise((r) => setTimeout(r, 100));
  }
  return {
    dir, kubeconfig, process: child, output: () => out, kubectl,
    async stop() {
      if (child.exitCode === null) {
        const exited = new Promise((r) => child.once('exit', r));
        child.kill('SIGTERM');
        const t = setTimeout(() => child.kill('SIGKILL'), 15_000);
        await exited;
        clearTimeout(t);
      }
      rmSync(dir, { recursive: true, force: true });
    },
  };
}
