/**
 * The I/O shell of `rk describe`: reads the objects, then each object's events
 * (`involvedObject` field selectors, as kubectl asks), and prints the descriptions
 * separated by a blank line.
 */
import { connect, type ConnArgs } from '../connection.js';
import { Discovery, type ApiResource } from '../discovery.js';
import { CliError, reportError } from '../errors.js';
import { resolveArgs } from '../resource-args.js';
import { describeObject } from './describers.js';
import type { EventLike } from './events.js';

type Obj = Record<string, any>;

async function objectsOf(conn: Awaited<ReturnType<typeof connect>>, r: ApiResource, names: string[], args: { selector?: string; 'all-namespaces'?: boolean }): Promise<Obj[]> {
  const ns = r.namespaced && !(args['all-namespaces'] && !names.length) ? conn.namespace : undefined;
  if (!names.length) return (await conn.client.listAll(r, ns, { labelSelector: args.selector })).items as Obj[];
  const out: Obj[] = [];
  for (const name of names) {
    try {
      out.push(await conn.client.get(r, ns, name));
    } catch (err) {
      if ((err as { code?: number }).code !== 404) { reportError(err); continue; }
      const prefixed = ((await conn.client.listAll(r, ns)).items as Obj[]).filter((o) => o.metadata?.name?.startsWith(name));
      if (prefixed.length) out.push(...prefixed);
      else reportError(err);
    }
  }
  return out;
}

/** Runs `rk describe`. */
export async function runDescribe(args: ConnArgs & { resources: string[]; selector?: string; 'all-namespaces'?: boolean }): Promise<void> {
  const conn = await connect(args);
  const discovery = await Discovery.load(conn.client);
  const { requests } = resolveArgs(args.resources, discovery);
  const events = discovery.resolve('events');
  let printed = 0;
  for (const req of requests) {
    let objects: Obj[];
    try {
      objects = await objectsOf(conn, req.resource, req.names, args);
    } catch (err) {
      reportError(err);
      continue;
    }
    for (const obj of objects) {
      const m = obj.metadata ?? {};
      const fs = [`involvedObject.name=${m.name}`, m.namespace ? `involvedObject.namespace=${m.namespace}` : '', `involvedObject.uid=${m.uid}`].filter(Boolean).join(',');
      const evs = await conn.client.listAll(events, m.namespace || undefined, { fieldSelector: fs }).then((l) => l.items as EventLike[], () => []);
      process.stdout.write((printed++ ? '\n\n' : '') + describeObject(req.resource.kind, obj, req.resource.namespaced, evs, Date.now()));
    }
  }
  if (!printed && !process.exitCode) {
    if (requests.some((r) => r.names.length)) throw new CliError('no objects passed to describe');
    process.stderr.write(`No resources found in ${conn.namespace} namespace.\n`);
  }
}
