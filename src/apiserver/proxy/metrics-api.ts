/**
 * The `metrics.k8s.io/v1beta1` API (NodeMetrics, PodMetrics) that `kubectl top`
 * reads, served by the apiserver itself: it asks every node agent for its
 * `/metrics/resource` usage (in parallel, each agent once even when it serves
 * many hollow nodes) and answers in the metrics-server's shapes.
 */
import { request, type IncomingMessage, type ServerResponse } from 'node:http';
import { ApiError, notFound } from '../../api/errors.js';
import { matchesLabels, parseLabelSelector } from '../../api/selectors/label-selector.js';
import type { ApiContext } from '../context.js';
import { sendJson } from '../http/respond.js';

/** Group of the metrics API (what metrics-server registers). */
export const METRICS_GROUP = 'metrics.k8s.io';
/** The only version kubectl top asks for. */
export const METRICS_VERSION = 'v1beta1';
const API_VERSION = `${METRICS_GROUP}/${METRICS_VERSION}`;
const PREFIX = `/apis/${METRICS_GROUP}`;
/** How long one agent may take to answer before its nodes are left out. */
const AGENT_TIMEOUT_MS = 5000;

interface AgentUsage {
  timestamp: string;
  windowSeconds: number;
  nodes: { name: string; cpuCores: number; memoryBytes: number }[];
  pods: { namespace: string; name: string; containers: { name: string; cpuCores: number; memoryBytes: number }[] }[];
}

/** True for paths under `/apis/metrics.k8s.io`. */
export function isMetricsPath(path: string): boolean {
  return path === PREFIX || path.startsWith(`${PREFIX}/`);
}

/** The `/apis` entry of the metrics group, for discovery. */
export function metricsGroupEntry(): Record<string, unknown> {
  const gv = { groupVersion: API_VERSION, version: METRICS_VERSION };
  return { name: METRICS_GROUP, versions: [gv], preferredVersion: gv };
}

/** Quantities as metrics-server writes them: CPU in nanocores, memory in KiB. */
export function usageQuantities(cpuCores: number, memoryBytes: number): { cpu: string; memory: string } {
  return { cpu: `${Math.round(cpuCores * 1e9)}n`, memory: `${Math.round(memoryBytes / 1024)}Ki` };
}

function fetchUsage(host: string, port: number, token: string | undefined): Promise<AgentUsage | undefined> {
  return new Promise((resolve) => {
    const req = request({ host, port, path: '/metrics/resource', timeout: AGENT_TIMEOUT_MS, headers: token ? { Authorization: `Bearer ${token}` } : {} }, (res) => {
      const chunks: Buffer[] = [];
      res.on('data', (c: Buffer) => chunks.push(c));
      res.on('end', () => {
        try {
          resolve(res.statusCode === 200 ? JSON.parse(Buffer.concat(chunks).toString()) : undefined);
        } catch {
          resolve(undefined);
        }
      });
    });
    req.on('timeout', () => req.destroy());
    req.on('error', () => resolve(undefined));
    req.end();
  });
}

async function gather(ctx: ApiContext, token: string | undefined): Promise<AgentUsage[]> {
  const endpoints = new Map<string, { host: string; port: number }>();
  for (const e of ctx.cache.list('nodes', () => true).items) {
    const node = e.object;
    const host = (node.status?.addresses ?? []).find((a: any) => a.type === 'InternalIP')?.address;
    const port = node.status?.daemonEndpoints?.kubeletEndpoint?.Port;
    if (host && port) endpoints.set(`${host}:${port}`, { host, port });
  }
  const answers = await Promise.all([...endpoints.values()].map((a) => fetchUsage(a.host, a.port, token)));
  return answers.filter((a): a is AgentUsage => Boolean(a));
}

