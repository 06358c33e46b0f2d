/**
 * One describer per kind, registered in a table (no if/else chain): each writes
 * the kind's fields the way `kubectl describe` lays them out. Kinds without an
 * entry get the generic describer (every field, title-cased). Pure.
 */
import { DescribeWriter, keyValues, writeGeneric } from './writer.js';
import { writeEvents, type EventLike } from './events.js';

type Obj = Record<string, any>;
type Describer = (w: DescribeWriter, obj: Obj) => void;

function header(w: DescribeWriter, obj: Obj, namespaced: boolean): void {
  const m = obj.metadata ?? {};
  w.line(0, 'Name:', m.name ?? '');
  if (namespaced) w.line(0, 'Namespace:', m.namespace ?? '');
  w.multi(0, 'Labels:', keyValues(m.labels));
  w.multi(0, 'Annotations:', keyValues(m.annotations, ': '));
}

function selectorText(sel: Obj | undefined): string {
  const parts = keyValues(sel?.matchLabels);
  for (const e of sel?.matchExpressions ?? []) parts.push(`${e.key} ${String(e.operator).toLowerCase()} (${(e.values ?? []).join(',')})`);
  return parts.join(',') || '<none>';
}

function conditions(w: DescribeWriter, list: Obj[] | undefined, cols: string[] = ['Type', 'Status']): void {
  if (!list?.length) return;
  w.line(0, 'Conditions:');
  w.row(1, cols);
  w.row(1, cols.map((c) => '-'.repeat(c.length)));
  for (const c of list) w.row(1, cols.map((k) => String(c[k.charAt(0).toLowerCase() + k.slice(1)] ?? '')));
}

function containers(w: DescribeWriter, level: number, specs: Obj[], statuses: Obj[] = []): void {
  for (const c of specs) {
    const st = statuses.find((s) => s.name === c.name);
    w.line(level, `${c.name}:`);
    if (st?.containerID) w.line(level + 1, 'Container ID:', st.containerID);
    w.line(level + 1, 'Image:', c.image ?? '');
    const ports = (c.ports ?? []).map((p: Obj) => `${p.containerPort}/${p.protocol ?? 'TCP'}`);
    w.line(level + 1, 'Port:', ports.join(', ') || '<none>');
    if (c.command) w.multi(level + 1, 'Command:', c.command);
    if (c.args) w.multi(level + 1, 'Args:', c.args);
    if (st) {
      const [state, detail] = Object.entries(st.state ?? {})[0] ?? ['waiting', {}];
      w.line(level + 1, 'State:', state.charAt(0).toUpperCase() + state.slice(1));
      if ((detail as Obj).reason) w.line(level + 2, 'Reason:', (detail as Obj).reason);
      if ((detail as Obj).startedAt) w.line(level + 2, 'Started:', (detail as Obj).startedAt);
      w.line(level + 1, 'Ready:', String(!!st.ready));
      w.line(level + 1, 'Restart Count:', st.restartCount ?? 0);
    }
    w.multi(level + 1, 'Environment:', (c.env ?? []).map((e: Obj) => `${e.name}:\t${e.value ?? '<set from a reference>'}`));
  }
}

function podTemplate(w: DescribeWriter, tpl: Obj | undefined): void {
  w.line(0, 'Pod Template:');
  w.multi(1, 'Labels:', keyValues(tpl?.metadata?.labels));
  w.line(1, 'Containers:');
  containers(w, 2, tpl?.spec?.containers ?? []);
}

const pod: Describer = (w, p) => {
  const s = p.spec ?? {};
  const st = p.status ?? {};
  w.line(0, 'Priority:', s.priority ?? 0);
  w.line(0, 'Service Account:', s.serviceAccountName ?? 'default');
  w.line(0, 'Node:', s.nodeName ? `${s.nodeName}/${st.hostIP ?? ''}` : '<none>');
  w.line(0, 'Start Time:', st.startTime ?? '<none>');
  w.line(0, 'Status:', p.metadata?.deletionTimestamp ? 'Terminating' : st.phase ?? 'Pending');
  w.line(0, 'IP:', st.podIP ?? '');
  const owner = (p.metadata?.ownerReferences ?? []).find((o: Obj) => o.controller);
  w.line(0, 'Controlled By:', owner ? `${owner.kind}/${owner.name}` : '<none>');
  w.line(0, 'Containers:');
  containers(w, 1, s.containers ?? [], st.containerStatuses);
  conditions(w, st.conditions);
  w.line(0, 'QoS Class:', st.qosClass ?? '');
  w.multi(0, 'Node-Selectors:', keyValues(s.nodeSelector));
  w.multi(0, 'Tolerations:', (s.tolerations ?? []).map((t: Obj) => `${t.key ?? ''}${t.operator === 'Exists' ? '' : `=${t.value ?? ''}`}:${t.effect ?? ''}`));
};

