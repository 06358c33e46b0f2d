/**
 * The objects a mutating command acts on (`delete`, `label`, `annotate`, `patch`,
 * `scale`, `set image`, `rollout`...): positional `TYPE NAME...` / `TYPE/NAME...`,
 * `-f` manifests, or every object matching `-l` / `--all`. Selector targets are
 * listed first, so the command then acts object by object like kubectl.
 */
import type { Conn } from './connection.js';
import type { ApiResource, Discovery } from './discovery.js';
import { CliError } from './errors.js';
import { readManifests } from './manifests.js';
import { resolveArgs } from './resource-args.js';

/** One object to act on. */
export interface Target { resource: ApiResource; namespace?: string; name: string }

/** Flags that choose targets. */
export interface TargetArgs {
  resources?: string[];
  filename?: string[];
  recursive?: boolean;
  selector?: string;
  all?: boolean;
  'all-namespaces'?: boolean;
}

/** Resolves the targets; `needsNames` refuses a bare `TYPE` without `-l`/`--all`. */
export async function resolveTargets(conn: Conn, discovery: Discovery, args: TargetArgs, needsNames = true): Promise<Target[]> {
  if (args.filename?.length) {
    return readManifests(args.filename, !!args.recursive).map((m) => {
      const resource = discovery.byKind(m.object.apiVersion, m.object.kind);
      return { resource, namespace: resource.namespaced ? m.object.metadata?.namespace ?? conn.namespace : undefined, name: m.object.metadata?.name };
    });
  }
  const { requests } = resolveArgs(args.resources ?? [], discovery);
  const out: Target[] = [];
  for (const req of requests) {
    const ns = req.resource.namespaced ? conn.namespace : undefined;
    if (req.names.length) {
      if (args.selector) throw new CliError('name cannot be provided when a selector is specified');
      out.push(...req.names.map((name) => ({ resource: req.resource, namespace: ns, name })));
      continue;
    }
    if (!args.selector && !args.all && needsNames) {
      throw new CliError(`resource(s) were provided, but no name was specified`);
    }
    const listNs = args['all-namespaces'] ? undefined : ns;
    const list = await conn.client.listAll(req.resource, listNs, { labelSelector: args.selector });
    for (const o of list.items) out.push({ resource: req.resource, namespace: o.metadata?.namespace, name: o.metadata!.name! });
  }
  return out;
}
