/**
 * The agent's side of the spawner processes (see spawner-main.ts): forked children
 * that start container processes, so their start cost lands on another core
 * rather than on the agent's event loop. `spawn` answers the pid once the
 * process exists (and is recorded in the state dir), and its exit later.
 */
import { fork, type ChildProcess } from 'node:child_process';
import { availableParallelism } from 'node:os';
import { fileURLToPath } from 'node:url';

/** A container to start. */
export interface SpawnRequest {
  op: 'spawn';
  id: string;
  argv: string[];
  env: Record<string, string>;
  cwd?: string;
  logPath: string;
  logMaxBytes?: number;
  /** Where the process record goes (see state-dir.ts). */
  stateDir: string;
  podUid: string;
  container: string;
}

/** Messages from the spawner. */
export type SpawnReply =
  | { op: 'spawned'; id: string; pid?: number }
  | { op: 'exit'; id: string; exitCode?: number; signal?: string; error?: string };

/** How a spawned process ended: exit code or signal, or the error that kept it from starting. */
export interface SpawnExit {
  exitCode?: number;
  signal?: string;
  error?: string;
}

const MAIN = fileURLToPath(new URL('./spawner-main.js', import.meta.url));

/** Spawner children per runtime: one per core (at most 4), since a start mostly waits for the new process's exec. */
const POOL_SIZE = Math.max(1, Math.min(4, availableParallelism()));

/** A pool of spawner children, used round-robin. Invariant: every request gets exactly one `spawned` and one `exit`. */
export class Spawner {
  private readonly children: (ChildProcess | undefined)[] = new Array(POOL_SIZE).fill(undefined);
  private next = 0;
  private readonly waiting = new Map<string, { spawned: (pid?: number) => void; exited: (e: SpawnExit) => void }>();

  private ensure(slot: number): ChildProcess {
    const existing = this.children[slot];
    if (existing && existing.connected) return existing;
    const child = fork(MAIN, [], { stdio: ['ignore', 'inherit', 'inherit', 'ipc'], serialization: 'advanced' });
    child.on('message', (msg: SpawnReply) => {
      const w = this.waiting.get(msg.id);
      if (!w) return;
      if (msg.op === 'spawned') w.spawned(msg.pid);
      else {
        this.waiting.delete(msg.id);
        w.exited({ exitCode: msg.exitCode, signal: msg.signal, error: msg.error });
      }
    });
    const mine = new Set<string>();
    child.on('exit', () => {
      if (this.children[slot] === child) this.children[slot] = undefined;
      for (const id of mine) {
        const w = this.waiting.get(id);
        if (!w) continue;
        this.waiting.delete(id);
        w.spawned(undefined);
        w.exited({ error: 'the spawner process ended' });
      }
    });
    child.unref();
    (child as unknown as { channel?: { unref(): void } }).channel?.unref();
    this.children[slot] = child;
    this.requests.set(child, mine);
    return child;
  }

  /** Request ids sent to each child (failed with it if it dies). */
  private readonly requests = new WeakMap<ChildProcess, Set<string>>();

  /** Starts the spawner ahead of the first container, so that one does not wait for it. */
  warm(): void {
    for (let i = 0; i < POOL_SIZE; i++) this.ensure(i);
  }

  /** Starts a process; `pid` resolves once it exists (undefined when it could not start), `exited` when it has ended. */
  spawn(req: Omit<SpawnRequest, 'op'>): { pid: Promise<number | undefined>; exited: Promise<SpawnExit> } {
    let spawned!: (pid?: number) => void;
    let exited!: (e: SpawnExit) => void;
    const pid = new Promise<number | undefined>((r) => { spawned = r; });
    const exit = new Promise<SpawnExit>((r) => { exited = r; });
    const child = this.ensure(this.next);
    this.next = (this.next + 1) % POOL_SIZE;
    const mine = this.requests.get(child)!;
    mine.add(req.id);
    this.waiting.set(req.id, { spawned, exited: (e) => { mine.delete(req.id); exited(e); } });
    child.send({ op: 'spawn', ...req });
    return { pid, exited: exit };
  }

  /** Ends the spawner (containers keep running; the caller stops them first). */
  close(): void {
    for (const child of this.children) if (child?.connected) child.disconnect();
    this.children.fill(undefined);
  }
}
