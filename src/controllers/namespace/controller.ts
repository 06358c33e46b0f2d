/**
 * The namespace controller: when a namespace is terminating, deletes everything in
 * it, then removes its `kubernetes` finalizer so the apiserver removes it.
 * Handlers only enqueue; `sync` reads the current state each time.
 */
import { findResource } from '../../api/resources.js';
import { Informer, WorkQueue, runWorkers, isNotFound, type RestClient } from '../../client/index.js';
import { NAMESPACED_RESOURCES, planNamespaceCleanup } from './plan.js';

const NAMESPACES = findResource('', 'v1', 'namespaces')!;
/** Recheck interval while content is still being removed (pods may take their grace period). */
const RECHECK_MS = 2000;

/** Runs the namespace controller until `signal` aborts. */
export async function runNamespaceController(client: RestClient, signal: AbortSignal): Promise<void> {
  const queue = new WorkQueue<string>();
  const informer = new Informer({ client, info: NAMESPACES });
  const enqueue = (ns: { metadata?: { name?: string; deletionTimestamp?: string } }) => {
    if (ns.metadata?.deletionTimestamp && ns.metadata.name) queue.add(ns.metadata.name);
  };
  informer.on('add', enqueue);
  informer.on('update', (_old, ns) => enqueue(ns));
  informer.start();
  signal.addEventListener('abort', () => { informer.stop(); queue.shutDown(); }, { once: true });
  await runWorkers(queue, 2, async (name) => {
    const ns = informer.cache.get(name) as Record<string, any> | undefined;
    if (!ns) return;
    const remaining = new Map<string, number>();
    for (const r of NAMESPACED_RESOURCES) remaining.set(r.resource, (await client.list(r, name, { limit: 1 })).items.length);
    const plan = planNamespaceCleanup(ns, remaining);
    for (const r of plan.deleteFrom) await client.deleteCollection(r, name, { propagationPolicy: 'Background' });
    if (plan.finalize) {
      try {
        await client.request('PUT', `/api/v1/namespaces/${name}/finalize`, { body: { ...ns, spec: { ...(ns.spec ?? {}), finalizers: (ns.spec?.finalizers ?? []).filter((f: string) => f !== 'kubernetes') } } });
      } catch (err) {
        if (!isNotFound(err)) throw err;
      }
    } else if (ns.metadata?.deletionTimestamp) {
      queue.addAfter(name, RECHECK_MS);
    }
  });
}
