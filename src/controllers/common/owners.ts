/**
 * Controller ownership: the controller ownerReference, and the pure claim
 * decision (Kubernetes' ControllerRefManager): which objects a controller owns,
 * which orphans matching its selector it adopts, and which owned objects it
 * releases because they no longer match.
 */
import { labelSelectorFromObject, matchesLabels, type LabelRequirement } from '../../api/selectors/index.js';

/** Any object with metadata, as read from a cache. */
export type Obj = Record<string, any>;

/** The ownerReference with `controller: true`, if any. */
export function controllerRef(obj: Obj): Obj | undefined {
  return (obj.metadata?.ownerReferences ?? []).find((r: Obj) => r.controller === true);
}

/** The ownerReference a controller puts on what it creates or adopts; blockOwnerDeletion makes foreground deletion wait for it. */
export function newControllerRef(owner: Obj, apiVersion: string, kind: string): Obj {
  return { apiVersion, kind, name: owner.metadata.name, uid: owner.metadata.uid, controller: true, blockOwnerDeletion: true };
}

/**
 * The selector's requirements, or undefined for a missing selector (which
 * selects nothing, as in Kubernetes; an empty one would select everything).
 */
export function selectorOf(owner: Obj): LabelRequirement[] | undefined {
  const sel = owner.spec?.selector;
  if (!sel) return undefined;
  try {
    return labelSelectorFromObject(sel);
  } catch {
    return undefined;
  }
}

/** True when the selector exists, is not empty and matches the object's labels. */
export function selects(reqs: LabelRequirement[] | undefined, obj: Obj): boolean {
  return !!reqs && reqs.length > 0 && matchesLabels(reqs, obj.metadata?.labels);
}

/** Outcome of claiming candidates for one owner. */
export interface Claim {
  /** Objects this owner controls and that still match (adopted ones included). */
  owned: Obj[];
  /** Orphans that match: set the controller ref on them. */
  adopt: Obj[];
  /** Owned objects that stopped matching: remove the controller ref. */
  release: Obj[];
}

/**
 * Decides ownership for `owner` over `candidates` (same namespace). An owner
 * being deleted adopts nothing; an object being deleted is never adopted.
 */
export function claim(owner: Obj, candidates: Obj[]): Claim {
  const reqs = selectorOf(owner);
  const result: Claim = { owned: [], adopt: [], release: [] };
  for (const obj of candidates) {
    const ref = controllerRef(obj);
    const matches = selects(reqs, obj);
    if (ref) {
      if (ref.uid !== owner.metadata.uid) continue;
      if (matches) result.owned.push(obj);
      else if (!owner.metadata.deletionTimestamp) result.release.push(obj);
      continue;
    }
    if (matches && !owner.metadata.deletionTimestamp && !obj.metadata.deletionTimestamp) {
      result.adopt.push(obj);
      result.owned.push(obj);
    }
  }
  return result;
}

/**
 * The merge patch that adopts an object, pinned to the resourceVersion we saw so
 * an object that changed meanwhile (e.g. was adopted by someone else) is a Conflict.
 */
export function adoptPatch(obj: Obj, ref: Obj): Obj {
  return { metadata: { resourceVersion: obj.metadata.resourceVersion, ownerReferences: [...(obj.metadata.ownerReferences ?? []), ref] } };
}

/** The merge patch that releases an object from `ownerUid`, pinned like `adoptPatch`. */
export function releasePatch(obj: Obj, ownerUid: string): Obj {
  return { metadata: { resourceVersion: obj.metadata.resourceVersion, ownerReferences: (obj.metadata.ownerReferences ?? []).filter((r: Obj) => r.uid !== ownerUid) } };
}
