/**
 * ObjectMeta validation shared by every kind: name or generateName, namespace,
 * labels, annotations, finalizers and owner references.
 */
import type { ResourceInfo } from '../resources.js';
import {
  at, forbidden, idx, invalidValue, required, syntaxErrors, tooLong, type FieldError,
} from './field-errors.js';
import { isObj, type Obj } from './json.js';
import { isDns1035Label, isDns1123Label, isDns1123Subdomain, isLabelValue, isQualifiedName } from './name-syntax.js';

/** Largest total size of an object's annotations (keys plus values), 256 KiB as in Kubernetes. */
const TOTAL_ANNOTATION_SIZE_LIMIT = 256 * 1024;

/** Longest CronJob name: 52, so the 11-character suffix of its Jobs still makes a 63-character label. */
const CRONJOB_NAME_MAX = 52;

const NAME_CHECKS: Record<string, (name: string) => string[]> = {
  Namespace: isDns1123Label,
  Service: isDns1035Label,
  CronJob: (name) => [
    ...isDns1123Subdomain(name),
    ...(name.length > CRONJOB_NAME_MAX ? [`must be no more than ${CRONJOB_NAME_MAX} characters`] : []),
  ],
};

/**
 * Problems with an object name for a resource, worded like Kubernetes (empty
 * when valid). Namespaces are RFC 1123 labels, services RFC 1035 labels (they
 * become DNS names), everything else RFC 1123 subdomains.
 */
export function validateName(info: ResourceInfo, name: string): string[] {
  return (NAME_CHECKS[info.kind] ?? isDns1123Subdomain)(name);
}

/** Checks label keys and values at `path` (`metadata.labels`, `spec.selector`, ...). */
export function validateLabels(labels: unknown, path: string): FieldError[] {
  if (typeof labels !== 'object' || labels === null) return [];
  const errs: FieldError[] = [];
  for (const [k, v] of Object.entries(labels)) {
    errs.push(...syntaxErrors(path, k, isQualifiedName(k)));
    if (typeof v === 'string') errs.push(...syntaxErrors(path, v, isLabelValue(v)));
  }
  return errs;
}

/** Checks annotation keys (case-insensitively, as Kubernetes does) and their total size. */
export function validateAnnotations(annotations: unknown, path: string): FieldError[] {
  if (typeof annotations !== 'object' || annotations === null) return [];
  const errs: FieldError[] = [];
  let size = 0;
  for (const [k, v] of Object.entries(annotations)) {
    errs.push(...syntaxErrors(path, k, isQualifiedName(k.toLowerCase())));
    size += Buffer.byteLength(k) + (typeof v === 'string' ? Buffer.byteLength(v) : 0);
  }
  if (size > TOTAL_ANNOTATION_SIZE_LIMIT) errs.push(tooLong(path, TOTAL_ANNOTATION_SIZE_LIMIT));
  return errs;
}

/** Checks a list of finalizer names (metadata.finalizers, Namespace spec.finalizers). */
export function validateFinalizers(finalizers: unknown, path: string): FieldError[] {
  if (!Array.isArray(finalizers)) return [];
  return finalizers.flatMap((f, i) => (typeof f === 'string' ? syntaxErrors(idx(path, i), f, isQualifiedName(f)) : []));
}

function validateOwnerReferences(refs: unknown, path: string): FieldError[] {
  if (!Array.isArray(refs)) return [];
  const errs: FieldError[] = [];
  for (const ref of refs) {
    if (typeof ref !== 'object' || ref === null) continue;
    for (const [field, what] of [['apiVersion', 'version'], ['kind', 'kind'], ['name', 'name'], ['uid', 'uid']]) {
      if (!ref[field]) errs.push(invalidValue(at(path, field), ref[field] ?? '', `${what} must not be empty`));
    }
  }
  const controllers = refs.filter((r) => r?.controller === true);
  if (controllers.length > 1) {
    const names = controllers.map((r) => `${r.kind}/${r.name}`).join(', ');
    errs.push(invalidValue(path, refs, `Only one reference can have Controller set to true. Found "true" in references for ${names}`));
  }
  return errs;
}

function validateNaming(info: ResourceInfo, meta: Obj): FieldError[] {
  const { name, generateName } = meta;
  if (typeof name === 'string' && name) return syntaxErrors('metadata.name', name, validateName(info, name));
  if (typeof generateName === 'string' && generateName) {
    const masked = generateName.endsWith('-') ? `${generateName.slice(0, -1)}a` : generateName;
    return syntaxErrors('metadata.generateName', generateName, validateName(info, masked));
  }
  return [required('metadata.name', 'name or generateName is required')];
}

function validateNamespace(info: ResourceInfo, namespace: unknown): FieldError[] {
  if (!info.namespaced) {
    return namespace ? [forbidden('metadata.namespace', 'not allowed on this type')] : [];
  }
  if (typeof namespace !== 'string' || !namespace) return [required('metadata.namespace')];
  return syntaxErrors('metadata.namespace', namespace, isDns1123Label(namespace));
}

/** Validates an object's metadata; namespaced kinds must have their namespace filled in by the caller. */
export function validateObjectMeta(info: ResourceInfo, meta: unknown): FieldError[] {
  const m = isObj(meta) ? meta : {};
  return [
    ...validateNaming(info, m),
    ...validateNamespace(info, m.namespace),
    ...validateLabels(m.labels, 'metadata.labels'),
    ...validateAnnotations(m.annotations, 'metadata.annotations'),
    ...validateFinalizers(m.finalizers, 'metadata.finalizers'),
    ...validateOwnerReferences(m.ownerReferences, 'metadata.ownerReferences'),
  ];
}
