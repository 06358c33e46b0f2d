/**
 * The apiserver's object service: create, update, patch and delete with Kubernetes
 * semantics (preconditions, server-owned metadata, defaulting, validation,
 * finalizers, graceful pod deletion), independent of HTTP.
 *
 * Reads of single objects go to Redis (consistent); every write is one store
 * script guarded by the revision it was computed from, retried when the caller
 * did not pin a resourceVersion (Kubernetes' GuaranteedUpdate loop).
 */
import { ApiError, badRequest, conflict, invalid, notFound } from '../../api/errors.js';
import type { ResourceInfo } from '../../api/resources.js';
import { applyDefaults } from '../../api/defaulting/index.js';
import { validateObject, validateUpdate } from '../../api/validation/index.js';
import type { Store } from '../../store/store.js';
import { bindNamespace, checkTypeMeta, prepareCreateMeta, prepareUpdateMeta, readyToRemove, rfc3339 } from './object-meta.js';
import { prepareForCreate, prepareForUpdate } from './strategies.js';
import { addDefaultTolerations, type AdmissionOptions } from './admission.js';
import { refuseNamespaceDelete } from './namespace-lifecycle.js';
import { ClaimTakenError } from '../../store/scripts.js';
import { claimsOf, DEFAULT_SERVICE_RANGES, ServiceAllocator, without, type ServiceRanges } from './service-allocation.js';

/** How a write should be validated and whether it is only a rehearsal. */
export interface WriteOptions {
  dryRun: boolean;
  fieldValidation: 'Strict' | 'Warn' | 'Ignore';
  fieldManager?: string;
  /** Strict decoding errors of the request body (duplicate fields), reported with unknown fields per `fieldValidation`. */
  strictErrors?: string[];
}

/** The stored result of a write. */
export interface WriteResult {
  /** The object as stored (JSON with its resourceVersion). */
  json: string;
  warnings: string[];
  /** HTTP status to answer: 201 for creates, 200 otherwise (202 for deletes that only marked the object). */
  code: number;
}

/** A read object with the revision it was read at. */
export interface Current {
  obj: Record<string, any>;
  revision: number;
}

/** Computes the desired object from the current one; may throw an ApiError. */
export type Mutation = (current: Record<string, any>) => Record<string, any>;

/** Kubernetes DeleteOptions fields redkube honours. */
export interface DeleteOptions {
  propagationPolicy?: 'Orphan' | 'Background' | 'Foreground';
  gracePeriodSeconds?: number;
  preconditions?: { uid?: string; resourceVersion?: string };
  orphanDependents?: boolean;
  /** `["All"]` asks for a dry run, as the `dryRun` query parameter does. */
  dryRun?: string[];
}

const MAX_RETRIES = 16;

/** Create/update/patch/delete over the store for every built-in resource. */
export class ObjectService {
  /** Allocates ClusterIPs and NodePorts of Services. */
  readonly services: ServiceAllocator;

  constructor(private readonly store: Store, private readonly now: () => number = Date.now, ranges: ServiceRanges = DEFAULT_SERVICE_RANGES, private readonly admission: AdmissionOptions = {}) {
    this.services = new ServiceAllocator(ranges, { taken: (c) => store.claimTaken(c), withPrefix: (p) => store.claimsWithPrefix(p) });
  }

  /** Reads one object; NotFound when absent. */
  async read(info: ResourceInfo, namespace: string, name: string): Promise<Current> {
    const json = await this.store.get(info, namespace, name);
    if (json === null) throw notFound(info.resource, info.group, name);
    const obj = JSON.parse(json);
    return { obj, revision: Number(obj.metadata.resourceVersion) };
  }

  /** Reads one object's stored JSON; NotFound when absent. */
  async readJson(info: ResourceInfo, namespace: string, name: string): Promise<string> {
    const json = await this.store.get(info, namespace, name);
    if (json === null) throw notFound(info.resource, info.group, name);
    return json;
  }

