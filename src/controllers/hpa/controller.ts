/**
 * The HorizontalPodAutoscaler controller (autoscaling/v2, resource metrics):
 * every sync period it reads the target's scale subresource and its pods'
 * usage from the metrics API (metrics.k8s.io), computes the replica count with
 * the pure functions of plan.ts, writes the scale subresource when it changes
 * and reports status. Recommendations and scale events are kept in memory for
 * stabilisation and policies (a new leader starts them afresh, as Kubernetes does).
 */
import { isDeepStrictEqual } from 'node:util';
import { findByKind } from '../../api/resources.js';
import { matchesLabels, parseLabelSelector } from '../../api/selectors/index.js';
import { Informer, WorkQueue, isNotFound, keyOf, splitKey, NAMESPACE_INDEX } from '../../client/index.js';
import { R, runControllerLoop, type ControllerContext } from '../common/context.js';
import type { Obj } from '../common/owners.js';
import { behaviorOf, limitByPolicies, podRequests, podUsage, resourceProposal, stabilize, type MetricResult, type PodSample, type Recommendation } from './plan.js';

const NAME = 'horizontal-pod-autoscaler';

function ts(ms: number): string {
  return new Date(Math.floor(ms / 1000) * 1000).toISOString().replace('.000Z', 'Z');
}

/** The controller; `run` resolves when `signal` aborts. */
export class HPAController {
  readonly queue: WorkQueue<string>;
  private readonly hpas: Informer<Obj>;
  private readonly pods: Informer<Obj>;
  private readonly recommendations = new Map<string, Recommendation[]>();
  private readonly scaleEvents = new Map<string, Recommendation[]>();

  constructor(private readonly ctx: ControllerContext, private readonly syncPeriodMs = 15_000) {
    this.queue = new WorkQueue<string>({ clock: ctx.clock });
    this.hpas = ctx.factory.informerFor<Obj>(R.hpas);
    this.pods = ctx.factory.informerFor<Obj>(R.pods);
    this.hpas.on('add', (h) => this.queue.add(keyOf(h)));
    this.hpas.on('update', (o, h) => { if (o.metadata.generation !== h.metadata.generation) this.queue.add(keyOf(h)); });
    this.hpas.on('delete', (h) => { this.recommendations.delete(keyOf(h)); this.scaleEvents.delete(keyOf(h)); });
  }

  /** Runs one worker until `signal` aborts. */
  run(signal: AbortSignal): Promise<void> {
    return runControllerLoop(this.ctx, NAME, this.queue, 1, (key) => this.sync(key), signal);
  }

  /** One autoscaling pass; always schedules the next. */
  async sync(key: string): Promise<void> {
    const hpa = this.hpas.cache.get(key);
    if (!hpa) return;
    try {
      await this.reconcile(key, hpa);
    } finally {
      if (this.hpas.cache.get(key)) this.queue.addAfter(key, this.syncPeriodMs);
    }
  }

  private async samples(namespace: string, selector: string): Promise<PodSample[]> {
    const reqs = parseLabelSelector(selector);
    const pods = new Map(this.pods.cache.byIndex(NAMESPACE_INDEX, namespace)
      .filter((p) => p.status?.phase === 'Running' && !p.metadata.deletionTimestamp && matchesLabels(reqs, p.metadata.labels))
      .map((p) => [p.metadata.name as string, p]));
    const metrics = await this.ctx.client.request<Obj>('GET', `/apis/metrics.k8s.io/v1beta1/namespaces/${namespace}/pods`, { query: { labelSelector: selector } });
    return (metrics.items ?? []).filter((m: Obj) => pods.has(m.metadata?.name))
      .map((m: Obj) => ({ requests: podRequests(pods.get(m.metadata.name)!), usage: podUsage(m) }));
  }

