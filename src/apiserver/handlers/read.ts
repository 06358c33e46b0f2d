/**
 * get and list: single objects come from Redis (consistent reads), lists from the
 * watch cache once it has caught up with the revision the request must see.
 */
import type { IncomingMessage, ServerResponse } from 'node:http';
import { ApiError, expired } from '../../api/errors.js';
import type { ResourceInfo } from '../../api/resources.js';
import { apiVersionOf, qualifiedResource } from '../../api/resources.js';
import { buildTable } from '../tables/index.js';
import type { ApiContext } from '../context.js';
import { sendJson, sendJsonText, wantsTable } from '../http/respond.js';
import { decodeContinue, encodeContinue, type ListQuery } from '../http/query.js';
import { buildFilter } from './filters.js';

/** GET of one object (JSON or a one-row Table). */
export async function handleGet(ctx: ApiContext, req: IncomingMessage, res: ServerResponse, info: ResourceInfo, namespace: string, name: string, q: ListQuery): Promise<void> {
  const json = await ctx.objects.readJson(info, namespace, name);
  if (!wantsTable(req)) return sendJsonText(res, 200, json);
  const obj = JSON.parse(json);
  sendJson(res, 200, buildTable(info.resource, [obj], { includeObject: q.includeObject, resourceVersion: obj.metadata.resourceVersion }));
}

/** Waits until the cache reflects what a list with this resourceVersion must see. */
async function freshRevision(ctx: ApiContext, resourceVersion: string): Promise<void> {
  if (resourceVersion === '0') return;
  const wanted = resourceVersion ? Number(resourceVersion) : await ctx.store.currentRevision();
  if (!Number.isFinite(wanted)) throw new ApiError('BadRequest', `invalid resourceVersion "${resourceVersion}"`);
  if (!(await ctx.cache.waitFor(wanted, 5000))) {
    throw new ApiError('Timeout', `Too large resource version: ${wanted}, current: ${ctx.cache.revision}`, { retryAfterSeconds: 1 });
  }
}

/** LIST of a collection (JSON `<Kind>List` or a Table), with selectors and limit/continue paging. */
export async function handleList(ctx: ApiContext, req: IncomingMessage, res: ServerResponse, info: ResourceInfo, namespace: string, q: ListQuery): Promise<void> {
  let start = '';
  let revision: number;
  if (q.continueToken) {
    const token = decodeContinue(q.continueToken);
    if (token.rv < (await ctx.store.oldestRetainedRevision()) - 1) throw expired('The provided continue parameter is too old to display a consistent list result. You can start a new list without the continue parameter.');
    start = token.start;
    revision = token.rv;
  } else {
    await freshRevision(ctx, q.resourceVersion);
    revision = ctx.cache.revision;
  }
  const filter = buildFilter(info.resource, namespace, q.labelSelector, q.fieldSelector);
  const { items, more } = ctx.cache.list(qualifiedResource(info), filter, start, q.limit);
  const metadata: Record<string, string> = { resourceVersion: String(revision) };
  if (more) metadata.continue = encodeContinue({ rv: revision, start: items[items.length - 1].key });
  if (wantsTable(req)) {
    const table = buildTable(info.resource, items.map((e) => e.object), { includeObject: q.includeObject, resourceVersion: String(revision), continueToken: metadata.continue });
    return sendJson(res, 200, table);
  }
  const head = JSON.stringify({ kind: `${info.kind}List`, apiVersion: apiVersionOf(info), metadata });
  sendJsonText(res, 200, `${head.slice(0, -1)},"items":[${items.map((e) => e.json).join(',')}]}`);
}
