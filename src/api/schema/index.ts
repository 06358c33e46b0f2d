/**
 * The compact schema of every served kind, generated from kubernetes-types by
 * `scripts/gen-schema.ts` (see that script for the type-expression format).
 *
 * Validation (types, unknown fields, required fields) and the OpenAPI documents
 * both read this one file, so what the server accepts and what it advertises to
 * kubectl cannot drift apart.
 */
import type { ResourceInfo } from '../resources.js';
import schemaFile from './schema.json' with { type: 'json' };

/** Group, version and kind a top-level definition is served as. */
export interface Gvk {
  group: string;
  version: string;
  kind: string;
}

/** One named type: an object with typed properties, or a named scalar. */
export interface Definition {
  /** Set for named scalars: `quantity`, `time`, `int-or-string` or `any` (free-form JSON). */
  scalar?: string;
  gvk?: Gvk;
  required?: string[];
  /** Property name -> type expression. */
  properties?: Record<string, string>;
}

/** A parsed type expression. */
export type TypeExpr =
  | { kind: 'string' | 'int32' | 'int64' | 'boolean' | 'bytes' }
  | { kind: 'array'; items: string }
  | { kind: 'map'; values: string }
  | { kind: 'ref'; name: string };

/** Every definition by its Kubernetes OpenAPI name (`io.k8s.api.apps.v1.Deployment`). */
export const DEFINITIONS: Readonly<Record<string, Definition>> = schemaFile.definitions;

const PRIMITIVES = new Set(['string', 'int32', 'int64', 'boolean', 'bytes']);

/** Parses a type expression from schema.json. */
export function parseType(expr: string): TypeExpr {
  if (expr.startsWith('[]')) return { kind: 'array', items: expr.slice(2) };
  if (expr.startsWith('{}')) return { kind: 'map', values: expr.slice(2) };
  if (PRIMITIVES.has(expr)) return { kind: expr as 'string' };
  return { kind: 'ref', name: expr };
}

const byGvk = new Map<string, string>();
for (const [name, def] of Object.entries(DEFINITIONS)) {
  if (def.gvk) byGvk.set(`${def.gvk.group}/${def.gvk.version}/${def.gvk.kind}`, name);
}

/** Definition name of a group/version/kind, or undefined when the schema does not have it. */
export function definitionNameOf(gvk: Gvk): string | undefined {
  return byGvk.get(`${gvk.group}/${gvk.version}/${gvk.kind}`);
}

/** Definition name of a served resource's kind; every served resource has one (the generator guarantees it). */
export function definitionNameOfResource(info: ResourceInfo): string {
  const name = definitionNameOf(info);
  if (!name) throw new Error(`schema.json has no definition for ${info.group}/${info.version} ${info.kind}; run scripts/gen-schema.ts`);
  return name;
}

/** Short Go-style name of a definition (`v1.PodSpec`, `resource.Quantity`), as Kubernetes' decode errors print types. */
export function goTypeOfDefinition(name: string): string {
  const parts = name.split('.');
  return `${parts[parts.length - 2]}.${parts[parts.length - 1]}`;
}

/** Go-style name of a type expression (`[]v1.Container`, `map[string]string`, `int32`). */
export function goTypeOf(expr: string): string {
  const t = parseType(expr);
  switch (t.kind) {
    case 'array': return `[]${goTypeOf(t.items)}`;
    case 'map': return `map[string]${goTypeOf(t.values)}`;
    case 'ref': return goTypeOfDefinition(t.name);
    case 'boolean': return 'bool';
    case 'bytes': return '[]uint8';
    default: return t.kind;
  }
}
