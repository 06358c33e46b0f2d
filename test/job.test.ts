import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { backoffDelay, formatIndexes, parseIndexes, planJob, COMPLETION_INDEX } from '../src/controllers/job/plan.js';
import { jobPod } from '../src/controllers/job/controller.js';
import { eventually, namespace, RES, startControllerEnv, type ControllerEnv } from './helpers/controllers.js';

const T0 = Date.parse('2026-01-01T00:00:00Z');
const iso = (ms: number) => new Date(ms).toISOString().replace('.000Z', 'Z');
const B = { baseMs: 10_000, maxMs: 360_000 };

function job(spec: any, status: any = {}) {
  return { metadata: { name: 'j', namespace: 'ns', uid: 'u' }, spec: { parallelism: 1, backoffLimit: 6, completionMode: 'NonIndexed', ...spec }, status };
}
function pod(phase: string, o: { index?: number; finished?: number } = {}) {
  return {
    metadata: { name: `p${Math.random()}`, annotations: o.index !== undefined ? { [COMPLETION_INDEX]: String(o.index) } : {}, creationTimestamp: iso(T0) },
    status: { phase, containerStatuses: o.finished ? [{ state: { terminated: { finishedAt: iso(o.finished) } } }] : [] },
  };
}

test('planJob: parallelism and completions bound the active pods', () => {
  assert.is(planJob(job({ parallelism: 3, completions: 6 }), [], T0, B).create.length, 3);
  assert.is(planJob(job({ parallelism: 3, completions: 6 }), [pod('Succeeded'), pod('Succeeded'), pod('Succeeded'), pod('Succeeded'), pod('Running')], T0, B).create.length, 1);
  const done = planJob(job({ parallelism: 3, completions: 2 }), [pod('Succeeded'), pod('Succeeded')], T0, B);
  assert.is(done.finished?.type, 'Complete');
  assert.is(done.status.succeeded, 2);
  assert.ok(done.status.completionTime);
  assert.is(planJob(job({ parallelism: 2, completions: null }), [pod('Succeeded'), pod('Running')], T0, B).create.length, 0, 'work queue: no new pods after a success');
});

test('planJob: Indexed jobs fill the lowest free indexes and report completedIndexes', () => {
  const p = planJob(job({ completionMode: 'Indexed', parallelism: 2, completions: 5 }), [pod('Succeeded', { index: 0 }), pod('Running', { index: 1 })], T0, B);
  assert.equal(p.create, [2]);
  assert.is(p.status.completedIndexes, '0');
  assert.is(formatIndexes([0, 1, 2, 5, 7, 8]), '0-2,5,7-8');
  assert.equal(parseIndexes('0-2,5'), [0, 1, 2, 5]);
});

test('planJob: back-off doubles from the base; backoffLimit and activeDeadlineSeconds fail the Job', () => {
  assert.equal([1, 2, 3, 10].map((n) => backoffDelay(n, B)), [10_000, 20_000, 40_000, 360_000]);
  const waiting = planJob(job({ completions: 1 }), [pod('Failed', { finished: T0 }), pod('Failed', { finished: T0 })], T0 + 5000, B);
  assert.equal(waiting.create, []);
  assert.is(waiting.requeueAfterMs, 15_000);
  assert.equal(planJob(job({ completions: 1 }), [pod('Failed', { finished: T0 })], T0 + 10_000, B).create, [null]);
  const failed = planJob(job({ completions: 1, backoffLimit: 1 }), [pod('Failed'), pod('Failed')], T0, B);
  assert.equal(failed.finished, { type: 'Failed', reason: 'BackoffLimitExceeded', message: 'Job has reached the specified backoff limit' });
  const late = planJob(job({ completions: 1, activeDeadlineSeconds: 5 }, { startTime: iso(T0) }), [pod('Running')], T0 + 5000, B);
  assert.is(late.finished?.reason, 'DeadlineExceeded');
  assert.is(late.delete.length, 1);
});

