/**
 * The positional arguments of `get`/`describe`/`delete`/`label`...: `pods`,
 * `pods a b`, `pod/a deploy/b`, `pods,svc`, `all`. Pure: turns them into one
 * request per resource, in the order typed, each with its names (none = the
 * whole collection).
 */
import { CliError } from './errors.js';
import type { ApiResource, Discovery } from './discovery.js';

/** One resource to act on and the names given for it (empty: every object that matches). */
export interface ResourceRequest { resource: ApiResource; names: string[] }

/** The requests plus whether several kinds are involved (then names print as `kind/name`). */
export interface ResolvedArgs { requests: ResourceRequest[]; multipleKinds: boolean }

/** Resolves positional arguments against discovery, as kubectl's resource builder does. */
export function resolveArgs(args: readonly string[], discovery: Pick<Discovery, 'resolve' | 'category'>): ResolvedArgs {
  if (!args.length) throw new CliError('you must specify the type of resource to get. Use "rk api-resources" for a complete list of supported resources.');
  if (args[0].includes('/')) return slashForms(args, discovery);
  const requests: ResourceRequest[] = [];
  const names = args.slice(1);
  if (names.some((n) => n.includes('/'))) {
    throw new CliError(`there is no need to specify a resource type as a separate argument when passing arguments in resource/name form (e.g. 'rk get resource/<resource_name>' instead of 'rk get resource resource/<resource_name>'`);
  }
  const types = args[0].split(',').filter(Boolean);
  for (const t of types) {
    const expanded = t.toLowerCase() === 'all' ? discovery.category('all') : [discovery.resolve(t)];
    for (const resource of expanded) {
      if (!requests.some((r) => r.resource === resource)) requests.push({ resource, names: [...names] });
    }
  }
  if (names.length && types.length > 1) {
    throw new CliError('arguments in resource/name form must have a single resource and name');
  }
  return { requests, multipleKinds: requests.length > 1 || types.some((t) => t.toLowerCase() === 'all') };
}

function slashForms(args: readonly string[], discovery: Pick<Discovery, 'resolve'>): ResolvedArgs {
  const requests: ResourceRequest[] = [];
  for (const arg of args) {
    const slash = arg.indexOf('/');
    if (slash <= 0 || slash === arg.length - 1) throw new CliError(`arguments in resource/name form must have a single resource and name`);
    const resource = discovery.resolve(arg.slice(0, slash));
    const existing = requests.find((r) => r.resource === resource);
    if (existing) existing.names.push(arg.slice(slash + 1));
    else requests.push({ resource, names: [arg.slice(slash + 1)] });
  }
  return { requests, multipleKinds: requests.length > 1 };
}
