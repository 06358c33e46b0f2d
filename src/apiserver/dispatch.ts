/**
 * Maps each HTTP request to its handler: non-resource paths, discovery, and the
 * verbs on resources and subresources. Records metrics for every request.
 */
import type { IncomingMessage, ServerResponse } from 'node:http';
import { ApiError, notFound } from '../api/errors.js';
import { qualifiedResource } from '../api/resources.js';
import { openapiGroupVersion, openapiRoot } from '../api/openapi/index.js';
import type { ApiContext } from './context.js';
import { apiGroup, apiGroupList, apiResourceList, apiVersions, versionInfo } from './discovery.js';
import { parseRoute, type ResourceRoute } from './http/route.js';
import { sendError, sendJson } from './http/respond.js';
import { parseListQuery, parseWriteQuery } from './http/query.js';
import { handleGet, handleList } from './handlers/read.js';
import { handleWatch } from './handlers/watch.js';
import { handleCreate, handleDelete, handleDeleteCollection, handlePatch, handleUpdate } from './handlers/write.js';
import { isNodeProxied, proxyPodLog } from './proxy/node-proxy.js';
import { handleMetricsApi, isMetricsPath } from './proxy/metrics-api.js';
import { handleBinding, handleEviction, handleGetStatus, handleScale, methodNotAllowed } from './handlers/subresources.js';
import { REDKUBE_INFO_PATH, handleRedkubeInfo } from './redkube-info.js';

/** Paths answered without authentication, as Kubernetes' public-info-viewer role allows. */
const PUBLIC_PATHS = new Set(['/version', '/healthz', '/livez', '/readyz']);

/** Options that affect dispatching. */
export interface DispatchOptions {
  /** Bearer token required on every non-public request; unset = no authentication. */
  token?: string;
  version: string;
}

/** Handles one request end to end; never throws. */
export async function dispatch(ctx: ApiContext, opts: DispatchOptions, req: IncomingMessage, res: ServerResponse): Promise<void> {
  const started = process.hrtime.bigint();
  const url = new URL(req.url ?? '/', 'http://apiserver');
  let verb = (req.method ?? 'GET').toLowerCase();
  let resource = '';
  let subresource = '';
  let code = 200;
  try {
    if (opts.token && !PUBLIC_PATHS.has(url.pathname) && req.headers.authorization !== `Bearer ${opts.token}`) {
      throw new ApiError('Unauthorized', 'Unauthorized');
    }
    const route = parseRoute(url.pathname);
    if (isMetricsPath(url.pathname)) {
      await handleMetricsApi(ctx, opts.token, req, res, url);
    } else if (route.type === 'resource') {
      resource = qualifiedResource(route.info);
      subresource = route.subresource ?? '';
      verb = verbOf(req.method ?? 'GET', route, url.searchParams);
      if (isNodeProxied(route)) await proxyPodLog(ctx, opts.token, req, res, route, url.searchParams);
      else await resourceRequest(ctx, req, res, route, url.searchParams);
    } else if (route.type === 'discovery') {
      const doc = route.version !== undefined ? apiResourceList(route.group ?? '', route.version)
        : route.group !== undefined ? apiGroup(route.group)
          : route.legacy ? apiVersions(ctx.advertiseAddress) : apiGroupList();
      if (!doc) throw new ApiError('NotFound', 'the server could not find the requested resource');
      sendJson(res, 200, doc);
    } else {
      await otherRequest(ctx, opts, req, res, url);
    }
    code = res.statusCode;
  } catch (err) {
    code = sendError(res, err);
  }
  if (verb !== 'watch') {
    ctx.metrics.latency.observe({ verb, resource }, Number(process.hrtime.bigint() - started) / 1e9);
  }
  ctx.metrics.requests.inc({ verb, resource, subresource, code: String(code) });
}

function verbOf(method: string, route: ResourceRoute, q: URLSearchParams): string {
  switch (method) {
    case 'GET': return route.name ? 'get' : q.get('watch') === 'true' ? 'watch' : 'list';
    case 'POST': return 'create';
    case 'PUT': return 'update';
    case 'PATCH': return 'patch';
    case 'DELETE': return route.name ? 'delete' : 'deletecollection';
    default: return method.toLowerCase();
  }
}

