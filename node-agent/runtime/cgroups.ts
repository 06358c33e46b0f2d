/**
 * resources.limits enforced with cgroups v1 (the layout on these machines): per
 * container a `redkube/<id>` child of the agent's own memory and cpu cgroups,
 * with memory.limit_in_bytes and a CFS quota; per pod a `redkube/pod-<uid>`
 * pids cgroup with pids.max (the kubelet's podPidsLimit) that every container
 * of the pod joins. The container joins them before it
 * execs (see `withCgroups`), so no allocation escapes the limit; a SIGKILL with
 * the memory cgroup's oom_kill counter raised is reported as OOMKilled.
 * Without a writable cgroup v1 hierarchy limits are not enforced.
 */
import { existsSync, mkdirSync, readFileSync, rmdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';

/** Limits of one container, already parsed from quantities. */
export interface Limits {
  memoryBytes?: number;
  cpuCores?: number;
}

const CFS_PERIOD_US = 100_000;

function ownPath(controller: string): string | undefined {
  try {
    const line = readFileSync('/proc/self/cgroup', 'utf8').split('\n').find((l) => l.split(':')[1]?.split(',').includes(controller));
    return line?.split(':')[2];
  } catch {
    return undefined;
  }
}

/** Directory under which the agent creates container cgroups for `controller`, or undefined when unavailable. */
export function cgroupRoot(controller: 'memory' | 'cpu' | 'pids'): string | undefined {
  const mount = `/sys/fs/cgroup/${controller}`;
  const own = ownPath(controller);
  if (own === undefined || !existsSync(join(mount, 'cgroup.procs')) || process.getuid?.() !== 0) return undefined;
  return join(mount, own, 'redkube');
}

/** Creates the cgroups a container with `limits` needs; returns their directories (empty when nothing is limited or cgroups are unavailable). */
export function createCgroups(id: string, limits: Limits): string[] {
  const dirs: string[] = [];
  const make = (controller: 'memory' | 'cpu', files: Record<string, string>) => {
    const root = cgroupRoot(controller);
    if (!root) return;
    const dir = join(root, id);
    mkdirSync(dir, { recursive: true });
    for (const [f, v] of Object.entries(files)) writeFileSync(join(dir, f), v);
    dirs.push(dir);
  };
  if (limits.memoryBytes && limits.memoryBytes > 0) make('memory', { 'memory.limit_in_bytes': String(Math.floor(limits.memoryBytes)) });
  if (limits.cpuCores && limits.cpuCores > 0) {
    make('cpu', { 'cpu.cfs_period_us': String(CFS_PERIOD_US), 'cpu.cfs_quota_us': String(Math.max(1000, Math.round(limits.cpuCores * CFS_PERIOD_US))) });
  }
  return dirs;
}

/** Directory of a pod's pids cgroup (whether or not it exists), or undefined when the pids controller is unavailable. */
export function podPidsDir(podUid: string): string | undefined {
  const root = cgroupRoot('pids');
  return root ? join(root, `pod-${podUid}`) : undefined;
}

/** Creates (or re-limits) a pod's pids cgroup with pids.max = `limit`; answers its directory, or undefined when unavailable. */
export function ensurePodPidsCgroup(podUid: string, limit: number): string | undefined {
  const dir = podPidsDir(podUid);
  if (!dir) return undefined;
  mkdirSync(dir, { recursive: true });
  writeFileSync(join(dir, 'pids.max'), String(Math.max(1, Math.floor(limit))));
  return dir;
}

/** argv that joins `dirs` and then execs `argv` (pure). */
export function withCgroups(argv: string[], dirs: string[]): string[] {
  if (!dirs.length) return argv;
  const script = 'while [ "$1" != "--" ]; do echo $$ > "$1/cgroup.procs"; shift; done; shift; exec "$@"';
  return ['sh', '-c', script, 'rk-cgroup', ...dirs, '--', ...argv];
}

/** True when the memory cgroup among `dirs` has OOM-killed a process. */
export function oomKilled(dirs: string[]): boolean {
  const mem = dirs.find((d) => d.includes('/memory/'));
  if (!mem) return false;
  try {
    return /oom_kill [1-9]/.test(readFileSync(join(mem, 'memory.oom_control'), 'utf8'));
  } catch {
    return false;
  }
}

/** Removes a container's cgroups (they must be empty: call after its process group is dead). */
export async function removeCgroups(dirs: string[]): Promise<void> {
  for (const dir of dirs) {
    for (let i = 0; i < 50; i++) {
      try {
        rmdirSync(dir);
        break;
      } catch (err) {
        if ((err as NodeJS.ErrnoException).code === 'ENOENT') break;
        await new Promise((r) => setTimeout(r, 20));
      }
    }
  }
}
