/**
 * The DaemonSet decision, pure (Kubernetes' daemon controller): which nodes
 * should run a daemon pod (nodeSelector, required node affinity, taints with
 * the tolerations every daemon pod gets), which pods to create or delete, the
 * RollingUpdate step within maxUnavailable, and the status.
 */
import { isPodActive, isPodAvailable, isPodReady, type Pod } from '../common/pods.js';
import { REVISION_HASH } from '../common/revisions.js';
import { resolveIntOrPercent } from '../deployment/fenceposts.js';
import { tolerates } from '../node-lifecycle/plan.js';

type Obj = Record<string, any>;

/** The pod label holding the template revision, shared with StatefulSets. */
export { REVISION_HASH };


/** Tolerations every daemon pod gets, so node problems never evict or block it (Kubernetes' AddOrUpdateDaemonPodTolerations). */
export const DAEMON_TOLERATIONS: Obj[] = [
  { key: 'node.kubernetes.io/not-ready', operator: 'Exists', effect: 'NoExecute' },
  { key: 'node.kubernetes.io/unreachable', operator: 'Exists', effect: 'NoExecute' },
  { key: 'node.kubernetes.io/disk-pressure', operator: 'Exists', effect: 'NoSchedule' },
  { key: 'node.kubernetes.io/memory-pressure', operator: 'Exists', effect: 'NoSchedule' },
  { key: 'node.kubernetes.io/pid-pressure', operator: 'Exists', effect: 'NoSchedule' },
  { key: 'node.kubernetes.io/unschedulable', operator: 'Exists', effect: 'NoSchedule' },
];

/** The template's tolerations plus the daemon ones it lacks. */
export function daemonTolerations(template: Obj): Obj[] {
  const own: Obj[] = template.spec?.tolerations ?? [];
  return [...own, ...DAEMON_TOLERATIONS.filter((d) => !own.some((t) => t.key === d.key && (t.effect ?? d.effect) === d.effect))];
}

function matchExpression(labels: Record<string, string>, e: Obj): boolean {
  const v = labels[e.key];
  switch (e.operator) {
    case 'In': return v !== undefined && (e.values ?? []).includes(v);
    case 'NotIn': return v === undefined || !(e.values ?? []).includes(v);
    case 'Exists': return v !== undefined;
    case 'DoesNotExist': return v === undefined;
    case 'Gt': return v !== undefined && Number(v) > Number(e.values?.[0]);
    case 'Lt': return v !== undefined && Number(v) < Number(e.values?.[0]);
    default: return false;
  }
}

/**
 * True when a daemon pod should be placed on `node`: selector, required
 * affinity, and every NoSchedule/NoExecute taint tolerated. With
 * `continuing`, only NoExecute taints count: a pod already there stays when a
 * NoSchedule taint arrives, as in Kubernetes.
 */
export function shouldRun(template: Obj, node: Obj, continuing = false): boolean {
  const labels: Record<string, string> = node.metadata?.labels ?? {};
  const fields: Record<string, string> = { 'metadata.name': node.metadata?.name };
  if (!Object.entries(template.spec?.nodeSelector ?? {}).every(([k, v]) => labels[k] === v)) return false;
  const terms: Obj[] | undefined = template.spec?.affinity?.nodeAffinity?.requiredDuringSchedulingIgnoredDuringExecution?.nodeSelectorTerms;
  if (terms?.length && !terms.some((t) => (t.matchExpressions ?? []).every((e: Obj) => matchExpression(labels, e)) && (t.matchFields ?? []).every((e: Obj) => matchExpression(fields, e)))) return false;
  const tolerations = daemonTolerations(template);
  return (node.spec?.taints ?? []).filter((t: Obj) => t.effect === 'NoExecute' || (!continuing && t.effect === 'NoSchedule')).every((t: Obj) => tolerations.some((x) => tolerates(x, t)));
}

/** What one sync should do. */
export interface DaemonPlan {
  /** Node names that need a pod. */
  create: string[];
  delete: Pod[];
  status: Obj;
}

/** Plans one sync from the nodes, the owned pods (grouped by node) and the current template hash. */
export function planDaemonSet(ds: Obj, nodes: Obj[], pods: Pod[], hash: string, now: number): DaemonPlan {
  const minReady = ds.spec?.minReadySeconds ?? 0;
  const byNode = new Map<string, Pod[]>();
  for (const p of pods.filter(isPodActive)) {
    const n = p.spec?.nodeName ?? '';
    byNode.set(n, [...(byNode.get(n) ?? []), p]);
  }
  const create: string[] = [];
  const del: Pod[] = [];
  const wanted = nodes.filter((n) => shouldRun(ds.spec.template, n) || (byNode.has(n.metadata.name) && shouldRun(ds.spec.template, n, true)));
  const wantedNames = new Set(wanted.map((n) => n.metadata.name));
  let misscheduled = 0;
  for (const [node, list] of byNode) {
    if (wantedNames.has(node)) continue;
    misscheduled += list.length;
    del.push(...list);
  }
  const isNew = (p: Pod) => p.metadata?.labels?.[REVISION_HASH] === hash;
  let ready = 0, available = 0, updated = 0, current = 0;
  const oldOnes: Pod[] = [];
  let unavailable = 0;
  for (const node of wanted) {
    const list = (byNode.get(node.metadata.name) ?? []).sort((a, b) => (isNew(b) ? 1 : 0) - (isNew(a) ? 1 : 0));
    if (!list.length) {
      create.push(node.metadata.name);
      unavailable++;
      continue;
    }
    current++;
    del.push(...list.slice(1));
    const pod = list[0];
    if (isPodReady(pod)) ready++;
    if (isPodAvailable(pod, minReady, now)) available++;
    else unavailable++;
    if (isNew(pod)) updated++;
    else oldOnes.push(pod);
  }
  const strategy = ds.spec?.updateStrategy ?? {};
  if (strategy.type !== 'OnDelete' && oldOnes.length) {
    const maxUnavailable = Math.max(1, resolveIntOrPercent(strategy.rollingUpdate?.maxUnavailable ?? 1, wanted.length, true));
    const unhealthyOld = oldOnes.filter((p) => !isPodAvailable(p, minReady, now));
    del.push(...unhealthyOld);
    let budget = maxUnavailable - unavailable;
    for (const p of oldOnes.filter((x) => isPodAvailable(x, minReady, now))) {
      if (budget-- <= 0) break;
      del.push(p);
    }
  }
  const status: Obj = {
    desiredNumberScheduled: wanted.length, currentNumberScheduled: current, numberMisscheduled: misscheduled,
    numberReady: ready, numberAvailable: available, numberUnavailable: wanted.length - available,
    updatedNumberScheduled: updated, observedGeneration: ds.metadata?.generation ?? 0,
  };
  if (ds.status?.collisionCount !== undefined) status.collisionCount = ds.status.collisionCount;
  return { create, delete: del, status };
}