function nodeMetrics(u: AgentUsage, n: AgentUsage['nodes'][number]): Record<string, unknown> {
  return { kind: 'NodeMetrics', apiVersion: API_VERSION, metadata: { name: n.name, creationTimestamp: u.timestamp }, timestamp: u.timestamp, window: `${u.windowSeconds}s`, usage: usageQuantities(n.cpuCores, n.memoryBytes) };
}

function podMetrics(u: AgentUsage, p: AgentUsage['pods'][number], labels: Record<string, string> | undefined): Record<string, unknown> {
  return {
    kind: 'PodMetrics', apiVersion: API_VERSION, metadata: { name: p.name, namespace: p.namespace, labels, creationTimestamp: u.timestamp },
    timestamp: u.timestamp, window: `${u.windowSeconds}s`, containers: p.containers.map((c) => ({ name: c.name, usage: usageQuantities(c.cpuCores, c.memoryBytes) })),
  };
}

function discovery(res: ServerResponse, seg: string[]): boolean {
  if (seg.length === 2) {
    sendJson(res, 200, { kind: 'APIGroup', apiVersion: 'v1', ...metricsGroupEntry() });
    return true;
  }
  if (seg.length === 3 && seg[2] === METRICS_VERSION) {
    sendJson(res, 200, {
      kind: 'APIResourceList', apiVersion: 'v1', groupVersion: API_VERSION, resources: [
        { name: 'nodes', singularName: '', namespaced: false, kind: 'NodeMetrics', verbs: ['get', 'list'] },
        { name: 'pods', singularName: '', namespaced: true, kind: 'PodMetrics', verbs: ['get', 'list'] },
      ],
    });
    return true;
  }
  return false;
}

/** Serves every path under `/apis/metrics.k8s.io`. */
export async function handleMetricsApi(ctx: ApiContext, token: string | undefined, req: IncomingMessage, res: ServerResponse, url: URL): Promise<void> {
  const seg = url.pathname.split('/').filter(Boolean).map(decodeURIComponent);
  if (req.method !== 'GET') throw new ApiError('MethodNotAllowed', `the server does not allow this method on the requested resource: ${req.method}`);
  if (discovery(res, seg)) return;
  if (seg[2] !== METRICS_VERSION) throw new ApiError('NotFound', 'the server could not find the requested resource');
  const rest = seg.slice(3);
  const namespace = rest[0] === 'namespaces' ? rest[1] : undefined;
  const [resource, name] = namespace ? rest.slice(2) : rest;
  const selector = parseLabelSelector(url.searchParams.get('labelSelector') ?? '');
  const usage = await gather(ctx, token);
  if (resource === 'nodes' && !namespace) {
    const items = usage.flatMap((u) => u.nodes.map((n) => nodeMetrics(u, n))).filter((m: any) => !name || m.metadata.name === name);
    if (name) return items.length ? sendJson(res, 200, items[0]) : Promise.reject(notFound('nodes', METRICS_GROUP, name));
    return sendJson(res, 200, { kind: 'NodeMetricsList', apiVersion: API_VERSION, metadata: {}, items });
  }
  if (resource === 'pods') {
    const pods = new Map(ctx.cache.list('pods', (e) => !namespace || e.namespace === namespace).items.map((e) => [`${e.namespace}/${e.object.metadata.name}`, e.object]));
    const labelsOf = (ns: string, n: string) => pods.get(`${ns}/${n}`)?.metadata.labels;
    const items = usage.flatMap((u) => u.pods.filter((p) => (!namespace || p.namespace === namespace) && (!name || p.name === name))
      .map((p) => ({ u, p, labels: labelsOf(p.namespace, p.name) })))
      .filter((x) => matchesLabels(selector, x.labels)).map((x) => podMetrics(x.u, x.p, x.labels));
    if (name) return items.length ? sendJson(res, 200, items[0]) : Promise.reject(notFound('pods', METRICS_GROUP, name));
    return sendJson(res, 200, { kind: 'PodMetricsList', apiVersion: API_VERSION, metadata: {}, items });
  }
  throw new ApiError('NotFound', 'the server could not find the requested resource');
}
