/**
 * Validation of the service-networking kinds: Service, Endpoints, EndpointSlice.
 *
 * The proxy and DNS take these at their word, so ports, protocols and
 * addresses are checked here rather than at every consumer.
 */
import { isIP } from 'node:net';
import {
  at, duplicate, forbidden, idx, invalidValue, oneOf, required, syntaxErrors, type FieldError,
} from './field-errors.js';
import { isDns1123Label, isDns1123Subdomain, isPortName } from './name-syntax.js';
import { validateLabels } from './object-meta.js';
import { validatePortNumber } from './pod.js';
import { type Obj, isObj, objects } from './json.js';

const PROTOCOLS = ['SCTP', 'TCP', 'UDP'];
const SERVICE_TYPES = ['ClusterIP', 'ExternalName', 'LoadBalancer', 'NodePort'];
const IP_EXAMPLE = 'must be a valid IP address, (e.g. 10.9.8.7 or 2001:db8::ffff)';

function validateTargetPort(v: unknown, path: string): FieldError[] {
  if (typeof v === 'number') return validatePortNumber(v, path);
  if (typeof v === 'string' && v) return syntaxErrors(path, v, isPortName(v));
  return [];
}

function validateServicePort(p: Obj, path: string, spec: Obj, many: boolean): FieldError[] {
  const errs: FieldError[] = [];
  if (typeof p.name !== 'string' || p.name === '') {
    if (many) errs.push(required(at(path, 'name')));
  } else {
    errs.push(...syntaxErrors(at(path, 'name'), p.name, isDns1123Label(p.name)));
  }
  if (p.port === undefined || p.port === null) errs.push(required(at(path, 'port')));
  errs.push(...validatePortNumber(p.port, at(path, 'port')));
  errs.push(...oneOf(at(path, 'protocol'), p.protocol, PROTOCOLS));
  errs.push(...validateTargetPort(p.targetPort, at(path, 'targetPort')));
  if (p.nodePort) {
    if (spec.type === 'NodePort' || spec.type === 'LoadBalancer') errs.push(...validatePortNumber(p.nodePort, at(path, 'nodePort')));
    else errs.push(forbidden(at(path, 'nodePort'), `may not be used when \`type\` is '${spec.type ?? 'ClusterIP'}'`));
  }
  return errs;
}

function validateServicePorts(spec: Obj): FieldError[] {
  const ports = objects(spec.ports);
  const headless = spec.clusterIP === 'None';
  if (ports.length === 0) return spec.type === 'ExternalName' || headless ? [] : [required('spec.ports')];
  const errs: FieldError[] = [];
  const names = new Set<string>();
  const keys = new Set<string>();
  for (const [p, i] of ports) {
    const path = idx('spec.ports', i);
    errs.push(...validateServicePort(p, path, spec, ports.length > 1));
    if (typeof p.name === 'string' && p.name) {
      if (names.has(p.name)) errs.push(duplicate(at(path, 'name'), p.name));
      names.add(p.name);
    }
    const key = `${p.port}/${p.protocol ?? 'TCP'}`;
    if (keys.has(key)) errs.push(duplicate(path, { port: p.port, protocol: p.protocol ?? 'TCP' }));
    keys.add(key);
  }
  return errs;
}

function validateClusterIPs(spec: Obj): FieldError[] {
  const ips: unknown[] = Array.isArray(spec.clusterIPs) ? spec.clusterIPs : spec.clusterIP ? [spec.clusterIP] : [];
  return ips.flatMap((ip, i) =>
    typeof ip === 'string' && ip !== 'None' && ip !== '' && isIP(ip) === 0 ? [invalidValue(idx('spec.clusterIPs', i), ip, IP_EXAMPLE)] : []);
}

