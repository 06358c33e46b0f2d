/**
 * Interactive exec for the process runtime (`kubectl exec -i` / `-it`): the
 * command runs with a stdin pipe, and with a TTY it runs under util-linux
 * `script`, which gives it a pseudo-terminal without native addons (echo, line
 * discipline, job control and \r\n come from the real kernel pty). A resize is
 * applied with `stty` on the command's pty slave, which makes the kernel send
 * SIGWINCH to the foreground process group; input waits for the first size.
 * The session lives in its own
 * process group so ending it kills the whole tree.
 */
import { spawn } from 'node:child_process';
import { readFileSync, readlinkSync } from 'node:fs';
import { execa } from 'execa';

/** A running interactive command. */
export interface InteractiveSession {
  /** Bytes for the command's stdin. */
  write(data: Buffer): void;
  /** Ends stdin (EOF; on a TTY `script` passes ^D). */
  closeStdin(): void;
  /** New terminal size (TTY only; ignored otherwise). */
  resize(cols: number, rows: number): void;
  /** Kills the command's process group. */
  kill(): void;
  /** Resolves with the exit code once the command has ended and its output has been delivered. */
  exited: Promise<number>;
}

/** Output sink of a session: stream 1 stdout, 2 stderr. */
export type SessionOutput = (stream: 1 | 2, data: Buffer) => void;

/** One argument quoted for `sh -c` (pure). */
export function shellQuote(arg: string): string {
  return /^[A-Za-z0-9_./=:@%+-]+$/.test(arg) ? arg : `'${arg.replace(/'/g, `'\\''`)}'`;
}

/** argv that runs `argv` on a fresh pseudo-terminal; `script -e` returns the command's exit code (pure). */
export function ttyArgv(argv: string[]): string[] {
  return ['script', '-q', '-e', '-f', '-c', argv.map(shellQuote).join(' '), '/dev/null'];
}

/** The pty slave of the command `script` (pid) runs, once it exists. */
function ptyOf(scriptPid: number): string | undefined {
  try {
    const child = readFileSync(`/proc/${scriptPid}/task/${scriptPid}/children`, 'utf8').trim().split(/\s+/)[0];
    const tty = child ? readlinkSync(`/proc/${child}/fd/0`) : '';
    return tty.startsWith('/dev/pts/') ? tty : undefined;
  } catch {
    return undefined;
  }
}

/** Starts `argv` (already wrapped in the container's namespaces) with a stdin pipe, on a TTY when `tty`. */
export function startInteractive(argv: string[], opts: { tty: boolean; env: Record<string, string>; cwd?: string }, out: SessionOutput): InteractiveSession {
  const full = opts.tty ? ttyArgv(argv) : argv;
  const env = opts.tty ? { TERM: 'xterm', ...opts.env } : opts.env;
  const child = spawn(full[0], full.slice(1), { env, cwd: opts.cwd, detached: true, stdio: ['pipe', 'pipe', 'pipe'] });
  child.stdout.on('data', (c: Buffer) => out(1, c));
  child.stderr.on('data', (c: Buffer) => out(2, c));
  child.stdin.on('error', () => undefined);
  let size: { cols: number; rows: number } | undefined;
  let applying = false;
  // On a TTY, input waits until the first size is applied (or 1 s passed), so what the user typed first already sees the right size.
  let sized: () => void = () => undefined;
  const gate = opts.tty ? new Promise<void>((r) => { sized = r; setTimeout(r, 1000).unref(); }) : Promise.resolve();
  const apply = async () => {
    if (applying || !child.pid) return;
    applying = true;
    try {
      for (let i = 0; i < 100 && size && child.exitCode === null; i++) {
        const pty = ptyOf(child.pid);
        if (!pty) { await new Promise((r) => setTimeout(r, 10)); continue; }
        const want = size;
        await execa('stty', ['-F', pty, 'rows', String(want.rows), 'cols', String(want.cols)], { reject: false });
        sized();
        if (size === want) break;
      }
    } finally {
      applying = false;
    }
  };
  const kill = () => {
    if (child.pid && child.exitCode === null) {
      try { process.kill(-child.pid, 'SIGKILL'); } catch { /* already gone */ }
    }
  };
  const exited = new Promise<number>((resolve) => {
    child.on('error', (err) => { out(2, Buffer.from(`${err.message}\n`)); resolve(126); });
    child.on('close', (code, signal) => {
      kill(); // whatever the command left running in its group
      resolve(code ?? (signal ? 128 + (signal === 'SIGKILL' ? 9 : 15) : 1));
    });
  });
  return {
    write: (data) => { void gate.then(() => { if (child.stdin.writable) child.stdin.write(data); }); },
    closeStdin: () => { void gate.then(() => child.stdin.end()); },
    resize: (cols, rows) => {
      if (!opts.tty || !(cols > 0 && rows > 0)) return;
      size = { cols, rows };
      void apply();
    },
    kill, exited,
  };
}
