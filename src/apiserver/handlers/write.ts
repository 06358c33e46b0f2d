/**
 * create, update (PUT), patch (merge, JSON, strategic, server-side apply) and
 * delete/deletecollection, mapped onto the object service.
 */
import type { IncomingMessage, ServerResponse } from 'node:http';
import { ApiError, badRequest, successStatus } from '../../api/errors.js';
import { qualifiedResource, type ResourceInfo } from '../../api/resources.js';
import { applyPatch } from '../patch/index.js';
import type { ApiContext } from '../context.js';
import { decodeObjectChecked, mediaType, parseJson, parseJsonBody, readBody } from '../http/body.js';
import { sendJson, sendJsonText } from '../http/respond.js';
import type { WriteQuery } from '../http/query.js';
import type { DeleteOptions, WriteOptions } from '../registry/object-service.js';
import { refuseNamespaceDelete } from '../registry/namespace-lifecycle.js';
import { buildFilter } from './filters.js';

/** Server-side apply is served as create-or-merge, merging like a strategic merge patch. */
const APPLY_AS = 'application/strategic-merge-patch+json';

/** Patch bodies whose repeated fields fieldValidation reports (they are JSON objects). */
const OBJECT_PATCH_TYPES = new Set(['application/merge-patch+json', 'application/strategic-merge-patch+json']);

function writeOptions(q: WriteQuery, strictErrors: string[] = []): WriteOptions {
  return { dryRun: q.dryRun, fieldValidation: q.fieldValidation, fieldManager: q.fieldManager, strictErrors };
}

/** Whether the request asks for duplicate fields to be found (Strict refuses them, Warn reports them). */
function findsDuplicates(q: WriteQuery): boolean {
  return q.fieldValidation !== 'Ignore';
}

/** POST to a collection. */
export async function handleCreate(ctx: ApiContext, req: IncomingMessage, res: ServerResponse, info: ResourceInfo, namespace: string, q: WriteQuery): Promise<void> {
  const body = decodeObjectChecked(await readBody(req), req.headers['content-type'], findsDuplicates(q));
  const r = await ctx.objects.create(info, namespace, body.value, writeOptions(q, body.strictErrors));
  sendJsonText(res, r.code, r.json, r.warnings);
}

/** PUT of an object or of its status/finalize subresource. */
export async function handleUpdate(ctx: ApiContext, req: IncomingMessage, res: ServerResponse, info: ResourceInfo, namespace: string, name: string, q: WriteQuery, subresource?: string): Promise<void> {
  const body = decodeObjectChecked(await readBody(req), req.headers['content-type'], findsDuplicates(q));
  const r = await ctx.objects.update(info, namespace, name, () => structuredClone(body.value), writeOptions(q, body.strictErrors), subresource);
  sendJsonText(res, r.code, r.json, r.warnings);
}

/** Repeated fields of a merge or strategic merge patch body; a malformed body is left for the patcher to report. */
function patchStrictErrors(q: WriteQuery, type: string, buf: Buffer): string[] {
  if (!findsDuplicates(q) || !OBJECT_PATCH_TYPES.has(type)) return [];
  try {
    return parseJsonBody(buf.toString('utf8'), true).strictErrors;
  } catch {
    return [];
  }
}

/** PATCH of an object or subresource; apply-patch creates the object when it is missing. */
export async function handlePatch(ctx: ApiContext, req: IncomingMessage, res: ServerResponse, info: ResourceInfo, namespace: string, name: string, q: WriteQuery, subresource?: string): Promise<void> {
  const buf = await readBody(req);
  const type = mediaType(req.headers['content-type']);
  if (type === 'application/apply-patch+yaml') {
    const { value: applied, strictErrors } = decodeObjectChecked(buf, type, findsDuplicates(q));
    const opts = writeOptions(q, strictErrors);
    if (applied.metadata?.name && applied.metadata.name !== name) throw badRequest(`the name of the object (${applied.metadata.name}) does not match the name on the URL (${name})`);
    const patchText = JSON.stringify(applied);
    try {
      const r = await ctx.objects.update(info, namespace, name, (cur) => applyPatch(APPLY_AS, cur, patchText, info.kind), opts, subresource);
      return sendJsonText(res, r.code, r.json, r.warnings);
    } catch (err) {
      if (!(err instanceof ApiError) || err.reason !== 'NotFound' || subresource || err.details?.name !== name) throw err;
      const r = await ctx.objects.create(info, namespace, { ...applied, metadata: { ...(applied.metadata ?? {}), name } }, opts);
      return sendJsonText(res, r.code, r.json, r.warnings);
    }
  }
  const r = await ctx.objects.update(info, namespace, name, (cur) => applyPatch(type, cur, buf, info.kind), writeOptions(q, patchStrictErrors(q, type, buf)), subresource);
  sendJsonText(res, r.code, r.json, r.warnings);
}

