/**
 * The pure core of `rollout history` and `rollout undo` for DaemonSets and
 * StatefulSets, whose history is their ControllerRevisions (apps/v1): which
 * revisions an object controls, the history table, the revision `undo` picks,
 * and what the object looks like with a revision's `data` (a strategic merge
 * patch of the pod template) applied, as kubectl's history viewers and
 * rollbackers compute them.
 */
import { patchSchemaOfKind } from '../../apiserver/patch/merge-keys.js';
import { strategicMerge } from '../../apiserver/patch/strategic-merge.js';
import type { JsonObject } from '../../apiserver/patch/json.js';
import { jsonEqual } from '../apply/three-way.js';
import { tabwrite } from '../printers/tabwriter.js';

type Obj = Record<string, any>;

/** The annotation kubectl reads a revision's change cause from. */
export const CHANGE_CAUSE = 'kubernetes.io/change-cause';

/** The kinds whose history lives in ControllerRevisions. */
export const REVISION_KINDS: ReadonlySet<string> = new Set(['DaemonSet', 'StatefulSet']);

/** The ControllerRevisions `owner` controls (a controller ownerReference to its uid), oldest first. */
export function controlledRevisions(owner: Obj, revisions: Obj[]): Obj[] {
  const uid = owner.metadata?.uid;
  return revisions
    .filter((r) => (r.metadata?.ownerReferences ?? []).some((o: Obj) => o.controller && o.uid === uid))
    .sort((a, b) => (a.revision ?? 0) - (b.revision ?? 0));
}

/** One revision per number (a later duplicate wins, as in kubectl's map), ascending. */
function byNumber(revisions: Obj[]): Obj[] {
  const map = new Map<number, Obj>();
  for (const r of revisions) map.set(Number(r.revision ?? 0), r);
  return [...map.entries()].sort(([a], [b]) => a - b).map(([, r]) => r);
}

/** The history table: REVISION and CHANGE-CAUSE (from each revision's annotation), ascending. */
export function historyTable(revisions: Obj[]): string {
  const rows = byNumber(revisions);
  if (!rows.length) return 'No rollout history found.';
  const lines = rows.map((r) => `${r.revision ?? 0}\t${r.metadata?.annotations?.[CHANGE_CAUSE] || '<none>'}\n`);
  return tabwrite(`REVISION\tCHANGE-CAUSE\n${lines.join('')}`);
}

/** The revision numbered `revision`, or undefined. */
export function revisionNumbered(revisions: Obj[], revision: number): Obj | undefined {
  return byNumber(revisions).find((r) => Number(r.revision ?? 0) === revision);
}

/**
 * The revision `undo` rolls back to: `toRevision`, or (0) the second newest.
 * Throws kubectl's messages when there is none.
 */
export function undoTarget(revisions: Obj[], toRevision: number): Obj {
  if (toRevision < 0) throw new Error(`unable to find specified revision ${toRevision} in history`);
  if (toRevision === 0 && revisions.length <= 1) throw new Error('no last revision to roll back to');
  const sorted = [...revisions].sort((a, b) => (a.revision ?? 0) - (b.revision ?? 0));
  const target = toRevision === 0 ? sorted[sorted.length - 2] : sorted.find((r) => Number(r.revision ?? 0) === toRevision);
  if (!target) throw new Error(`unable to find specified revision ${toRevision} in history`);
  return target;
}

/** The object with the revision's `data` applied as a strategic merge patch (a copy; the input is untouched). */
export function withRevision(obj: Obj, revision: Obj): Obj {
  const data = revision.data;
  if (!data || typeof data !== 'object' || Array.isArray(data)) throw new Error(`unable to parse history ${revision.metadata?.name}`);
  return strategicMerge(structuredClone(obj) as JsonObject, structuredClone(data) as JsonObject, patchSchemaOfKind(obj.kind ?? 'DaemonSet') ?? {});
}

/** Whether the object's pod template already is the revision's (what kubectl skips a rollback on). */
export function templateMatches(obj: Obj, revision: Obj): boolean {
  return jsonEqual(withRevision(obj, revision).spec?.template, obj.spec?.template);
}
