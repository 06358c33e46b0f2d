/**
 * Watch: a chunked stream of newline-delimited WatchEvents fed by the watch cache,
 * JSON objects or one-row Tables, with bookmarks and timeouts. A slow client that
 * cannot keep up is disconnected (it resumes from its last resourceVersion) rather
 * than buffered without bound.
 */
import type { IncomingMessage, ServerResponse } from 'node:http';
import { ApiError, badRequest, toStatus } from '../../api/errors.js';
import { apiVersionOf, qualifiedResource, type ResourceInfo } from '../../api/resources.js';
import type { CacheEntry } from '../../store/cache-entry.js';
import { buildTable } from '../tables/index.js';
import type { ApiContext } from '../context.js';
import { sendError, wantsTable } from '../http/respond.js';
import type { ListQuery } from '../http/query.js';
import { buildFilter } from './filters.js';

/** Bytes a watcher may have queued before it is cut off. */
const MAX_BUFFERED_BYTES = 32 * 1024 * 1024;
/** Default watch length when the client gives no timeoutSeconds (Kubernetes picks 30–60 min). */
const DEFAULT_TIMEOUT_S = 1800;

/** Serves `?watch=true` on a collection (or a single object via fieldSelector metadata.name). */
export async function handleWatch(ctx: ApiContext, req: IncomingMessage, res: ServerResponse, info: ResourceInfo, namespace: string, q: ListQuery): Promise<void> {
  const table = wantsTable(req);
  const filter = buildFilter(info.resource, namespace, q.labelSelector, q.fieldSelector);
  let from: number | 'now' = 'now';
  if (q.resourceVersion && q.resourceVersion !== '0') {
    if (!/^\d+$/.test(q.resourceVersion)) throw badRequest(`invalid resourceVersion "${q.resourceVersion}"`);
    from = Number(q.resourceVersion);
  }
  const line = (type: string, entry: CacheEntry): string => {
    if (!table) return `{"type":"${type}","object":${entry.json}}\n`;
    const t = buildTable(info.resource, [entry.object], { includeObject: q.includeObject, resourceVersion: String(entry.revision) });
    return `{"type":"${type}","object":${JSON.stringify(t)}}\n`;
  };
  let closed = false;
  let started = false;
  const finish = () => {
    if (closed) return;
    closed = true;
    handle?.stop();
    clearInterval(bookmarks);
    clearTimeout(timeout);
    ctx.metrics.watchers.dec();
    res.end();
  };
  const write = (text: string) => {
    if (closed) return;
    if (!started) startStream(res);
    started = true;
    res.write(text);
    if (res.writableLength > MAX_BUFFERED_BYTES) {
      closed = true;
      handle?.stop();
      ctx.metrics.watchers.dec();
      res.destroy();
    }
  };
  let handle: { stop(): void } | undefined;
  ctx.metrics.watchers.inc();
  req.on('close', finish);
  res.on('close', finish);
  const timeout = setTimeout(finish, (q.timeoutSeconds || DEFAULT_TIMEOUT_S) * 1000);
  // A bookmark promises every event up to its resourceVersion was sent. While history is
  // still being replayed that is only the last event written; once the watcher is
  // registered it has been offered every event the cache applied (filtered ones included).
  let lastRevision = typeof from === 'number' ? from : ctx.cache.revision;
  let caughtUp = false;
  const bookmarks = setInterval(() => {
    if (!q.allowWatchBookmarks || closed) return;
    const rv = caughtUp ? ctx.cache.revision : lastRevision;
    write(`{"type":"BOOKMARK","object":{"kind":"${info.kind}","apiVersion":"${apiVersionOf(info)}","metadata":{"resourceVersion":"${rv}"}}}\n`);
  }, ctx.bookmarkIntervalMs);
  try {
    handle = await ctx.cache.watch(qualifiedResource(info), from, filter, {
      deliver: (type, entry, revision) => { lastRevision = revision; write(line(type, entry)); },
      end: (err) => { if (err) write(`{"type":"ERROR","object":${JSON.stringify(toStatus(err))}}\n`); finish(); },
    });
    caughtUp = true;
    if (closed) handle.stop();
    else if (!started) { startStream(res); started = true; }
  } catch (err) {
    ctx.metrics.watchers.dec();
    closed = true;
    clearInterval(bookmarks);
    clearTimeout(timeout);
    if (err instanceof ApiError && err.code === 410 && started) {
      res.end(`{"type":"ERROR","object":${JSON.stringify(toStatus(err))}}\n`);
      return;
    }
    sendError(res, err);
  }
}

function startStream(res: ServerResponse): void {
  res.writeHead(200, { 'Content-Type': 'application/json', 'Transfer-Encoding': 'chunked', 'Cache-Control': 'no-cache, private' });
  res.flushHeaders();
}