/** Reads DeleteOptions from the body (kubectl sends `{"propagationPolicy":"Background"}`) and the query. */
async function deleteOptions(req: IncomingMessage, query: URLSearchParams): Promise<DeleteOptions> {
  const buf = await readBody(req);
  const opts: DeleteOptions = buf.length ? (parseJson(buf.toString('utf8')) as DeleteOptions) ?? {} : {};
  if (typeof opts !== 'object') throw badRequest('DeleteOptions must be a JSON object');
  const policy = query.get('propagationPolicy');
  if (policy) opts.propagationPolicy = policy as DeleteOptions['propagationPolicy'];
  const grace = query.get('gracePeriodSeconds');
  if (grace !== null) opts.gracePeriodSeconds = Number(grace);
  if (opts.propagationPolicy && !['Orphan', 'Background', 'Foreground'].includes(opts.propagationPolicy)) {
    throw badRequest(`invalid propagationPolicy "${opts.propagationPolicy}": must be Orphan, Background or Foreground`);
  }
  if (opts.gracePeriodSeconds !== undefined && (!Number.isInteger(opts.gracePeriodSeconds) || opts.gracePeriodSeconds < 0)) {
    throw badRequest('gracePeriodSeconds must be a non-negative integer');
  }
  if (opts.dryRun !== undefined && (!Array.isArray(opts.dryRun) || opts.dryRun.some((v) => v !== 'All'))) {
    throw badRequest('dryRun in DeleteOptions must be a list whose only allowed value is "All"');
  }
  return opts;
}

/** Write options of a delete: dry run when the query or the DeleteOptions body asks for it (clients use either). */
function deleteWriteOptions(q: WriteQuery, options: DeleteOptions): WriteOptions {
  return { ...writeOptions(q), dryRun: q.dryRun || (options.dryRun ?? []).includes('All') };
}

/** DELETE of one object: 200 with the final object when gone, 202 with it when only marked. */
export async function handleDelete(ctx: ApiContext, req: IncomingMessage, res: ServerResponse, info: ResourceInfo, namespace: string, name: string, q: WriteQuery, query: URLSearchParams): Promise<void> {
  const options = await deleteOptions(req, query);
  const r = await ctx.objects.delete(info, namespace, name, options, deleteWriteOptions(q, options));
  sendJsonText(res, r.code, r.json, r.warnings);
}

/**
 * DELETE of a collection (with selectors): deletes each match; answers the list of what
 * was deleted. Built-in namespaces are skipped, each with a Warning carrying the 403
 * message a single delete of it gets.
 */
export async function handleDeleteCollection(ctx: ApiContext, req: IncomingMessage, res: ServerResponse, info: ResourceInfo, namespace: string, q: WriteQuery, query: URLSearchParams): Promise<void> {
  const options = await deleteOptions(req, query);
  await ctx.cache.waitFor(await ctx.store.currentRevision());
  const filter = buildFilter(info.resource, namespace, query.get('labelSelector') ?? '', query.get('fieldSelector') ?? '');
  const { items } = ctx.cache.list(qualifiedResource(info), filter);
  const deleted: string[] = [];
  const warnings: string[] = [];
  for (const e of items) {
    const obj = e.object;
    const refused = refuseNamespaceDelete(info, obj.metadata.name);
    if (refused) {
      warnings.push(refused.message);
      continue;
    }
    try {
      const r = await ctx.objects.delete(info, obj.metadata.namespace ?? '', obj.metadata.name, options, deleteWriteOptions(q, options));
      deleted.push(r.json);
    } catch (err) {
      if (!(err instanceof ApiError) || err.reason !== 'NotFound') throw err;
    }
  }
  if (!deleted.length) return sendJson(res, 200, successStatus(), warnings);
  sendJsonText(res, 200, `{"kind":"${info.kind}List","apiVersion":"${info.group ? `${info.group}/${info.version}` : info.version}","metadata":{},"items":[${deleted.join(',')}]}`, warnings);
}
