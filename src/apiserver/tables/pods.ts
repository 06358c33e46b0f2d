/**
 * Pod printer: `kubectl get pods` columns, wide ones included
 * (IP, NODE, NOMINATED NODE, READINESS GATES).
 */
import type { Pod } from 'kubernetes-types/core/v1.js';
import { AGE, NAME, column, wide } from './columns.js';
import { ageSince, humanDuration } from './duration.js';
import { orNone } from './format.js';
import { summarizePod } from './pod-status.js';
import type { Cell, TableColumn } from './types.js';

/** Pod columns in kubectl's order. */
export const columns: readonly TableColumn[] = [
  NAME,
  column('Ready', 'string', 'Ready containers out of all containers, sidecars included.'),
  column('Status', 'string', 'Aggregate state of the pod, derived from its phase and container states.'),
  column('Restarts', 'string', 'Container restarts, and how long ago the last one happened.'),
  AGE,
  wide('IP', 'string', 'Primary IP address of the pod.'),
  wide('Node', 'string', 'Node the pod is bound to.'),
  wide('Nominated Node', 'string', 'Node the scheduler nominated while preempting for this pod.'),
  wide('Readiness Gates', 'string', 'Readiness gate conditions that are true, out of all gates.'),
];

function restartsCell(restarts: number, lastRestart: number, now: number): string {
  if (restarts === 0 || lastRestart === 0) return String(restarts);
  return `${restarts} (${humanDuration(now - lastRestart)} ago)`;
}

function readinessGates(pod: Pod): string {
  const gates = pod.spec?.readinessGates ?? [];
  if (gates.length === 0) return '<none>';
  const conditions = pod.status?.conditions ?? [];
  const passed = gates.filter((g) => conditions.find((c) => c.type === g.conditionType)?.status === 'True').length;
  return `${passed}/${gates.length}`;
}

/** One pod row: summary cells, then the wide cells. */
export function row(pod: Pod, now: number): Cell[] {
  const s = summarizePod(pod);
  return [
    pod.metadata?.name ?? '',
    `${s.ready}/${s.total}`,
    s.reason,
    restartsCell(s.restarts, s.lastRestart, now),
    ageSince(pod.metadata?.creationTimestamp, now),
    orNone(pod.status?.podIPs?.[0]?.ip ?? pod.status?.podIP),
    orNone(pod.spec?.nodeName),
    orNone(pod.status?.nominatedNodeName),
    readinessGates(pod),
  ];
}
