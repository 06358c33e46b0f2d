/**
 * Test fixture for the `rk` CLI tests: a private cluster (`startTestCluster`), a
 * kubeconfig pointing at it, and a runner for the real `rk` binary (the compiled
 * one under dist, or the TypeScript source through tsx when run directly).
 */
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { execa } from 'execa';
import { startTestCluster, type TestCluster } from './helpers/cluster.js';
import { writeKubeconfig } from '../src/cli/kubeconfig-file.js';

/** Result of one `rk` run. */
export interface RkResult { exitCode: number; stdout: string; stderr: string }

/** A test cluster with an `rk` runner bound to its kubeconfig. */
export interface CliCluster {
  cluster: TestCluster;
  dir: string;
  kubeconfig: string;
  rk(args: string[], opts?: { input?: string; env?: Record<string, string>; timeout?: number }): Promise<RkResult>;
  stop(): Promise<void>;
}

const compiled = fileURLToPath(new URL('../src/cli/main.js', import.meta.url));
const source = fileURLToPath(new URL('../src/cli/main.ts', import.meta.url));

/** The command line that runs `rk`. */
export function rkCommand(): string[] {
  return existsSync(compiled) ? [process.execPath, compiled] : [process.execPath, '--import', 'tsx', source];
}

/** Runs `rk` with the given kubeconfig; never throws (check exitCode). */
export async function runRk(kubeconfig: string, args: string[], opts: { input?: string; env?: Record<string, string>; timeout?: number } = {}): Promise<RkResult> {
  const [bin, ...pre] = rkCommand();
  const r = await execa(bin, [...pre, ...args], {
    input: opts.input, reject: false, timeout: opts.timeout ?? 30_000, stripFinalNewline: false,
    env: { KUBECONFIG: kubeconfig, NO_COLOR: '1', HOME: join(kubeconfig, '..'), ...opts.env }, extendEnv: true,
  });
  return { exitCode: r.exitCode ?? 1, stdout: String(r.stdout), stderr: String(r.stderr) };
}

/** Starts a cluster and writes its kubeconfig into a fresh temporary directory. */
export async function startCliCluster(): Promise<CliCluster> {
  const cluster = await startTestCluster();
  const dir = mkdtempSync(join(tmpdir(), 'rk-cli-'));
  const kubeconfig = join(dir, 'config');
  writeKubeconfig(kubeconfig, cluster.url, 'unused-token');
  return {
    cluster, dir, kubeconfig,
    rk: (args, opts) => runRk(kubeconfig, args, opts),
    async stop() {
      await cluster.stop();
      rmSync(dir, { recursive: true, force: true });
    },
  };
}

/**
 * `ok(args, input?)`: runs rk against the cluster `cluster()` returns and fails the
 * test with rk's stderr unless it exits 0; resolves to stdout. Shared by the CLI tests.
 */
export function rkOk(cluster: () => CliCluster): (args: string[], input?: string) => Promise<string> {
  return async (args, input) => {
    const r = await cluster().rk(args, { input });
    if (r.exitCode !== 0) throw new Error(`rk ${args.join(' ')} failed (exit ${r.exitCode}): ${r.stderr}`);
    return r.stdout;
  };
}

/** `json(...args)`: `rk <args> -o json` through `ok`, parsed. */
export function rkJson(ok: (args: string[]) => Promise<string>): (...args: string[]) => Promise<any> {
  return async (...args) => JSON.parse(await ok([...args, '-o', 'json']));
}
