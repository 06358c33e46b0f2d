/**
 * Test stand-in for the scheduler and node agent while controllers are tested
 * alone: binds unscheduled pods to a node (POST pods/<n>/binding), marks bound
 * pods Running and Ready through the status subresource (after `readyDelayMs`),
 * and removes pods marked for deletion (grace period 0), all through the apiserver.
 * It registers its Node (if missing) so the pod garbage collector sees bound pods as placed.
 */
import { findResource } from '../../src/api/resources.js';
import { Informer, WorkQueue, isAlreadyExists, isNotFound, keyOf, runWorkers, splitKey, type RestClient } from '../../src/client/index.js';

const PODS = findResource('', 'v1', 'pods')!;
const NODES = findResource('', 'v1', 'nodes')!;

/** Options of the simulated kubelet. */
export interface SimKubeletOptions {
  node?: string;
  /** Second octet of the pod IPs this kubelet hands out (10.<block>.x.y), so several kubelets never collide. */
  ipBlock?: number;
  readyDelayMs?: number;
  /** Pods for which this returns false stay Running but never Ready. */
  becomesReady?: (pod: any) => boolean;
  /** Once Running, a pod for which this answers a phase ends in it (containers terminated with exit 0 or 1). */
  finish?: (pod: any) => 'Succeeded' | 'Failed' | undefined;
  /**
   * Once Running, a pod for which this answers a number crash-loops in place
   * (restartPolicy OnFailure): every that many ms its containers' restartCount
   * goes up by one; it stays Running and never Ready.
   */
  restartEveryMs?: (pod: any) => number | undefined;
}

/** A running simulation; `stop` ends its informer and workers. */
export interface SimKubelet {
  stop(): Promise<void>;
}

/** Starts the simulation against `client`. */
export function startSimKubelet(client: RestClient, opts: SimKubeletOptions = {}): SimKubelet {
  const node = opts.node ?? 'node-1';
  const informer = new Informer<any>({ client, info: PODS });
  const queue = new WorkQueue<string>();
  informer.on('add', (p) => queue.add(keyOf(p)));
  informer.on('update', (_o, p) => queue.add(keyOf(p)));
  informer.start();
  const registered = client.create(NODES, undefined, {
    metadata: { name: node }, status: { conditions: [{ type: 'Ready', status: 'True', reason: 'KubeletReady', lastHeartbeatTime: new Date().toISOString().replace(/\.\d+Z$/, 'Z') }] },
  }).catch((err) => { if (!isAlreadyExists(err)) throw err; });
  const ignoreGone = (err: unknown) => { if (!isNotFound(err)) throw err; };
  let ips = 0;
  const nextIp = () => { ips++; return `10.${opts.ipBlock ?? 0}.${ips >> 8}.${ips & 255}`; };
  const sync = async (key: string) => {
    await registered;
    const pod = informer.cache.get(key);
    if (!pod || (pod.spec.nodeName && pod.spec.nodeName !== node)) return;
    const { namespace, name } = splitKey(key);
    if (pod.metadata.deletionTimestamp) {
      await client.delete(PODS, namespace, name, { gracePeriodSeconds: 0 }).catch(ignoreGone);
    } else if (!pod.spec.nodeName) {
      await client.createSubresource(PODS, namespace, name, 'binding', { apiVersion: 'v1', kind: 'Binding', metadata: { name }, target: { kind: 'Node', name: node } })
        .catch((err) => { if (!isNotFound(err) && (err as any).code !== 409) throw err; });
    } else if (pod.status?.phase === 'Pending') {
      const now = new Date().toISOString().replace(/\.\d+Z$/, 'Z');
      await client.patch(PODS, namespace, name, 'merge', { status: { phase: 'Running', podIP: nextIp(), startTime: now, conditions: [...pod.status.conditions ?? [], { type: 'Ready', status: 'False', lastTransitionTime: now }] } }, { subresource: 'status' }).catch(ignoreGone);
    } else if (pod.status?.phase === 'Running' && opts.finish?.(pod)) {
      const phase = opts.finish(pod)!;
      const now = new Date().toISOString().replace(/\.\d+Z$/, 'Z');
      const containerStatuses = pod.spec.containers.map((c: any) => ({
        name: c.name, image: c.image, ready: false, restartCount: 0,
        state: { terminated: { exitCode: phase === 'Succeeded' ? 0 : 1, reason: phase === 'Succeeded' ? 'Completed' : 'Error', finishedAt: now } },
      }));
      const conditions = (pod.status.conditions ?? []).filter((c: any) => c.type !== 'Ready').concat([{ type: 'Ready', status: 'False', lastTransitionTime: now }]);
      await client.patch(PODS, namespace, name, 'merge', { status: { phase, conditions, containerStatuses } }, { subresource: 'status' }).catch(ignoreGone);
    } else if (pod.status?.phase === 'Running' && opts.restartEveryMs?.(pod)) {
      const every = opts.restartEveryMs(pod)!;
      const elapsed = Date.now() - (Date.parse(pod.status.startTime ?? '') || Date.now());
      const restarts = Math.floor(elapsed / every);
      if (restarts > (pod.status.containerStatuses?.[0]?.restartCount ?? 0)) {
        const now = new Date().toISOString().replace(/\.\d+Z$/, 'Z');
        const containerStatuses = pod.spec.containers.map((c: any) => ({
          name: c.name, image: c.image, ready: false, restartCount: restarts,
          state: { waiting: { reason: 'CrashLoopBackOff' } }, lastState: { terminated: { exitCode: 1, reason: 'Error', finishedAt: now } },
        }));
        await client.patch(PODS, namespace, name, 'merge', { status: { containerStatuses } }, { subresource: 'status' }).catch(ignoreGone);
      }
      queue.addAfter(key, every);
    } else if (pod.status?.phase === 'Running' && !(pod.status.conditions ?? []).some((c: any) => c.type === 'Ready' && c.status === 'True')) {
      if (opts.becomesReady && !opts.becomesReady(pod)) return;
      const started = Date.parse(pod.status.startTime ?? '') || 0;
      const wait = started + (opts.readyDelayMs ?? 0) - Date.now();
      if (wait > 0) return queue.addAfter(key, wait);
      const now = new Date().toISOString().replace(/\.\d+Z$/, 'Z');
      const conditions = (pod.status.conditions ?? []).filter((c: any) => c.type !== 'Ready');
      conditions.push({ type: 'Ready', status: 'True', lastTransitionTime: now });
      await client.patch(PODS, namespace, name, 'merge', { status: { conditions } }, { subresource: 'status' }).catch(ignoreGone);
    }
  };
  const done = runWorkers(queue, 4, sync);
  return {
    async stop() {
      queue.shutDown();
      await informer.stop();
      await done;
    },
  };
}
