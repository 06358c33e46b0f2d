/**
 * The rows of the rollback picker: a workload's revisions as
 * `kubectl rollout history` lists them (a Deployment's from its ReplicaSets,
 * a DaemonSet's or StatefulSet's from its ControllerRevisions, via the CLI's
 * own code), with each revision's images and which one is live, so a person
 * can tell the revisions apart before rolling back. Pure.
 */
import { REVISION, deploymentRevisions } from '../../src/cli/rollout/status.js';
import { CHANGE_CAUSE, controlledRevisions, templateMatches, withRevision } from '../../src/cli/rollout/controller-history.js';

type Obj = Record<string, any>;

/** One revision in the picker. */
export interface RevisionRow {
  revision: number;
  changeCause: string;
  /** `main=nginx:1.25, side=busybox`. */
  images: string;
  /** The revision the Deployment runs now. */
  current: boolean;
}

/** Revisions oldest first, as `rollout history` prints them. */
export function revisionRows(deployment: Obj, replicaSets: Obj[]): RevisionRow[] {
  const live = Number(deployment.metadata?.annotations?.[REVISION] ?? 0);
  return deploymentRevisions(deployment, replicaSets).map((r) => ({
    revision: r.revision,
    changeCause: r.changeCause,
    images: imagesOf(r.replicaSet.spec?.template),
    current: r.revision === live,
  }));
}

function imagesOf(template: Obj | undefined): string {
  return ((template?.spec?.containers ?? []) as Obj[]).map((c) => `${c.name}=${c.image}`).join(', ');
}

/**
 * A DaemonSet's or StatefulSet's revisions (the ControllerRevisions it controls),
 * oldest first; the live one is the revision whose template the object has now.
 */
export function controllerRevisionRows(owner: Obj, revisions: Obj[]): RevisionRow[] {
  const seen = new Map<number, Obj>();
  for (const r of controlledRevisions(owner, revisions)) seen.set(Number(r.revision ?? 0), r);
  return [...seen.values()].map((r) => ({
    revision: Number(r.revision ?? 0),
    changeCause: r.metadata?.annotations?.[CHANGE_CAUSE] || '<none>',
    images: imagesOf(withRevision(owner, r).spec?.template),
    current: templateMatches(owner, r),
  }));
}

/** Where the picker's cursor starts: the revision before the live one (what `rollout undo` picks), else the last row. */
export function defaultRevisionIndex(rows: RevisionRow[]): number {
  const live = rows.findIndex((r) => r.current);
  if (live > 0) return live - 1;
  return Math.max(0, rows.length - 2);
}
