/**
 * The `process` runtime: a container is a host process started (by the spawner
 * child, off the agent's event loop) in its own process group (so stopping it kills the whole tree), sharing the host's
 * files, binaries and network. Output goes to CRI log files; every group is
 * recorded in the state dir so a restarted agent can clean up after a crash.
 * With a pod network the container runs in the pod's network namespace.
 * As root on Linux a container with volume mounts gets a private mount namespace
 * (volumes bind-mounted at their mountPath) and memory/cpu limits are enforced
 * with cgroups v1; otherwise volumes exist only under the state dir and limits
 * are not enforced.
 */
import { randomBytes } from 'node:crypto';
import { existsSync, rmdirSync } from 'node:fs';
import { join } from 'node:path';
import { constants } from 'node:os';
import { execa } from 'execa';
import { attemptLogPath, containerLogDir, pruneAttempts } from '../logs/cri-log.js';
import { Spawner } from './spawner.js';
import { cgroupRoot, createCgroups, ensurePodPidsCgroup, oomKilled, podPidsDir, removeCgroups, withCgroups } from './cgroups.js';
import { startInteractive, type InteractiveSession, type SessionOutput } from './interactive.js';
import { processStartTicks, ProcessRecords, safeToKill, signalGroup } from './state-dir.js';
import { CreateContainerError, type ContainerConfig, type ContainerHandle, type ExecResult, type ExecStream, type ExitInfo, type Runtime } from './types.js';

/** Where the process runtime keeps its files. */
export interface ProcessRuntimeOptions {
  stateDir: string;
  logDir: string;
  logMaxBytes?: number;
  /** pids.max of each pod (all its containers together), enforced with the pids cgroup as root; unset: unlimited. */
  podPidsLimit?: number;
}

const POLL_MS = 50;

/**
 * Shell run inside a fresh mount (and UTS) namespace: sets the hostname when one is
 * given (first argument, empty for none), bind-mounts each `source target rw|ro`
 * triple, then execs the container command. Targets that do not exist are created
 * (directories, or an empty file for a file source) on the host filesystem.
 */
const MOUNT_SCRIPT = [
  'set -e',
  'if [ -n "$1" ]; then printf %s "$1" > /proc/sys/kernel/hostname; fi; shift',
  'while [ "$1" != "--" ]; do src=$1; dst=$2; mode=$3; shift 3',
  '  if [ -d "$src" ]; then mkdir -p "$dst"; else mkdir -p "$(dirname "$dst")"; [ -e "$dst" ] || : > "$dst"; fi',
  '  mount --bind "$src" "$dst"',
  '  if [ "$mode" = ro ]; then mount -o remount,bind,ro "$dst"; fi',
  'done',
  'shift',
  'exec "$@"',
].join('\n');

/** True when containers can get a private mount namespace (Linux, root, util-linux present). */
export function canUseMountNamespaces(): boolean {
  return process.platform === 'linux' && process.getuid?.() === 0 && existsSync('/usr/bin/unshare') && existsSync('/usr/bin/nsenter');
}

/**
 * The argv that runs `argv` with `mounts` visible at their targets and, when
 * `hostname` is given, in its own UTS namespace carrying that hostname (pure).
 */
export function withMounts(argv: string[], mounts: NonNullable<ContainerConfig['mounts']>, hostname?: string): string[] {
  if (!mounts.length && !hostname) return argv;
  const triples = mounts.flatMap((m) => [m.source, m.target, m.readOnly ? 'ro' : 'rw']);
  const uts = hostname ? ['--uts'] : [];
  return ['unshare', '--mount', ...uts, '--propagation', 'private', '--', 'sh', '-c', MOUNT_SCRIPT, 'rk-mount', hostname ?? '', ...triples, '--', ...argv];
}

/**
 * Mounts and hostname of a container: a pod in its own network namespace (the
 * sandbox) also gets its hostname and its managed /etc/hosts, as the kubelet gives
 * every pod that does not use the host network (pure).
 */
export function sandboxView(config: ContainerConfig): { mounts: NonNullable<ContainerConfig['mounts']>; hostname?: string } {
  const mounts = [...(config.mounts ?? [])];
  if (!config.netns) return { mounts };
  if (config.hostsFile && !mounts.some((m) => m.target === '/etc/hosts')) mounts.push({ source: config.hostsFile, target: '/etc/hosts', readOnly: false });
  return { mounts, hostname: config.hostname };
}

