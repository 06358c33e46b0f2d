/**
 * Garbage-collection decisions, pure (Kubernetes' garbage collector):
 * what to do with a dependent given the state of each of its owners, and with
 * an owner being deleted in the Foreground or Orphan mode given its dependents.
 */

/** An ownerReference as stored. */
export interface OwnerRef {
  apiVersion: string;
  kind: string;
  name: string;
  uid: string;
  controller?: boolean;
  blockOwnerDeletion?: boolean;
}

/** How an owner looks from a dependent: gone (or replaced by another uid), deleting in foreground, or present. */
export type OwnerState = 'absent' | 'waitingForDependents' | 'present';

/** What to do with one dependent. */
export type DependentAction =
  | { type: 'none' }
  /** Every owner is gone: delete it, cascading in the background. */
  | { type: 'delete'; propagationPolicy: 'Background' | 'Foreground' }
  /** Some owners are gone but another holds it: drop the dangling references. */
  | { type: 'removeRefs'; uids: string[] };

/**
 * Decides for a dependent from its owners' states. It is collected when no
 * owner remains; when the only remaining owners are being deleted in the
 * foreground it is deleted too, in the foreground when it has dependents of its
 * own (so they go first), else in the background (a pod keeps its graceful stop).
 */
export function planDependent(owners: { ref: OwnerRef; state: OwnerState }[], hasDependents = false): DependentAction {
  if (!owners.length) return { type: 'none' };
  const absent = owners.filter((o) => o.state === 'absent');
  const solid = owners.filter((o) => o.state === 'present');
  const waiting = owners.filter((o) => o.state === 'waitingForDependents');
  if (absent.length === owners.length) return { type: 'delete', propagationPolicy: 'Background' };
  if (solid.length === 0 && waiting.length > 0) return { type: 'delete', propagationPolicy: hasDependents ? 'Foreground' : 'Background' };
  if (absent.length) return { type: 'removeRefs', uids: absent.map((o) => o.ref.uid) };
  return { type: 'none' };
}

/** A dependent as the owner-side plans see it. */
export interface Dependent {
  key: string;
  deleting: boolean;
  /** The reference to this owner on the dependent. */
  ref: OwnerRef;
  /** The dependent owns objects itself. */
  hasDependents: boolean;
}

/** What a Foreground-deleted owner still needs. */
export interface ForegroundPlan {
  /** Dependents to delete now, each with the policy to cascade with. */
  delete: { key: string; propagationPolicy: 'Background' | 'Foreground' }[];
  /** No dependent with blockOwnerDeletion remains: remove the foregroundDeletion finalizer. */
  removeFinalizer: boolean;
}

/**
 * Foreground deletion: every dependent is deleted (blocking ones that own
 * objects in the foreground, so their own dependents go first; the rest in the
 * background); the owner stays until no dependent with blockOwnerDeletion is left.
 */
export function planForeground(dependents: Dependent[]): ForegroundPlan {
  return {
    delete: dependents.filter((d) => !d.deleting).map((d) => ({ key: d.key, propagationPolicy: d.ref.blockOwnerDeletion && d.hasDependents ? 'Foreground' as const : 'Background' as const })),
    removeFinalizer: !dependents.some((d) => d.ref.blockOwnerDeletion),
  };
}

/** The ownerReferences left on a dependent once `ownerUid` no longer owns it. */
export function withoutOwner(refs: OwnerRef[], ownerUids: string[]): OwnerRef[] {
  return refs.filter((r) => !ownerUids.includes(r.uid));
}
