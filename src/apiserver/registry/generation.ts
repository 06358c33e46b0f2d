/**
 * Which kinds carry `metadata.generation` and when it moves, as each kind's
 * Kubernetes 1.32 registry strategy decides. Kinds not listed (ConfigMap, Secret,
 * Namespace, Pod, Node, Service, Endpoints, Event, Lease, ServiceAccount,
 * ControllerRevision) have no generation at all. Pure functions.
 */

/**
 * - `spec`: 1 on create, +1 whenever anything but metadata and status changes.
 * - `specOrLabels`: as `spec`, and label changes count too (EndpointSlice).
 * - `createOnly`: 1 on create, never moves (PriorityClass).
 */
type GenerationPolicy = 'spec' | 'specOrLabels' | 'createOnly';

/**
 * HorizontalPodAutoscaler gains a generation only in later Kubernetes (the HPAGeneration
 * gate); redkube's HPA controller already relies on it to notice spec changes and to
 * report status.observedGeneration, so it keeps one.
 */
const POLICIES: Record<string, GenerationPolicy> = {
  Deployment: 'spec',
  ReplicaSet: 'spec',
  DaemonSet: 'spec',
  StatefulSet: 'spec',
  Job: 'spec',
  CronJob: 'spec',
  HorizontalPodAutoscaler: 'spec',
  EndpointSlice: 'specOrLabels',
  PriorityClass: 'createOnly',
};

/** Top-level fields that are not "spec": changing only these never bumps generation. */
const NON_SPEC_FIELDS = new Set(['apiVersion', 'kind', 'metadata', 'status']);

/** Whether anything other than metadata and status differs between two versions. */
export function specChanged(oldObj: Record<string, any>, newObj: Record<string, any>): boolean {
  const keys = new Set([...Object.keys(oldObj), ...Object.keys(newObj)]);
  for (const k of keys) {
    if (NON_SPEC_FIELDS.has(k)) continue;
    if (JSON.stringify(oldObj[k]) !== JSON.stringify(newObj[k])) return true;
  }
  return false;
}

/** The generation a new object of `kind` starts with, or undefined when the kind has none. */
export function initialGeneration(kind: string): number | undefined {
  return POLICIES[kind] ? 1 : undefined;
}

/** Whether two label maps differ, whatever the order of their keys. */
function labelsDiffer(a: Record<string, string> = {}, b: Record<string, string> = {}): boolean {
  const keys = Object.keys(a);
  if (keys.length !== Object.keys(b).length) return true;
  return keys.some((k) => a[k] !== b[k]);
}

/**
 * The generation after an update from `oldObj` to `newObj`. A client can never set it:
 * it is computed from the stored one, which a kind without generation tracking carries
 * over unchanged (usually none), as Kubernetes' update path does.
 */
export function nextGeneration(kind: string, oldObj: Record<string, any>, newObj: Record<string, any>): number | undefined {
  const policy = POLICIES[kind];
  const stored: number | undefined = oldObj.metadata?.generation;
  if (!policy) return stored;
  const current = stored ?? 1;
  if (policy === 'createOnly') return current;
  const labelsChanged = policy === 'specOrLabels' && labelsDiffer(oldObj.metadata?.labels, newObj.metadata?.labels);
  return current + (labelsChanged || specChanged(oldObj, newObj) ? 1 : 0);
}
