/**
 * ControllerRevisions of a DaemonSet or StatefulSet, pure: the revision for the
 * current template (reused when an older one matches, with its number raised,
 * which is how a rollback keeps its hash), and the old ones beyond
 * revisionHistoryLimit. `data` is the strategic-merge patch Kubernetes stores,
 * so `kubectl rollout history/undo` read and apply it unchanged.
 */
import { podTemplateHash, templatesEqual } from '../deployment/replica-sets.js';

/** Label carrying the ControllerRevision of a pod's template. */
export const REVISION_HASH = 'controller-revision-hash';

type Obj = Record<string, any>;

/** What to do about the current template's revision. */
export type RevisionAction =
  | { type: 'keep'; revision: Obj; hash: string }
  | { type: 'bump'; revision: Obj; number: number; hash: string }
  | { type: 'create'; revision: Obj; hash: string };

/** The pod template stored in a revision. */
export function templateOf(rev: Obj): Obj | undefined {
  const t = rev.data?.spec?.template;
  if (!t) return undefined;
  const { $patch: _directive, ...template } = t;
  return template;
}

/** Finds or makes the revision of the owner's current template. */
export function currentRevision(ds: Obj, revisions: Obj[], ownerRef: Obj): RevisionAction {
  const max = revisions.reduce((m, r) => Math.max(m, r.revision ?? 0), 0);
  const match = revisions.filter((r) => templatesEqual(templateOf(r), ds.spec.template)).sort((a, b) => (b.revision ?? 0) - (a.revision ?? 0))[0];
  if (match) {
    const hash = match.metadata.labels?.[REVISION_HASH] ?? podTemplateHash(ds.spec.template);
    return (match.revision ?? 0) < max ? { type: 'bump', revision: match, number: max + 1, hash } : { type: 'keep', revision: match, hash };
  }
  const hash = podTemplateHash(ds.spec.template, ds.status?.collisionCount ?? 0);
  return {
    type: 'create', hash,
    revision: {
      metadata: {
        name: `${ds.metadata.name}-${hash}`, namespace: ds.metadata.namespace,
        labels: { ...(ds.spec.template.metadata?.labels ?? {}), [REVISION_HASH]: hash }, ownerReferences: [ownerRef],
        // The owner's annotations travel with the revision (kubernetes.io/change-cause shows in rollout history).
        ...(ds.metadata.annotations && Object.keys(ds.metadata.annotations).length ? { annotations: { ...ds.metadata.annotations } } : {}),
      },
      data: { spec: { template: { ...structuredClone(ds.spec.template), $patch: 'replace' } } },
      revision: max + 1,
    },
  };
}

/** Old revisions to delete: beyond revisionHistoryLimit, oldest first, never the current one or one live pods still use. */
export function revisionsToPrune(ds: Obj, revisions: Obj[], keep: Set<string>, hashesInUse: Set<string>): Obj[] {
  const limit = ds.spec?.revisionHistoryLimit ?? 10;
  const old = revisions.filter((r) => !keep.has(r.metadata.name) && !hashesInUse.has(r.metadata.labels?.[REVISION_HASH]) && !hashesInUse.has(r.metadata.name))
    .sort((a, b) => (a.revision ?? 0) - (b.revision ?? 0));
  return old.slice(0, Math.max(0, old.length - limit));
}
