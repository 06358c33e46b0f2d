/**
 * Object validation as kube-apiserver does it on create and update.
 *
 * Order, as in Kubernetes: nesting depth and JSON types first (400 BadRequest,
 * the body cannot be decoded), then duplicate fields (found by the HTTP layer while
 * decoding) and unknown fields according to the request's `fieldValidation`
 * (Strict: 400; Warn: warnings; Ignore: silent; unknown fields are removed from
 * the object in every mode that accepts it), then metadata and
 * per-kind rules (one 422 Invalid listing every problem).
 *
 * Callers run `applyDefaults` first, so the rules see the defaulted object.
 */
import { badRequest, invalid } from '../errors.js';
import type { ResourceInfo } from '../resources.js';
import { definitionNameOfResource } from '../schema/index.js';
import { validateCronJob, validateJob } from './batch.js';
import { validateEvent, validateHorizontalPodAutoscaler, validateLease, validateNamespace, validateNode } from './cluster.js';
import { validateConfigMap, validateSecret } from './config.js';
import type { FieldError } from './field-errors.js';
import { validateObjectMeta } from './object-meta.js';
import { validatePodSpec } from './pod.js';
import { DecodeError, SchemaWalker, tooDeep } from './schema-walk.js';
import { validateEndpointSlice, validateEndpoints, validateService } from './service.js';
import { validateDaemonSet, validateDeployment, validateReplicaSet, validateStatefulSet } from './workloads.js';

export { validateName } from './object-meta.js';
export { validateUpdate } from './immutable.js';

/** How unknown fields are treated, from the `fieldValidation` query parameter. */
export type FieldValidation = 'Strict' | 'Warn' | 'Ignore';

/** Options of one validation: the request's field validation mode and whether it is a create. */
export interface ValidateOptions {
  fieldValidation: FieldValidation;
  isCreate: boolean;
  /** Strict decoding errors found while decoding the body (duplicate fields); handled like unknown fields. */
  strictErrors?: string[];
}

/** Deepest nesting of objects and arrays accepted in a body; deeper bodies are refused before any other work. */
export const MAX_DEPTH = 100;

type Rule = (obj: any, isCreate: boolean) => FieldError[];

const RULES: Record<string, Rule> = {
  Pod: (obj) => validatePodSpec(obj.spec, 'spec'),
  Deployment: validateDeployment,
  ReplicaSet: validateReplicaSet,
  DaemonSet: validateDaemonSet,
  StatefulSet: validateStatefulSet,
  Job: validateJob,
  CronJob: validateCronJob,
  Service: validateService,
  Endpoints: validateEndpoints,
  EndpointSlice: validateEndpointSlice,
  ConfigMap: validateConfigMap,
  Secret: validateSecret,
  Node: validateNode,
  Namespace: validateNamespace,
  Event: validateEvent,
  Lease: validateLease,
  HorizontalPodAutoscaler: validateHorizontalPodAutoscaler,
};

function cannotHandle(info: ResourceInfo, message: string): Error {
  return badRequest(`${info.kind} in version "${info.version}" cannot be handled as a ${info.kind}: ${message}`);
}

/** Removes repeated causes (a field reported by both the schema and a kind rule). */
function unique(errs: FieldError[]): FieldError[] {
  const seen = new Set<string>();
  return errs.filter((e) => {
    const k = `${e.field}\u0000${e.message}`;
    if (seen.has(k)) return false;
    seen.add(k);
    return true;
  });
}

/** Type-checks the body and handles duplicate and unknown fields; returns warnings for Warn mode. */
function decode(info: ResourceInfo, obj: unknown, mode: FieldValidation, strictErrors: string[]): { warnings: string[]; missing: FieldError[] } {
  if (tooDeep(obj, MAX_DEPTH)) throw cannotHandle(info, `json: exceeded max depth of ${MAX_DEPTH}`);
  const walker = new SchemaWalker();
  try {
    walker.root(obj, definitionNameOfResource(info), info.kind);
  } catch (e) {
    if (e instanceof DecodeError) throw cannotHandle(info, e.message);
    throw e;
  }
  const strict = [...strictErrors, ...[...walker.unknownFields].sort().map((f) => `unknown field "${f}"`)];
  if (mode === 'Strict' && strict.length) throw cannotHandle(info, `strict decoding error: ${strict.join(', ')}`);
  return { warnings: mode === 'Warn' ? strict : [], missing: walker.missing };
}

/**
 * Validates (and, for unknown fields and quantities, normalises) a request
 * body in place. Throws ApiError 400 for undecodable bodies and, in Strict mode,
 * duplicate or unknown fields, 422 Invalid for rule violations; returns warnings to send as
 * `Warning: 299 - "..."` headers.
 */
export function validateObject(info: ResourceInfo, obj: any, opts: ValidateOptions): { warnings: string[] } {
  const { warnings, missing } = decode(info, obj, opts.fieldValidation, opts.strictErrors ?? []);
  const errs = unique([
    ...validateObjectMeta(info, obj.metadata),
    ...missing,
    ...(RULES[info.kind]?.(obj, opts.isCreate) ?? []),
  ]);
  if (errs.length) {
    const name = obj.metadata?.name || obj.metadata?.generateName || '';
    throw invalid(info.kind, info.group, name, errs);
  }
  return { warnings };
}