test('planJob: with restartPolicy OnFailure the container restarts of Pending/Running pods reach backoffLimit', () => {
  const restarting = (phase: string, containers: number[], init: number[] = []) => ({
    metadata: { name: `p${Math.random()}`, creationTimestamp: iso(T0) },
    status: { phase, containerStatuses: containers.map((restartCount) => ({ restartCount })), initContainerStatuses: init.map((restartCount) => ({ restartCount })) },
  });
  const cases: [string, string, number, any[], boolean][] = [
    ['below the limit', 'OnFailure', 2, [restarting('Running', [1])], false],
    ['containers of one pod add up', 'OnFailure', 2, [restarting('Running', [1, 1])], true],
    ['init containers count', 'OnFailure', 2, [restarting('Pending', [], [2])], true],
    ['pods add up', 'OnFailure', 3, [restarting('Running', [2]), restarting('Pending', [1])], true],
    ['finished pods\' restarts do not count', 'OnFailure', 2, [restarting('Failed', [5]), restarting('Running', [1])], false],
    ['limit 0: any restart', 'OnFailure', 0, [restarting('Running', [1])], true],
    ['limit 0: no restart yet', 'OnFailure', 0, [restarting('Running', [0])], false],
    ['Never: only failed pods count', 'Never', 1, [restarting('Running', [5])], false],
  ];
  for (const [name, restartPolicy, backoffLimit, pods, fails] of cases) {
    const p = planJob(job({ completions: 2, parallelism: 2, backoffLimit, template: { spec: { restartPolicy } } }), pods, T0, B);
    assert.is(p.finished?.reason, fails ? 'BackoffLimitExceeded' : undefined, name);
    if (fails) {
      assert.is(p.status.conditions.find((c: any) => c.type === 'Failed')?.status, 'True', name);
      assert.equal(p.delete, pods.filter((x) => x.status.phase !== 'Failed'), `${name}: active pods deleted`);
      assert.equal(p.create, [], name);
    }
  }
});

test('planJob: suspend deletes active pods; ttlSecondsAfterFinished deletes the Job', () => {
  const s = planJob(job({ completions: 1, suspend: true }), [pod('Running')], T0, B);
  assert.is(s.delete.length, 1);
  assert.is(s.status.conditions[0].reason, 'JobSuspended');
  const finished = { completionTime: iso(T0), conditions: [{ type: 'Complete', status: 'True', lastTransitionTime: iso(T0) }] };
  assert.is(planJob(job({ ttlSecondsAfterFinished: 10 }, finished), [], T0 + 4000, B).requeueAfterMs, 6000);
  assert.ok(planJob(job({ ttlSecondsAfterFinished: 10 }, finished), [], T0 + 10_000, B).deleteJob);
});

test('Indexed pods carry the index as annotation, label, hostname and JOB_COMPLETION_INDEX', () => {
  const j = { metadata: { name: 'idx', namespace: 'ns', uid: 'u' }, spec: { template: { metadata: { labels: { a: 'b' } }, spec: { containers: [{ name: 'c', image: 'x' }] } } } };
  const p = jobPod(j, 3);
  assert.is(p.metadata.annotations[COMPLETION_INDEX], '3');
  assert.is(p.metadata.labels[COMPLETION_INDEX], '3');
  assert.is(p.spec.hostname, 'idx-3');
  assert.is(p.metadata.generateName, 'idx-3-');
  assert.equal(p.spec.containers[0].env, [{ name: 'JOB_COMPLETION_INDEX', valueFrom: { fieldRef: { apiVersion: 'v1', fieldPath: `metadata.annotations['${COMPLETION_INDEX}']` } } }]);
});

let env: ControllerEnv;
const template = (image: string) => ({ spec: { restartPolicy: 'Never', containers: [{ name: 'c', image }] } });

