/**
 * Container logs in the CRI log format (`<RFC3339Nano> <stream> <F|P> <text>`, one
 * line per entry), as the kubelet keeps them: one file per container attempt
 * (`<attempt>.log`), rotated to `<attempt>.log.1` past a size limit, and only the
 * current and the previous attempt are retained (enough for `--previous`).
 * Parsing and filtering are pure so they are table-tested.
 */
import { closeSync, existsSync, mkdirSync, openSync, readdirSync, readFileSync, renameSync, rmSync, statSync, writeSync } from 'node:fs';
import { join } from 'node:path';

/** Default size at which a log file is rotated. */
export const DEFAULT_LOG_MAX_BYTES = 10 * 1024 * 1024;

/** Directory holding the logs of one container of one pod. */
export function containerLogDir(root: string, ns: string, pod: string, uid: string, container: string): string {
  return join(root, `${ns}_${pod}_${uid}`, container);
}

/** File of one attempt of a container. */
export function attemptLogPath(dir: string, attempt: number): string {
  return join(dir, `${attempt}.log`);
}

/** One parsed log entry. */
export interface LogEntry {
  time: string;
  stream: 'stdout' | 'stderr';
  partial: boolean;
  text: string;
}

/** Appends one attempt's output; splits chunks into lines and rotates by size. Not shared between attempts. */
export class CriLogWriter {
  private fd: number;
  private bytes: number;
  private readonly pending: Record<'stdout' | 'stderr', string> = { stdout: '', stderr: '' };

  constructor(private readonly path: string, private readonly maxBytes = DEFAULT_LOG_MAX_BYTES, private readonly now: () => Date = () => new Date()) {
    mkdirSync(join(path, '..'), { recursive: true });
    this.fd = openSync(path, 'a');
    this.bytes = statSync(path).size;
  }

  /** Records a chunk of output; a trailing partial line waits for its end (or `flush`). */
  write(stream: 'stdout' | 'stderr', chunk: string): void {
    const lines = (this.pending[stream] + chunk).split('\n');
    this.pending[stream] = lines.pop()!;
    for (const line of lines) this.append(stream, 'F', line);
    if (this.pending[stream].length > 16 * 1024) {
      this.append(stream, 'P', this.pending[stream]);
      this.pending[stream] = '';
    }
  }

  /** Writes out partial lines and closes the file. */
  close(): void {
    for (const stream of ['stdout', 'stderr'] as const) {
      if (this.pending[stream]) this.append(stream, 'F', this.pending[stream]);
      this.pending[stream] = '';
    }
    closeSync(this.fd);
  }

  private append(stream: string, tag: 'F' | 'P', text: string): void {
    const line = `${this.now().toISOString()} ${stream} ${tag} ${text}\n`;
    if (this.bytes + line.length > this.maxBytes && this.bytes > 0) this.rotate();
    this.bytes += writeSync(this.fd, line);
  }

  private rotate(): void {
    closeSync(this.fd);
    renameSync(this.path, `${this.path}.1`);
    this.fd = openSync(this.path, 'a');
    this.bytes = 0;
  }
}

/** Deletes attempts older than the previous one, as the kubelet keeps only the last dead container. */
export function pruneAttempts(dir: string, current: number): void {
  if (!existsSync(dir)) return;
  for (const f of readdirSync(dir)) {
    const n = Number(f.split('.')[0]);
    if (Number.isInteger(n) && n < current - 1) rmSync(join(dir, f), { force: true });
  }
}

/** Parses CRI log text; malformed lines are kept as stdout text so nothing is silently lost. */
export function parseCriLog(text: string): LogEntry[] {
  const out: LogEntry[] = [];
  for (const line of text.split('\n')) {
    if (!line) continue;
    const m = /^(\S+) (stdout|stderr) ([FP]) (.*)$/.exec(line);
    out.push(m ? { time: m[1], stream: m[2] as LogEntry['stream'], partial: m[3] === 'P', text: m[4] } : { time: '', stream: 'stdout', partial: false, text: line });
  }
  return out;
}

/** The subset of `PodLogOptions` the agent honours. */
export interface LogQuery {
  tailLines?: number;
  sinceSeconds?: number;
  sinceTime?: string;
  timestamps?: boolean;
  limitBytes?: number;
}

/** Applies since/tail to entries (pure). */
export function selectEntries(entries: LogEntry[], q: LogQuery, nowMs: number): LogEntry[] {
  let since = q.sinceTime ? Date.parse(q.sinceTime) : undefined;
  if (q.sinceSeconds !== undefined) since = nowMs - q.sinceSeconds * 1000;
  let sel = since === undefined ? entries : entries.filter((e) => !e.time || Date.parse(e.time) >= since!);
  if (q.tailLines !== undefined) sel = q.tailLines <= 0 ? [] : sel.slice(-q.tailLines);
  return sel;
}

/** Renders entries the way `kubectl logs` prints them. */
export function renderEntries(entries: LogEntry[], timestamps = false): string {
  return entries.map((e) => `${timestamps && e.time ? `${e.time} ` : ''}${e.text}${e.partial ? '' : '\n'}`).join('');
}

/** Reads one attempt's full log (rotated part first). */
export function readAttempt(dir: string, attempt: number): string {
  const path = attemptLogPath(dir, attempt);
  const parts = [`${path}.1`, path].filter((p) => existsSync(p));
  return parts.map((p) => readFileSync(p, 'utf8')).join('');
}
