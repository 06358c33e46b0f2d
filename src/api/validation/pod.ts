/**
 * PodSpec and PodTemplateSpec validation, shared by Pods and every workload.
 *
 * Covers what a node agent and the scheduler depend on: containers exist with
 * unique valid names and an image, ports are in range, volume mounts name real
 * volumes, and the enumerations (restart, DNS, pull policies) are known values.
 */
import {
  at, duplicate, idx, invalidValue, notFound, notSupported, oneOf, required, syntaxErrors, type FieldError,
} from './field-errors.js';
import { isDns1123Label, isDns1123Subdomain, isPortName, isPortNumber } from './name-syntax.js';
import { validateAnnotations, validateLabels } from './object-meta.js';
import { type Obj, isObj, objects } from './json.js';

/** Restart policies a pod may have. */
const RESTART_POLICIES = ['Always', 'OnFailure', 'Never'];
const PROTOCOLS = ['SCTP', 'TCP', 'UDP'];
const PULL_POLICIES = ['Always', 'IfNotPresent', 'Never'];
const DNS_POLICIES = ['ClusterFirstWithHostNet', 'ClusterFirst', 'Default', 'None'];
const MESSAGE_POLICIES = ['File', 'FallbackToLogsOnError'];
const TAINT_EFFECTS = ['NoSchedule', 'PreferNoSchedule', 'NoExecute'];

/** Checks a port number field that must be 1..65535 when present (0 allowed when `zeroOk`). */
export function validatePortNumber(value: unknown, path: string, zeroOk = false): FieldError[] {
  if (typeof value !== 'number' || (zeroOk && value === 0)) return [];
  return isPortNumber(value).map((m) => invalidValue(path, value, m));
}

function validatePorts(ports: unknown, path: string): FieldError[] {
  const errs: FieldError[] = [];
  const names = new Set<string>();
  for (const [p, i] of objects(ports)) {
    const pp = idx(path, i);
    if (p.containerPort === undefined || p.containerPort === null) errs.push(required(at(pp, 'containerPort')));
    errs.push(...validatePortNumber(p.containerPort, at(pp, 'containerPort')));
    errs.push(...validatePortNumber(p.hostPort, at(pp, 'hostPort'), true));
    errs.push(...oneOf(at(pp, 'protocol'), p.protocol, PROTOCOLS));
    if (typeof p.name === 'string' && p.name) {
      errs.push(...syntaxErrors(at(pp, 'name'), p.name, isPortName(p.name)));
      if (names.has(p.name)) errs.push(duplicate(at(pp, 'name'), p.name));
      names.add(p.name);
    }
  }
  return errs;
}

function validateContainer(c: Obj, path: string, volumes: Set<string>): FieldError[] {
  const errs: FieldError[] = [];
  if (typeof c.image !== 'string' || c.image === '') errs.push(required(at(path, 'image')));
  else if (c.image.trim() !== c.image) errs.push(invalidValue(at(path, 'image'), c.image, 'must not have leading or trailing whitespace'));
  errs.push(...oneOf(at(path, 'imagePullPolicy'), c.imagePullPolicy, PULL_POLICIES));
  errs.push(...oneOf(at(path, 'terminationMessagePolicy'), c.terminationMessagePolicy, MESSAGE_POLICIES));
  errs.push(...validatePorts(c.ports, at(path, 'ports')));
  for (const [e, i] of objects(c.env)) {
    if (typeof e.name !== 'string' || e.name === '') errs.push(required(at(idx(at(path, 'env'), i), 'name')));
  }
  for (const [m, i] of objects(c.volumeMounts)) {
    const mp = idx(at(path, 'volumeMounts'), i);
    if (typeof m.name === 'string' && !volumes.has(m.name)) errs.push(notFound(at(mp, 'name'), m.name));
    if (typeof m.mountPath !== 'string' || m.mountPath === '') errs.push(required(at(mp, 'mountPath')));
  }
  return errs;
}

