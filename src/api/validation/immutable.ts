/**
 * Update-only rules: fields Kubernetes refuses to change after create. They need
 * the stored object, so they run on updates of the main resource (never on the
 * status, binding or finalize subresources, which change other parts).
 */
import { invalid } from '../errors.js';
import type { ResourceInfo } from '../resources.js';
import { forbidden, invalidValue, type FieldError } from './field-errors.js';

const same = (a: unknown, b: unknown): boolean => JSON.stringify(a ?? null) === JSON.stringify(b ?? null);

function immutableField(path: string, oldValue: unknown, newValue: unknown): FieldError[] {
  return same(oldValue, newValue) ? [] : [invalidValue(path, newValue, 'field is immutable')];
}

/** Pod spec fields that may change: images, activeDeadlineSeconds, added tolerations, terminationGracePeriodSeconds. */
function podSpecChanges(oldSpec: any = {}, newSpec: any = {}): FieldError[] {
  const normalised = structuredClone(newSpec);
  const keepImages = (from: any[] = [], to: any[] = []) => to.forEach((c, i) => { if (from[i]) c.image = from[i].image; });
  keepImages(oldSpec.containers, normalised.containers);
  keepImages(oldSpec.initContainers, normalised.initContainers);
  for (const k of ['activeDeadlineSeconds', 'terminationGracePeriodSeconds', 'tolerations']) {
    if (oldSpec[k] === undefined) delete normalised[k];
    else normalised[k] = oldSpec[k];
  }
  const oldTolerations: unknown[] = oldSpec.tolerations ?? [];
  const kept = (newSpec.tolerations ?? []).map((t: unknown) => JSON.stringify(t));
  const removed = oldTolerations.some((t) => !kept.includes(JSON.stringify(t)));
  if (same(oldSpec, normalised) && !removed) return [];
  return [forbidden('spec', 'pod updates may not change fields other than `spec.containers[*].image`,`spec.initContainers[*].image`,`spec.activeDeadlineSeconds`,`spec.tolerations` (only additions to existing tolerations),`spec.terminationGracePeriodSeconds` (allow it to be set to 1 if it was previously negative)')];
}

const STATEFULSET_MUTABLE = ['replicas', 'ordinals', 'template', 'updateStrategy', 'persistentVolumeClaimRetentionPolicy', 'minReadySeconds', 'revisionHistoryLimit'];

type UpdateRule = (oldObj: any, newObj: any) => FieldError[];

const UPDATE_RULES: Record<string, UpdateRule> = {
  Pod: (o, n) => podSpecChanges(o.spec, n.spec),
  Deployment: (o, n) => immutableField('spec.selector', o.spec?.selector, n.spec?.selector),
  ReplicaSet: (o, n) => immutableField('spec.selector', o.spec?.selector, n.spec?.selector),
  DaemonSet: (o, n) => immutableField('spec.selector', o.spec?.selector, n.spec?.selector),
  StatefulSet: (o, n) => {
    const strip = (spec: any = {}) => Object.fromEntries(Object.entries(spec).filter(([k]) => !STATEFULSET_MUTABLE.includes(k)));
    return same(strip(o.spec), strip(n.spec)) ? [] : [forbidden('spec', "updates to statefulset spec for fields other than 'replicas', 'ordinals', 'template', 'updateStrategy', 'persistentVolumeClaimRetentionPolicy' and 'minReadySeconds' are forbidden")];
  },
  Job: (o, n) => [
    ...immutableField('spec.selector', o.spec?.selector, n.spec?.selector),
    ...immutableField('spec.completionMode', o.spec?.completionMode, n.spec?.completionMode),
  ],
  ConfigMap: (o, n) => immutableData(o, n, ['data', 'binaryData']),
  Secret: (o, n) => [...immutableData(o, n, ['data']), ...immutableField('type', o.type, n.type)],
};

function immutableData(o: any, n: any, fields: string[]): FieldError[] {
  if (o.immutable !== true) return [];
  const errs = fields.flatMap((f) => (same(o[f], n[f]) ? [] : [forbidden(f, 'field is immutable when `immutable` is set')]));
  if (n.immutable !== true) errs.push(forbidden('immutable', 'field is immutable when `immutable` is set'));
  return errs;
}

/** Rejects (422) an update of the main resource that changes an immutable field. */
export function validateUpdate(info: ResourceInfo, oldObj: Record<string, any>, newObj: Record<string, any>): void {
  const errs = UPDATE_RULES[info.kind]?.(oldObj, newObj) ?? [];
  if (errs.length) throw invalid(info.kind, info.group, newObj.metadata?.name ?? '', errs);
}
