/**
 * Reading kubeconfig files the way kubectl does, so `rk` and every component
 * find the cluster from the same file real Kubernetes tools use: `KUBECONFIG`
 * (a path list, merged, first definition of a name wins) or `~/.kube/config`.
 */
import { existsSync, readFileSync } from 'node:fs';
import { homedir } from 'node:os';
import { delimiter, dirname, join, resolve } from 'node:path';
import { parse } from 'yaml';
import { RestClient, type RestClientOptions } from './rest-client.js';

/** The connection settings of one kubeconfig context, with files already read. */
export interface KubeconfigContext extends RestClientOptions {
  /** The context's namespace, `default` when it names none. */
  namespace: string;
  contextName: string;
}

/** Which file(s) and context to read. */
export interface KubeconfigOptions {
  /** Use this context instead of `current-context`. */
  context?: string;
  /** Environment to read `KUBECONFIG` and `HOME` from; the process's by default. */
  env?: NodeJS.ProcessEnv;
}

interface Named<T> { name: string; value: T; dir: string }

interface RawCluster {
  server?: string;
  'certificate-authority'?: string;
  'certificate-authority-data'?: string;
  'insecure-skip-tls-verify'?: boolean;
}

interface RawUser {
  token?: string;
  tokenFile?: string;
  'client-certificate'?: string;
  'client-certificate-data'?: string;
  'client-key'?: string;
  'client-key-data'?: string;
}

interface RawContext { cluster?: string; user?: string; namespace?: string }

interface Merged {
  current?: string;
  clusters: Map<string, Named<RawCluster>>;
  users: Map<string, Named<RawUser>>;
  contexts: Map<string, Named<RawContext>>;
}

/** Files to read: the explicit path, else every existing entry of `KUBECONFIG`, else `~/.kube/config`. */
function configPaths(path: string | undefined, env: NodeJS.ProcessEnv): string[] {
  if (path) return [path];
  const listed = (env.KUBECONFIG ?? '').split(delimiter).filter(Boolean);
  if (listed.length) return listed.filter((p) => existsSync(p));
  return [join(env.HOME ?? homedir(), '.kube', 'config')];
}

function mergeEntries<T>(into: Map<string, Named<T>>, list: unknown, field: string, dir: string): void {
  if (!Array.isArray(list)) return;
  for (const item of list as Record<string, unknown>[]) {
    const name = item?.name;
    if (typeof name === 'string' && !into.has(name)) into.set(name, { name, value: (item[field] ?? {}) as T, dir });
  }
}

function readMerged(paths: string[]): Merged {
  const merged: Merged = { clusters: new Map(), users: new Map(), contexts: new Map() };
  for (const path of paths) {
    const doc = (parse(readFileSync(path, 'utf8')) ?? {}) as Record<string, unknown>;
    const dir = dirname(resolve(path));
    merged.current ??= (doc['current-context'] as string | undefined) || undefined;
    mergeEntries(merged.clusters, doc.clusters, 'cluster', dir);
    mergeEntries(merged.users, doc.users, 'user', dir);
    mergeEntries(merged.contexts, doc.contexts, 'context', dir);
  }
  return merged;
}

/** Inline base64 data wins over a file path (resolved against the kubeconfig's directory). */
function material(data: string | undefined, file: string | undefined, dir: string): string | undefined {
  if (data) return Buffer.from(data, 'base64').toString('utf8');
  if (file) return readFileSync(resolve(dir, file), 'utf8');
  return undefined;
}

function userSettings(user: Named<RawUser> | undefined): Pick<RestClientOptions, 'token' | 'cert' | 'key'> {
  if (!user) return {};
  const u = user.value;
  const token = u.token ?? (u.tokenFile ? readFileSync(resolve(user.dir, u.tokenFile), 'utf8').trim() : undefined);
  return {
    token,
    cert: material(u['client-certificate-data'], u['client-certificate'], user.dir),
    key: material(u['client-key-data'], u['client-key'], user.dir),
  };
}

/** Resolves a context (the current one by default) to connection settings; throws with a clear message when it cannot. */
export function loadKubeconfig(path?: string, options: KubeconfigOptions = {}): KubeconfigContext {
  const env = options.env ?? process.env;
  const paths = configPaths(path, env);
  if (!paths.length || !paths.every((p) => existsSync(p))) {
    throw new Error(`no kubeconfig found (looked at ${paths.join(', ') || 'KUBECONFIG'})`);
  }
  const merged = readMerged(paths);
  const contextName = options.context ?? merged.current;
  if (!contextName) throw new Error(`kubeconfig ${paths.join(delimiter)} has no current-context`);
  const context = merged.contexts.get(contextName);
  if (!context) throw new Error(`context "${contextName}" not found in kubeconfig`);
  const cluster = merged.clusters.get(context.value.cluster ?? '');
  if (!cluster?.value.server) throw new Error(`context "${contextName}" names cluster "${context.value.cluster}", which has no server`);
  const c = cluster.value;
  return {
    contextName,
    namespace: context.value.namespace || 'default',
    server: c.server!,
    ca: material(c['certificate-authority-data'], c['certificate-authority'], cluster.dir),
    insecure: c['insecure-skip-tls-verify'] === true,
    ...userSettings(merged.users.get(context.value.user ?? '')),
  };
}

/** A client for the kubeconfig's context, with the namespace commands should default to. */
export function clientFromKubeconfig(path?: string, options: KubeconfigOptions & { userAgent?: string } = {}): { client: RestClient; namespace: string } {
  const cfg = loadKubeconfig(path, options);
  const client = new RestClient({
    server: cfg.server, token: cfg.token, ca: cfg.ca, cert: cfg.cert, key: cfg.key, insecure: cfg.insecure, userAgent: options.userAgent,
  });
  return { client, namespace: cfg.namespace };
}
