/**
 * Resolves `POD` or `TYPE/NAME` (deploy/web, rs/x, sts/db, job/j, svc/s) to one pod,
 * as kubectl's logs, exec and attach do: a workload or Service stands for one of the
 * pods its selector matches, running pods first, then the oldest.
 */
import type { Conn } from './connection.js';
import type { Discovery } from './discovery.js';
import { CliError } from './errors.js';

type Obj = Record<string, any>;

/** The label selector string of a workload (matchLabels) or Service (plain map). */
export function selectorOf(obj: Obj): string {
  const sel = obj.spec?.selector;
  const labels: Record<string, string> = sel?.matchLabels ?? (sel && !sel.matchExpressions ? sel : {});
  const parts = Object.entries(labels).map(([k, v]) => `${k}=${v}`);
  for (const e of sel?.matchExpressions ?? []) {
    if (e.operator === 'In') parts.push(`${e.key} in (${e.values.join(',')})`);
    else if (e.operator === 'NotIn') parts.push(`${e.key} notin (${e.values.join(',')})`);
    else if (e.operator === 'Exists') parts.push(e.key);
    else if (e.operator === 'DoesNotExist') parts.push(`!${e.key}`);
  }
  return parts.join(',');
}

/** Orders candidate pods: running and not terminating first, then by creation time. Pure. */
export function pickPod(pods: Obj[]): Obj | undefined {
  const rank = (p: Obj) => (p.metadata?.deletionTimestamp ? 2 : p.status?.phase === 'Running' ? 0 : 1);
  return [...pods].sort((a, b) => rank(a) - rank(b)
    || String(a.metadata?.creationTimestamp).localeCompare(String(b.metadata?.creationTimestamp)))[0];
}

/** The pod a `POD` or `TYPE/NAME` argument means in the connection's namespace. */
export async function podForTarget(conn: Conn, discovery: Discovery, target: string): Promise<Obj> {
  const podsRes = discovery.resolve('pods');
  if (!target.includes('/')) return await conn.client.get(podsRes, conn.namespace, target) as Obj;
  const [type, name] = target.split('/', 2);
  const r = discovery.resolve(type);
  const obj = await conn.client.get(r, conn.namespace, name) as Obj;
  if (r.kind === 'Pod') return obj;
  const selector = selectorOf(obj);
  if (!selector) throw new CliError(`cannot select pods of ${target}: it has no selector`);
  const list = (await conn.client.listAll(podsRes, conn.namespace, { labelSelector: selector })).items as Obj[];
  const pod = pickPod(list);
  if (!pod) throw new CliError(`no pods found for ${target}`);
  return pod;
}
