/**
 * The apiserver side of `pods/<name>/log`: find the pod's node, read the node
 * agent's address (InternalIP and status.daemonEndpoints.kubeletEndpoint.Port)
 * and stream the agent's answer back unchanged, as Kubernetes' apiserver proxies
 * to the kubelet. The agent trusts the cluster bearer token, which the apiserver
 * presents on every proxied call.
 */
import { request, type IncomingMessage, type ServerResponse } from 'node:http';
import { ApiError, badRequest } from '../../api/errors.js';
import { findResource } from '../../api/resources.js';
import type { ApiContext } from '../context.js';
import type { ResourceRoute } from '../http/route.js';

const PODS = findResource('', 'v1', 'pods')!;
const NODES = findResource('', 'v1', 'nodes')!;

/** Subresources of pods that are answered by the pod's node agent. */
export const NODE_PROXIED_SUBRESOURCES = new Set(['log']);

/** True for requests this module answers. */
export function isNodeProxied(route: ResourceRoute): boolean {
  return route.info.kind === 'Pod' && route.subresource !== undefined && NODE_PROXIED_SUBRESOURCES.has(route.subresource);
}

/** Where a pod's node agent listens. */
export interface AgentAddress {
  host: string;
  port: number;
}

/** Reads the pod and its node and returns the agent address (BadRequest for an unbound pod, ServiceUnavailable for a node without an API). */
export async function agentFor(ctx: ApiContext, namespace: string, name: string): Promise<{ pod: any; agent: AgentAddress }> {
  const pod = JSON.parse(await ctx.objects.readJson(PODS, namespace, name));
  const nodeName = pod.spec?.nodeName;
  if (!nodeName) throw badRequest(`pod ${name} does not have a host assigned`);
  const node = JSON.parse(await ctx.objects.readJson(NODES, '', nodeName));
  const host = (node.status?.addresses ?? []).find((a: any) => a.type === 'InternalIP')?.address;
  const port = node.status?.daemonEndpoints?.kubeletEndpoint?.Port;
  if (!host || !port) throw new ApiError('ServiceUnavailable', `node ${nodeName} does not advertise a node agent endpoint`);
  return { pod, agent: { host, port } };
}

/** GET `pods/<name>/log`: streams the container log from the node agent. */
export async function proxyPodLog(ctx: ApiContext, token: string | undefined, req: IncomingMessage, res: ServerResponse, route: ResourceRoute, q: URLSearchParams): Promise<void> {
  if (req.method !== 'GET') throw new ApiError('MethodNotAllowed', `the server does not allow this method on the requested resource: ${req.method} pods/log`);
  const { agent } = await agentFor(ctx, route.namespace, route.name!);
  const path = `/containerLogs/${encodeURIComponent(route.namespace)}/${encodeURIComponent(route.name!)}?${q.toString()}`;
  await new Promise<void>((resolve, reject) => {
    const upstream = request({ host: agent.host, port: agent.port, path, method: 'GET', headers: token ? { Authorization: `Bearer ${token}` } : {} }, (ans) => {
      res.writeHead(ans.statusCode ?? 502, { 'Content-Type': ans.headers['content-type'] ?? 'text/plain' });
      res.flushHeaders();
      ans.pipe(res);
      ans.on('end', () => resolve());
      ans.on('error', () => resolve());
    });
    res.on('close', () => { upstream.destroy(); resolve(); });
    upstream.on('error', (err) => {
      if (res.headersSent) return resolve();
      reject(new ApiError('ServiceUnavailable', `cannot reach the node agent at ${agent.host}:${agent.port}: ${err.message}`));
    });
    upstream.end();
  });
}