/** Service: type, ports (named when several, unique), selector, cluster IPs and policies. */
export function validateService(obj: Obj): FieldError[] {
  const spec = isObj(obj.spec) ? obj.spec : {};
  const errs = oneOf('spec.type', spec.type, SERVICE_TYPES);
  if (spec.type === 'ExternalName') {
    if (typeof spec.externalName !== 'string' || spec.externalName === '') errs.push(required('spec.externalName'));
    else errs.push(...syntaxErrors('spec.externalName', spec.externalName, isDns1123Subdomain(spec.externalName.replace(/\.$/, ''))));
  }
  errs.push(...validateServicePorts(spec));
  errs.push(...validateLabels(spec.selector, 'spec.selector'));
  errs.push(...validateClusterIPs(spec));
  errs.push(...oneOf('spec.sessionAffinity', spec.sessionAffinity, ['ClientIP', 'None']));
  errs.push(...oneOf('spec.externalTrafficPolicy', spec.externalTrafficPolicy, ['Cluster', 'Local']));
  errs.push(...oneOf('spec.internalTrafficPolicy', spec.internalTrafficPolicy, ['Cluster', 'Local']));
  errs.push(...oneOf('spec.ipFamilyPolicy', spec.ipFamilyPolicy, ['SingleStack', 'PreferDualStack', 'RequireDualStack']));
  const families: unknown[] = Array.isArray(spec.ipFamilies) ? spec.ipFamilies : [];
  families.forEach((f, i) => errs.push(...oneOf(idx('spec.ipFamilies', i), f, ['IPv4', 'IPv6'])));
  return errs;
}

function validateEndpointPorts(ports: unknown, path: string): FieldError[] {
  const errs: FieldError[] = [];
  const names = new Set<string>();
  for (const [p, i] of objects(ports)) {
    const pp = idx(path, i);
    errs.push(...validatePortNumber(p.port, at(pp, 'port')));
    errs.push(...oneOf(at(pp, 'protocol'), p.protocol, PROTOCOLS));
    if (typeof p.name === 'string' && p.name) {
      errs.push(...syntaxErrors(at(pp, 'name'), p.name, isDns1123Label(p.name)));
      if (names.has(p.name)) errs.push(duplicate(at(pp, 'name'), p.name));
      names.add(p.name);
    }
  }
  return errs;
}

/** Endpoints: addresses are IPs, ports valid. */
export function validateEndpoints(obj: Obj): FieldError[] {
  const errs: FieldError[] = [];
  for (const [subset, i] of objects(obj.subsets)) {
    const sp = idx('subsets', i);
    for (const field of ['addresses', 'notReadyAddresses']) {
      for (const [a, j] of objects(subset[field])) {
        if (typeof a.ip === 'string' && isIP(a.ip) === 0) errs.push(invalidValue(at(idx(at(sp, field), j), 'ip'), a.ip, IP_EXAMPLE));
      }
    }
    errs.push(...validateEndpointPorts(subset.ports, at(sp, 'ports')));
  }
  return errs;
}

const ADDRESS_CHECKS: Record<string, (a: string) => string | undefined> = {
  IPv4: (a) => (isIP(a) === 4 ? undefined : 'must be a valid IPv4 address'),
  IPv6: (a) => (isIP(a) === 6 ? undefined : 'must be a valid IPv6 address'),
  FQDN: (a) => (isDns1123Subdomain(a).length ? 'must be a valid DNS name' : undefined),
};

/** EndpointSlice: a known address type, 1..100 addresses of that type per endpoint, valid ports. */
export function validateEndpointSlice(obj: Obj): FieldError[] {
  const check: ((a: string) => string | undefined) | undefined = ADDRESS_CHECKS[obj.addressType];
  const errs: FieldError[] = [];
  if (obj.addressType === undefined || obj.addressType === null || obj.addressType === '') errs.push(required('addressType'));
  else errs.push(...oneOf('addressType', obj.addressType, Object.keys(ADDRESS_CHECKS)));
  for (const [e, i] of objects(obj.endpoints)) {
    const path = at(idx('endpoints', i), 'addresses');
    const addresses: unknown[] = Array.isArray(e.addresses) ? e.addresses : [];
    if (addresses.length === 0) errs.push(required(path, 'must contain at least 1 address'));
    if (addresses.length > 100) errs.push(invalidValue(path, addresses.length, 'must have at most 100 items'));
    addresses.forEach((a, j) => {
      const why = typeof a === 'string' ? check?.(a) : undefined;
      if (why) errs.push(invalidValue(idx(path, j), a, why));
    });
  }
  errs.push(...validateEndpointPorts(obj.ports, 'ports'));
  return errs;
}
