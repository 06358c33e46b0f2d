/**
 * Parses Kubernetes REST paths into the resource, namespace, name and subresource
 * they address. Pure, so every path shape is table-tested.
 */
import { findResource, resourcesOf, type ResourceInfo } from '../../api/resources.js';

/** A request path that addresses a resource (collection, object or subresource). */
export interface ResourceRoute {
  type: 'resource';
  info: ResourceInfo;
  /** '' for cluster-scoped resources and for all-namespace collections. */
  namespace: string;
  name?: string;
  subresource?: string;
}

/** A discovery path: `/api`, `/apis`, `/apis/<g>`, `/api/v1`, `/apis/<g>/<v>`. */
export interface DiscoveryRoute {
  type: 'discovery';
  group?: string;
  version?: string;
  legacy: boolean;
}

/** Anything else (`/version`, `/healthz`, ...), or an unknown path. */
export interface OtherRoute {
  type: 'other';
  path: string;
}

/** Result of parsing a path. */
export type Route = ResourceRoute | DiscoveryRoute | OtherRoute;

/** Splits a path into its Kubernetes meaning. An unknown resource is an 'other' route (404). */
export function parseRoute(path: string): Route {
  const seg = path.split('/').filter(Boolean).map(decodeURIComponent);
  if (seg[0] === 'api') {
    if (seg.length === 1) return { type: 'discovery', legacy: true };
    return resourcePath('', seg[1], seg.slice(2), path, true);
  }
  if (seg[0] === 'apis') {
    if (seg.length === 1) return { type: 'discovery', legacy: false };
    if (seg.length === 2) return { type: 'discovery', group: seg[1], legacy: false };
    return resourcePath(seg[1], seg[2], seg.slice(3), path, false);
  }
  return { type: 'other', path };
}

function resourcePath(group: string, version: string, rest: string[], path: string, legacy: boolean): Route {
  if (!resourcesOf(group, version).length) return { type: 'other', path };
  if (!rest.length) return { type: 'discovery', group, version, legacy };
  if (rest[0] === 'namespaces' && rest.length >= 3) {
    const inner = findResource(group, version, rest[2]);
    if (inner?.namespaced) return make(inner, rest[1], rest[3], rest[4], rest.length <= 5, path);
  }
  const info = findResource(group, version, rest[0]);
  if (!info) return { type: 'other', path };
  return make(info, '', rest[1], rest[2], rest.length <= 3, path);
}

function make(info: ResourceInfo, namespace: string, name: string | undefined, sub: string | undefined, fits: boolean, path: string): Route {
  if (!fits) return { type: 'other', path };
  const route: ResourceRoute = { type: 'resource', info, namespace };
  if (name !== undefined) route.name = name;
  if (sub !== undefined) route.subresource = sub;
  return route;
}
