/**
 * Static pods: Pod manifests (YAML or JSON, several documents per file allowed) in
 * the agent's `--pod-manifest-path` directory, mirrored to the apiserver as pods
 * named `<name>-<node>`, bound to this node and annotated like the kubelet's mirror
 * pods (`kubernetes.io/config.mirror`). The agent then runs them like any bound
 * pod. Differences from the kubelet: the mirror pod is the source the agent runs
 * from, so static pods need a reachable apiserver; editing a manifest replaces the
 * pod (delete, then create once the old one is gone). `planStaticPods` is pure.
 */
import { createHash } from 'node:crypto';
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { parseAllDocuments } from 'yaml';
import { findResource } from '../src/api/resources.js';
import { isAlreadyExists, isNotFound, sleep, realClock, type RestClient } from '../src/client/index.js';

const PODS = findResource('', 'v1', 'pods')!;
/** Annotation holding the manifest hash on a mirror pod. */
export const MIRROR_ANNOTATION = 'kubernetes.io/config.mirror';
/** How often the manifest directory is re-read. */
export const MANIFEST_POLL_MS = 5000;

/** Reads every Pod manifest in `dir` (files that do not parse are reported through `log` and skipped). */
export function readManifests(dir: string, log: (msg: string) => void): any[] {
  if (!existsSync(dir)) return [];
  return readdirSync(dir).filter((f) => /\.(ya?ml|json)$/.test(f)).sort().flatMap((f) => {
    try {
      return parseAllDocuments(readFileSync(join(dir, f), 'utf8')).map((d) => d.toJSON()).filter((o) => o?.kind === 'Pod');
    } catch (err) {
      log(`static pod manifest ${f}: ${(err as Error).message}`);
      return [];
    }
  });
}

/** The mirror pod of one manifest on `node` (pure). */
export function mirrorPod(manifest: any, node: string): any {
  const hash = createHash('sha256').update(JSON.stringify(manifest)).digest('hex').slice(0, 16);
  const meta = manifest.metadata ?? {};
  return {
    apiVersion: 'v1', kind: 'Pod',
    metadata: {
      ...meta, name: `${meta.name}-${node}`, namespace: meta.namespace ?? 'default',
      annotations: { ...meta.annotations, 'kubernetes.io/config.source': 'file', 'kubernetes.io/config.hash': hash, [MIRROR_ANNOTATION]: hash },
    },
    spec: { ...manifest.spec, nodeName: node },
  };
}

/** What to create and delete so the mirror pods match the manifests (pure). */
export function planStaticPods(desired: any[], existing: any[]): { create: any[]; remove: any[] } {
  const key = (p: any) => `${p.metadata.namespace}/${p.metadata.name}`;
  const want = new Map(desired.map((p) => [key(p), p]));
  const have = new Map(existing.map((p) => [key(p), p]));
  const remove = existing.filter((p) => {
    const d = want.get(key(p));
    return !p.metadata.deletionTimestamp && (!d || d.metadata.annotations[MIRROR_ANNOTATION] !== p.metadata.annotations?.[MIRROR_ANNOTATION]);
  });
  const create = desired.filter((p) => !have.has(key(p)));
  return { create, remove };
}

/** Keeps mirror pods in step with the manifest directory until `signal` aborts. */
export async function syncStaticPods(
  client: RestClient, dir: string, node: string, existing: () => any[], signal: AbortSignal, log: (msg: string) => void,
): Promise<void> {
  while (!signal.aborted) {
    const plan = planStaticPods(readManifests(dir, log).map((m) => mirrorPod(m, node)), existing());
    for (const p of plan.remove) {
      await client.delete(PODS, p.metadata.namespace, p.metadata.name).catch((err) => { if (!isNotFound(err)) log(`static pod ${p.metadata.name}: ${(err as Error).message}`); });
    }
    for (const p of plan.create) {
      await client.create(PODS, p.metadata.namespace, p).catch((err) => { if (!isAlreadyExists(err)) log(`static pod ${p.metadata.name}: ${(err as Error).message}`); });
    }
    await sleep(realClock, MANIFEST_POLL_MS, signal);
  }
}
