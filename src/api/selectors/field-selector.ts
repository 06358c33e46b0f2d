/**
 * Field selectors: parsing the `fieldSelector` query string and matching objects.
 *
 * Only the fields Kubernetes indexes for each resource may be selected on; any
 * other field is a 400 `field label not supported`, so a selector that works
 * against redkube also works against Kubernetes and the other way round.
 */
import { badRequest } from '../errors.js';

/** One `field=value` or `field!=value` term; a selector matches when all terms do. */
export type FieldRequirement = { field: string; operator: '=' | '!='; value: string };

type FieldGetter = (obj: any) => string;

const str = (v: unknown): string => (v === undefined || v === null ? '' : String(v));

const META: Record<string, FieldGetter> = {
  'metadata.name': (o) => str(o?.metadata?.name),
  'metadata.namespace': (o) => str(o?.metadata?.namespace),
};

/** Per-resource selectable fields beyond metadata, as Kubernetes registers them. */
const FIELDS: Record<string, Record<string, FieldGetter>> = {
  pods: {
    'spec.nodeName': (o) => str(o?.spec?.nodeName),
    'spec.restartPolicy': (o) => str(o?.spec?.restartPolicy),
    'spec.schedulerName': (o) => str(o?.spec?.schedulerName),
    'spec.serviceAccountName': (o) => str(o?.spec?.serviceAccountName),
    'spec.hostNetwork': (o) => String(o?.spec?.hostNetwork === true),
    'status.phase': (o) => str(o?.status?.phase),
    'status.podIP': (o) => str(o?.status?.podIP),
    'status.nominatedNodeName': (o) => str(o?.status?.nominatedNodeName),
  },
  events: {
    'involvedObject.kind': (o) => str(o?.involvedObject?.kind),
    'involvedObject.namespace': (o) => str(o?.involvedObject?.namespace),
    'involvedObject.name': (o) => str(o?.involvedObject?.name),
    'involvedObject.uid': (o) => str(o?.involvedObject?.uid),
    'involvedObject.apiVersion': (o) => str(o?.involvedObject?.apiVersion),
    'involvedObject.resourceVersion': (o) => str(o?.involvedObject?.resourceVersion),
    'involvedObject.fieldPath': (o) => str(o?.involvedObject?.fieldPath),
    reason: (o) => str(o?.reason),
    reportingComponent: (o) => str(o?.reportingComponent),
    source: (o) => str(o?.source?.component),
    type: (o) => str(o?.type),
  },
  nodes: { 'spec.unschedulable': (o) => String(o?.spec?.unschedulable === true) },
  secrets: { type: (o) => str(o?.type) },
  namespaces: { 'status.phase': (o) => str(o?.status?.phase) },
  jobs: { 'status.successful': (o) => str(o?.status?.successful ?? 0) },
  replicasets: { 'status.replicas': (o) => str(o?.status?.replicas ?? 0) },
};

const merged = new Map<string, Record<string, FieldGetter>>();

/** Metadata plus resource getters, merged once per resource since lists match many objects. */
function gettersOf(resource: string): Record<string, FieldGetter> {
  let getters = merged.get(resource);
  if (!getters) {
    getters = { ...META, ...FIELDS[resource] };
    merged.set(resource, getters);
  }
  return getters;
}

/** Fields that may appear in a field selector for a resource (plural name); metadata fields always may. */
export function supportedFields(resource: string): string[] {
  return Object.keys(gettersOf(resource));
}

/** Throws the Kubernetes 400 for the first field the resource cannot be selected on. */
export function assertSupportedFields(resource: string, reqs: FieldRequirement[]): void {
  const getters = gettersOf(resource);
  const bad = reqs.find((r) => !getters[r.field]);
  if (bad) throw badRequest(`field label not supported: ${bad.field}`);
}

/** Splits on separators not preceded by a backslash escape. */
function splitUnescaped(s: string, sep: string): string[] {
  const parts: string[] = [];
  let start = 0;
  for (let i = 0; i < s.length; i++) {
    if (s[i] === '\\') i++;
    else if (s[i] === sep) { parts.push(s.slice(start, i)); start = i + 1; }
  }
  parts.push(s.slice(start));
  return parts;
}

/** Finds the first unescaped operator of a term. */
function splitTerm(term: string): [string, '=' | '!=', string] | undefined {
  for (let i = 0; i < term.length; i++) {
    if (term[i] === '\\') { i++; continue; }
    for (const op of ['!=', '==', '='] as const) {
      if (term.startsWith(op, i)) return [term.slice(0, i), op === '!=' ? '!=' : '=', term.slice(i + op.length)];
    }
  }
  return undefined;
}

/** Undoes `\\`, `\,` and `\=` escapes; any other escape or a bare separator is an error. */
function unescape(value: string): string {
  let out = '';
  for (let i = 0; i < value.length; i++) {
    const c = value[i];
    if (c === '\\') {
      const n = value[i + 1];
      if (n === undefined) throw badRequest('invalid field selector: unterminated escape sequence');
      if (n !== '\\' && n !== ',' && n !== '=') throw badRequest(`invalid field selector: invalid escape sequence: \\${n}`);
      out += n;
      i++;
    } else if (c === ',' || c === '=') {
      throw badRequest(`invalid field selector: unescaped character in value: ${c}`);
    } else {
      out += c;
    }
  }
  return out;
}

/**
 * Parses a `fieldSelector` query value (`a=b,c!=d`, `==` allowed, values may
 * escape `\,` `\=` `\\`). The empty string selects everything. Throws ApiError BadRequest.
 */
export function parseFieldSelector(s: string): FieldRequirement[] {
  const reqs: FieldRequirement[] = [];
  for (const part of splitUnescaped(s, ',').sort()) {
    if (part === '') continue;
    const term = splitTerm(part);
    if (!term) throw badRequest(`invalid selector: '${s}'; can't understand '${part}'`);
    const [field, operator, raw] = term;
    reqs.push({ field: field.trim(), operator, value: unescape(raw) });
  }
  return reqs;
}

/**
 * True when the object satisfies every term. `resource` is the plural name
 * (`pods`); a field the resource does not support throws ApiError BadRequest.
 */
export function matchesFields(reqs: FieldRequirement[], resource: string, obj: any): boolean {
  assertSupportedFields(resource, reqs);
  const getters = gettersOf(resource);
  return reqs.every((r) => (getters[r.field](obj) === r.value) === (r.operator === '='));
}

/** Prints requirements back in query form, escaping values, e.g. for continue tokens and logs. */
export function formatFieldSelector(reqs: FieldRequirement[]): string {
  return reqs.map((r) => `${r.field}${r.operator}${r.value.replace(/[\\,=]/g, (c) => `\\${c}`)}`).join(',');
}
