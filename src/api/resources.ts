/**
 * The registry of every built-in resource the apiserver serves.
 *
 * One table drives discovery, routing, storage key names, OpenAPI and the CLI's
 * kind lookup, so adding a resource is one entry here and nothing else can
 * disagree about its group, plural or scope.
 */

/** The standard verbs of a stored resource, in the order kubectl's discovery shows them. */
export const STANDARD_VERBS = ['create', 'delete', 'deletecollection', 'get', 'list', 'patch', 'update', 'watch'] as const;

/** Subresources a resource may expose; each is routed at `<resource>/<name>/<sub>`. */
export type Subresource = 'status' | 'scale' | 'binding' | 'eviction' | 'finalize' | 'log' | 'exec';

/** One served resource: where it lives in the API and how clients refer to it. */
export interface ResourceInfo {
  /** API group; '' for the core group. */
  group: string;
  version: string;
  /** Lower-case plural name used in URLs, e.g. `deployments`. */
  resource: string;
  singular: string;
  kind: string;
  namespaced: boolean;
  shortNames: string[];
  categories: string[];
  subresources: Subresource[];
}

/** `apiVersion` string for a resource, e.g. `apps/v1` or `v1`. */
export function apiVersionOf(info: Pick<ResourceInfo, 'group' | 'version'>): string {
  return info.group ? `${info.group}/${info.version}` : info.version;
}

/** Group-qualified resource name, unique across groups, used in storage keys and metrics. */
export function qualifiedResource(info: Pick<ResourceInfo, 'group' | 'resource'>): string {
  return info.group ? `${info.resource}.${info.group}` : info.resource;
}

function entry(
  group: string, version: string, resource: string, kind: string, namespaced: boolean,
  shortNames: string[] = [], categories: string[] = [], subresources: Subresource[] = [],
): ResourceInfo {
  return { group, version, resource, singular: kind.toLowerCase(), kind, namespaced, shortNames, categories, subresources };
}

const ALL = ['all'];

/** Every resource served, in discovery order. */
export const RESOURCES: readonly ResourceInfo[] = [
  entry('', 'v1', 'namespaces', 'Namespace', false, ['ns'], [], ['status', 'finalize']),
  entry('', 'v1', 'pods', 'Pod', true, ['po'], ALL, ['status', 'binding', 'eviction', 'log', 'exec']),
  entry('', 'v1', 'nodes', 'Node', false, ['no'], [], ['status']),
  entry('', 'v1', 'services', 'Service', true, ['svc'], ALL, ['status']),
  entry('', 'v1', 'endpoints', 'Endpoints', true, ['ep']),
  entry('', 'v1', 'configmaps', 'ConfigMap', true, ['cm']),
  entry('', 'v1', 'secrets', 'Secret', true),
  entry('', 'v1', 'events', 'Event', true, ['ev']),
  entry('', 'v1', 'serviceaccounts', 'ServiceAccount', true, ['sa']),
  entry('apps', 'v1', 'deployments', 'Deployment', true, ['deploy'], ALL, ['status', 'scale']),
  entry('apps', 'v1', 'replicasets', 'ReplicaSet', true, ['rs'], ALL, ['status', 'scale']),
  entry('apps', 'v1', 'daemonsets', 'DaemonSet', true, ['ds'], ALL, ['status']),
  entry('apps', 'v1', 'statefulsets', 'StatefulSet', true, ['sts'], ALL, ['status', 'scale']),
  entry('apps', 'v1', 'controllerrevisions', 'ControllerRevision', true),
  entry('batch', 'v1', 'jobs', 'Job', true, [], ALL, ['status']),
  entry('batch', 'v1', 'cronjobs', 'CronJob', true, ['cj'], ALL, ['status']),
  entry('autoscaling', 'v2', 'horizontalpodautoscalers', 'HorizontalPodAutoscaler', true, ['hpa'], ALL, ['status']),
  entry('coordination.k8s.io', 'v1', 'leases', 'Lease', true),
  entry('discovery.k8s.io', 'v1', 'endpointslices', 'EndpointSlice', true),
  entry('scheduling.k8s.io', 'v1', 'priorityclasses', 'PriorityClass', false, ['pc']),
];

/** The API groups in discovery order, each with its single served version. */
export function apiGroups(): { group: string; version: string }[] {
  const seen = new Map<string, string>();
  for (const r of RESOURCES) if (r.group && !seen.has(r.group)) seen.set(r.group, r.version);
  return [...seen].map(([group, version]) => ({ group, version }));
}

/** Resources of one group-version, for `/api/v1` and `/apis/<g>/<v>`. */
export function resourcesOf(group: string, version: string): ResourceInfo[] {
  return RESOURCES.filter((r) => r.group === group && r.version === version);
}

/** Looks a resource up by group, version and plural; undefined when not served. */
export function findResource(group: string, version: string, resource: string): ResourceInfo | undefined {
  return RESOURCES.find((r) => r.group === group && r.version === version && r.resource === resource);
}

/** Looks a resource up by apiVersion and kind, as written in a manifest. */
export function findByKind(apiVersion: string, kind: string): ResourceInfo | undefined {
  return RESOURCES.find((r) => apiVersionOf(r) === apiVersion && r.kind === kind);
}

/**
 * Resolves a name a user typed (plural, singular, short name, kind, or `plural.group`)
 * to a resource, case-insensitively, the way kubectl does.
 */
export function resolveResourceName(name: string): ResourceInfo | undefined {
  const wanted = name.toLowerCase();
  return RESOURCES.find((r) =>
    r.resource === wanted || r.singular === wanted || r.shortNames.includes(wanted) ||
    qualifiedResource(r) === wanted || `${r.singular}.${r.group}` === wanted);
}