/** Environment a host process gets: the pod's variables plus a PATH to find binaries (images would bring their own). */
function containerEnv(config: ContainerConfig): Record<string, string> {
  return { PATH: process.env.PATH ?? '/usr/local/bin:/usr/bin:/bin', HOSTNAME: config.hostname ?? config.podName, ...config.env };
}

function exitInfo(exitCode: number | undefined, signal: string | undefined, now: number): ExitInfo {
  const code = exitCode ?? 128 + (signal ? (constants.signals as Record<string, number>)[signal] ?? 0 : 0);
  return { exitCode: code, signal, reason: code === 0 ? 'Completed' : 'Error', finishedAt: now };
}

/** Host-process runtime. Invariant: every live group it started has a record in the state dir. */
export class ProcessRuntime implements Runtime {
  readonly name = 'process';
  readonly real = true;
  private readonly records: ProcessRecords;
  private readonly mountNamespaces = canUseMountNamespaces();
  /** Main pid of each running container that has its own mount namespace, for exec. */
  private readonly namespaced = new Map<string, number>();
  /** Pod uid -> its containers started and not yet exited (the pod's pids cgroup goes when this reaches 0). */
  private readonly podContainers = new Map<string, number>();

  private readonly spawner = new Spawner();

  constructor(private readonly opts: ProcessRuntimeOptions) {
    this.records = new ProcessRecords(opts.stateDir);
  }

  /** Ends the spawner process (after the containers were stopped). */
  async close(): Promise<void> {
    this.spawner.close();
  }


  /** Directory of a container's log files. */
  logDir(config: Pick<ContainerConfig, 'podNamespace' | 'podName' | 'podUid' | 'name'>): string {
    return containerLogDir(this.opts.logDir, config.podNamespace, config.podName, config.podUid, config.name);
  }

  async start(config: ContainerConfig): Promise<ContainerHandle> {
    if (!config.argv.length) {
      throw new CreateContainerError('CreateContainerError', 'the process runtime cannot run image entrypoints: set command (and args) on the container');
    }
    const dir = this.logDir(config);
    pruneAttempts(dir, config.attempt);
    const id = randomBytes(8).toString('hex');
    const cgroups = config.limits ? createCgroups(id, config.limits) : [];
    const view = sandboxView(config);
    const mounted = this.mountNamespaces ? withMounts(config.argv, view.mounts, view.hostname) : config.argv;
    const inner = config.netns ? ['ip', 'netns', 'exec', config.netns, ...mounted] : mounted;
    const podPids = this.opts.podPidsLimit ? ensurePodPidsCgroup(config.podUid, this.opts.podPidsLimit) : undefined;
    const argv = withCgroups(inner, podPids ? [...cgroups, podPids] : cgroups);
    if (podPids) this.podContainers.set(config.podUid, (this.podContainers.get(config.podUid) ?? 0) + 1);
    // The spawner starts the process, records it in the state dir and writes its CRI log.
    const spawned = this.spawner.spawn({
      id, argv, env: containerEnv(config), cwd: config.workingDir, logPath: attemptLogPath(dir, config.attempt), logMaxBytes: this.opts.logMaxBytes,
      stateDir: this.opts.stateDir, podUid: config.podUid, container: config.name,
    });
    const pid = await spawned.pid;
    const startedAt = Date.now();
    const nsKey = `${config.podUid}/${config.name}`;
    if (pid && inner !== config.argv) this.namespaced.set(nsKey, pid);
    const exited = spawned.exited.then(async (r) => {
      if (this.namespaced.get(nsKey) === pid) this.namespaced.delete(nsKey);
      const oom = oomKilled(cgroups);
      if (pid) {
        signalGroup(pid, 'SIGKILL');
        this.records.remove(id);
      }
      await removeCgroups(cgroups);
      if (podPids) await this.releasePod(config.podUid);
      if (oom) return { ...exitInfo(r.exitCode, r.signal, Date.now()), reason: 'OOMKilled' as const };
      if (r.error !== undefined) return { exitCode: 128, reason: 'Error' as const, finishedAt: Date.now(), message: r.error };
      return exitInfo(r.exitCode, r.signal, Date.now());
    });
    return { id, pid, startedAt, exited };
  }