  /** Creates an object from a request body; the body is taken over (edited in place), so pass a fresh one. */
  async create(info: ResourceInfo, namespace: string, body: Record<string, any>, opts: WriteOptions): Promise<WriteResult> {
    const obj = body;
    checkTypeMeta(info, obj);
    bindNamespace(info, obj, namespace);
    prepareCreateMeta(info, obj, this.now());
    prepareForCreate(info, obj, this.now());
    applyDefaults(info, obj);
    if (info.kind === 'Pod') addDefaultTolerations(obj, this.admission);
    const requested = info.kind === 'Service' ? claimsOf(obj) : [];
    for (let attempt = 0; ; attempt++) {
      const candidate = info.kind === 'Service' ? structuredClone(obj) : obj;
      if (info.kind === 'Service') await this.services.allocate(candidate);
      const { warnings } = validateObject(info, candidate, { fieldValidation: opts.fieldValidation, isCreate: true, strictErrors: opts.strictErrors });
      if (opts.dryRun) return { json: JSON.stringify(candidate), warnings, code: 201 };
      try {
        const stored = await this.store.create(info, candidate, claimsOf(candidate));
        return { json: stored.json, warnings, code: 201 };
      } catch (err) {
        if (!(err instanceof ClaimTakenError)) throw err;
        if (requested.length || attempt >= MAX_RETRIES) throw allocationTaken(info, candidate);
      }
    }
  }

  /**
   * Applies `mutate` to the current object and stores the result, re-running the
   * mutation on store conflicts (a resourceVersion the client sent still pins it).
   */
  async update(info: ResourceInfo, namespace: string, name: string, mutate: Mutation, opts: WriteOptions, subresource?: string): Promise<WriteResult> {
    for (let attempt = 0; ; attempt++) {
      const current = await this.read(info, namespace, name);
      // The mutation sees the current resourceVersion (a JSON patch may `test` it). A result
      // carrying another one is a stale precondition: 409. A store conflict re-runs the
      // mutation on the fresh object, so a patch without a resourceVersion is retried (as in
      // Kubernetes) while one that pinned the old revision now fails the check above.
      const desired = mutate(structuredClone(current.obj));
      const pinned = desired.metadata?.resourceVersion ? String(desired.metadata.resourceVersion) : '';
      if (pinned && pinned !== String(current.revision)) throw conflict(info.resource, info.group, name);
      checkTypeMeta(info, desired);
      if (desired.metadata?.name && desired.metadata.name !== name) throw badRequest(`the name of the object (${desired.metadata.name}) does not match the name on the URL (${name})`);
      bindNamespace(info, desired, info.namespaced ? namespace : '');
      const next = prepareForUpdate(info, current.obj, desired, subresource);
      prepareUpdateMeta(info, current.obj, next);
      applyDefaults(info, next);
      if (info.kind === 'Service' && !subresource) await this.services.allocate(next, current.obj);
      const { warnings } = validateObject(info, next, { fieldValidation: opts.fieldValidation, isCreate: false, strictErrors: opts.strictErrors });
      if (!subresource) validateUpdate(info, current.obj, next);
      if (opts.dryRun) return { json: JSON.stringify(next), warnings, code: 200 };
      const held = claimsOf(current.obj);
      const wanted = claimsOf(next);
      try {
        const stored = readyToRemove(next)
          ? await this.store.remove(info, next, current, held)
          : await this.store.update(info, next, current, Boolean(next.metadata.deletionTimestamp), without(wanted, held), without(held, wanted));
        return { json: stored.json, warnings, code: 200 };
      } catch (err) {
        if (err instanceof ClaimTakenError) throw allocationTaken(info, next);
        if (!(err instanceof ApiError) || err.reason !== 'Conflict' || attempt >= MAX_RETRIES) throw err;
      }
    }
  }