const workload = (kind: 'Deployment' | 'ReplicaSet' | 'StatefulSet' | 'DaemonSet'): Describer => (w, d) => {
  const s = d.spec ?? {};
  const st = d.status ?? {};
  w.line(0, 'CreationTimestamp:', d.metadata?.creationTimestamp ?? '');
  w.line(0, 'Selector:', selectorText(s.selector));
  if (kind === 'Deployment') {
    w.line(0, 'Replicas:', `${s.replicas ?? 0} desired | ${st.updatedReplicas ?? 0} updated | ${st.replicas ?? 0} total | ${st.availableReplicas ?? 0} available | ${st.unavailableReplicas ?? 0} unavailable`);
    w.line(0, 'StrategyType:', s.strategy?.type ?? 'RollingUpdate');
    w.line(0, 'MinReadySeconds:', s.minReadySeconds ?? 0);
  } else if (kind === 'DaemonSet') {
    w.line(0, 'Desired Number of Nodes Scheduled:', st.desiredNumberScheduled ?? 0);
    w.line(0, 'Current Number of Nodes Scheduled:', st.currentNumberScheduled ?? 0);
  } else w.line(0, 'Replicas:', `${st.replicas ?? 0} current / ${s.replicas ?? 0} desired`);
  podTemplate(w, s.template);
  conditions(w, st.conditions, ['Type', 'Status', 'Reason']);
};

const node: Describer = (w, n) => {
  const s = n.spec ?? {};
  const st = n.status ?? {};
  w.line(0, 'CreationTimestamp:', n.metadata?.creationTimestamp ?? '');
  w.multi(0, 'Taints:', (s.taints ?? []).map((t: Obj) => `${t.key}${t.value ? `=${t.value}` : ''}:${t.effect}`));
  w.line(0, 'Unschedulable:', String(!!s.unschedulable));
  conditions(w, st.conditions, ['Type', 'Status', 'Reason', 'Message']);
  w.line(0, 'Addresses:');
  for (const a of st.addresses ?? []) w.line(1, `${a.type}:`, a.address);
  for (const section of ['capacity', 'allocatable'] as const) {
    if (!st[section]) continue;
    w.line(0, `${section.charAt(0).toUpperCase()}${section.slice(1)}:`);
    for (const [k, v] of Object.entries(st[section])) w.line(1, `${k}:`, String(v));
  }
  if (s.podCIDR) w.line(0, 'PodCIDR:', s.podCIDR);
};

const service: Describer = (w, svc) => {
  const s = svc.spec ?? {};
  w.line(0, 'Selector:', keyValues(s.selector).join(',') || '<none>');
  w.line(0, 'Type:', s.type ?? 'ClusterIP');
  w.line(0, 'IP:', s.clusterIP ?? '');
  for (const p of s.ports ?? []) {
    w.line(0, 'Port:', `${p.name ?? '<unset>'}  ${p.port}/${p.protocol ?? 'TCP'}`);
    w.line(0, 'TargetPort:', `${p.targetPort ?? p.port}/${p.protocol ?? 'TCP'}`);
    if (p.nodePort) w.line(0, 'NodePort:', `${p.name ?? '<unset>'}  ${p.nodePort}/${p.protocol ?? 'TCP'}`);
  }
  w.line(0, 'Session Affinity:', s.sessionAffinity ?? 'None');
};

const configMap: Describer = (w, cm) => {
  w.line(0, '');
  w.line(0, 'Data');
  w.line(0, '====');
  for (const [k, v] of Object.entries(cm.data ?? {})) {
    w.line(0, `${k}:`);
    w.line(0, '----');
    w.line(0, String(v));
  }
};

const secret: Describer = (w, s) => {
  w.line(0, '');
  w.line(0, 'Type:', s.type ?? 'Opaque');
  w.line(0, '');
  w.line(0, 'Data');
  w.line(0, '====');
  for (const [k, v] of Object.entries(s.data ?? {})) w.line(0, `${k}:`, `${Buffer.from(String(v), 'base64').length} bytes`);
};

const namespace: Describer = (w, ns) => {
  w.line(0, 'Status:', ns.status?.phase ?? 'Active');
};

const generic: Describer = (w, obj) => {
  for (const [k, v] of Object.entries(obj)) if (k !== 'metadata') writeGeneric(w, 0, k, v);
};

const DESCRIBERS: Record<string, Describer> = {
  Pod: pod, Deployment: workload('Deployment'), ReplicaSet: workload('ReplicaSet'), StatefulSet: workload('StatefulSet'),
  DaemonSet: workload('DaemonSet'), Node: node, Service: service, ConfigMap: configMap, Secret: secret, Namespace: namespace,
};

/** The full description of one object, events last. */
export function describeObject(kind: string, obj: Obj, namespaced: boolean, events: EventLike[], now: number): string {
  const w = new DescribeWriter();
  header(w, obj, namespaced);
  (DESCRIBERS[kind] ?? generic)(w, obj);
  writeEvents(w, events, now);
  return w.toString();
}
