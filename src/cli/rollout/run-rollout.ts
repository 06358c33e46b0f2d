/**
 * The I/O shell of `rk rollout`: status waits on a watch of the one object
 * (reconnecting when it drops) and prints each new progress message; history,
 * undo, restart, pause and resume read and patch as kubectl does.
 */
import type { Conn } from '../connection.js';
import { kindPrefix, type Discovery } from '../discovery.js';
import { CliError } from '../errors.js';
import type { Target } from '../targets.js';
import { tabwrite } from '../printers/tabwriter.js';
import { watchRaw } from '../table-client.js';
import { deploymentRevisions, normalizedTemplate, rollbackTarget, rolloutChecker, type Revision } from './status.js';
import { jsonEqual } from '../apply/three-way.js';
import { selectorOf } from '../pod-target.js';
import type { DryRun } from '../write-support.js';
import { CHANGE_CAUSE, REVISION_KINDS, controlledRevisions, historyTable, revisionNumbered, templateMatches, undoTarget, withRevision } from './controller-history.js';
import { describePodTemplate } from './template-text.js';

type Obj = Record<string, any>;

const name = (t: Target) => `${kindPrefix(t.resource)}/${t.name}`;

/** Waits for a rollout to finish (or, with `watch` false, reports once). Throws on a failed rollout or timeout. */
export async function rolloutStatus(conn: Conn, t: Target, watch: boolean, timeoutMs: number): Promise<void> {
  const check = rolloutChecker(t.resource.kind);
  if (!check) throw new CliError(`no status viewer has been implemented for ${t.resource.kind}`);
  const ac = new AbortController();
  const timer = timeoutMs > 0 ? setTimeout(() => ac.abort(), timeoutMs) : undefined;
  let last = '';
  const report = (o: Obj): boolean => {
    const s = check(o);
    if (s.failed) throw new CliError(s.message);
    if (s.message !== last) process.stdout.write(`${s.message}\n`);
    last = s.message;
    return s.done;
  };
  try {
    for (;;) {
      const obj = await conn.client.get(t.resource, t.namespace, t.name);
      if (report(obj) || !watch) return;
      try {
        const scope = { namespace: t.namespace, fieldSelector: `metadata.name=${t.name}`, resourceVersion: obj.metadata?.resourceVersion };
        for await (const ev of watchRaw(conn.client, t.resource, scope, 'application/json', ac.signal)) {
          if (ev.type === 'DELETED') throw new CliError(`object has been deleted`);
          if ((ev.type === 'ADDED' || ev.type === 'MODIFIED') && report(ev.object)) return;
        }
      } catch (err) {
        if (err instanceof CliError) throw err;
      }
      if (ac.signal.aborted) throw new CliError('timed out waiting for the condition');
      await new Promise((r) => setTimeout(r, 500));
    }
  } finally {
    clearTimeout(timer);
  }
}

async function revisionsOf(conn: Conn, discovery: Discovery, t: Target): Promise<{ deployment: Obj; revisions: ReturnType<typeof deploymentRevisions> }> {
  const deployment = await conn.client.get(t.resource, t.namespace, t.name) as Obj;
  const selector = Object.entries(deployment.spec?.selector?.matchLabels ?? {}).map(([k, v]) => `${k}=${v}`).join(',');
  const rs = await conn.client.listAll(discovery.resolve('replicasets.apps'), t.namespace, { labelSelector: selector });
  return { deployment, revisions: deploymentRevisions(deployment, rs.items as Obj[]) };
}

/** A DaemonSet or StatefulSet and the ControllerRevisions it controls (listed by its selector, as kubectl does). */
export async function controllerRevisionsOf(conn: Conn, discovery: Discovery, t: Target): Promise<{ obj: Obj; revisions: Obj[] }> {
  const obj = await conn.client.get(t.resource, t.namespace, t.name) as Obj;
  const list = await conn.client.listAll(discovery.resolve('controllerrevisions.apps'), t.namespace, { labelSelector: selectorOf(obj) });
  return { obj: { apiVersion: 'apps/v1', kind: t.resource.kind, ...obj }, revisions: controlledRevisions(obj, list.items as Obj[]) };
}

function historyKind(t: Target): 'Deployment' | 'ControllerRevision' {
  if (t.resource.kind === 'Deployment') return 'Deployment';
  if (REVISION_KINDS.has(t.resource.kind)) return 'ControllerRevision';
  throw new CliError(`no history viewer has been implemented for "${t.resource.kind}${t.resource.group ? `.${t.resource.group}` : ''}"`);
}

/** `rollout history`: the revision table, or one revision's pod template as kubectl describes it. */
export async function rolloutHistory(conn: Conn, discovery: Discovery, t: Target, revision: number): Promise<void> {
  if (revision < 0) throw new CliError(`revision must be a positive integer: ${revision}`);
  const withRev = revision > 0 ? `with revision #${revision}` : '';
  if (historyKind(t) === 'ControllerRevision') {
    const { obj, revisions } = await controllerRevisionsOf(conn, discovery, t);
    let text = historyTable(revisions);
    if (revision > 0 && revisions.length) {
      const r = revisionNumbered(revisions, revision);
      if (!r) throw new CliError('unable to find the specified revision');
      text = describePodTemplate(withRevision(obj, r).spec?.template);
    }
    process.stdout.write(`${name(t)} ${withRev}\n${text}\n`);
    return;
  }
  const { revisions } = await revisionsOf(conn, discovery, t);
  if (!revisions.length) {
    process.stdout.write(`${name(t)} ${withRev}\nNo rollout history found.\n`);
    return;
  }
  if (revision > 0) {
    const r = revisions.find((x) => x.revision === revision);
    if (!r) throw new CliError(`unable to find the specified revision`);
    process.stdout.write(`${name(t)} ${withRev}\n${describePodTemplate(withChangeCause(r))}\n`);
    return;
  }
  const lines = ['REVISION\tCHANGE-CAUSE', ...revisions.map((r) => `${r.revision}\t${r.changeCause}`)];
  process.stdout.write(`${name(t)} \n${tabwrite(`${lines.join('\n')}\n`)}\n`);
}

