import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { jobFor, jobName, planCronJob, scheduleTimes, SCHEDULED_TIMESTAMP } from '../src/controllers/cronjob/plan.js';
import { eventually, namespace, RES, startControllerEnv, type ControllerEnv } from './helpers/controllers.js';
import { SkewClock } from './helpers/skew-clock.js';

const T0 = Date.parse('2026-01-01T00:00:00Z');
const iso = (ms: number) => new Date(ms).toISOString().replace('.000Z', 'Z');
const cron = (spec: any, status: any = {}) => ({ metadata: { name: 'cj', namespace: 'ns', uid: 'u', creationTimestamp: iso(T0) }, spec: { schedule: '*/5 * * * *', concurrencyPolicy: 'Allow', successfulJobsHistoryLimit: 3, failedJobsHistoryLimit: 1, ...spec }, status });
const job = (name: string, finished?: 'Complete' | 'Failed', start = T0) => ({
  metadata: { name, namespace: 'ns', uid: name, creationTimestamp: iso(start) },
  status: { startTime: iso(start), ...(finished ? { completionTime: iso(start + 1000), conditions: [{ type: finished, status: 'True' }] } : {}) },
});

test('schedule times: macros, time zones, missed runs', () => {
  assert.equal(scheduleTimes('@hourly', undefined, T0, T0 + 2 * 3_600_000), [T0 + 3_600_000, T0 + 7_200_000]);
  const berlin = scheduleTimes('0 9 * * *', 'Europe/Berlin', T0, T0 + 86_400_000);
  assert.equal(berlin.map(iso), ['2026-01-01T08:00:00Z']);
  const p = planCronJob(cron({}), [], T0 + 12 * 60_000);
  assert.is(p.create, T0 + 10 * 60_000, 'the most recent missed time runs');
  assert.is(p.status.lastScheduleTime, iso(T0 + 10 * 60_000));
  assert.is(p.requeueAfterMs, 3 * 60_000);
});

test('startingDeadlineSeconds, suspend, Forbid and Replace', () => {
  assert.is(planCronJob(cron({ startingDeadlineSeconds: 60 }), [], T0 + 7 * 60_000).create, undefined, 'too late to start');
  assert.is(planCronJob(cron({ suspend: true }), [], T0 + 7 * 60_000).create, undefined);
  const running = job('old');
  const forbid = planCronJob(cron({ concurrencyPolicy: 'Forbid' }), [running], T0 + 7 * 60_000);
  assert.is(forbid.create, undefined);
  assert.is(forbid.events[0].reason, 'JobAlreadyActive');
  const replace = planCronJob(cron({ concurrencyPolicy: 'Replace' }), [running], T0 + 7 * 60_000);
  assert.is(replace.create, T0 + 5 * 60_000);
  assert.equal(replace.delete.map((j) => j.metadata.name), ['old']);
  const done = planCronJob(cron({}), [{ ...job(jobName(cron({}), T0 + 5 * 60_000)) }], T0 + 7 * 60_000);
  assert.is(done.create, undefined, 'a Job for that time exists already');
});

test('history limits delete the oldest finished Jobs; status tracks active and last success', () => {
  const jobs = [job('s1', 'Complete', T0), job('s2', 'Complete', T0 + 1), job('s3', 'Complete', T0 + 2), job('f1', 'Failed', T0), job('f2', 'Failed', T0 + 1), job('run')];
  const p = planCronJob(cron({ successfulJobsHistoryLimit: 2 }), jobs, T0 + 60_000);
  assert.equal(p.delete.map((j) => j.metadata.name), ['s1', 'f1']);
  assert.equal(p.status.active.map((r: any) => r.name), ['run']);
  assert.is(p.status.lastSuccessfulTime, iso(T0 + 1000));
  const j = jobFor(cron({ jobTemplate: { metadata: { labels: { a: 'b' } }, spec: { template: {} } } }), T0 + 60_000, { uid: 'u' });
  assert.is(j.metadata.name, `cj-${(T0 + 60_000) / 60_000}`);
  assert.is(j.metadata.annotations[SCHEDULED_TIMESTAMP], iso(T0 + 60_000));
});

let env: ControllerEnv;
const clock = new SkewClock();
const template = (image: string) => ({ spec: { template: { spec: { restartPolicy: 'Never', containers: [{ name: 'c', image }] } } } });

async function jobsOf(cj: string): Promise<any[]> {
  return (await env.client.list<any>(RES.jobs, 'cron')).items.filter((j) => j.metadata.ownerReferences?.[0]?.name === cj);
}

test('integration: a CronJob every minute creates Jobs and keeps the history limit; Forbid skips while one runs', async () => {
  env = await startControllerEnv({ finish: (p) => (p.spec.containers[0].image === 'ok' ? 'Succeeded' : undefined) }, { clock });
  const { client } = env;
  await namespace(client, 'cron');
  await client.create(RES.cronJobs, 'cron', { metadata: { name: 'tick' }, spec: { schedule: '* * * * *', successfulJobsHistoryLimit: 2, jobTemplate: template('ok') } });
  await client.create(RES.cronJobs, 'cron', { metadata: { name: 'slow' }, spec: { schedule: '* * * * *', concurrencyPolicy: 'Forbid', jobTemplate: template('forever') } });
  for (let i = 1; i <= 4; i++) {
    clock.advance(60_000);
    await eventually(`run ${i} complete`, async () => {
      const jobs = await jobsOf('tick');
      return jobs.length >= Math.min(i, 2) && jobs.every((j) => (j.status?.conditions ?? []).some((c: any) => c.type === 'Complete')) && (await client.get<any>(RES.cronJobs, 'cron', 'tick')).status?.lastSuccessfulTime;
    }, 15_000);
  }
  const tick = await eventually('history trimmed to 2, nothing active', async () => {
    const cj = await client.get<any>(RES.cronJobs, 'cron', 'tick');
    return (await jobsOf('tick')).length === 2 && !cj.status?.active && cj;
  }, 15_000);
  assert.ok(tick.status.lastScheduleTime);
  const slow = await jobsOf('slow');
  assert.is(slow.length, 1, 'Forbid: one Job while the first still runs');
  await eventually('slow has one active Job', async () => (await client.get<any>(RES.cronJobs, 'cron', 'slow')).status?.active?.length === 1);
  const events = (await client.list<any>(RES.events, 'cron')).items;
  assert.ok(events.some((e) => e.reason === 'SuccessfulCreate' && e.involvedObject.name === 'tick'));
  assert.ok(events.some((e) => e.reason === 'JobAlreadyActive' && e.involvedObject.name === 'slow'));
});

test.after(async () => { await env?.stop(); });
test.run();
