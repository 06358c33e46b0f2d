/**
 * Mutating admission applied to pods on create, after defaulting: Kubernetes'
 * DefaultTolerationSeconds plugin. Every pod tolerates the node-problem taints
 * `node.kubernetes.io/not-ready` and `node.kubernetes.io/unreachable` (NoExecute)
 * for a bounded time unless it says otherwise, so the node lifecycle controller
 * evicts pods from a lost node after that time and their controllers replace them.
 */
type Obj = Record<string, any>;

/** The taints the plugin covers. */
export const NODE_PROBLEM_TAINTS = ['node.kubernetes.io/not-ready', 'node.kubernetes.io/unreachable'] as const;

/** Seconds a pod tolerates each node-problem taint by default (kube-apiserver's flags). */
export interface AdmissionOptions {
  /** `--default-not-ready-toleration-seconds`; 300 in Kubernetes. */
  notReadyTolerationSeconds?: number;
  /** `--default-unreachable-toleration-seconds`; 300 in Kubernetes. */
  unreachableTolerationSeconds?: number;
}

/** True when a toleration already covers `key` with effect NoExecute (as the plugin checks). */
function coversNoExecute(toleration: Obj, key: string): boolean {
  const keyMatches = !toleration.key || toleration.key === key;
  const effectMatches = !toleration.effect || toleration.effect === 'NoExecute';
  return keyMatches && effectMatches;
}

/**
 * Adds the default not-ready / unreachable tolerations to a pod that has none
 * for those taints. Pure: mutates only `pod`.
 */
export function addDefaultTolerations(pod: Obj, opts: AdmissionOptions = {}): void {
  const spec = pod.spec;
  if (!spec || typeof spec !== 'object' || (spec.tolerations != null && !Array.isArray(spec.tolerations))) return;
  const tolerations: Obj[] = spec.tolerations ?? [];
  const seconds = [opts.notReadyTolerationSeconds ?? 300, opts.unreachableTolerationSeconds ?? 300];
  NODE_PROBLEM_TAINTS.forEach((key, i) => {
    if (tolerations.some((t) => t && typeof t === 'object' && coversNoExecute(t, key))) return;
    tolerations.push({ key, operator: 'Exists', effect: 'NoExecute', tolerationSeconds: seconds[i] });
  });
  spec.tolerations = tolerations;
}
