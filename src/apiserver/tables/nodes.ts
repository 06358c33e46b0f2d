/**
 * Node printer: STATUS from the Ready condition (plus `SchedulingDisabled`
 * when cordoned) and ROLES from `node-role.kubernetes.io/<role>` labels.
 */
import type { Node } from 'kubernetes-types/core/v1.js';
import { AGE, NAME, column, wide } from './columns.js';
import { ageSince } from './duration.js';
import { byteOrder } from './selector.js';
import type { Cell, TableColumn } from './types.js';

const ROLE_PREFIX = 'node-role.kubernetes.io/';
const LEGACY_ROLE_LABEL = 'kubernetes.io/role';

/** Node columns in kubectl's order. */
export const columns: readonly TableColumn[] = [
  NAME,
  column('Status', 'string', 'Readiness of the node, and whether scheduling is disabled.'),
  column('Roles', 'string', 'Roles from node-role.kubernetes.io/<role> labels.'),
  AGE,
  column('Version', 'string', 'Version of the node agent.'),
  wide('Internal-IP', 'string', 'First InternalIP address of the node.'),
  wide('External-IP', 'string', 'First ExternalIP address of the node.'),
  wide('OS-Image', 'string', 'Operating system image reported by the node.'),
  wide('Kernel-Version', 'string', 'Kernel version reported by the node.'),
  wide('Container-Runtime', 'string', 'Container runtime name and version reported by the node.'),
];

function status(node: Node): string {
  const ready = (node.status?.conditions ?? []).find((c) => c.type === 'Ready');
  const parts = [ready === undefined ? 'Unknown' : ready.status === 'True' ? 'Ready' : 'NotReady'];
  if (node.spec?.unschedulable) parts.push('SchedulingDisabled');
  return parts.join(',');
}

function roles(node: Node): string {
  const found = new Set<string>();
  for (const [key, value] of Object.entries(node.metadata?.labels ?? {})) {
    if (key.startsWith(ROLE_PREFIX) && key.length > ROLE_PREFIX.length) found.add(key.slice(ROLE_PREFIX.length));
    else if (key === LEGACY_ROLE_LABEL && value) found.add(value);
  }
  return [...found].sort(byteOrder).join(',') || '<none>';
}

function address(node: Node, type: string): string {
  return (node.status?.addresses ?? []).find((a) => a.type === type)?.address ?? '<none>';
}

/** One node row, wide cells included. */
export function row(node: Node, now: number): Cell[] {
  const info = node.status?.nodeInfo;
  return [
    node.metadata?.name ?? '',
    status(node),
    roles(node),
    ageSince(node.metadata?.creationTimestamp, now),
    info?.kubeletVersion ?? '',
    address(node, 'InternalIP'),
    address(node, 'ExternalIP'),
    info?.osImage || '<unknown>',
    info?.kernelVersion || '<unknown>',
    info?.containerRuntimeVersion || '<unknown>',
  ];
}
