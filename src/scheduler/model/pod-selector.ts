/**
 * Which pods a pod-affinity term or a topology spread constraint counts:
 * a label selector scoped to namespaces, with kube-scheduler's semantics
 * (`framework.AffinityTerm.Matches` and `countPodsMatchSelector`).
 */
import { labelSelectorFromObject, matchesLabels, type LabelRequirement, type LabelSelectorObject } from '../../api/selectors/index.js';

/** A pod selector scoped to namespaces. */
export interface PodSelector {
  /** Label requirements; null is a nil selector, which matches no pod. */
  selector: LabelRequirement[] | null;
  /** Namespaces matched by name (sorted). */
  namespaces: string[];
  /** Namespaces matched by their labels; null matches none, [] matches every namespace. */
  nsSelector: LabelRequirement[] | null;
  /** Spread-constraint counting: an empty selector counts nothing and terminating pods never count. */
  spread?: boolean;
  /** System default spreading: pods with this controller owner uid, instead of labels. */
  ownerUid?: string;
}

/** The fields of a pod a selector looks at. */
export interface SelectablePod {
  namespace: string;
  labels: Record<string, string>;
  ownerUid?: string;
  terminating: boolean;
}

/** Converts a metav1.LabelSelector; a nil or invalid selector matches nothing. */
export function toRequirements(sel: LabelSelectorObject | null | undefined): LabelRequirement[] | null {
  if (!sel) return null;
  try {
    return labelSelectorFromObject(sel);
  } catch {
    return null;
  }
}

/** A canonical string: equal selectors intern to one matcher. */
export function selectorKey(s: PodSelector): string {
  return JSON.stringify([s.selector, s.namespaces, s.nsSelector, s.spread ?? false, s.ownerUid ?? '']);
}

/** True when `sel` counts `pod`; `nsLabels` gives a namespace's labels (for namespace selectors). */
export function selectorMatches(sel: PodSelector, pod: SelectablePod, nsLabels: (ns: string) => Record<string, string> | undefined): boolean {
  if (sel.spread) {
    if (pod.terminating) return false;
    if (sel.ownerUid === undefined && (sel.selector === null || sel.selector.length === 0)) return false;
  }
  const inNamespace = sel.namespaces.includes(pod.namespace)
    || (sel.nsSelector !== null && (sel.nsSelector.length === 0 || matchesLabels(sel.nsSelector, nsLabels(pod.namespace) ?? {})));
  if (!inNamespace) return false;
  if (sel.ownerUid !== undefined) return pod.ownerUid === sel.ownerUid;
  return sel.selector !== null && matchesLabels(sel.selector, pod.labels);
}
