/**
 * Decoding of a watch response: newline-delimited JSON events, read as they
 * arrive. An `ERROR` event is thrown as the `ApiError` its `Status` describes
 * (410 means "relist"), so consumers handle exactly one failure path.
 */
import type { IncomingMessage } from 'node:http';
import type { Status } from '../api/errors.js';
import { ConnectionError, StatusError } from './errors.js';
import type { KubeObject, WatchEvent } from './types.js';

interface RawEvent {
  type?: string;
  object?: unknown;
}

const EVENT_TYPES = new Set(['ADDED', 'MODIFIED', 'DELETED', 'BOOKMARK']);

function toEvent<T extends KubeObject>(line: string): WatchEvent<T> {
  let raw: RawEvent;
  try {
    raw = JSON.parse(line) as RawEvent;
  } catch (err) {
    throw new ConnectionError(`malformed watch event: ${line.slice(0, 200)}`, { cause: err });
  }
  if (raw.type === 'ERROR') {
    const status = (raw.object ?? {}) as Partial<Status>;
    throw new StatusError(status, status.code ?? 500);
  }
  if (!raw.type || !EVENT_TYPES.has(raw.type) || typeof raw.object !== 'object' || raw.object === null) {
    throw new ConnectionError(`unexpected watch event: ${line.slice(0, 200)}`);
  }
  return raw as WatchEvent<T>;
}

/**
 * Yields the events of a watch response until the server ends it. Ends quietly
 * when `signal` aborts; a broken connection throws `ConnectionError`. Breaking
 * out of the loop closes the response.
 */
export async function* decodeWatch<T extends KubeObject>(res: IncomingMessage, signal?: AbortSignal): AsyncGenerator<WatchEvent<T>> {
  res.setEncoding('utf8');
  let buffered = '';
  try {
    for await (const chunk of res as AsyncIterable<string>) {
      buffered += chunk;
      let newline: number;
      while ((newline = buffered.indexOf('\n')) >= 0) {
        const line = buffered.slice(0, newline).trim();
        buffered = buffered.slice(newline + 1);
        if (line) yield toEvent<T>(line);
      }
    }
    if (buffered.trim()) yield toEvent<T>(buffered.trim());
  } catch (err) {
    if (signal?.aborted) return;
    if (err instanceof StatusError || err instanceof ConnectionError) throw err;
    throw new ConnectionError(`watch stream broken: ${(err as Error)?.message ?? String(err)}`, { cause: err });
  } finally {
    res.destroy();
  }
}
