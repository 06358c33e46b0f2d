/**
 * Generates redkube's compact API schema from the `kubernetes-types` package.
 *
 * Reads the package's .d.ts files with the TypeScript compiler API, walks every
 * type reachable from the served kinds (src/api/resources.ts) and writes:
 *   src/api/schema/schema.json        field types, required fields and kinds, for validation and OpenAPI
 *   src/api/schema/descriptions.json  doc comments, for OpenAPI (`kubectl explain`)
 *
 * Run after changing the served resources or upgrading kubernetes-types:
 *   npx tsx scripts/gen-schema.ts
 *
 * Type expressions in schema.json: `string`, `int32`, `int64`, `boolean`, `bytes`
 * (base64 string), a definition name, `[]<type>` (array) or `{}<type>` (string map).
 * Definitions are either objects (`properties`, `required`, `gvk`) or named scalars
 * (`scalar`: quantity, time, int-or-string, any).
 */
import { readFileSync, readdirSync, writeFileSync, existsSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import ts from 'typescript';
import { RESOURCES } from '../src/api/resources.js';

const ROOT = join(dirname(fileURLToPath(import.meta.url)), '..');
const TYPES_DIR = join(ROOT, 'node_modules', 'kubernetes-types');
const OUT_DIR = join(ROOT, 'src', 'api', 'schema');

const INT_OR_STRING = 'io.k8s.apimachinery.pkg.util.intstr.IntOrString';

/**
 * JavaScript has one number type, so the .d.ts files cannot say which integers
 * are 64-bit in Go. These property names are the int64 fields of the served kinds;
 * every other number is an int32 (none of the served kinds has a float field).
 */
const INT64_FIELDS = new Set([
  'generation', 'observedGeneration', 'deletionGracePeriodSeconds', 'terminationGracePeriodSeconds',
  'activeDeadlineSeconds', 'startingDeadlineSeconds', 'gracePeriodSeconds', 'expirationSeconds',
  'runAsUser', 'runAsGroup', 'fsGroup', 'supplementalGroups', 'revision', 'sizeBytes', 'remainingItemCount',
]);

/** Byte-slice fields, typed as plain strings in the .d.ts files but base64 on the wire. */
const BYTES_FIELDS: Record<string, string[]> = {
  'io.k8s.api.core.v1.Secret': ['data'],
  'io.k8s.api.core.v1.ConfigMap': ['binaryData'],
};

/** Type aliases to `string` that carry a meaning the validator checks. */
const SCALAR_ALIASES: Record<string, string> = { Quantity: 'quantity', Time: 'time', MicroTime: 'time' };

/** Kinds whose .d.ts has no apiVersion/kind literals but which the API returns as such. */
const EXTRA_GVK: Record<string, Gvk> = {
  'io.k8s.apimachinery.pkg.apis.meta.v1.Status': { group: '', version: 'v1', kind: 'Status' },
};

interface Gvk { group: string; version: string; kind: string }
interface Definition {
  scalar?: string;
  gvk?: Gvk;
  required?: string[];
  properties?: Record<string, string>;
}

/** One parsed .d.ts module: its declarations and where its imported names come from. */
interface Module {
  key: string;
  decls: Map<string, ts.InterfaceDeclaration | ts.TypeAliasDeclaration>;
  imports: Map<string, string>;
}

/** Maps a module path inside kubernetes-types to the Kubernetes OpenAPI name prefix. */
function prefixOf(moduleKey: string): string {
  if (moduleKey === 'meta/v1') return 'io.k8s.apimachinery.pkg.apis.meta.v1';
  if (moduleKey === 'api/resource') return 'io.k8s.apimachinery.pkg.api.resource';
  if (moduleKey === 'runtime') return 'io.k8s.apimachinery.pkg.runtime';
  return `io.k8s.api.${moduleKey.replace('/', '.')}`;
}

function loadModules(): Map<string, Module> {
  const files: string[] = ['runtime.d.ts'];
  for (const dir of readdirSync(TYPES_DIR, { withFileTypes: true })) {
    if (!dir.isDirectory()) continue;
    for (const f of readdirSync(join(TYPES_DIR, dir.name))) if (f.endsWith('.d.ts')) files.push(`${dir.name}/${f}`);
  }
  const modules = new Map<string, Module>();
  for (const file of files) {
    const key = file.replace(/\.d\.ts$/, '');
    const source = ts.createSourceFile(file, readFileSync(join(TYPES_DIR, file), 'utf8'), ts.ScriptTarget.Latest, true);
    const mod: Module = { key, decls: new Map(), imports: new Map() };
    for (const stmt of source.statements) {
      if (ts.isInterfaceDeclaration(stmt) || ts.isTypeAliasDeclaration(stmt)) mod.decls.set(stmt.name.text, stmt);
      if (ts.isImportDeclaration(stmt) && ts.isStringLiteral(stmt.moduleSpecifier)) {
        const target = join(dirname(key), stmt.moduleSpecifier.text).replace(/\\/g, '/');
        for (const el of (stmt.importClause?.namedBindings as ts.NamedImports | undefined)?.elements ?? []) {
          mod.imports.set(el.name.text, target);
        }
      }
    }
    modules.set(key, mod);
  }
  return modules;
}

function docOf(node: ts.Node): string | undefined {
  const docs = ts.getJSDocCommentsAndTags(node).filter(ts.isJSDoc);
  const text = docs.map((d) => ts.getTextOfJSDocComment(d.comment) ?? '').join('\n').trim();
  return text || undefined;
}

function literalOf(member: ts.TypeElement | undefined): string | undefined {
  const type = member && ts.isPropertySignature(member) ? member.type : undefined;
  return type && ts.isLiteralTypeNode(type) && ts.isStringLiteral(type.literal) ? type.literal.text : undefined;
}

/** Walks the declarations reachable from the roots and records definitions and descriptions. */
class Collector {
  readonly definitions: Record<string, Definition> = {};
  readonly descriptions: Record<string, Record<string, string>> = {};
  constructor(private readonly modules: Map<string, Module>) {}

  /** Adds the named declaration of a module (and everything it references); returns its definition name. */
  add(moduleKey: string, name: string): string {
    const mod = this.modules.get(moduleKey);
    const decl = mod?.decls.get(name);
    if (!mod || !decl) throw new Error(`kubernetes-types has no ${name} in ${moduleKey}`);
    const defName = `${prefixOf(moduleKey)}.${name}`;
    if (this.definitions[defName]) return defName;
    const def: Definition = {};
    this.definitions[defName] = def;
    const doc = docOf(decl);
    if (doc) this.describe(defName, '', doc);
    if (ts.isTypeAliasDeclaration(decl)) {
      def.scalar = SCALAR_ALIASES[name];
      if (!def.scalar) throw new Error(`unsupported type alias ${defName}`);
      return defName;
    }
    if (decl.members.length === 0) {
      def.scalar = 'any';
      return defName;
    }
    this.addProperties(mod, defName, decl, def);
    return defName;
  }

  private addProperties(mod: Module, defName: string, decl: ts.InterfaceDeclaration, def: Definition): void {
    def.properties = {};
    const required: string[] = [];
    for (const member of decl.members) {
      if (!ts.isPropertySignature(member) || !member.type) continue;
      const prop = member.name.getText().replace(/^"|"$/g, '');
      const bytes = BYTES_FIELDS[defName]?.includes(prop);
      def.properties[prop] = bytes ? '{}bytes' : this.typeOf(mod, member.type, prop);
      if (!member.questionToken) required.push(prop);
      const doc = docOf(member);
      if (doc) this.describe(defName, prop, doc);
    }
    if (required.length) def.required = required;
    const gvk = this.gvkOf(decl) ?? EXTRA_GVK[defName];
    if (gvk) def.gvk = gvk;
  }

  private gvkOf(decl: ts.InterfaceDeclaration): Gvk | undefined {
    const member = (n: string) => decl.members.find((m) => m.name?.getText() === n);
    const apiVersion = literalOf(member('apiVersion'));
    const kind = literalOf(member('kind'));
    if (!apiVersion || !kind) return undefined;
    const [group, version] = apiVersion.includes('/') ? apiVersion.split('/') : ['', apiVersion];
    return { group, version, kind };
  }

  private typeOf(mod: Module, node: ts.TypeNode, prop: string): string {
    if (node.kind === ts.SyntaxKind.StringKeyword || ts.isLiteralTypeNode(node)) return 'string';
    if (node.kind === ts.SyntaxKind.BooleanKeyword) return 'boolean';
    if (node.kind === ts.SyntaxKind.NumberKeyword) return INT64_FIELDS.has(prop) ? 'int64' : 'int32';
    if (ts.isArrayTypeNode(node)) return `[]${this.typeOf(mod, node.elementType, prop)}`;
    if (ts.isUnionTypeNode(node)) return this.intOrString(node);
    if (ts.isTypeLiteralNode(node)) {
      const index = node.members.find(ts.isIndexSignatureDeclaration);
      if (!index) throw new Error(`unsupported inline object type in ${mod.key} (${prop})`);
      return `{}${this.typeOf(mod, index.type, prop)}`;
    }
    if (ts.isTypeReferenceNode(node)) {
      const name = node.typeName.getText();
      if (name === 'Array' && node.typeArguments?.length === 1) return `[]${this.typeOf(mod, node.typeArguments[0], prop)}`;
      return this.add(mod.decls.has(name) ? mod.key : (mod.imports.get(name) ?? mod.key), name);
    }
    throw new Error(`unsupported type ${node.getText()} in ${mod.key} (${prop})`);
  }

  private intOrString(node: ts.UnionTypeNode): string {
    const kinds = node.types.map((t) => t.kind).sort();
    if (kinds.join() !== [ts.SyntaxKind.NumberKeyword, ts.SyntaxKind.StringKeyword].sort().join()) {
      throw new Error(`unsupported union ${node.getText()}`);
    }
    if (!this.definitions[INT_OR_STRING]) {
      this.definitions[INT_OR_STRING] = { scalar: 'int-or-string' };
      this.describe(INT_OR_STRING, '', 'An integer or a string: fields of this type accept either, for example a port number or a port name, or a count or a percentage.');
    }
    return INT_OR_STRING;
  }

  private describe(defName: string, prop: string, text: string): void {
    (this.descriptions[defName] ??= {})[prop] = text;
  }
}

/** The kubernetes-types module holding a served group-version (`coordination.k8s.io/v1` -> `coordination/v1`). */
function moduleOfGroupVersion(group: string, version: string): string {
  const key = `${group ? group.split('.')[0] : 'core'}/${version}`;
  if (!existsSync(join(TYPES_DIR, `${key}.d.ts`))) throw new Error(`kubernetes-types has no module for ${group}/${version}`);
  return key;
}

/** Writes one top-level entry per line so regenerated files diff line by line. */
function writeJson(file: string, value: Record<string, unknown>, top: string): void {
  const entries = Object.keys(value).sort().map((k) => `  ${JSON.stringify(k)}: ${JSON.stringify(value[k])}`);
  writeFileSync(join(OUT_DIR, file), `{"${top}": {\n${entries.join(',\n')}\n}}\n`);
}

function main(): void {
  const collector = new Collector(loadModules());
  for (const r of RESOURCES) {
    const mod = moduleOfGroupVersion(r.group, r.version);
    collector.add(mod, r.kind);
    collector.add(mod, `${r.kind}List`);
  }
  collector.add('autoscaling/v1', 'Scale');
  collector.add('meta/v1', 'Status');
  collector.add('meta/v1', 'DeleteOptions');
  collector.add('meta/v1', 'WatchEvent');
  writeJson('schema.json', collector.definitions as Record<string, unknown>, 'definitions');
  writeJson('descriptions.json', collector.descriptions, 'descriptions');
  console.log(`wrote ${Object.keys(collector.definitions).length} definitions to ${OUT_DIR}`);
}

main();