  /**
   * Deletes an object with Kubernetes semantics: finalizers and graceful pod deletion
   * only mark it; the built-in namespaces are refused (403) before anything is read.
   */
  async delete(info: ResourceInfo, namespace: string, name: string, options: DeleteOptions, opts: WriteOptions): Promise<WriteResult> {
    const refused = refuseNamespaceDelete(info, name);
    if (refused) throw refused;
    for (let attempt = 0; ; attempt++) {
      const current = await this.read(info, namespace, name);
      checkPreconditions(info, name, current, options);
      const next = structuredClone(current.obj);
      const marking = this.markForDeletion(info, next, options);
      if (opts.dryRun) return { json: JSON.stringify(next), warnings: [], code: 200 };
      try {
        if (marking === 'unchanged') return { json: JSON.stringify(current.obj), warnings: [], code: 202 };
        const stored = marking === 'remove'
          ? await this.store.remove(info, next, current, claimsOf(current.obj))
          : await this.store.update(info, next, current, true);
        return { json: stored.json, warnings: [], code: marking === 'remove' ? 200 : 202 };
      } catch (err) {
        if (!(err instanceof ApiError) || err.reason !== 'Conflict' || attempt >= MAX_RETRIES) throw err;
      }
    }
  }

  /** Decides between removing now and marking deletionTimestamp (finalizers, graceful pods, namespaces). */
  private markForDeletion(info: ResourceInfo, obj: Record<string, any>, options: DeleteOptions): 'remove' | 'mark' | 'unchanged' {
    const m = obj.metadata;
    const finalizers: string[] = [...(m.finalizers ?? [])];
    const policy = options.propagationPolicy ?? (options.orphanDependents ? 'Orphan' : undefined);
    const add = (f: string) => { if (!finalizers.includes(f)) finalizers.push(f); };
    if (policy === 'Orphan') add('orphan');
    if (policy === 'Foreground') add('foregroundDeletion');
    const grace = gracePeriod(info, obj, options);
    const namespaceFinalizers = info.kind === 'Namespace' && (obj.spec?.finalizers ?? []).length > 0;
    if (!finalizers.length && !grace && !namespaceFinalizers) return 'remove';
    if (m.deletionTimestamp) {
      const shorter = grace !== undefined && grace < (m.deletionGracePeriodSeconds ?? Infinity);
      if (!shorter && finalizers.length === (m.finalizers ?? []).length) return 'unchanged';
    }
    const now = this.now();
    if (finalizers.length) m.finalizers = finalizers;
    if (!m.deletionTimestamp || grace !== undefined) {
      m.deletionTimestamp = rfc3339(now + (grace ?? 0) * 1000);
      m.deletionGracePeriodSeconds = grace ?? 0;
    }
    if (info.kind === 'Namespace') obj.status = { ...(obj.status ?? {}), phase: 'Terminating' };
    return 'mark';
  }
}

/** The 422 Kubernetes answers when a requested ClusterIP or NodePort belongs to another Service. */
function allocationTaken(info: ResourceInfo, svc: Record<string, any>): ApiError {
  const what = claimsOf(svc).map((c) => c.replace(/^ip\//, 'IP ').replace(/^nodeport\/(\w+)\//, 'port ')).join(', ');
  return invalid(info.kind, info.group, svc.metadata?.name ?? '', [{ reason: 'FieldValueInvalid', field: 'spec', message: `Invalid value: failed to allocate ${what}: provided IP or port is already allocated` }]);
}

/** Graceful deletion applies to pods bound to a node that have not finished. */
function gracePeriod(info: ResourceInfo, obj: Record<string, any>, options: DeleteOptions): number | undefined {
  if (info.kind !== 'Pod') return undefined;
  if (!obj.spec?.nodeName) return undefined;
  if (obj.status?.phase === 'Succeeded' || obj.status?.phase === 'Failed') return undefined;
  const g = options.gracePeriodSeconds ?? obj.spec?.terminationGracePeriodSeconds ?? 30;
  return g > 0 ? g : undefined;
}

function checkPreconditions(info: ResourceInfo, name: string, current: Current, options: DeleteOptions): void {
  const p = options.preconditions;
  if (p?.uid && p.uid !== current.obj.metadata.uid) {
    throw conflict(info.resource, info.group, name, `Precondition failed: UID in precondition: ${p.uid}, UID in object meta: ${current.obj.metadata.uid}`);
  }
  if (p?.resourceVersion && p.resourceVersion !== String(current.revision)) {
    throw conflict(info.resource, info.group, name, `Precondition failed: ResourceVersion in precondition: ${p.resourceVersion}, ResourceVersion in object meta: ${current.revision}`);
  }
}
