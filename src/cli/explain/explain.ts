/**
 * The pure core of `rk explain`: walks a kind's OpenAPI v3 schema (as the server
 * serves it under `/openapi/v3`) down a field path and renders kubectl's layout —
 * KIND/VERSION, FIELD with its type, DESCRIPTION, and FIELDS (descriptions, or the
 * whole tree with `--recursive`).
 */

type Schema = Record<string, any>;
type Schemas = Record<string, Schema>;

const WIDTH = 80;

function refName(s: Schema | undefined): string | undefined {
  const ref = s?.$ref ?? s?.allOf?.[0]?.$ref;
  return typeof ref === 'string' ? ref.replace('#/components/schemas/', '') : undefined;
}

/** The schema a property points to (following `$ref`/`allOf`). */
export function resolveSchema(schemas: Schemas, s: Schema | undefined): Schema | undefined {
  const ref = refName(s);
  return ref ? schemas[ref] : s;
}

/** kubectl's type label: `string`, `[]Container`, `map[string]string`, `ObjectMeta`, `Object`; refs to primitives (Time) print their type. */
export function typeLabel(s: Schema | undefined, schemas: Schemas = {}): string {
  const ref = refName(s);
  if (ref) {
    const target = schemas[ref];
    if (target?.['x-kubernetes-int-or-string']) return 'IntOrString';
    if (target?.type && target.type !== 'object') return target.type;
    return ref.split('.').pop()!;
  }
  if (!s) return 'Object';
  if (s.type === 'array') return `[]${typeLabel(s.items, schemas)}`;
  if (s.type === 'object' && s.additionalProperties) return `map[string]${typeLabel(s.additionalProperties, schemas)}`;
  if (s['x-kubernetes-int-or-string']) return 'IntOrString';
  if (s.type === 'object' || !s.type) return 'Object';
  return s.type;
}

/** Word-wraps text to kubectl's width at an indent. */
export function wrap(text: string, indent: number): string {
  const pad = ' '.repeat(indent);
  const out: string[] = [];
  for (const para of text.split('\n')) {
    let line = '';
    for (const word of para.split(/\s+/).filter(Boolean)) {
      if (line && pad.length + line.length + 1 + word.length > WIDTH) { out.push(pad + line); line = word; } else line = line ? `${line} ${word}` : word;
    }
    out.push(pad + line);
  }
  return out.join('\n');
}

function elementSchema(schemas: Schemas, s: Schema | undefined): Schema | undefined {
  let cur = resolveSchema(schemas, s);
  while (cur?.type === 'array') cur = resolveSchema(schemas, cur.items);
  if (cur?.type === 'object' && cur.additionalProperties && !cur.properties) cur = resolveSchema(schemas, cur.additionalProperties);
  return cur;
}

function fieldLines(schemas: Schemas, s: Schema, recursive: boolean, depth: number, seen: string[]): string[] {
  const required: string[] = s.required ?? [];
  const lines: string[] = [];
  for (const name of Object.keys(s.properties ?? {}).sort()) {
    const prop = s.properties[name];
    const pad = '  '.repeat(depth + 1);
    lines.push(`${pad}${name}\t<${typeLabel(prop, schemas)}>${required.includes(name) ? ' -required-' : ''}`);
    if (recursive) {
      const ref = refName(prop) ?? refName(prop.items);
      const inner = elementSchema(schemas, prop);
      if (inner?.properties && !(ref && seen.includes(ref))) lines.push(...fieldLines(schemas, inner, true, depth + 1, ref ? [...seen, ref] : seen));
    } else {
      const d = prop.description ?? resolveSchema(schemas, prop)?.description ?? '';
      lines.push(`${wrap(d, 4 + depth * 2)}\n`);
    }
  }
  return lines;
}

/** Renders the explanation of `path` (field names below the kind) in the kind's schema. */
export function explain(schemas: Schemas, root: Schema, kind: string, version: string, path: string[], recursive: boolean): string {
  let schema: Schema | undefined = root;
  let field: { name: string; prop: Schema } | undefined;
  for (const name of path) {
    const holder = elementSchema(schemas, schema);
    const prop = holder?.properties?.[name];
    if (!prop) throw new Error(`field "${name}" does not exist`);
    field = { name, prop };
    schema = prop;
  }
  const target = elementSchema(schemas, schema) ?? {};
  const out = [`KIND:       ${kind}`, `VERSION:    ${version}`, ''];
  if (field) out.push(`FIELD: ${field.name} <${typeLabel(field.prop, schemas)}>`, '');
  const description = field ? field.prop.description ?? target.description : root.description;
  out.push('DESCRIPTION:', wrap(description ?? '<empty>', 4), '');
  if (target.properties) out.push('FIELDS:', ...fieldLines(schemas, target, recursive, 0, []));
  return `${out.join('\n').replace(/\n+$/, '')}\n`;
}