/** A ReplicaSet's template as kubectl's deployment history shows it (the change cause added to its annotations). */
function withChangeCause(r: Revision): Obj {
  const tpl = structuredClone(r.replicaSet.spec?.template ?? {});
  if (r.changeCause !== '<none>') tpl.metadata = { ...tpl.metadata, annotations: { ...tpl.metadata?.annotations, [CHANGE_CAUSE]: r.changeCause } };
  return tpl;
}

const suffix = (dryRun: DryRun) => (dryRun === 'client' ? ' (dry run)' : dryRun === 'server' ? ' (server dry run)' : '');

/**
 * `rollout undo`: a Deployment gets the chosen ReplicaSet's template back with a
 * JSON patch; a DaemonSet or StatefulSet gets the chosen ControllerRevision's
 * `data` as a strategic merge patch. Skipped when the template already matches;
 * `client` dry run only describes the template it would restore.
 */
export async function rolloutUndo(conn: Conn, discovery: Discovery, t: Target, toRevision: number, dryRun: DryRun): Promise<string> {
  const result = historyKind(t) === 'Deployment'
    ? await undoDeployment(conn, discovery, t, toRevision, dryRun)
    : await undoFromControllerRevision(conn, discovery, t, toRevision, dryRun);
  return `${name(t)} ${result}${suffix(dryRun)}\n`;
}

async function undoDeployment(conn: Conn, discovery: Discovery, t: Target, toRevision: number, dryRun: DryRun): Promise<string> {
  const { deployment, revisions } = await revisionsOf(conn, discovery, t);
  let target;
  try {
    target = rollbackTarget(revisions, toRevision);
  } catch (err) {
    throw new CliError((err as Error).message);
  }
  if (dryRun === 'client') return describePodTemplate(target.replicaSet.spec?.template);
  if (deployment.spec?.paused) throw new CliError(`you cannot rollback a paused deployment; resume it first with 'rk rollout resume deployment/${t.name}' and try again`);
  const template = normalizedTemplate(target.replicaSet.spec?.template);
  if (jsonEqual(template, normalizedTemplate(deployment.spec?.template))) {
    return `skipped rollback (current template already matches revision ${toRevision})`;
  }
  await conn.client.patch(t.resource, t.namespace, t.name, 'json', [{ op: 'replace', path: '/spec/template', value: template }], { dryRun: dryRun === 'server' });
  return 'rolled back';
}

async function undoFromControllerRevision(conn: Conn, discovery: Discovery, t: Target, toRevision: number, dryRun: DryRun): Promise<string> {
  const { obj, revisions } = await controllerRevisionsOf(conn, discovery, t);
  let target: Obj;
  try {
    target = undoTarget(revisions, toRevision);
  } catch (err) {
    throw new CliError((err as Error).message);
  }
  if (dryRun === 'client') return `will roll back to ${describePodTemplate(withRevision(obj, target).spec?.template)}`;
  if (templateMatches(obj, target)) return `skipped rollback (current template already matches revision ${toRevision})`;
  try {
    await conn.client.patch(t.resource, t.namespace, t.name, 'strategic', target.data, { dryRun: dryRun === 'server' });
  } catch (err) {
    throw new CliError(`failed restoring revision ${toRevision}: ${(err as Error).message}`);
  }
  return 'rolled back';
}

/** `rollout restart`: stamps the pod template so every pod is replaced. */
export async function rolloutRestart(conn: Conn, t: Target, now: Date): Promise<string> {
  const obj = await conn.client.get(t.resource, t.namespace, t.name) as Obj;
  if (obj.spec?.paused) throw new CliError(`can't restart paused ${t.resource.singular} (run rollout resume first)`);
  if (!['Deployment', 'DaemonSet', 'StatefulSet'].includes(t.resource.kind)) throw new CliError(`restarting is not supported for ${t.resource.kind}`);
  const stamp = now.toISOString().replace(/\.\d+Z$/, 'Z');
  await conn.client.patch(t.resource, t.namespace, t.name, 'strategic', {
    spec: { template: { metadata: { annotations: { 'kubectl.kubernetes.io/restartedAt': stamp } } } },
  });
  return `${name(t)} restarted\n`;
}

/** `rollout pause` / `resume`: flips `spec.paused` (Deployments only, as in Kubernetes). */
export async function rolloutPause(conn: Conn, t: Target, paused: boolean): Promise<string> {
  if (t.resource.kind !== 'Deployment') throw new CliError(`${kindPrefix(t.resource)} "${t.name}" ${paused ? 'pausing' : 'resuming'} is not supported`);
  const obj = await conn.client.get(t.resource, t.namespace, t.name) as Obj;
  if (!!obj.spec?.paused === paused) throw new CliError(`${t.resource.resource}.${t.resource.group} "${t.name}" is ${paused ? 'already paused' : 'not paused'}`);
  await conn.client.patch(t.resource, t.namespace, t.name, 'merge', { spec: { paused: paused ? true : null } });
  return `${name(t)} ${paused ? 'paused' : 'resumed'}\n`;
}
