/**
 * ReplicaSets as a Deployment sees them: the pod-template-hash, which one is
 * "new" (its template equals the Deployment's), revision numbers and the
 * annotations the Deployment copies onto them.
 */
import { isDeepStrictEqual } from 'node:util';

/** Label on a Deployment's ReplicaSets and their pods that tells template revisions apart. */
export const POD_TEMPLATE_HASH = 'pod-template-hash';
/** Revision of a ReplicaSet (and the Deployment's current one). */
export const REVISION = 'deployment.kubernetes.io/revision';
/** spec.replicas of the Deployment when it last sized this ReplicaSet. */
export const DESIRED_REPLICAS = 'deployment.kubernetes.io/desired-replicas';
/** spec.replicas + maxSurge of the Deployment when it last sized this ReplicaSet. */
export const MAX_REPLICAS = 'deployment.kubernetes.io/max-replicas';

/** Deployment annotations never copied onto ReplicaSets. */
const SKIP_ANNOTATIONS = new Set([
  'kubectl.kubernetes.io/last-applied-configuration', REVISION, 'deployment.kubernetes.io/revision-history',
  DESIRED_REPLICAS, MAX_REPLICAS, 'deprecated.deployment.rollback.to',
]);

/** Any object. */
export type Obj = Record<string, any>;

function stable(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(stable);
  if (value && typeof value === 'object') {
    return Object.fromEntries(Object.keys(value).sort().filter((k) => (value as Obj)[k] !== undefined).map((k) => [k, stable((value as Obj)[k])]));
  }
  return value;
}

function withoutHash(template: Obj | undefined): Obj {
  const t = structuredClone(template ?? {});
  if (t.metadata?.labels) {
    delete t.metadata.labels[POD_TEMPLATE_HASH];
    if (!Object.keys(t.metadata.labels).length) delete t.metadata.labels;
  }
  if (t.metadata && 'creationTimestamp' in t.metadata && t.metadata.creationTimestamp == null) delete t.metadata.creationTimestamp;
  return stable(t) as Obj;
}

/** Templates equal once the pod-template-hash label is ignored (Kubernetes' EqualIgnoreHash). */
export function templatesEqual(a: Obj | undefined, b: Obj | undefined): boolean {
  return isDeepStrictEqual(withoutHash(a), withoutHash(b));
}

const SAFE_ALPHABET = 'bcdfghjklmnpqrstvwxz2456789';

/**
 * The pod-template-hash: FNV-1a (32 bit) over the canonical JSON of the template
 * (hash label removed) and the collision count, encoded with the
 * vowel-free alphabet Kubernetes uses so names never spell words.
 */
export function podTemplateHash(template: Obj | undefined, collisionCount = 0): string {
  let h = 0x811c9dc5;
  const feed = (byte: number) => { h ^= byte; h = Math.imul(h, 0x01000193) >>> 0; };
  for (const byte of Buffer.from(JSON.stringify(withoutHash(template)), 'utf8')) feed(byte);
  if (collisionCount) for (let i = 0; i < 4; i++) feed((collisionCount >>> (8 * i)) & 0xff);
  return [...String(h >>> 0)].map((c) => SAFE_ALPHABET[c.charCodeAt(0) % SAFE_ALPHABET.length]).join('');
}

/** The revision annotation as a number (0 when absent or malformed). */
export function revisionOf(obj: Obj): number {
  const n = Number(obj.metadata?.annotations?.[REVISION]);
  return Number.isInteger(n) && n > 0 ? n : 0;
}

/** The largest revision among `rss`. */
export function maxRevision(rss: Obj[]): number {
  return rss.reduce((m, rs) => Math.max(m, revisionOf(rs)), 0);
}

function createdAt(obj: Obj): number {
  return Date.parse(obj.metadata?.creationTimestamp ?? '') || 0;
}

/** Oldest first, ties by name (Kubernetes' ReplicaSetsByCreationTimestamp). */
export function byCreation(a: Obj, b: Obj): number {
  return createdAt(a) - createdAt(b) || String(a.metadata?.name).localeCompare(String(b.metadata?.name));
}

/** Splits owned ReplicaSets into the new one (oldest with an equal template) and the old ones, oldest first. */
export function splitNewAndOld(deployment: Obj, rss: Obj[]): { newRS?: Obj; oldRSs: Obj[] } {
  const sorted = [...rss].sort(byCreation);
  const newRS = sorted.find((rs) => templatesEqual(rs.spec?.template, deployment.spec?.template));
  return { newRS, oldRSs: sorted.filter((rs) => rs !== newRS) };
}

/** The ReplicaSet annotations a Deployment sets: its own (minus skipped ones) plus revision and sizes. */
export function replicaSetAnnotations(deployment: Obj, revision: number, maxSurge: number): Record<string, string> {
  const copied = Object.entries(deployment.metadata?.annotations ?? {}).filter(([k]) => !SKIP_ANNOTATIONS.has(k));
  const replicas = deployment.spec?.replicas ?? 0;
  return { ...Object.fromEntries(copied), [REVISION]: String(revision), [DESIRED_REPLICAS]: String(replicas), [MAX_REPLICAS]: String(replicas + maxSurge) };
}

/** The ReplicaSet for the Deployment's current template at `revision`, created with `replicas`. */
export function newReplicaSetFor(deployment: Obj, revision: number, replicas: number, maxSurge: number, ref: Obj): Obj {
  const hash = podTemplateHash(deployment.spec.template, deployment.status?.collisionCount ?? 0);
  const template = structuredClone(deployment.spec.template);
  template.metadata = { ...(template.metadata ?? {}), labels: { ...(template.metadata?.labels ?? {}), [POD_TEMPLATE_HASH]: hash } };
  const selector = structuredClone(deployment.spec.selector ?? {});
  selector.matchLabels = { ...(selector.matchLabels ?? {}), [POD_TEMPLATE_HASH]: hash };
  return {
    metadata: {
      name: `${deployment.metadata.name}-${hash}`, namespace: deployment.metadata.namespace,
      labels: { ...template.metadata.labels }, annotations: replicaSetAnnotations(deployment, revision, maxSurge), ownerReferences: [ref],
    },
    spec: { replicas, minReadySeconds: deployment.spec.minReadySeconds ?? 0, selector, template },
  };
}
