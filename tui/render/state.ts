/**
 * Row states: how a row is coloured (errors red, pending yellow, terminating
 * dim, completed grey). Pure functions of the object and its rendered status
 * cell, one per resource, so the rules are fixture-tested without a terminal.
 */
/** Colour class of a row; skins map each to a colour. */
export type RowState = 'ok' | 'pending' | 'error' | 'terminating' | 'completed';

/** Decides a row's state from the object and the status string its renderer printed. */
export type StateFunc = (obj: Record<string, any>, status: string) => RowState;

const POD_ERRORS = /Err|BackOff|Error|Failed|OOMKilled|Unknown|Evicted|Invalid|ContainerStatusUnknown|NodeLost|DeadlineExceeded/;
const POD_PENDING = /Pending|ContainerCreating|PodInitializing|Init:|NotReady/;

/** Pods: deletion first, then the kubectl status reason; Running with unready containers is pending. */
export function podState(pod: Record<string, any>, status: string): RowState {
  if (pod.metadata?.deletionTimestamp || status === 'Terminating') return 'terminating';
  if (status === 'Completed' || status === 'Succeeded') return 'completed';
  if (POD_ERRORS.test(status)) return 'error';
  if (POD_PENDING.test(status)) return 'pending';
  const statuses: { ready?: boolean }[] = pod.status?.containerStatuses ?? [];
  if (status === 'Running' && statuses.some((c) => !c.ready)) return 'pending';
  return 'ok';
}

/** Nodes: not ready is an error, cordoned is pending. */
export function nodeState(_node: Record<string, any>, status: string): RowState {
  if (!status.startsWith('Ready')) return 'error';
  return status.includes('SchedulingDisabled') ? 'pending' : 'ok';
}

/** Workloads (deployments, replicasets, statefulsets, daemonsets): fewer ready than desired is pending. */
export function workloadState(obj: Record<string, any>, _status: string): RowState {
  if (obj.metadata?.deletionTimestamp) return 'terminating';
  const spec = obj.spec ?? {};
  const st = obj.status ?? {};
  const desired = spec.replicas ?? st.desiredNumberScheduled ?? 1;
  const ready = st.readyReplicas ?? st.numberReady ?? 0;
  return ready < desired ? 'pending' : 'ok';
}

/** Jobs: failed is an error, complete is completed, running is ok. */
export function jobState(obj: Record<string, any>, status: string): RowState {
  if (obj.metadata?.deletionTimestamp || status === 'Terminating') return 'terminating';
  if (status === 'Failed' || status === 'FailureTarget') return 'error';
  if (status === 'Complete') return 'completed';
  return 'ok';
}

/** Events: warnings are errors. */
export function eventState(ev: Record<string, any>): RowState {
  return ev.type === 'Warning' ? 'error' : 'ok';
}

/** Namespaces: Terminating is dim. */
export function namespaceState(ns: Record<string, any>): RowState {
  return ns.status?.phase === 'Terminating' || ns.metadata?.deletionTimestamp ? 'terminating' : 'ok';
}

/** Anything else: only deletion is visible. */
export function genericState(obj: Record<string, any>): RowState {
  return obj.metadata?.deletionTimestamp ? 'terminating' : 'ok';
}

/** HPA: fewer current than desired replicas is pending. */
export function hpaState(obj: Record<string, any>): RowState {
  const st = obj.status ?? {};
  return (st.currentReplicas ?? 0) < (st.desiredReplicas ?? 0) ? 'pending' : genericState(obj);
}
