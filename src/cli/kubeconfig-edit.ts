/**
 * Reading and editing kubeconfig files for `rk config`, in kubectl's format and
 * with kubectl's merge rule (files of `KUBECONFIG` in order, the first definition
 * of a name wins). The document operations are pure; only `loadFiles`/`saveFile`
 * touch the disk, and an edit rewrites just the one file that holds the entry.
 */
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { homedir } from 'node:os';
import { delimiter, join } from 'node:path';
import { parse, stringify } from 'yaml';

/** A named entry of `clusters`, `users` or `contexts`. */
export interface NamedEntry { name: string; [field: string]: unknown }

/** One kubeconfig document. */
export interface KubeconfigDoc {
  apiVersion?: string; kind?: string; preferences?: unknown;
  clusters?: NamedEntry[]; users?: NamedEntry[]; contexts?: NamedEntry[];
  'current-context'?: string;
}

/** A file and its parsed document. */
export interface LoadedFile { path: string; doc: KubeconfigDoc }

/** The files kubectl would read: `--kubeconfig`, else `KUBECONFIG`'s existing entries, else `~/.kube/config`. */
export function kubeconfigPaths(explicit: string | undefined, env: NodeJS.ProcessEnv = process.env): string[] {
  if (explicit) return [explicit];
  const listed = (env.KUBECONFIG ?? '').split(delimiter).filter(Boolean);
  if (listed.length) {
    const existing = listed.filter((p) => existsSync(p));
    return existing.length ? existing : [listed[0]];
  }
  return [join(env.HOME ?? homedir(), '.kube', 'config')];
}

/** Reads every file (a missing one reads as empty). */
export function loadFiles(paths: string[]): LoadedFile[] {
  return paths.map((path) => ({ path, doc: existsSync(path) ? ((parse(readFileSync(path, 'utf8')) ?? {}) as KubeconfigDoc) : {} }));
}

/** Writes one file back, keeping kubectl's top-level fields. */
export function saveFile(file: LoadedFile): void {
  const doc = { apiVersion: 'v1', kind: 'Config', preferences: {}, ...file.doc };
  writeFileSync(file.path, stringify(doc, { indentSeq: false }), { mode: 0o600 });
}

/** The merged view: first definition of each name wins; current-context from the first file that sets it. */
export function mergeDocs(files: readonly LoadedFile[]): Required<Pick<KubeconfigDoc, 'clusters' | 'users' | 'contexts'>> & KubeconfigDoc {
  const pick = (field: 'clusters' | 'users' | 'contexts') => {
    const seen = new Map<string, NamedEntry>();
    for (const f of files) for (const e of f.doc[field] ?? []) if (e?.name && !seen.has(e.name)) seen.set(e.name, e);
    return [...seen.values()];
  };
  const current = files.map((f) => f.doc['current-context']).find(Boolean);
  return { apiVersion: 'v1', kind: 'Config', preferences: {}, clusters: pick('clusters'), contexts: pick('contexts'), 'current-context': current ?? '', users: pick('users') };
}

const SECRET_DATA = ['certificate-authority-data', 'client-certificate-data', 'client-key-data'];

/** kubectl's redaction for `config view` without `--raw`: key material `DATA+OMITTED`, tokens `REDACTED`. */
export function redact(doc: KubeconfigDoc): KubeconfigDoc {
  const scrub = (e: NamedEntry, field: string): NamedEntry => {
    const inner = { ...(e[field] as Record<string, unknown> | undefined) };
    for (const k of SECRET_DATA) if (inner[k]) inner[k] = 'DATA+OMITTED';
    for (const k of ['token', 'password']) if (inner[k]) inner[k] = 'REDACTED';
    return { ...e, [field]: inner };
  };
  return { ...doc, clusters: doc.clusters?.map((c) => scrub(c, 'cluster')), users: doc.users?.map((u) => scrub(u, 'user')) };
}

/** `--minify`: only the current context and what it references. */
export function minify(doc: ReturnType<typeof mergeDocs>, context?: string): KubeconfigDoc {
  const name = context || doc['current-context'];
  const ctx = doc.contexts.find((c) => c.name === name);
  if (!ctx) throw new Error(`current-context must exist in order to minify`);
  const inner = (ctx.context ?? {}) as { cluster?: string; user?: string };
  return {
    ...doc, 'current-context': name, contexts: [ctx],
    clusters: doc.clusters.filter((c) => c.name === inner.cluster), users: doc.users.filter((u) => u.name === inner.user),
  };
}

/** The file an entry is defined in (the first that has it), else the first file. */
export function fileDefining(files: readonly LoadedFile[], field: 'contexts' | 'clusters' | 'users', name: string): LoadedFile {
  return files.find((f) => f.doc[field]?.some((e) => e.name === name)) ?? files[0];
}

/** Sets fields of a context (creating it when absent); pure on `doc`, returns the new document. */
export function setContextFields(doc: KubeconfigDoc, name: string, fields: { namespace?: string; cluster?: string; user?: string }): KubeconfigDoc {
  const contexts = [...(doc.contexts ?? [])];
  const i = contexts.findIndex((c) => c.name === name);
  const current = (i >= 0 ? contexts[i].context : {}) as Record<string, unknown>;
  const next = { ...current };
  for (const [k, v] of Object.entries(fields)) if (v !== undefined) next[k] = v;
  const entry = { name, context: next };
  if (i >= 0) contexts[i] = entry;
  else contexts.push(entry);
  return { ...doc, contexts };
}
