/**
 * Server-owned metadata rules: what the apiserver sets on create and carries over on
 * update (generation.ts decides, per kind, whether and how generation moves). Pure
 * functions over plain objects.
 */
import { randomUUID, randomInt } from 'node:crypto';
import { badRequest, invalid } from '../../api/errors.js';
import type { ResourceInfo } from '../../api/resources.js';
import { initialGeneration, nextGeneration } from './generation.js';

/** RFC 3339 timestamp with second precision, as Kubernetes writes metav1.Time. */
export function rfc3339(ms: number): string {
  return new Date(Math.floor(ms / 1000) * 1000).toISOString().replace('.000Z', 'Z');
}

const NAME_SUFFIX_ALPHABET = 'bcdfghjklmnpqrstvwxz2456789';

/** Appends 5 random characters to a generateName prefix, as Kubernetes' name generator does. */
export function generateName(prefix: string): string {
  let s = prefix.slice(0, 58);
  for (let i = 0; i < 5; i++) s += NAME_SUFFIX_ALPHABET[randomInt(NAME_SUFFIX_ALPHABET.length)];
  return s;
}

/** Checks the body's apiVersion/kind against the URL's resource and fills them when absent. */
export function checkTypeMeta(info: ResourceInfo, obj: Record<string, any>): void {
  const apiVersion = info.group ? `${info.group}/${info.version}` : info.version;
  if (obj.kind !== undefined && obj.kind !== info.kind) {
    throw badRequest(`the kind in the body (${obj.kind}) does not match the resource ${info.resource} (kind ${info.kind})`);
  }
  if (obj.apiVersion !== undefined && obj.apiVersion !== apiVersion) {
    throw badRequest(`the API version in the body (${obj.apiVersion}) does not match the resource's version ${apiVersion}`);
  }
  obj.apiVersion = apiVersion;
  obj.kind = info.kind;
}

/** Sets the namespace from the URL, refusing a body that names another one. */
export function bindNamespace(info: ResourceInfo, obj: Record<string, any>, namespace: string): void {
  obj.metadata ??= {};
  if (!info.namespaced) {
    delete obj.metadata.namespace;
    return;
  }
  if (obj.metadata.namespace && obj.metadata.namespace !== namespace) {
    throw badRequest('the namespace of the provided object does not match the namespace sent on the request');
  }
  obj.metadata.namespace = namespace;
}

/**
 * Fills the metadata the server owns on create: name from generateName, uid,
 * creationTimestamp, and generation for the kinds that track one (never the client's).
 */
export function prepareCreateMeta(info: ResourceInfo, obj: Record<string, any>, now: number): void {
  const m = obj.metadata;
  if (m.resourceVersion) throw invalid(info.kind, info.group, m.name ?? '', [{ reason: 'FieldValueInvalid', field: 'metadata.resourceVersion', message: 'Invalid value: must be empty on create' }]);
  if (!m.name && m.generateName) m.name = generateName(m.generateName);
  m.uid = randomUUID();
  m.creationTimestamp = rfc3339(now);
  setGeneration(m, initialGeneration(info.kind));
  delete m.deletionTimestamp;
  delete m.deletionGracePeriodSeconds;
  delete m.selfLink;
}

function setGeneration(m: Record<string, any>, generation: number | undefined): void {
  if (generation === undefined) delete m.generation;
  else m.generation = generation;
}

/** Carries server-owned metadata from the stored object into an update and sets generation (per kind). */
export function prepareUpdateMeta(info: ResourceInfo, oldObj: Record<string, any>, newObj: Record<string, any>): void {
  const o = oldObj.metadata;
  const n = (newObj.metadata ??= {});
  n.name = o.name;
  if (o.namespace) n.namespace = o.namespace;
  n.uid = o.uid;
  n.creationTimestamp = o.creationTimestamp;
  if (o.deletionTimestamp) {
    n.deletionTimestamp = o.deletionTimestamp;
    if (o.deletionGracePeriodSeconds !== undefined) n.deletionGracePeriodSeconds = o.deletionGracePeriodSeconds;
  } else {
    delete n.deletionTimestamp;
    delete n.deletionGracePeriodSeconds;
  }
  setGeneration(n, nextGeneration(info.kind, oldObj, newObj));
  delete n.selfLink;
}

/** True when an object marked for deletion has no finalizers left and can be removed. */
export function readyToRemove(obj: Record<string, any>): boolean {
  if (!obj.metadata?.deletionTimestamp) return false;
  if ((obj.metadata.finalizers ?? []).length) return false;
  if (obj.kind === 'Namespace' && (obj.spec?.finalizers ?? []).length) return false;
  return true;
}
