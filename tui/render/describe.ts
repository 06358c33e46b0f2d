/**
 * `d` in the UI: a kubectl-describe-like text of one object and its events.
 * Pure (object, events, now) -> lines, so it is fixture-tested; kind-specific
 * sections for pods, workloads and nodes, indented YAML of spec/status for the rest.
 */
import { stringify } from 'yaml';
import { humanDuration } from '../../src/apiserver/tables/index.js';

type Obj = Record<string, any>;

function pad(label: string, width = 20): string {
  return `${label}:`.padEnd(width);
}

function mapLines(label: string, map: Record<string, string> | undefined): string[] {
  const entries = Object.entries(map ?? {});
  if (!entries.length) return [`${pad(label)}<none>`];
  return entries.map(([k, v], i) => `${i === 0 ? pad(label) : ' '.repeat(20)}${k}=${v}`);
}

function yamlBlock(label: string, value: unknown): string[] {
  if (value === undefined || value === null) return [];
  const body = stringify(value).trimEnd().split('\n').map((l) => `  ${l}`);
  return [`${label}:`, ...body];
}

function podSection(pod: Obj): string[] {
  const out = [
    `${pad('Node')}${pod.spec?.nodeName ?? '<none>'}`,
    `${pad('Status')}${pod.metadata?.deletionTimestamp ? 'Terminating' : pod.status?.phase ?? 'Unknown'}`,
    `${pad('IP')}${pod.status?.podIP ?? '<none>'}`,
    'Containers:',
  ];
  const statuses: Obj[] = pod.status?.containerStatuses ?? [];
  for (const c of pod.spec?.containers ?? []) {
    const st = statuses.find((s) => s.name === c.name);
    const state = st?.state ? Object.keys(st.state)[0] : 'Waiting';
    out.push(`  ${c.name}:`, `    ${pad('Image', 16)}${c.image ?? ''}`, `    ${pad('State', 16)}${state ?? ''}`,
      `    ${pad('Ready', 16)}${st?.ready ? 'True' : 'False'}`, `    ${pad('Restart Count', 16)}${st?.restartCount ?? 0}`);
  }
  out.push('Conditions:', ...(pod.status?.conditions ?? []).map((c: Obj) => `  ${String(c.type).padEnd(18)}${c.status}`));
  return out;
}

function workloadSection(obj: Obj): string[] {
  const st = obj.status ?? {};
  return [
    `${pad('Selector')}${Object.entries(obj.spec?.selector?.matchLabels ?? {}).map(([k, v]) => `${k}=${v}`).join(',') || '<none>'}`,
    `${pad('Replicas')}${obj.spec?.replicas ?? 1} desired | ${st.updatedReplicas ?? 0} updated | ${st.replicas ?? 0} total | ${st.availableReplicas ?? 0} available | ${st.unavailableReplicas ?? 0} unavailable`,
    ...yamlBlock('Pod Template', obj.spec?.template?.spec?.containers?.map((c: Obj) => ({ name: c.name, image: c.image }))),
  ];
}

function nodeSection(node: Obj): string[] {
  return [
    `${pad('Unschedulable')}${node.spec?.unschedulable ? 'true' : 'false'}`,
    'Conditions:', ...(node.status?.conditions ?? []).map((c: Obj) => `  ${String(c.type).padEnd(18)}${c.status}  ${c.reason ?? ''}`),
    'Addresses:', ...(node.status?.addresses ?? []).map((a: Obj) => `  ${a.type}: ${a.address}`),
    ...yamlBlock('Capacity', node.status?.capacity),
    ...yamlBlock('Allocatable', node.status?.allocatable),
  ];
}

const SECTIONS: Record<string, (obj: Obj) => string[]> = {
  Pod: podSection,
  Deployment: workloadSection,
  ReplicaSet: workloadSection,
  StatefulSet: workloadSection,
  Node: nodeSection,
};

function genericSection(obj: Obj): string[] {
  const { apiVersion: _a, kind: _k, metadata: _m, ...rest } = obj;
  return Object.entries(rest).flatMap(([k, v]) => yamlBlock(k[0]!.toUpperCase() + k.slice(1), v));
}

function eventLines(events: Obj[], now: number): string[] {
  if (!events.length) return ['Events:  <none>'];
  const when = (e: Obj): number => Date.parse(e.lastTimestamp ?? e.eventTime ?? e.metadata?.creationTimestamp ?? '') || now;
  const rows = [...events].sort((a, b) => when(a) - when(b)).map((e) =>
    `  ${String(e.type ?? '').padEnd(8)}${String(e.reason ?? '').padEnd(20)}${humanDuration(now - when(e)).padEnd(8)}${String(e.source?.component ?? e.reportingComponent ?? '').padEnd(18)}${e.message ?? ''}`);
  return ['Events:', `  ${'Type'.padEnd(8)}${'Reason'.padEnd(20)}${'Age'.padEnd(8)}${'From'.padEnd(18)}Message`, ...rows];
}

/** The describe text of `obj` with its `events`, one string per line. */
export function describe(obj: Obj, events: Obj[], now: number): string[] {
  const meta = obj.metadata ?? {};
  const created = Date.parse(meta.creationTimestamp ?? '');
  return [
    `${pad('Name')}${meta.name ?? ''}`,
    ...(meta.namespace ? [`${pad('Namespace')}${meta.namespace}`] : []),
    ...mapLines('Labels', meta.labels),
    ...mapLines('Annotations', meta.annotations),
    `${pad('CreationTimestamp')}${meta.creationTimestamp ?? '<unknown>'}${Number.isNaN(created) ? '' : ` (${humanDuration(now - created)} ago)`}`,
    ...(SECTIONS[obj.kind as string] ?? genericSection)(obj),
    ...eventLines(events, now),
  ];
}

/** `y` in the UI: the object as YAML, without managedFields (as kubectl shows by default). */
export function toYaml(obj: Obj): string[] {
  const { managedFields: _mf, ...metadata } = obj.metadata ?? {};
  return stringify({ ...obj, metadata }).trimEnd().split('\n');
}
