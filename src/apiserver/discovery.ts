/**
 * Discovery documents (`/api`, `/apis`, `/api/v1`, `/apis/<g>/<v>`) and `/version`,
 * generated from the resource registry. kubectl derives every alias (short names),
 * `get all` (categories) and subresource support from these.
 */
import { metricsGroupEntry } from './proxy/metrics-api.js';
import { apiGroups, apiVersionOf, resourcesOf, STANDARD_VERBS, type ResourceInfo } from '../api/resources.js';

/** The Kubernetes API version redkube implements; kubectl's dispatcher picks its client by `minor`. */
export const KUBERNETES_VERSION = { major: '1', minor: '32', gitVersion: 'v1.32.0' };

/** `/version`. */
export function versionInfo(redkubeVersion: string): Record<string, string> {
  return {
    major: KUBERNETES_VERSION.major,
    minor: KUBERNETES_VERSION.minor,
    gitVersion: `${KUBERNETES_VERSION.gitVersion}+redkube-${redkubeVersion}`,
    gitCommit: 'redkube',
    gitTreeState: 'clean',
    buildDate: '2026-11-22T00:00:00Z',
    goVersion: `node${process.versions.node}`,
    compiler: 'tsc',
    platform: `${process.platform}/${process.arch}`,
  };
}

/** `/api`. */
export function apiVersions(address: string): Record<string, unknown> {
  return { kind: 'APIVersions', versions: ['v1'], serverAddressByClientCIDRs: [{ clientCIDR: '0.0.0.0/0', serverAddress: address }] };
}

function groupEntry(group: string, version: string): Record<string, unknown> {
  const gv = { groupVersion: `${group}/${version}`, version };
  return { name: group, versions: [gv], preferredVersion: gv };
}

/** `/apis`. */
export function apiGroupList(): Record<string, unknown> {
  return { kind: 'APIGroupList', apiVersion: 'v1', groups: [...apiGroups().map((g) => groupEntry(g.group, g.version)), metricsGroupEntry()] };
}

/** `/apis/<group>`, or undefined when the group is not served. */
export function apiGroup(group: string): Record<string, unknown> | undefined {
  const g = apiGroups().find((x) => x.group === group);
  return g && { kind: 'APIGroup', apiVersion: 'v1', ...groupEntry(g.group, g.version) };
}

const SUBRESOURCE_SHAPES: Record<string, { kind: string; group?: string; version?: string; verbs: string[] }> = {
  status: { kind: '', verbs: ['get', 'patch', 'update'] },
  scale: { kind: 'Scale', group: 'autoscaling', version: 'v1', verbs: ['get', 'patch', 'update'] },
  binding: { kind: 'Binding', verbs: ['create'] },
  eviction: { kind: 'Eviction', group: 'policy', version: 'v1', verbs: ['create'] },
  finalize: { kind: '', verbs: ['update'] },
  log: { kind: 'Pod', verbs: ['get'] },
  exec: { kind: 'PodExecOptions', verbs: ['create', 'get'] },
};

function resourceEntries(r: ResourceInfo): Record<string, unknown>[] {
  const main: Record<string, unknown> = { name: r.resource, singularName: r.singular, namespaced: r.namespaced, kind: r.kind, verbs: [...STANDARD_VERBS] };
  if (r.shortNames.length) main.shortNames = r.shortNames;
  if (r.categories.length) main.categories = r.categories;
  const subs = r.subresources.map((s) => {
    const shape = SUBRESOURCE_SHAPES[s];
    const e: Record<string, unknown> = { name: `${r.resource}/${s}`, singularName: '', namespaced: r.namespaced, kind: shape.kind || r.kind, verbs: shape.verbs };
    if (shape.group) Object.assign(e, { group: shape.group, version: shape.version });
    return e;
  });
  return [main, ...subs];
}

/** `/api/v1` or `/apis/<g>/<v>`, or undefined when not served. */
export function apiResourceList(group: string, version: string): Record<string, unknown> | undefined {
  const list = resourcesOf(group, version);
  if (!list.length) return undefined;
  return { kind: 'APIResourceList', apiVersion: 'v1', groupVersion: apiVersionOf({ group, version }), resources: list.flatMap(resourceEntries) };
}
