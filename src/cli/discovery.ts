/**
 * Resource discovery for the CLI: the served resources are read from the
 * apiserver (`/api/v1`, `/apis`, `/apis/<g>/<v>`), never from a compiled-in list,
 * so a resource the server learns later is usable by `rk` at once. The lookup
 * (`resolveIn`) is pure and matches what a user types the way kubectl does.
 */
import type { ResourceInfo, Subresource } from '../api/resources.js';
import type { RestClient } from '../client/index.js';
import { CliError } from './errors.js';

/** One served resource, in the registry's shape so the client's verbs accept it. */
export type ApiResource = ResourceInfo & { verbs: string[] };

interface RawResource {
  name: string; singularName?: string; namespaced: boolean; kind: string; verbs: string[];
  shortNames?: string[]; categories?: string[];
}

/** Turns one `APIResourceList` into resources, attaching each `x/sub` entry to `x` as a subresource. */
export function fromResourceList(groupVersion: string, entries: RawResource[]): ApiResource[] {
  const [group, version] = groupVersion.includes('/') ? groupVersion.split('/') : ['', groupVersion];
  const main = entries.filter((e) => !e.name.includes('/')).map((e): ApiResource => ({
    group, version, resource: e.name, singular: e.singularName || e.kind.toLowerCase(), kind: e.kind,
    namespaced: e.namespaced, shortNames: e.shortNames ?? [], categories: e.categories ?? [], subresources: [], verbs: e.verbs,
  }));
  for (const e of entries.filter((x) => x.name.includes('/'))) {
    const [parent, sub] = e.name.split('/');
    main.find((m) => m.resource === parent)?.subresources.push(sub as Subresource);
  }
  return main;
}

/** `plural.group` (or `plural` for the core group): how kubectl names a resource in messages. */
export function qualifiedName(r: Pick<ResourceInfo, 'resource' | 'group'>): string {
  return r.group ? `${r.resource}.${r.group}` : r.resource;
}

/** `kind.group` lower-cased (or `kind` for core): the prefix of `-o name` and of "created" messages. */
export function kindPrefix(r: Pick<ResourceInfo, 'kind' | 'group'>): string {
  const kind = r.kind.toLowerCase();
  return r.group ? `${kind}.${r.group}` : kind;
}

/**
 * Finds what a user typed: plural, singular, short name or kind (any case), optionally
 * qualified by group (`deployments.apps`, `deploy.apps`) or version (`deployments.v1.apps`).
 */
export function resolveIn(resources: readonly ApiResource[], typed: string): ApiResource | undefined {
  const wanted = typed.toLowerCase();
  const plain = (r: ApiResource, n: string) =>
    r.resource === n || r.singular === n || r.shortNames.includes(n) || r.kind.toLowerCase() === n;
  const direct = resources.find((r) => plain(r, wanted));
  if (direct) return direct;
  const dot = wanted.indexOf('.');
  if (dot < 0) return undefined;
  const head = wanted.slice(0, dot);
  const rest = wanted.slice(dot + 1);
  return resources.find((r) => plain(r, head) && (r.group === rest || `${r.version}.${r.group}` === rest));
}

/** The resources of a category (`all`), in discovery order. */
export function categoryIn(resources: readonly ApiResource[], category: string): ApiResource[] {
  return resources.filter((r) => r.categories.includes(category));
}

/** The server's resources, fetched once per command. */
export class Discovery {
  private constructor(readonly resources: readonly ApiResource[]) {}

  /** Reads `/api/v1` and every group's preferred version. */
  static async load(client: RestClient): Promise<Discovery> {
    const groups = await client.request<{ groups: { preferredVersion: { groupVersion: string } }[] }>('GET', '/apis');
    const gvs = ['v1', ...groups.groups.map((g) => g.preferredVersion.groupVersion)];
    const lists = await Promise.all(gvs.map((gv) =>
      client.request<{ resources: RawResource[] }>('GET', gv === 'v1' ? '/api/v1' : `/apis/${gv}`)));
    return new Discovery(lists.flatMap((l, i) => fromResourceList(gvs[i], l.resources)));
  }

  /** Builds one from a known list (tests). */
  static of(resources: ApiResource[]): Discovery {
    return new Discovery(resources);
  }

  /** The resource a user typed, or kubectl's error. */
  resolve(typed: string): ApiResource {
    const r = resolveIn(this.resources, typed);
    if (!r) throw new CliError(`the server doesn't have a resource type "${typed}"`);
    return r;
  }

  /** The resource of a manifest's `apiVersion` + `kind`. */
  byKind(apiVersion: string | undefined, kind: string | undefined): ApiResource {
    const r = this.resources.find((x) => (x.group ? `${x.group}/${x.version}` : x.version) === apiVersion && x.kind === kind);
    if (!r) throw new CliError(`resource mapping not found for kind "${kind}" in version "${apiVersion}"; ensure CRDs are installed first`);
    return r;
  }

  /** Resources of a category such as `all`. */
  category(name: string): ApiResource[] {
    return categoryIn(this.resources, name);
  }
}
