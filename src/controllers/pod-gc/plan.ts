/**
 * Pod garbage collection, pure (Kubernetes' PodGC): finished pods beyond a
 * threshold (oldest first), pods bound to nodes that no longer exist, and
 * unscheduled pods already marked for deletion (no agent will ever finish them).
 */
import type { Pod } from '../common/pods.js';

/** Kubernetes' --terminated-pod-gc-threshold default. */
export const DEFAULT_TERMINATED_THRESHOLD = 12_500;

/** Pods to force-delete, by reason. */
export interface PodGCPlan {
  terminated: Pod[];
  /** Bound to a node missing from the cache: the shell confirms with the apiserver before deleting. */
  orphaned: Pod[];
  unscheduledTerminating: Pod[];
}

const created = (p: Pod): number => Date.parse(p.metadata?.creationTimestamp ?? '') || 0;

/** Decides from every pod and the names of existing nodes. */
export function planPodGC(pods: Pod[], nodes: Set<string>, threshold = DEFAULT_TERMINATED_THRESHOLD): PodGCPlan {
  const finished = pods.filter((p) => p.status?.phase === 'Succeeded' || p.status?.phase === 'Failed').sort((a, b) => created(a) - created(b));
  return {
    terminated: threshold > 0 ? finished.slice(0, Math.max(0, finished.length - threshold)) : [],
    orphaned: pods.filter((p) => p.spec?.nodeName && !nodes.has(p.spec.nodeName)),
    unscheduledTerminating: pods.filter((p) => !p.spec?.nodeName && p.metadata?.deletionTimestamp),
  };
}
