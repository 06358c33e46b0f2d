/**
 * Serves one container attempt's log to an HTTP response: the selected lines at
 * once, then (with follow) new lines as they are written, until the attempt has
 * ended and its file is drained or the client goes away. Rotation (the file
 * shrinking) restarts reading from the top of the new file.
 */
import { closeSync, existsSync, openSync, readSync, statSync } from 'node:fs';
import type { ServerResponse } from 'node:http';
import { attemptLogPath, parseCriLog, renderEntries, selectEntries, type LogQuery } from './cri-log.js';

const POLL_MS = 100;

function readFrom(path: string, offset: number): { text: string; size: number } {
  if (!existsSync(path)) return { text: '', size: 0 };
  const size = statSync(path).size;
  if (size <= offset) return { text: '', size };
  const fd = openSync(path, 'r');
  try {
    const buf = Buffer.alloc(size - offset);
    readSync(fd, buf, 0, buf.length, offset);
    return { text: buf.toString('utf8'), size };
  } finally {
    closeSync(fd);
  }
}

/** Writes the log of `attempt` to `res`; with `follow`, keeps streaming while `running()` is true. */
export async function streamLog(
  res: ServerResponse, dir: string, attempt: number, q: LogQuery & { follow?: boolean }, running: () => boolean,
): Promise<void> {
  const path = attemptLogPath(dir, attempt);
  const rotated = readFrom(`${path}.1`, 0).text;
  const current = readFrom(path, 0);
  let offset = current.size;
  let text = renderEntries(selectEntries(parseCriLog(rotated + current.text), q, Date.now()), q.timestamps);
  if (q.limitBytes !== undefined) text = Buffer.from(text).subarray(0, q.limitBytes).toString();
  res.writeHead(200, { 'Content-Type': 'text/plain', 'Transfer-Encoding': 'chunked' });
  res.write(text);
  let closed = false;
  res.on('close', () => { closed = true; });
  while (q.follow && !closed) {
    const wasRunning = running();
    const next = readFrom(path, offset);
    if (next.size < offset) offset = 0;
    else if (next.text) {
      const complete = next.text.slice(0, next.text.lastIndexOf('\n') + 1);
      offset += Buffer.byteLength(complete);
      if (complete) res.write(renderEntries(parseCriLog(complete), q.timestamps));
    } else if (!wasRunning) break;
    await new Promise((r) => setTimeout(r, POLL_MS));
  }
  res.end();
}
