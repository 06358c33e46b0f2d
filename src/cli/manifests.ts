/**
 * Reading manifests for `apply`, `create`, `delete`, `diff -f`: files, directories
 * (`.yaml`, `.yml`, `.json`; `-R` descends), or `-` for stdin; YAML streams with
 * several documents, JSON, and `kind: List` are all flattened into objects, in
 * order. Parsing is pure (`parseManifests`); only `readManifests` reads.
 */
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { extname, join } from 'node:path';
import { parseAllDocuments } from 'yaml';
import { CliError } from './errors.js';

/** One object and where it came from (for error messages). */
export interface Manifest { source: string; object: Record<string, any> }

const EXTENSIONS = new Set(['.yaml', '.yml', '.json']);

function flatten(obj: Record<string, any>, source: string): Manifest[] {
  if (typeof obj.kind === 'string' && obj.kind.endsWith('List') && Array.isArray(obj.items)) {
    return obj.items.flatMap((item: Record<string, any>) => flatten(item, source));
  }
  return [{ source, object: obj }];
}

/** The objects in one file's text (empty documents skipped). */
export function parseManifests(text: string, source: string): Manifest[] {
  const docs = parseAllDocuments(text);
  const out: Manifest[] = [];
  for (const doc of Array.isArray(docs) ? docs : [docs]) {
    if (doc.errors.length) throw new CliError(`error parsing ${source}: ${doc.errors[0].message}`);
    const value = doc.toJS() as unknown;
    if (value === null || value === undefined) continue;
    if (typeof value !== 'object' || Array.isArray(value)) throw new CliError(`error validating "${source}": a manifest must be an object`);
    const obj = value as Record<string, any>;
    if (!obj.kind || !obj.apiVersion) {
      throw new CliError(`error validating data: [apiVersion not set, kind not set] in ${source}`);
    }
    out.push(...flatten(obj, source));
  }
  return out;
}

function filesOf(path: string, recursive: boolean, top: boolean): string[] {
  const st = statSync(path, { throwIfNoEntry: false });
  if (!st) throw new CliError(`the path "${path}" does not exist`);
  if (!st.isDirectory()) return top || EXTENSIONS.has(extname(path)) ? [path] : [];
  if (!top && !recursive) return [];
  return readdirSync(path).sort().flatMap((n) => filesOf(join(path, n), recursive, false));
}

/** Reads every `-f` argument; `stdin` is read once when `-` is given. */
export function readManifests(paths: readonly string[], recursive: boolean, stdin: () => string = () => readFileSync(0, 'utf8')): Manifest[] {
  if (!paths.length) throw new CliError('must specify one of -f and -k');
  return paths.flatMap((p) => (p === '-' ? parseManifests(stdin(), 'STDIN') : filesOf(p, recursive, true).flatMap((f) => parseManifests(readFileSync(f, 'utf8'), f))));
}
