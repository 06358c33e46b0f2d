/**
 * The CRI-shaped boundary between pod workers and whatever runs containers.
 * A worker decides (pure plan), a `Runtime` does: start a container, stop it,
 * run a command in its context. Every runtime reports exits through
 * `ContainerHandle.exited`, which resolves exactly once per started container.
 */

import type { InteractiveSession, SessionOutput } from './interactive.js';

/** Everything a runtime needs to start one container of a pod. */
export interface ContainerConfig {
  /** Pod identity, used for state records and log paths. */
  podUid: string;
  podNamespace: string;
  podName: string;
  name: string;
  /** command followed by args; empty when the pod gave neither. */
  argv: string[];
  env: Record<string, string>;
  workingDir?: string;
  /** Which restart of the container this is (0 for the first run): names its log file. */
  attempt: number;
  /** resources.limits, parsed (enforced where cgroups are available). */
  limits?: { memoryBytes?: number; cpuCores?: number };
  /** Network namespace of the pod sandbox (unset: host network). */
  netns?: string;
  /** Host directories to show at container paths (volumes). */
  mounts?: { source: string; target: string; readOnly: boolean }[];
  /** The pod's hostname (spec.hostname or the pod name); a sandboxed pod gets its own UTS namespace with it. */
  hostname?: string;
  /** The pod's managed hosts file, shown at /etc/hosts in a sandboxed pod. */
  hostsFile?: string;
}

/** Why and how a container ended. */
export interface ExitInfo {
  exitCode: number;
  /** Signal name when a signal ended it (SIGKILL, SIGTERM). */
  signal?: string;
  /** Kubernetes' terminated reasons: Completed (0), Error, OOMKilled. */
  reason: 'Completed' | 'Error' | 'OOMKilled';
  finishedAt: number;
  message?: string;
}

/** A started container. */
export interface ContainerHandle {
  /** Runtime-scoped id, reported as `containerID: <runtime>://<id>`. */
  id: string;
  startedAt: number;
  /** Host pid of the main process, when there is one. */
  pid?: number;
  /** Resolves once when the container has exited (never rejects). */
  exited: Promise<ExitInfo>;
}

/** Output of a command run inside a container's context. */
export interface ExecResult {
  exitCode: number;
  stdout: string;
  stderr: string;
  timedOut: boolean;
}

/** Where streamed exec output goes. */
export interface ExecStream {
  onOutput(stream: 'stdout' | 'stderr', chunk: Buffer): void;
  signal?: AbortSignal;
}

/** A container runtime. Invariant: a container is running from a resolved `start` until its `exited` resolves. */
export interface Runtime {
  /** Short name, used in containerID and the Node's containerRuntimeVersion. */
  readonly name: string;
  /** True when containers are real processes (probes and exec need them). */
  readonly real: boolean;
  /** Starts a container; rejects with `CreateContainerError` when it cannot be created. */
  start(config: ContainerConfig): Promise<ContainerHandle>;
  /** Stops a container: SIGTERM, then SIGKILL after `graceMs`; resolves after it has exited. */
  stop(handle: ContainerHandle, graceMs: number): Promise<void>;
  /**
   * Runs a command with the container's environment (exec probes, exec API).
   * With `stream`, output goes to `stream.onOutput` as it is produced (the result's
   * stdout/stderr stay empty) and aborting `stream.signal` kills the command.
   */
  exec(config: ContainerConfig, argv: string[], timeoutMs: number, stream?: ExecStream): Promise<ExecResult>;
  /** Starts a command with stdin (and a TTY when asked) in the container's context; absent where containers are not processes. */
  execInteractive?(config: ContainerConfig, argv: string[], tty: boolean, out: SessionOutput): InteractiveSession;
  /** Releases what the runtime holds (helper processes) once its containers are stopped. */
  close?(): Promise<void>;
  /** Kills what a previous run of this agent left behind (see the state dir); resolves when they are gone. */
  cleanupOrphans(): Promise<number>;
}

/** A container could not be created; the reason becomes the container's waiting reason. */
export class CreateContainerError extends Error {
  constructor(readonly reason: string, message: string) {
    super(message);
    this.name = 'CreateContainerError';
  }
}
