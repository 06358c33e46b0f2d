/**
 * HorizontalPodAutoscaler arithmetic, pure (Kubernetes' replica calculator and
 * behavior): desired = ceil(current × usage / target) per resource metric,
 * unchanged within the 0.1 tolerance, the largest over metrics, clamped to
 * min/max, stabilised over a window (scale down: the highest recommendation of
 * the last 300 s by default) and limited by the scaling policies.
 */
import { parseQuantity } from '../../scheduler/model/quantity.js';

type Obj = Record<string, any>;

/** Kubernetes' --horizontal-pod-autoscaler-tolerance. */
export const TOLERANCE = 0.1;

/** A pod's resource requests and measured usage (cpu in cores, memory in bytes). */
export interface PodSample {
  requests: Record<string, number>;
  usage: Record<string, number>;
}

/** A past recommendation or scale change, for stabilisation and policies. */
export interface Recommendation {
  at: number;
  replicas: number;
}

/** Sums container requests of a pod per resource (cpu cores, memory bytes). */
export function podRequests(pod: Obj): Record<string, number> {
  const out: Record<string, number> = {};
  for (const c of pod.spec?.containers ?? []) {
    for (const [name, q] of Object.entries(c.resources?.requests ?? {})) out[name] = (out[name] ?? 0) + (parseQuantity(q as string) || 0);
  }
  return out;
}

/** Sums container usage of a PodMetrics item per resource. */
export function podUsage(metrics: Obj): Record<string, number> {
  const out: Record<string, number> = {};
  for (const c of metrics.containers ?? []) {
    for (const [name, q] of Object.entries(c.usage ?? {})) out[name] = (out[name] ?? 0) + (parseQuantity(q as string) || 0);
  }
  return out;
}

/** One resource metric's proposal and the status entry it reports. */
export interface MetricResult {
  replicas: number;
  current: Obj;
}

/** Proposes replicas for one `Resource` metric spec from the samples; throws when it cannot be computed. */
export function resourceProposal(metric: Obj, samples: PodSample[], currentReplicas: number): MetricResult {
  const name: string = metric.resource?.name;
  const target = metric.resource?.target ?? {};
  const withUsage = samples.filter((s) => s.usage[name] !== undefined);
  if (!withUsage.length) throw new Error(`did not receive metrics for any ready pods (resource ${name})`);
  const usage = withUsage.reduce((n, s) => n + s.usage[name], 0);
  let ratio: number;
  const current: Obj = { type: 'Resource', resource: { name, current: {} } };
  if (target.type === 'AverageValue') {
    const avg = usage / withUsage.length;
    ratio = avg / parseQuantity(target.averageValue);
    current.resource.current.averageValue = name === 'cpu' ? `${Math.round(avg * 1000)}m` : `${Math.round(avg)}`;
  } else {
    const requests = withUsage.reduce((n, s) => n + (s.requests[name] ?? 0), 0);
    if (!requests) throw new Error(`missing request for ${name}`);
    const utilization = Math.round((usage / requests) * 100);
    ratio = (usage / requests) * 100 / target.averageUtilization;
    current.resource.current.averageUtilization = utilization;
    current.resource.current.averageValue = name === 'cpu' ? `${Math.round((usage / withUsage.length) * 1000)}m` : `${Math.round(usage / withUsage.length)}`;
  }
  if (Math.abs(ratio - 1) <= TOLERANCE) return { replicas: currentReplicas, current };
  return { replicas: Math.ceil(ratio * withUsage.length), current };
}

/**
 * Stabilisation: scaling up takes the lowest recommendation of the up window,
 * scaling down the highest of the down window (`recs` include the new one).
 */
export function stabilize(current: number, recs: Recommendation[], now: number, upWindowS: number, downWindowS: number): number {
  const within = (s: number) => recs.filter((r) => r.at > now - s * 1000).map((r) => r.replicas);
  const upMin = Math.min(...within(upWindowS), recs[recs.length - 1].replicas);
  const downMax = Math.max(...within(downWindowS), recs[recs.length - 1].replicas);
  if (upMin > current) return upMin;
  if (downMax < current) return downMax;
  return current;
}

const DEFAULT_UP = { stabilizationWindowSeconds: 0, selectPolicy: 'Max', policies: [{ type: 'Pods', value: 4, periodSeconds: 15 }, { type: 'Percent', value: 100, periodSeconds: 15 }] };
const DEFAULT_DOWN = { stabilizationWindowSeconds: 300, selectPolicy: 'Max', policies: [{ type: 'Percent', value: 100, periodSeconds: 15 }] };

/** The behavior with Kubernetes' defaults filled in. */
export function behaviorOf(hpa: Obj): { scaleUp: Obj; scaleDown: Obj } {
  const b = hpa.spec?.behavior ?? {};
  return { scaleUp: { ...DEFAULT_UP, ...(b.scaleUp ?? {}) }, scaleDown: { ...DEFAULT_DOWN, ...(b.scaleDown ?? {}) } };
}

/**
 * Applies the scaling policies: each allows a change relative to the replicas
 * at the start of its period (from the past scale `events`); selectPolicy picks
 * the most (Max) or least (Min) permissive, Disabled forbids the direction.
 */
export function limitByPolicies(current: number, desired: number, rules: Obj, events: Recommendation[], now: number): number {
  if (desired === current) return current;
  const up = desired > current;
  if (rules.selectPolicy === 'Disabled') return current;
  const limits = (rules.policies ?? []).map((p: Obj) => {
    const since = events.filter((e) => e.at > now - p.periodSeconds * 1000);
    const base = since.length ? since[0].replicas : current;
    const delta = p.type === 'Pods' ? p.value : Math.ceil((base * p.value) / 100);
    return up ? base + delta : Math.max(0, base - (p.type === 'Pods' ? p.value : Math.floor((base * p.value) / 100)));
  });
  if (!limits.length) return desired;
  const bound = up
    ? (rules.selectPolicy === 'Min' ? Math.min(...limits) : Math.max(...limits))
    : (rules.selectPolicy === 'Min' ? Math.max(...limits) : Math.min(...limits));
  return up ? Math.min(desired, bound) : Math.max(desired, bound);
}
