/**
 * The CronJob controller: creates a Job at each schedule time. Handlers only
 * enqueue the CronJob's `namespace/name`; `sync` reads its Jobs from the cache,
 * applies `planCronJob`, and requeues itself for the next schedule time.
 */
import { isDeepStrictEqual } from 'node:util';
import { Informer, WorkQueue, isAlreadyExists, isNotFound, keyOf, splitKey, OWNER_INDEX } from '../../client/index.js';
import { R, runControllerLoop, type ControllerContext } from '../common/context.js';
import { controllerRef, newControllerRef, type Obj } from '../common/owners.js';
import { jobFor, planCronJob } from './plan.js';

const NAME = 'cronjob';

/** The controller; `run` resolves when `signal` aborts. */
export class CronJobController {
  readonly queue: WorkQueue<string>;
  private readonly cronJobs: Informer<Obj>;
  private readonly jobs: Informer<Obj>;

  constructor(private readonly ctx: ControllerContext) {
    this.queue = new WorkQueue<string>({ clock: ctx.clock });
    this.cronJobs = ctx.factory.informerFor<Obj>(R.cronJobs);
    this.jobs = ctx.factory.informerFor<Obj>(R.jobs);
    this.cronJobs.on('add', (c) => this.queue.add(keyOf(c)));
    this.cronJobs.on('update', (_o, c) => this.queue.add(keyOf(c)));
    const jobChanged = (j: Obj) => {
      const ref = controllerRef(j);
      if (ref?.kind === 'CronJob') this.queue.add(`${j.metadata.namespace}/${ref.name}`);
    };
    this.jobs.on('add', jobChanged);
    this.jobs.on('update', (_o, j) => jobChanged(j));
    this.jobs.on('delete', jobChanged);
  }

  /** Runs one worker until `signal` aborts. */
  run(signal: AbortSignal): Promise<void> {
    return runControllerLoop(this.ctx, NAME, this.queue, 1, (key) => this.sync(key), signal);
  }

  /** Level-triggered sync of one CronJob. */
  async sync(key: string): Promise<void> {
    const cj = this.cronJobs.cache.get(key);
    if (!cj) return;
    const { namespace } = splitKey(key);
    const owned = this.jobs.cache.byIndex(OWNER_INDEX, cj.metadata.uid);
    const plan = planCronJob(cj, owned, this.ctx.clock.now());
    const { client, recorder } = this.ctx;
    for (const e of plan.events) recorder.record(cj, e.type, e.reason, e.message);
    const deleted = new Set<string>();
    for (const job of plan.delete) {
      await client.delete(R.jobs, namespace, job.metadata.name, { propagationPolicy: 'Background' }).catch((err) => { if (!isNotFound(err)) throw err; });
      deleted.add(job.metadata.uid);
      recorder.record(cj, 'Normal', 'SuccessfulDelete', `Deleted job ${job.metadata.name}`);
    }
    const status = plan.status;
    const active: Obj[] = (status.active ?? []).filter((r: Obj) => !deleted.has(r.uid));
    if (plan.create !== undefined) {
      const job = jobFor(cj, plan.create, newControllerRef(cj, 'batch/v1', 'CronJob'));
      try {
        const created = await client.create<Obj>(R.jobs, namespace, job);
        active.push({ apiVersion: 'batch/v1', kind: 'Job', name: created.metadata.name, namespace, uid: created.metadata.uid, resourceVersion: created.metadata.resourceVersion });
        recorder.record(cj, 'Normal', 'SuccessfulCreate', `Created job ${created.metadata.name}`);
      } catch (err) {
        if (!isAlreadyExists(err)) throw err;
      }
    }
    if (active.length) status.active = active;
    else delete status.active;
    if (!isDeepStrictEqual(status, cj.status ?? {})) {
      await client.updateStatus<Obj>(R.cronJobs, { ...cj, status }).catch((err) => { if (!isNotFound(err)) throw err; });
    }
    if (plan.requeueAfterMs !== undefined) this.queue.addAfter(key, plan.requeueAfterMs + 100);
  }
}
