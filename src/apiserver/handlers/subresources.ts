/**
 * Subresources with their own shapes: `scale` (autoscaling/v1 Scale), `pods/binding`
 * (the scheduler's bind), `pods/eviction` (drain) and GET of `status`.
 */
import type { IncomingMessage, ServerResponse } from 'node:http';
import { ApiError, badRequest, conflict, successStatus } from '../../api/errors.js';
import type { ResourceInfo } from '../../api/resources.js';
import { formatLabelSelector, labelSelectorFromObject } from '../../api/selectors/index.js';
import { applyPatch } from '../patch/index.js';
import type { ApiContext } from '../context.js';
import { decodeObject, mediaType, readBody } from '../http/body.js';
import { sendJson, sendJsonText } from '../http/respond.js';
import type { WriteQuery } from '../http/query.js';
import { rfc3339 } from '../registry/object-meta.js';

/** The autoscaling/v1 Scale view of a scalable object. */
export function toScale(obj: Record<string, any>): Record<string, any> {
  const m = obj.metadata;
  return {
    kind: 'Scale', apiVersion: 'autoscaling/v1',
    metadata: { name: m.name, namespace: m.namespace, uid: m.uid, resourceVersion: m.resourceVersion, creationTimestamp: m.creationTimestamp },
    spec: { replicas: obj.spec?.replicas ?? 0 },
    status: { replicas: obj.status?.replicas ?? 0, selector: formatLabelSelector(labelSelectorFromObject(obj.spec?.selector ?? {})) },
  };
}

function replicasOf(scale: Record<string, any>): number {
  const r = scale?.spec?.replicas;
  if (!Number.isInteger(r) || r < 0) throw badRequest(`spec.replicas must be a non-negative integer, got ${JSON.stringify(r)}`);
  return r;
}

/** GET/PUT/PATCH of `<workload>/scale`. */
export async function handleScale(ctx: ApiContext, req: IncomingMessage, res: ServerResponse, info: ResourceInfo, namespace: string, name: string, q: WriteQuery): Promise<void> {
  if (req.method === 'GET') {
    const { obj } = await ctx.objects.read(info, namespace, name);
    return sendJson(res, 200, toScale(obj));
  }
  const buf = await readBody(req);
  const type = mediaType(req.headers['content-type']);
  const r = await ctx.objects.update(info, namespace, name, (cur) => {
    const scale = toScale(cur);
    const wanted = req.method === 'PUT'
      ? decodeObject(buf, type)
      : applyPatch(type === 'application/strategic-merge-patch+json' ? 'application/merge-patch+json' : type, scale, buf, 'Scale');
    cur.spec = { ...(cur.spec ?? {}), replicas: replicasOf(wanted) };
    if (req.method === 'PUT' && wanted.metadata?.resourceVersion) cur.metadata.resourceVersion = wanted.metadata.resourceVersion;
    return cur;
  }, { dryRun: q.dryRun, fieldValidation: q.fieldValidation });
  sendJson(res, 200, toScale(JSON.parse(r.json)));
}

/** POST `pods/<name>/binding`: sets spec.nodeName once and marks PodScheduled. */
export async function handleBinding(ctx: ApiContext, req: IncomingMessage, res: ServerResponse, info: ResourceInfo, namespace: string, name: string, q: WriteQuery): Promise<void> {
  const binding = decodeObject(await readBody(req), req.headers['content-type']);
  const node = binding.target?.name;
  if (typeof node !== 'string' || !node) throw badRequest('binding target.name (the node) is required');
  await ctx.objects.update(info, namespace, name, (pod) => {
    if (pod.metadata.deletionTimestamp) throw conflict(info.resource, '', name, 'pod is being deleted, cannot be assigned to a host');
    if (pod.spec.nodeName) throw conflict(info.resource, '', name, `pod ${name} is already assigned to node "${pod.spec.nodeName}"`);
    pod.spec.nodeName = node;
    const conditions = (pod.status.conditions ?? []).filter((c: any) => c.type !== 'PodScheduled');
    conditions.push({ type: 'PodScheduled', status: 'True', lastProbeTime: null, lastTransitionTime: rfc3339(Date.now()) });
    pod.status = { ...pod.status, conditions };
    return pod;
  }, { dryRun: q.dryRun, fieldValidation: 'Ignore' }, 'binding');
  sendJson(res, 201, { ...successStatus(), code: 201 });
}

/** POST `pods/<name>/eviction`: deletes the pod with the eviction's DeleteOptions. */
export async function handleEviction(ctx: ApiContext, req: IncomingMessage, res: ServerResponse, info: ResourceInfo, namespace: string, name: string, q: WriteQuery): Promise<void> {
  const eviction = decodeObject(await readBody(req), req.headers['content-type']);
  if (eviction.metadata?.name && eviction.metadata.name !== name) throw badRequest(`name in URL does not match name in Eviction object`);
  const options = eviction.deleteOptions ?? {};
  await ctx.objects.delete(info, namespace, name, options, { dryRun: q.dryRun || (options.dryRun ?? []).includes('All'), fieldValidation: 'Ignore' });
  sendJson(res, 201, { ...successStatus(), code: 201 });
}

/** GET of `<resource>/<name>/status` returns the whole object, as Kubernetes does. */
export async function handleGetStatus(ctx: ApiContext, res: ServerResponse, info: ResourceInfo, namespace: string, name: string): Promise<void> {
  sendJsonText(res, 200, await ctx.objects.readJson(info, namespace, name));
}

/** Rejects a verb a subresource does not support. */
export function methodNotAllowed(method: string, what: string): ApiError {
  return new ApiError('MethodNotAllowed', `the server does not allow this method on the requested resource: ${method} ${what}`);
}