  /** One container of the pod is gone; the last one removes the pod's pids cgroup. */
  private async releasePod(podUid: string): Promise<void> {
    const left = (this.podContainers.get(podUid) ?? 1) - 1;
    if (left > 0) return void this.podContainers.set(podUid, left);
    this.podContainers.delete(podUid);
    const dir = podPidsDir(podUid);
    // Retry while the group's last processes exit; a container started meanwhile keeps the cgroup.
    for (let i = 0; dir && i < 250 && !this.podContainers.has(podUid); i++) {
      try {
        rmdirSync(dir);
        return;
      } catch (err) {
        if ((err as NodeJS.ErrnoException).code === 'ENOENT') return;
        await new Promise((r) => setTimeout(r, 20));
      }
    }
  }

  async stop(handle: ContainerHandle, graceMs: number): Promise<void> {
    if (!handle.pid) return void (await handle.exited);
    let done = false;
    void handle.exited.then(() => { done = true; });
    if (graceMs > 0 && signalGroup(handle.pid, 'SIGTERM')) {
      const deadline = Date.now() + graceMs;
      while (!done && Date.now() < deadline) await new Promise((r) => setTimeout(r, Math.min(POLL_MS, deadline - Date.now())));
    }
    if (!done) signalGroup(handle.pid, 'SIGKILL');
    await handle.exited;
  }

  /** `argv` entering the container's mount and network namespaces, when it has its own. */
  private inContainer(config: ContainerConfig, argv: string[]): string[] {
    const nsPid = this.namespaced.get(`${config.podUid}/${config.name}`);
    return nsPid ? ['nsenter', '-t', String(nsPid), '-m', '-n', ...(sandboxView(config).hostname ? ['-u'] : []), '--', ...argv] : argv;
  }

  execInteractive(config: ContainerConfig, argv: string[], tty: boolean, out: SessionOutput): InteractiveSession {
    return startInteractive(this.inContainer(config, argv), { tty, env: containerEnv(config), cwd: config.workingDir }, out);
  }

  async exec(config: ContainerConfig, argv: string[], timeoutMs: number, stream?: ExecStream): Promise<ExecResult> {
    if (!argv.length) return { exitCode: 126, stdout: '', stderr: 'no command', timedOut: false };
    const full = this.inContainer(config, argv);
    const child = execa(full[0], full.slice(1), {
      env: containerEnv(config), extendEnv: false, cwd: config.workingDir, stdin: 'ignore', reject: false, timeout: timeoutMs > 0 ? timeoutMs : undefined,
      killSignal: 'SIGKILL', encoding: 'utf8', maxBuffer: 4 * 1024 * 1024, buffer: !stream, cancelSignal: stream?.signal,
    });
    if (stream) {
      child.stdout?.on('data', (c: Buffer) => stream.onOutput('stdout', Buffer.from(c)));
      child.stderr?.on('data', (c: Buffer) => stream.onOutput('stderr', Buffer.from(c)));
    }
    const r = await child;
    const exitCode = r.exitCode ?? (r.failed && !r.timedOut ? 126 : 137);
    // Streamed output was already delivered; only a command that never started adds why.
    const neverStarted = r.failed && r.exitCode === undefined && !r.signal && !r.timedOut && !r.isCanceled;
    const buffered = stream ? '' : String(r.stderr ?? '');
    return { exitCode, stdout: stream ? '' : String(r.stdout ?? ''), stderr: buffered + (neverStarted ? r.shortMessage : ''), timedOut: Boolean(r.timedOut) };
  }

  async cleanupOrphans(): Promise<number> {
    this.spawner.warm();
    let killed = 0;
    for (const record of this.records.list()) {
      if (safeToKill(record, processStartTicks(record.pid)) && signalGroup(record.pid, 'SIGKILL')) killed++;
      for (let i = 0; i < 100 && signalGroup(record.pid, 0); i++) await new Promise((r) => setTimeout(r, 20));
      const roots = [cgroupRoot('memory'), cgroupRoot('cpu')].filter((r): r is string => Boolean(r));
      const pods = [podPidsDir(record.podUid)].filter((d): d is string => Boolean(d));
      await removeCgroups([...roots.map((r) => join(r, record.id)), ...pods].filter((d) => existsSync(d)));
      this.records.remove(record.id);
    }
    return killed;
  }
}
