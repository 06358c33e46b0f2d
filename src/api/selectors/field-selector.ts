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

/** One selectable field: the path it is read from and how the value found there prints. */
interface FieldSpec {
  path: string[];
  format: (v: unknown) => string;
}

const str = (v: unknown): string => (v === undefined || v === null ? '' : String(v));
const isTrue = (v: unknown): string => String(v === true);
const count = (v: unknown): string => str(v ?? 0);
const at = (path: string, format = str): FieldSpec => ({ path: path.split('.'), format });

const META: Record<string, FieldSpec> = {
  'metadata.name': at('metadata.name'),
  'metadata.namespace': at('metadata.namespace'),
};

/** Per-resource selectable fields beyond metadata, as Kubernetes registers them. */
const FIELDS: Record<string, Record<string, FieldSpec>> = {
  pods: {
    'spec.nodeName': at('spec.nodeName'),
    'spec.restartPolicy': at('spec.restartPolicy'),
    'spec.schedulerName': at('spec.schedulerName'),
    'spec.serviceAccountName': at('spec.serviceAccountName'),
    'spec.hostNetwork': at('spec.hostNetwork', isTrue),
    'status.phase': at('status.phase'),
    'status.podIP': at('status.podIP'),
    'status.nominatedNodeName': at('status.nominatedNodeName'),
  },
  events: {
    'involvedObject.kind': at('involvedObject.kind'),
    'involvedObject.namespace': at('involvedObject.namespace'),
    'involvedObject.name': at('involvedObject.name'),
    'involvedObject.uid': at('involvedObject.uid'),
    'involvedObject.apiVersion': at('involvedObject.apiVersion'),
    'involvedObject.resourceVersion': at('involvedObject.resourceVersion'),
    'involvedObject.fieldPath': at('involvedObject.fieldPath'),
    reason: at('reason'),
    reportingComponent: at('reportingComponent'),
    source: at('source.component'),
    type: at('type'),
  },
  nodes: { 'spec.unschedulable': at('spec.unschedulable', isTrue) },
  secrets: { type: at('type') },
  namespaces: { 'status.phase': at('status.phase') },
  jobs: { 'status.successful': at('status.successful', count) },
  replicasets: { 'status.replicas': at('status.replicas', count) },
};

/** The value at `path`, undefined where any step is missing (as optional chaining reads it). */
function dig(obj: any, path: string[]): unknown {
  let v = obj;
  for (const step of path) v = v === undefined || v === null ? undefined : v[step];
  return v;
}

const merged = new Map<string, Record<string, FieldSpec>>();

/** Metadata plus resource fields, merged once per resource since lists match many objects. */
function specsOf(resource: string): Record<string, FieldSpec> {
  let specs = merged.get(resource);
  if (!specs) {
    specs = { ...META, ...FIELDS[resource] };
    merged.set(resource, specs);
  }
  return specs;
}

/**
 * The part of an object any label or field selector on `resource` can read: name,
 * namespace, labels and the raw values of the selectable fields, at their own paths.
 * Every selector decides alike on the projection and on the whole object, so it stands
 * in for an object version that is no longer at hand (a watch event's previous state).
 */
export function selectableProjection(resource: string, obj: any): Record<string, any> {
  const out: Record<string, any> = {};
  const labels = obj?.metadata?.labels;
  if (labels !== undefined) out.metadata = { labels };
  for (const spec of Object.values(specsOf(resource))) {
    const v = dig(obj, spec.path);
    if (v === undefined) continue;
    let node = out;
    for (const step of spec.path.slice(0, -1)) node = node[step] ??= {};
    node[spec.path[spec.path.length - 1]] = v;
  }
  return out;
}

/** Fields that may appear in a field selector for a resource (plural name); metadata fields always may. */
export function supportedFields(resource: string): string[] {
  return Object.keys(specsOf(resource));
}

/** Throws the Kubernetes 400 for the first field the resource cannot be selected on. */
export function assertSupportedFields(resource: string, reqs: FieldRequirement[]): void {
  const specs = specsOf(resource);
  const bad = reqs.find((r) => !specs[r.field]);
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
  const specs = specsOf(resource);
  return reqs.every((r) => {
    const spec = specs[r.field];
    return (spec.format(dig(obj, spec.path)) === r.value) === (r.operator === '=');
  });
}

/** Prints requirements back in query form, escaping values, e.g. for continue tokens and logs. */
export function formatFieldSelector(reqs: FieldRequirement[]): string {
  return reqs.map((r) => `${r.field}${r.operator}${r.value.replace(/[\\,=]/g, (c) => `\\${c}`)}`).join(',');
}