async function resourceRequest(ctx: ApiContext, req: IncomingMessage, res: ServerResponse, route: ResourceRoute, q: URLSearchParams): Promise<void> {
  const { info, namespace, name, subresource } = route;
  const method = req.method ?? 'GET';
  if (info.namespaced && name !== undefined && !namespace) throw notFound(info.resource, info.group, name);
  if (subresource !== undefined) {
    if (!info.subresources.includes(subresource as never)) throw new ApiError('NotFound', `the server could not find the requested resource (${method} ${info.resource}/${subresource})`);
    return subresourceRequest(ctx, req, res, route, q);
  }
  if (name === undefined) {
    if (method === 'GET') {
      const lq = parseListQuery(q);
      return lq.watch ? handleWatch(ctx, req, res, info, namespace, lq) : handleList(ctx, req, res, info, namespace, lq);
    }
    if (method === 'POST') {
      if (info.namespaced && !namespace) throw new ApiError('MethodNotAllowed', `the server does not allow this method on the requested resource: create ${info.resource} needs a namespace in the URL`);
      return handleCreate(ctx, req, res, info, namespace, parseWriteQuery(q));
    }
    if (method === 'DELETE') return handleDeleteCollection(ctx, req, res, info, namespace, parseWriteQuery(q), q);
    throw methodNotAllowed(method, info.resource);
  }
  switch (method) {
    case 'GET': return handleGet(ctx, req, res, info, namespace, name, parseListQuery(q));
    case 'PUT': return handleUpdate(ctx, req, res, info, namespace, name, parseWriteQuery(q));
    case 'PATCH': return handlePatch(ctx, req, res, info, namespace, name, parseWriteQuery(q));
    case 'DELETE': return handleDelete(ctx, req, res, info, namespace, name, parseWriteQuery(q), q);
    default: throw methodNotAllowed(method, `${info.resource}/${name}`);
  }
}

async function subresourceRequest(ctx: ApiContext, req: IncomingMessage, res: ServerResponse, route: ResourceRoute, q: URLSearchParams): Promise<void> {
  const { info, namespace, subresource } = route;
  const name = route.name!;
  const method = req.method ?? 'GET';
  const wq = () => parseWriteQuery(q);
  switch (`${subresource} ${method}`) {
    case 'status GET': return handleGetStatus(ctx, res, info, namespace, name);
    case 'status PUT': return handleUpdate(ctx, req, res, info, namespace, name, wq(), 'status');
    case 'status PATCH': return handlePatch(ctx, req, res, info, namespace, name, wq(), 'status');
    case 'finalize PUT': return handleUpdate(ctx, req, res, info, namespace, name, wq(), 'finalize');
    case 'scale GET': case 'scale PUT': case 'scale PATCH': return handleScale(ctx, req, res, info, namespace, name, wq());
    case 'binding POST': return handleBinding(ctx, req, res, info, namespace, name, wq());
    case 'eviction POST': return handleEviction(ctx, req, res, info, namespace, name, wq());
    default: throw methodNotAllowed(method, `${info.resource}/${subresource}`);
  }
}

async function otherRequest(ctx: ApiContext, opts: DispatchOptions, req: IncomingMessage, res: ServerResponse, url: URL): Promise<void> {
  const path = url.pathname;
  if (path === '/version') return sendJson(res, 200, versionInfo(opts.version));
  if (path === REDKUBE_INFO_PATH) return handleRedkubeInfo(ctx, req, res, opts.version);
  if (path === '/healthz' || path === '/livez' || path === '/readyz') {
    res.writeHead(200, { 'Content-Type': 'text/plain' });
    res.end('ok');
    return;
  }
  if (path === '/metrics') {
    ctx.metrics.cacheRevision.set(ctx.cache.revision);
    const text = await ctx.metrics.registry.metrics();
    res.writeHead(200, { 'Content-Type': ctx.metrics.registry.contentType });
    res.end(text);
    return;
  }
  if (path === '/openapi/v3') return sendJson(res, 200, openapiRoot());
  if (path.startsWith('/openapi/v3/')) {
    const doc = openapiGroupVersion(path.slice('/openapi/v3/'.length));
    if (doc) return sendJson(res, 200, doc);
  }
  throw new ApiError('NotFound', `the server could not find the requested resource (${req.method} ${path})`);
}