  private async reconcile(key: string, hpa: Obj): Promise<void> {
    const { namespace } = splitKey(key);
    const now = this.ctx.clock.now();
    const ref = hpa.spec.scaleTargetRef;
    const info = findByKind(ref.apiVersion, ref.kind);
    const conditions: Obj[] = [];
    const cond = (type: string, status: string, reason: string, message: string) => conditions.push({ type, status, reason, message, lastTransitionTime: ts(now) });
    if (!info) {
      cond('AbleToScale', 'False', 'FailedGetScale', `the HPA controller was unable to get the target's current scale: no kind ${ref.kind} in ${ref.apiVersion}`);
      return this.writeStatus(hpa, { currentReplicas: 0, desiredReplicas: 0, conditions });
    }
    const scale = await this.ctx.client.getSubresource<Obj>(info, namespace, ref.name, 'scale');
    const current: number = scale.spec?.replicas ?? 0;
    const min = hpa.spec.minReplicas ?? 1;
    const max = hpa.spec.maxReplicas;
    cond('AbleToScale', 'True', 'SucceededGetScale', 'the HPA controller was able to get the target\'s current scale');
    if (current === 0 && min !== 0) {
      cond('ScalingActive', 'False', 'ScalingDisabled', 'scaling is disabled since the replica count of the target is zero');
      return this.writeStatus(hpa, { currentReplicas: 0, desiredReplicas: 0, conditions });
    }
    let results: MetricResult[];
    try {
      const samples = await this.samples(namespace!, scale.status?.selector ?? '');
      results = (hpa.spec.metrics ?? [{ type: 'Resource', resource: { name: 'cpu', target: { type: 'Utilization', averageUtilization: 80 } } }])
        .map((m: Obj) => {
          if (m.type !== 'Resource') throw new Error(`metric type ${m.type} is not supported by redkube yet`);
          return resourceProposal(m, samples, current);
        });
    } catch (err) {
      cond('ScalingActive', 'False', 'FailedGetResourceMetric', `the HPA was unable to compute the replica count: ${(err as Error).message}`);
      this.ctx.recorder.record(hpa, 'Warning', 'FailedGetResourceMetric', (err as Error).message);
      return this.writeStatus(hpa, { currentReplicas: current, desiredReplicas: hpa.status?.desiredReplicas ?? current, conditions });
    }
    cond('ScalingActive', 'True', 'ValidMetricFound', 'the HPA was able to successfully calculate a replica count');
    const raw = Math.max(...results.map((r) => r.replicas));
    const b = behaviorOf(hpa);
    const recs = [...(this.recommendations.get(key) ?? []), { at: now, replicas: raw }]
      .filter((r) => r.at > now - Math.max(b.scaleUp.stabilizationWindowSeconds, b.scaleDown.stabilizationWindowSeconds) * 1000 - 1);
    this.recommendations.set(key, recs);
    const stable = stabilize(current, recs, now, b.scaleUp.stabilizationWindowSeconds, b.scaleDown.stabilizationWindowSeconds);
    const events = this.scaleEvents.get(key) ?? [];
    const limited = limitByPolicies(current, stable, stable > current ? b.scaleUp : b.scaleDown, events, now);
    const desired = Math.min(max, Math.max(min, limited));
    if (desired !== limited) cond('ScalingLimited', 'True', desired === max ? 'TooManyReplicas' : 'TooFewReplicas', `the desired replica count is ${desired === max ? 'more' : 'less'} than the ${desired === max ? 'maximum' : 'minimum'} replica count`);
    else cond('ScalingLimited', 'False', 'DesiredWithinRange', 'the desired count is within the acceptable range');
    let lastScaleTime = hpa.status?.lastScaleTime;
    if (desired !== current) {
      await this.ctx.client.patch(info, namespace, ref.name, 'merge', { spec: { replicas: desired } }, { subresource: 'scale' });
      this.scaleEvents.set(key, [...events.filter((e) => e.at > now - 30 * 60_000), { at: now, replicas: current }]);
      const metric = results[0].current.resource?.name ?? 'metric';
      this.ctx.recorder.record(hpa, 'Normal', 'SuccessfulRescale', `New size: ${desired}; reason: ${metric} resource utilization (percentage of request) ${desired > current ? 'above' : 'below'} target`);
      lastScaleTime = ts(now);
    }
    await this.writeStatus(hpa, { currentReplicas: current, desiredReplicas: desired, currentMetrics: results.map((r) => r.current), conditions, lastScaleTime });
  }

  private async writeStatus(hpa: Obj, fields: Obj): Promise<void> {
    const status: Obj = { observedGeneration: hpa.metadata.generation, ...fields };
    for (const k of Object.keys(status)) if (status[k] === undefined) delete status[k];
    const prior = hpa.status?.conditions ?? [];
    status.conditions = (status.conditions ?? []).map((c: Obj) => {
      const old = prior.find((p: Obj) => p.type === c.type);
      return old && old.status === c.status ? { ...c, lastTransitionTime: old.lastTransitionTime } : c;
    });
    if (isDeepStrictEqual(status, hpa.status ?? {})) return;
    await this.ctx.client.updateStatus<Obj>(R.hpas, { ...hpa, status }).catch((err) => { if (!isNotFound(err)) throw err; });
  }
}