test('integration: parallelism 3 / completions 6 finishes; a failing Job stops after backoffLimit', async () => {
  env = await startControllerEnv(
    {
      finish: (p) => (p.spec.containers[0].image === 'ok' ? 'Succeeded' : p.spec.containers[0].image === 'fail' ? 'Failed' : undefined),
      restartEveryMs: (p) => (p.spec.containers[0].image === 'crash' ? 100 : undefined),
    },
    { jobBackoff: { baseMs: 100, maxMs: 1000 } },
  );
  const { client } = env;
  await namespace(client, 'jobs');
  let maxActive = 0;
  await client.create(RES.jobs, 'jobs', { metadata: { name: 'work' }, spec: { parallelism: 3, completions: 6, template: template('ok') } });
  const done = await eventually('complete', async () => {
    const j = await client.get<any>(RES.jobs, 'jobs', 'work');
    maxActive = Math.max(maxActive, j.status?.active ?? 0);
    return (j.status?.conditions ?? []).some((c: any) => c.type === 'Complete' && c.status === 'True') && j;
  }, 30_000);
  assert.is(done.status.succeeded, 6);
  assert.ok(maxActive <= 3);
  const pods = (await client.list<any>(RES.pods, 'jobs', { labelSelector: 'batch.kubernetes.io/job-name=work' })).items;
  assert.is(pods.length, 6, 'exactly completions pods');
  await client.create(RES.jobs, 'jobs', { metadata: { name: 'bad' }, spec: { backoffLimit: 2, template: template('fail') } });
  const failed = await eventually('failed', async () => {
    const j = await client.get<any>(RES.jobs, 'jobs', 'bad');
    return (j.status?.conditions ?? []).some((c: any) => c.type === 'Failed' && c.reason === 'BackoffLimitExceeded') && j;
  }, 30_000);
  assert.is(failed.status.failed, 3);
  await new Promise((r) => setTimeout(r, 500));
  assert.is((await client.list<any>(RES.pods, 'jobs', { labelSelector: 'batch.kubernetes.io/job-name=bad' })).items.length, 3, 'no pod after the limit');
  await client.create(RES.jobs, 'jobs', { metadata: { name: 'idx' }, spec: { completionMode: 'Indexed', completions: 3, parallelism: 3, ttlSecondsAfterFinished: 1, template: template('ok') } });
  const indexed = await eventually('indexed complete', async () => {
    const j = await client.get<any>(RES.jobs, 'jobs', 'idx');
    return j.status?.completedIndexes === '0-2' && j;
  }, 30_000);
  assert.is(indexed.status.succeeded, 3);
  await eventually('ttl deleted the job', async () => {
    try {
      await client.get(RES.jobs, 'jobs', 'idx');
      return false;
    } catch {
      return true;
    }
  }, 15_000);
});

test('integration: an OnFailure Job whose container keeps restarting fails at backoffLimit and its pod is deleted', async () => {
  const { client } = env;
  await client.create(RES.jobs, 'jobs', {
    metadata: { name: 'loop' }, spec: { backoffLimit: 2, template: { spec: { restartPolicy: 'OnFailure', containers: [{ name: 'c', image: 'crash' }] } } },
  });
  const failed = await eventually('failed', async () => {
    const j = await client.get<any>(RES.jobs, 'jobs', 'loop');
    return (j.status?.conditions ?? []).find((c: any) => c.type === 'Failed' && c.status === 'True');
  }, 30_000);
  assert.is(failed.reason, 'BackoffLimitExceeded');
  await eventually('pod deleted', async () => (await client.list<any>(RES.pods, 'jobs', { labelSelector: 'batch.kubernetes.io/job-name=loop' })).items.length === 0);
  const events = await eventually('BackoffLimitExceeded event', async () => {
    const mine = (await client.list<any>(RES.events, 'jobs')).items.filter((e) => e.involvedObject?.name === 'loop');
    return mine.some((e) => e.reason === 'BackoffLimitExceeded') && mine;
  });
  assert.is(events.filter((e) => e.reason === 'SuccessfulCreate').length, 1, 'restarted in place, never re-created');
});

test.after(async () => { await env?.stop(); });
test.run();
