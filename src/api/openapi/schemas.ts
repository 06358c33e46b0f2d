/**
 * Converts the generated compact schema into OpenAPI 3.0 component schemas,
 * shaped like kube-apiserver's: `$ref`s under `allOf` where a description sits
 * beside them, `x-kubernetes-group-version-kind` on kinds, and the descriptions
 * `kubectl explain` prints.
 */
import { DEFINITIONS, parseType, type Definition } from '../schema/index.js';
import descriptionsFile from '../schema/descriptions.json' with { type: 'json' };

/** A JSON schema object as it appears in the document. */
export type SchemaObject = Record<string, unknown>;

const DESCRIPTIONS: Readonly<Record<string, Record<string, string>>> = descriptionsFile.descriptions;

/** Name of the patch body schema, which accepts any of the four patch formats. */
export const PATCH_SCHEMA = 'io.k8s.apimachinery.pkg.apis.meta.v1.Patch';

const PATCH_DEFINITION: SchemaObject = {
  description: 'Patch is provided to give a concrete name and type to the Kubernetes PATCH request body.',
  type: 'object',
};

/** `$ref` to a component schema. */
export function ref(name: string): SchemaObject {
  return { $ref: `#/components/schemas/${name}` };
}

const PRIMITIVE_SCHEMAS: Record<string, SchemaObject> = {
  string: { type: 'string' },
  int32: { type: 'integer', format: 'int32' },
  int64: { type: 'integer', format: 'int64' },
  boolean: { type: 'boolean' },
  bytes: { type: 'string', format: 'byte' },
};

function typeSchema(expr: string): SchemaObject {
  const t = parseType(expr);
  switch (t.kind) {
    case 'array': return { type: 'array', items: typeSchema(t.items) };
    case 'map': return { type: 'object', additionalProperties: typeSchema(t.values) };
    case 'ref': return ref(t.name);
    default: return { ...PRIMITIVE_SCHEMAS[t.kind] };
  }
}

/** Property schema: a `$ref` with a description must be wrapped in `allOf` in OpenAPI 3.0. */
function propertySchema(expr: string, description: string | undefined): SchemaObject {
  const schema = typeSchema(expr);
  if (description === undefined) return schema;
  if (schema.$ref) return { allOf: [schema], description };
  return { ...schema, description };
}

const SCALAR_SCHEMAS: Record<string, SchemaObject> = {
  quantity: { type: 'string' },
  time: { type: 'string', format: 'date-time' },
  'int-or-string': { type: 'string', format: 'int-or-string' },
  any: { type: 'object' },
};

function componentSchema(name: string, def: Definition): SchemaObject {
  const docs = DESCRIPTIONS[name] ?? {};
  const schema: SchemaObject = {};
  if (docs['']) schema.description = docs[''];
  if (def.scalar) return { ...schema, ...SCALAR_SCHEMAS[def.scalar] };
  schema.type = 'object';
  const properties: Record<string, SchemaObject> = {};
  for (const [prop, expr] of Object.entries(def.properties ?? {})) properties[prop] = propertySchema(expr, docs[prop]);
  schema.properties = properties;
  if (def.required) schema.required = def.required;
  if (def.gvk) schema['x-kubernetes-group-version-kind'] = [{ group: def.gvk.group, kind: def.gvk.kind, version: def.gvk.version }];
  return schema;
}

function referencedNames(expr: string, out: string[]): void {
  const t = parseType(expr);
  if (t.kind === 'array') referencedNames(t.items, out);
  else if (t.kind === 'map') referencedNames(t.values, out);
  else if (t.kind === 'ref') out.push(t.name);
}

/** Component schemas for the given roots and everything they reference, keyed by name. */
export function componentSchemas(roots: string[]): Record<string, SchemaObject> {
  const schemas: Record<string, SchemaObject> = {};
  const pending = [...roots];
  while (pending.length) {
    const name = pending.pop()!;
    if (schemas[name]) continue;
    if (name === PATCH_SCHEMA) {
      schemas[name] = PATCH_DEFINITION;
      continue;
    }
    const def = DEFINITIONS[name];
    if (!def) throw new Error(`OpenAPI: no schema definition ${name}`);
    schemas[name] = componentSchema(name, def);
    for (const expr of Object.values(def.properties ?? {})) referencedNames(expr, pending);
  }
  return Object.fromEntries(Object.keys(schemas).sort().map((k) => [k, schemas[k]]));
}
