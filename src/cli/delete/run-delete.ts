/**
 * The I/O shell of `rk delete`: one DELETE per target with the propagation policy
 * and grace period asked for, a result line each (`pod "x" deleted`), then, with
 * `--wait`, a poll until every deleted object (same uid) is gone.
 */
import type { DeleteArgs } from '../commands/delete.js';
import { resourcePath } from '../../client/paths.js';
import { connect, type Conn } from '../connection.js';
import { Discovery, kindPrefix } from '../discovery.js';
import { CliError, reportError } from '../errors.js';
import { parseDuration } from '../duration.js';
import { resolveTargets, type Target } from '../targets.js';
import { dryRunOf } from '../write-results.js';

const POLICIES: Record<string, 'Background' | 'Foreground' | 'Orphan'> = {
  background: 'Background', true: 'Background', foreground: 'Foreground', orphan: 'Orphan', false: 'Orphan',
};

/** How often `--wait` re-reads a deleted object. */
const WAIT_POLL_MS = 200;

/** Grace period to send: `--force` without one means 0; -1 means the object's default. */
export function gracePeriodOf(args: Pick<DeleteArgs, 'grace-period' | 'force'>): number | undefined {
  const g = args['grace-period'] ?? -1;
  if (args.force && g < 0) return 0;
  return g >= 0 ? g : undefined;
}

async function waitGone(conn: Conn, pending: { target: Target; uid?: string }[], timeoutMs: number): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  let left = pending;
  while (left.length) {
    const still: typeof left = [];
    for (const p of left) {
      try {
        const o = await conn.client.get(p.target.resource, p.target.namespace, p.target.name);
        if (!p.uid || o.metadata?.uid === p.uid) still.push(p);
      } catch (err) {
        if ((err as { code?: number }).code !== 404) throw err;
      }
    }
    left = still;
    if (!left.length) return;
    if (Date.now() > deadline) {
      throw new CliError(`timed out waiting for the condition on ${left.map((p) => `${kindPrefix(p.target.resource)}/${p.target.name}`).join(', ')}`);
    }
    await new Promise((r) => setTimeout(r, WAIT_POLL_MS));
  }
}

/** One DELETE; dry-run goes in the query as well as the body, as kubectl sends it (the server reads the query). */
async function deleteObject(conn: Conn, t: Target, policy: string, grace: number | undefined, dryRun: boolean): Promise<unknown> {
  const body = { kind: 'DeleteOptions', apiVersion: 'v1', propagationPolicy: policy, gracePeriodSeconds: grace, dryRun: dryRun ? ['All'] : undefined };
  return conn.client.request('DELETE', resourcePath(t.resource, t.namespace, t.name), { body, query: { dryRun: dryRun ? 'All' : undefined } });
}

/** Runs `rk delete`. */
export async function runDelete(args: DeleteArgs): Promise<void> {
  const dryRun = dryRunOf(args);
  const policy = POLICIES[String(args.cascade ?? 'background').toLowerCase()];
  if (!policy) throw new CliError(`invalid cascade value (${args.cascade}). Must be "background", "foreground", or "orphan".`);
  if (!args.resources?.length && !args.filename?.length) throw new CliError('You must provide one or more resources by argument or filename.');
  const grace = gracePeriodOf(args);
  if (grace === 0 && args.force) {
    process.stderr.write('Warning: Immediate deletion does not wait for confirmation that the running resource has been terminated. The resource may continue to run on the cluster indefinitely.\n');
  }
  const conn = await connect(args);
  const discovery = await Discovery.load(conn.client);
  const targets = await resolveTargets(conn, discovery, args);
  if (!targets.length && !process.exitCode) process.stderr.write('No resources found\n');
  const deleted: { target: Target; uid?: string }[] = [];
  const suffix = dryRun === 'client' ? ' (dry run)' : dryRun === 'server' ? ' (server dry run)' : '';
  for (const t of targets) {
    try {
      let uid: string | undefined;
      if (dryRun === 'client') await conn.client.get(t.resource, t.namespace, t.name);
      else {
        const res = await deleteObject(conn, t, policy, grace, dryRun === 'server');
        uid = (res as { metadata?: { uid?: string } }).metadata?.uid;
        if (dryRun === 'none') deleted.push({ target: t, uid });
      }
      process.stdout.write(args.output === 'name' ? `${kindPrefix(t.resource)}/${t.name}\n` : `${kindPrefix(t.resource)} "${t.name}" deleted${suffix}\n`);
    } catch (err) {
      if (!(args['ignore-not-found'] && (err as { code?: number }).code === 404)) reportError(err);
    }
  }
  if (args.wait && deleted.length) {
    const ms = parseDuration(args.timeout ?? '0s');
    await waitGone(conn, deleted, ms > 0 ? ms : 7 * 24 * 3600_000);
  }
}