/** Validates init and app containers together: their names share one namespace in a pod. */
function validateContainers(spec: Obj, path: string, volumes: Set<string>): FieldError[] {
  const errs: FieldError[] = [];
  if (!Array.isArray(spec.containers) || spec.containers.length === 0) errs.push(required(at(path, 'containers')));
  const names = new Set<string>();
  for (const field of ['initContainers', 'containers']) {
    for (const [c, i] of objects(spec[field])) {
      const cp = idx(at(path, field), i);
      if (typeof c.name !== 'string' || c.name === '') errs.push(required(at(cp, 'name')));
      else {
        errs.push(...syntaxErrors(at(cp, 'name'), c.name, isDns1123Label(c.name)));
        if (names.has(c.name)) errs.push(duplicate(at(cp, 'name'), c.name));
        names.add(c.name);
      }
      errs.push(...validateContainer(c, cp, volumes));
    }
  }
  return errs;
}

function validateVolumes(volumes: unknown, path: string, names: Set<string>): FieldError[] {
  const errs: FieldError[] = [];
  for (const [v, i] of objects(volumes)) {
    const np = at(idx(path, i), 'name');
    if (typeof v.name !== 'string' || v.name === '') { errs.push(required(np)); continue; }
    errs.push(...syntaxErrors(np, v.name, isDns1123Label(v.name)));
    if (names.has(v.name)) errs.push(duplicate(np, v.name));
    names.add(v.name);
  }
  return errs;
}

function validateTolerations(tolerations: unknown, path: string): FieldError[] {
  const errs: FieldError[] = [];
  for (const [t, i] of objects(tolerations)) {
    const tp = idx(path, i);
    errs.push(...oneOf(at(tp, 'operator'), t.operator, ['Exists', 'Equal']));
    errs.push(...oneOf(at(tp, 'effect'), t.effect || undefined, TAINT_EFFECTS));
    if (t.operator === 'Exists' && t.value) errs.push(invalidValue(at(tp, 'operator'), t.operator, "value must be empty when `operator` is 'Exists'"));
    if (!t.key && t.operator !== 'Exists') errs.push(invalidValue(at(tp, 'operator'), t.operator ?? '', "operator must be Exists when `key` is empty, which means \"match all values and all keys\""));
  }
  return errs;
}

/**
 * Validates a PodSpec at `path`. `restartPolicies` narrows the allowed restart
 * policies (workload templates allow only Always); Jobs check theirs themselves.
 */
export function validatePodSpec(spec: unknown, path: string, restartPolicies = RESTART_POLICIES): FieldError[] {
  if (!isObj(spec)) return [required(path)];
  const volumes = new Set<string>();
  const errs = validateVolumes(spec.volumes, at(path, 'volumes'), volumes);
  errs.push(...validateContainers(spec, path, volumes));
  if (spec.restartPolicy !== undefined && spec.restartPolicy !== null && !restartPolicies.includes(spec.restartPolicy)) {
    errs.push(notSupported(at(path, 'restartPolicy'), spec.restartPolicy, restartPolicies));
  }
  errs.push(...oneOf(at(path, 'dnsPolicy'), spec.dnsPolicy, DNS_POLICIES));
  errs.push(...validateLabels(spec.nodeSelector, at(path, 'nodeSelector')));
  errs.push(...validateTolerations(spec.tolerations, at(path, 'tolerations')));
  for (const field of ['hostname', 'subdomain']) {
    if (typeof spec[field] === 'string' && spec[field]) errs.push(...syntaxErrors(at(path, field), spec[field], isDns1123Label(spec[field])));
  }
  for (const field of ['serviceAccountName', 'nodeName']) {
    if (typeof spec[field] === 'string' && spec[field]) errs.push(...syntaxErrors(at(path, field), spec[field], isDns1123Subdomain(spec[field])));
  }
  return errs;
}

/** Validates a PodTemplateSpec at `path`: its labels, annotations and pod spec. */
export function validatePodTemplate(template: unknown, path: string, restartPolicies = RESTART_POLICIES): FieldError[] {
  if (!isObj(template)) return template === undefined || template === null ? [required(path)] : [];
  const meta = isObj(template.metadata) ? template.metadata : {};
  return [
    ...validateLabels(meta.labels, at(path, 'metadata.labels')),
    ...validateAnnotations(meta.annotations, at(path, 'metadata.annotations')),
    ...validatePodSpec(template.spec, at(path, 'spec'), restartPolicies),
  ];
}
