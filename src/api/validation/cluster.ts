/**
 * Validation of Node, Namespace, Event, Lease and HorizontalPodAutoscaler.
 */
import {
  at, duplicate, idx, invalidValue, minimum, oneOf, required, syntaxErrors, type FieldError,
} from './field-errors.js';
import { isLabelValue, isQualifiedName } from './name-syntax.js';
import { validateFinalizers } from './object-meta.js';
import { type Obj, isObj, objects } from './json.js';

const TAINT_EFFECTS = ['NoSchedule', 'PreferNoSchedule', 'NoExecute'];

/** Node: taints have valid keys and values, a known effect, and no key/effect pair twice. */
export function validateNode(obj: Obj): FieldError[] {
  const errs: FieldError[] = [];
  const seen = new Set<string>();
  for (const [t, i] of objects(obj.spec?.taints)) {
    const path = idx('spec.taints', i);
    if (typeof t.key !== 'string' || t.key === '') errs.push(required(at(path, 'key')));
    else errs.push(...syntaxErrors(at(path, 'key'), t.key, isQualifiedName(t.key)));
    if (typeof t.value === 'string' && t.value) errs.push(...syntaxErrors(at(path, 'value'), t.value, isLabelValue(t.value)));
    if (!t.effect) errs.push(required(at(path, 'effect')));
    else errs.push(...oneOf(at(path, 'effect'), t.effect, TAINT_EFFECTS));
    const pair = `${t.key}:${t.effect}`;
    if (seen.has(pair)) errs.push(duplicate(path, { key: t.key, effect: t.effect }));
    seen.add(pair);
  }
  return errs;
}

/** Namespace: finalizer names are qualified names, the phase is a known one. */
export function validateNamespace(obj: Obj): FieldError[] {
  return [
    ...validateFinalizers(obj.spec?.finalizers, 'spec.finalizers'),
    ...oneOf('status.phase', obj.status?.phase, ['Active', 'Terminating']),
  ];
}

/** Event: it lives in the namespace of the object it is about, and its type is Normal or Warning. */
export function validateEvent(obj: Obj): FieldError[] {
  const errs = oneOf('type', obj.type || undefined, ['Normal', 'Warning']);
  const involvedNs = obj.involvedObject?.namespace;
  const ns = obj.metadata?.namespace;
  if (typeof involvedNs === 'string' && involvedNs && involvedNs !== ns) {
    errs.push(invalidValue('involvedObject.namespace', involvedNs, 'does not match event.namespace'));
  }
  return errs;
}

/** Lease: a positive duration and a non-negative transition count. */
export function validateLease(obj: Obj): FieldError[] {
  const spec = isObj(obj.spec) ? obj.spec : {};
  return [...minimum('spec.leaseDurationSeconds', spec.leaseDurationSeconds, 1), ...minimum('spec.leaseTransitions', spec.leaseTransitions, 0)];
}

const METRIC_SOURCES: Record<string, string> = {
  Resource: 'resource', Pods: 'pods', Object: 'object', External: 'external', ContainerResource: 'containerResource',
};

function validateMetric(m: Obj, path: string): FieldError[] {
  const errs = oneOf(at(path, 'type'), m.type, Object.keys(METRIC_SOURCES));
  const source = METRIC_SOURCES[m.type];
  if (!source) return errs;
  if (!isObj(m[source])) return [...errs, required(at(path, source), 'must populate information for the given metric source')];
  const target = m[source].target;
  if (isObj(target)) errs.push(...oneOf(at(at(path, source), 'target.type'), target.type, ['AverageValue', 'Utilization', 'Value']));
  return errs;
}

/** HorizontalPodAutoscaler: at least one replica, max not below min, well-formed metrics. */
export function validateHorizontalPodAutoscaler(obj: Obj): FieldError[] {
  const spec = isObj(obj.spec) ? obj.spec : {};
  const errs = minimum('spec.minReplicas', spec.minReplicas, 1);
  const min = typeof spec.minReplicas === 'number' ? spec.minReplicas : 1;
  if (typeof spec.maxReplicas === 'number' && spec.maxReplicas < min) {
    errs.push(invalidValue('spec.maxReplicas', spec.maxReplicas, 'must be greater than or equal to `minReplicas`'));
  }
  for (const [m, i] of objects(spec.metrics)) errs.push(...validateMetric(m, idx('spec.metrics', i)));
  return errs;
}
