/**
 * The namespace lifecycle decision, pure: what a terminating namespace still needs
 * before its `kubernetes` finalizer can be removed.
 */
import { RESOURCES, type ResourceInfo } from '../../api/resources.js';

/** What to do next for one terminating namespace. */
export interface NamespacePlan {
  /** Namespaced resources that still have objects in the namespace: delete them. */
  deleteFrom: ResourceInfo[];
  /** Every namespaced resource is empty: remove the `kubernetes` finalizer. */
  finalize: boolean;
}

/** Every namespaced resource, the content a namespace deletion must remove. */
export const NAMESPACED_RESOURCES: readonly ResourceInfo[] = RESOURCES.filter((r) => r.namespaced);

/** Decides from the remaining object counts per resource (plural -> count). */
export function planNamespaceCleanup(namespace: Record<string, any>, remaining: Map<string, number>): NamespacePlan {
  if (!namespace.metadata?.deletionTimestamp) return { deleteFrom: [], finalize: false };
  const deleteFrom = NAMESPACED_RESOURCES.filter((r) => (remaining.get(r.resource) ?? 0) > 0);
  const hasFinalizer = (namespace.spec?.finalizers ?? []).includes('kubernetes');
  return { deleteFrom, finalize: deleteFrom.length === 0 && hasFinalizer };
}
