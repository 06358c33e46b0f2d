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

/**
 * A random pod range per cluster (a /20 inside 10.200.0.0-10.255.255.255, 896
 * choices) unless the test picks its own or the host network: clusters of test
 * files running side by side on one host must never share a pod range, or their
 * bridges and pod IPs would clash.
 */
export function podNetworkArgs(extra: string[]): string[] {
  if (extra.includes('--cluster-cidr') || extra.includes('--host-network')) return [];
  return ['--cluster-cidr', randomClusterCidr()];
}

/** A random /20 in 10.200.0.0-10.255.255.255 (outside the 10.244.0.0/16 default). */
export function randomClusterCidr(): string {
  let second: number;
  do second = 200 + Math.floor(Math.random() * 56); while (second === 244);
  return `10.${second}.${16 * Math.floor(Math.random() * 16)}.0/20`;
}

/**
 * A loopback Service range of its own per cluster (a random 127.96.X.0/24) unless
 * the test picks one: `rk up` would take 10.96.0.0/16 on a dummy interface as
 * root, and clusters of test files running side by side must not share ClusterIPs.
 */
export function serviceCidrArgs(extra: string[]): string[] {
  if (extra.includes('--service-cidr') || extra.includes('--service-cluster-ip-range')) return [];
  return ['--service-cidr', `127.96.${1 + Math.floor(Math.random() * 254)}.0/24`];
}

/** Starts `rk up` (in a new temporary data directory unless `opts.dir` names one) and resolves once kubectl can talk to it. */
export async function rkUp(extra: string[] = [], opts: { dir?: string } = {}): Promise<UpCluster> {
  const dir = opts.dir ?? mkdtempSync(join(tmpdir(), 'rk-up-'));
  const port = await freePort();
  const child = spawn(process.execPath, [cli, 'up', '--data-dir', dir, '--port', String(port), ...podNetworkArgs(extra), ...serviceCidrArgs(extra), ...extra], { stdio: ['ignore', 'pipe', 'pipe'] });
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
