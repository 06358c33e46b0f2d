/**
 * The environment of a container, built as the kubelet builds it: service
 * variables for the pod's namespace first, then `envFrom`, then `env` (later
 * wins), with `$(VAR)` references expanded. Lookups are injected, so this is pure;
 * a missing ConfigMap, Secret or key is a `ConfigError`, which the worker reports
 * as the waiting reason CreateContainerConfigError.
 */
import { parseQuantity } from './quantity.js';

/** A container cannot be configured (the kubelet's CreateContainerConfigError). */
export class ConfigError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'ConfigError';
  }
}

/** Where the env builder reads ConfigMaps, Secrets, Services and the node's allocatable. */
export interface EnvSources {
  configMap(namespace: string, name: string): Record<string, string> | undefined;
  /** Secret data, already base64-decoded. */
  secret(namespace: string, name: string): Record<string, string> | undefined;
  services(namespace: string): any[];
  nodeAllocatable: Record<string, string>;
}

/** Docker-link style variables of one Service, as Kubernetes injects them. */
export function serviceEnv(svc: any): Record<string, string> {
  const ip = svc.spec?.clusterIP;
  const ports: any[] = svc.spec?.ports ?? [];
  if (!ip || ip === 'None' || !ports.length) return {};
  const n = String(svc.metadata.name).toUpperCase().replace(/-/g, '_');
  const env: Record<string, string> = { [`${n}_SERVICE_HOST`]: ip, [`${n}_SERVICE_PORT`]: String(ports[0].port) };
  const proto0 = (ports[0].protocol ?? 'TCP').toLowerCase();
  env[`${n}_PORT`] = `${proto0}://${ip}:${ports[0].port}`;
  for (const p of ports) {
    const proto = (p.protocol ?? 'TCP').toUpperCase();
    if (p.name) env[`${n}_SERVICE_PORT_${String(p.name).toUpperCase().replace(/-/g, '_')}`] = String(p.port);
    const prefix = `${n}_PORT_${p.port}_${proto}`;
    Object.assign(env, { [prefix]: `${proto.toLowerCase()}://${ip}:${p.port}`, [`${prefix}_PROTO`]: proto.toLowerCase(), [`${prefix}_PORT`]: String(p.port), [`${prefix}_ADDR`]: ip });
  }
  return env;
}

/** Expands `$(NAME)` from `env` (unknown references stay as written; `$$` escapes). */
export function expandVars(value: string, env: Record<string, string>): string {
  return value.replace(/\$\$|\$\(([A-Za-z_][A-Za-z0-9_.-]*)\)/g, (whole, name?: string) => (name === undefined ? '$' : env[name] ?? whole));
}

function formatMap(m: Record<string, string> | undefined): string {
  return Object.entries(m ?? {}).sort(([a], [b]) => a.localeCompare(b)).map(([k, v]) => `${k}="${v}"`).join('\n');
}

/** Value of a downward-API `fieldRef` path. */
export function fieldRefValue(pod: any, path: string): string {
  const sub = /^metadata\.(labels|annotations)\['(.+)'\]$/.exec(path);
  if (sub) return pod.metadata?.[sub[1]]?.[sub[2]] ?? '';
  const fields: Record<string, () => string> = {
    'metadata.name': () => pod.metadata.name, 'metadata.namespace': () => pod.metadata.namespace, 'metadata.uid': () => pod.metadata.uid,
    'metadata.labels': () => formatMap(pod.metadata.labels), 'metadata.annotations': () => formatMap(pod.metadata.annotations),
    'spec.nodeName': () => pod.spec.nodeName ?? '', 'spec.serviceAccountName': () => pod.spec.serviceAccountName ?? '',
    'status.podIP': () => pod.status?.podIP ?? '', 'status.hostIP': () => pod.status?.hostIP ?? '',
    'status.podIPs': () => (pod.status?.podIPs ?? []).map((p: any) => p.ip).join(','),
    'status.hostIPs': () => (pod.status?.hostIPs ?? []).map((p: any) => p.ip).join(','),
  };
  const get = fields[path];
  if (!get) throw new ConfigError(`unsupported fieldRef path "${path}"`);
  return get();
}

/** Value of a `resourceFieldRef` (limits fall back to the node's allocatable, as in Kubernetes). */
export function resourceFieldValue(container: any, ref: any, allocatable: Record<string, string>): string {
  const [kind, res] = String(ref.resource).split('.', 2) as [string, string];
  const raw = container.resources?.[kind]?.[res] ?? (kind === 'limits' ? allocatable[res] : undefined);
  const divisor = parseQuantity(ref.divisor ?? '1');
  if (raw === undefined) return '0';
  return String(Math.ceil(parseQuantity(raw) / divisor));
}

function keyRef(kind: 'ConfigMap' | 'Secret', data: Record<string, string> | undefined, ns: string, ref: any): string | undefined {
  if (!data) {
    if (ref.optional) return undefined;
    throw new ConfigError(`${kind.toLowerCase()} "${ref.name}" not found`);
  }
  if (!(ref.key in data)) {
    if (ref.optional) return undefined;
    throw new ConfigError(`couldn't find key ${ref.key} in ${kind} ${ns}/${ref.name}`);
  }
  return data[ref.key];
}

function envFromSource(pod: any, src: any, sources: EnvSources): Record<string, string> {
  const ns = pod.metadata.namespace;
  const [kind, ref] = src.configMapRef ? ['ConfigMap', src.configMapRef] : ['Secret', src.secretRef];
  const data = kind === 'ConfigMap' ? sources.configMap(ns, ref.name) : sources.secret(ns, ref.name);
  if (!data) {
    if (ref.optional) return {};
    throw new ConfigError(`${String(kind).toLowerCase()} "${ref.name}" not found`);
  }
  return Object.fromEntries(Object.entries(data).map(([k, v]) => [`${src.prefix ?? ''}${k}`, v]));
}

/** The environment of `container` in `pod`. Throws `ConfigError` when a required source is missing. */
export function buildEnv(pod: any, container: any, sources: EnvSources): Record<string, string> {
  const ns = pod.metadata.namespace;
  const env: Record<string, string> = {};
  if (pod.spec.enableServiceLinks !== false) for (const svc of sources.services(ns)) Object.assign(env, serviceEnv(svc));
  for (const svc of sources.services('default').filter((s) => s.metadata.name === 'kubernetes')) Object.assign(env, serviceEnv(svc));
  for (const src of container.envFrom ?? []) Object.assign(env, envFromSource(pod, src, sources));
  for (const e of container.env ?? []) {
    const vf = e.valueFrom;
    let value: string | undefined;
    if (!vf) value = expandVars(e.value ?? '', env);
    else if (vf.configMapKeyRef) value = keyRef('ConfigMap', sources.configMap(ns, vf.configMapKeyRef.name), ns, vf.configMapKeyRef);
    else if (vf.secretKeyRef) value = keyRef('Secret', sources.secret(ns, vf.secretKeyRef.name), ns, vf.secretKeyRef);
    else if (vf.fieldRef) value = fieldRefValue(pod, vf.fieldRef.fieldPath);
    else if (vf.resourceFieldRef) value = resourceFieldValue(container, vf.resourceFieldRef, sources.nodeAllocatable);
    if (value !== undefined) env[e.name] = value;
  }
  return env;
}

/** command + args with `$(VAR)` expanded, as the container will run them. */
export function buildArgv(container: any, env: Record<string, string>): string[] {
  return [...(container.command ?? []), ...(container.args ?? [])].map((a: string) => expandVars(a, env));
}
