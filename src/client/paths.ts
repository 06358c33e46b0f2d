/**
 * URL paths of the Kubernetes REST API, built in one place from the resource
 * registry so that no caller concatenates `/apis/...` by hand.
 */
import type { ResourceInfo } from '../api/resources.js';
import type { Query } from './types.js';

/** `/api/v1` for the core group, `/apis/<group>/<version>` otherwise. */
export function groupVersionPath(info: Pick<ResourceInfo, 'group' | 'version'>): string {
  return info.group ? `/apis/${info.group}/${info.version}` : `/api/${info.version}`;
}

/**
 * Path of a collection, an object or an object's subresource. The namespace is
 * used only for namespaced resources; leaving it out of a namespaced collection
 * addresses all namespaces.
 */
export function resourcePath(info: ResourceInfo, namespace?: string, name?: string, subresource?: string): string {
  let path = groupVersionPath(info);
  if (info.namespaced && namespace) path += `/namespaces/${encodeURIComponent(namespace)}`;
  path += `/${info.resource}`;
  if (name !== undefined) {
    if (!name) throw new TypeError(`a ${info.kind} name must not be empty`);
    path += `/${encodeURIComponent(name)}`;
    if (subresource) path += `/${subresource}`;
  }
  return path;
}

/** `?a=1&b=x` from the defined entries of `query`, or '' when none are. */
export function queryString(query: Query | undefined): string {
  if (!query) return '';
  const params = new URLSearchParams();
  for (const [key, value] of Object.entries(query)) {
    if (value !== undefined) params.append(key, String(value));
  }
  const text = params.toString();
  return text ? `?${text}` : '';
}
