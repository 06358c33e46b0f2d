/**
 * The Job controller: runs a Job's pods to completion. Handlers only enqueue
 * the Job's `namespace/name` (and lower expectations as the cache sees pods);
 * `sync` claims pods, applies `planJob` and writes the status through the
 * status subresource.
 */
import { isDeepStrictEqual } from 'node:util';
import { Informer, WorkQueue, isNotFound, keyOf, splitKey, NAMESPACE_INDEX } from '../../client/index.js';
import { Expectations } from '../common/expectations.js';
import { R, runControllerLoop, type ControllerContext } from '../common/context.js';
import { adoptPatch, claim, controllerRef, newControllerRef, type Obj } from '../common/owners.js';
import type { Pod } from '../common/pods.js';
import { podFromTemplate } from '../replicaset/controller.js';
import { COMPLETION_INDEX, DEFAULT_BACKOFF, planJob, type Backoff } from './plan.js';

const NAME = 'job';

/** A Job pod; Indexed Jobs' pods carry their index (annotation, label, env, hostname). */
export function jobPod(job: Obj, index: number | null): Obj {
  const pod = podFromTemplate(job, job.spec.template, newControllerRef(job, 'batch/v1', 'Job'));
  if (index === null) return pod;
  pod.metadata.generateName = `${job.metadata.name}-${index}-`;
  pod.metadata.annotations = { ...(pod.metadata.annotations ?? {}), [COMPLETION_INDEX]: String(index) };
  pod.metadata.labels[COMPLETION_INDEX] = String(index);
  pod.spec.hostname ??= `${job.metadata.name}-${index}`;
  for (const c of [...(pod.spec.containers ?? []), ...(pod.spec.initContainers ?? [])]) {
    c.env = [...(c.env ?? []).filter((e: Obj) => e.name !== 'JOB_COMPLETION_INDEX'),
      { name: 'JOB_COMPLETION_INDEX', valueFrom: { fieldRef: { apiVersion: 'v1', fieldPath: `metadata.annotations['${COMPLETION_INDEX}']` } } }];
  }
  return pod;
}

/** The controller; `run` resolves when `signal` aborts. */
export class JobController {
  readonly queue: WorkQueue<string>;
  private readonly expectations: Expectations;
  private readonly jobs: Informer<Obj>;
  private readonly pods: Informer<Obj>;

  constructor(private readonly ctx: ControllerContext, private readonly backoff: Backoff = DEFAULT_BACKOFF) {
    this.queue = new WorkQueue<string>({ clock: ctx.clock });
    this.expectations = new Expectations(ctx.clock);
    this.jobs = ctx.factory.informerFor<Obj>(R.jobs);
    this.pods = ctx.factory.informerFor<Obj>(R.pods);
    this.jobs.on('add', (j) => this.queue.add(keyOf(j)));
    this.jobs.on('update', (_o, j) => this.queue.add(keyOf(j)));
    this.jobs.on('delete', (j) => this.expectations.delete(keyOf(j)));
    this.pods.on('add', (p) => this.podEvent(p, 'add'));
    this.pods.on('update', (old, p) => this.podEvent(p, p.metadata.deletionTimestamp && !old.metadata.deletionTimestamp ? 'delete' : 'update'));
    this.pods.on('delete', (p) => this.podEvent(p, 'delete'));
  }

  /** Runs two workers until `signal` aborts. */
  run(signal: AbortSignal): Promise<void> {
    return runControllerLoop(this.ctx, NAME, this.queue, 2, (key) => this.sync(key), signal);
  }

  private podEvent(pod: Pod, kind: 'add' | 'update' | 'delete'): void {
    const ref = controllerRef(pod);
    if (ref?.kind !== 'Job') return;
    const key = `${pod.metadata.namespace}/${ref.name}`;
    if (this.jobs.cache.get(key)?.metadata?.uid !== ref.uid) return;
    if (kind === 'add') this.expectations.creationObserved(key);
    if (kind === 'delete') this.expectations.deletionObserved(key, keyOf(pod));
    this.queue.add(key);
  }

  /** Level-triggered sync of one Job. */
  async sync(key: string): Promise<void> {
    const job = this.jobs.cache.get(key);
    if (!job) return;
    const { namespace } = splitKey(key);
    const owned = await this.claimPods(job, this.pods.cache.byIndex(NAMESPACE_INDEX, namespace!));
    const plan = planJob(job, owned, this.ctx.clock.now(), this.backoff);
    const { client, recorder } = this.ctx;
    if (plan.deleteJob) {
      await client.delete(R.jobs, namespace, job.metadata.name, { propagationPolicy: 'Foreground', preconditions: { uid: job.metadata.uid } })
        .catch((err) => { if (!isNotFound(err)) throw err; });
      return;
    }
    if (this.expectations.satisfied(key) && !job.metadata.deletionTimestamp) {
      await this.createPods(key, job, plan.create);
      await this.deletePods(key, job, plan.delete);
    }
    if (plan.finished) recorder.record(job, plan.finished.type === 'Complete' ? 'Normal' : 'Warning', plan.finished.type === 'Complete' ? 'Completed' : plan.finished.reason, plan.finished.type === 'Complete' ? 'Job completed' : plan.finished.message);
    if (!isDeepStrictEqual(plan.status, job.status ?? {})) {
      await client.updateStatus<Obj>(R.jobs, { ...job, status: plan.status }).catch((err) => { if (!isNotFound(err)) throw err; });
    }
    if (plan.requeueAfterMs !== undefined) this.queue.addAfter(key, plan.requeueAfterMs + 10);
  }

  private async claimPods(job: Obj, candidates: Pod[]): Promise<Pod[]> {
    const c = claim(job, candidates);
    const owned = c.owned.filter((p) => !c.adopt.includes(p));
    for (const pod of c.adopt) {
      owned.push(await this.ctx.client.patch(R.pods, pod.metadata.namespace, pod.metadata.name, 'merge', adoptPatch(pod, newControllerRef(job, 'batch/v1', 'Job'))));
    }
    return owned;
  }

  private async createPods(key: string, job: Obj, indexes: (number | null)[]): Promise<void> {
    if (!indexes.length) return;
    this.expectations.expect(key, indexes.length);
    const results = await Promise.allSettled(indexes.map((i) => this.ctx.client.create<Obj>(R.pods, job.metadata.namespace, jobPod(job, i))));
    for (const r of results) {
      if (r.status === 'fulfilled') this.ctx.recorder.record(job, 'Normal', 'SuccessfulCreate', `Created pod: ${r.value.metadata?.name}`);
      else {
        this.expectations.creationObserved(key);
        this.ctx.recorder.record(job, 'Warning', 'FailedCreate', `Error creating: ${(r.reason as Error).message}`);
      }
    }
    const failed = results.find((r) => r.status === 'rejected');
    if (failed) throw (failed as PromiseRejectedResult).reason;
  }

  private async deletePods(key: string, job: Obj, pods: Pod[]): Promise<void> {
    if (!pods.length) return;
    this.expectations.expect(key, 0, pods.map(keyOf));
    await Promise.all(pods.map(async (pod) => {
      try {
        await this.ctx.client.delete(R.pods, pod.metadata.namespace, pod.metadata.name);
        this.ctx.recorder.record(job, 'Normal', 'SuccessfulDelete', `Deleted pod: ${pod.metadata.name}`);
      } catch (err) {
        this.expectations.deletionObserved(key, keyOf(pod));
        if (!isNotFound(err)) throw err;
      }
    }));
  }
}
