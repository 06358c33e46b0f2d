/**
 * Facts the header shows that do not change while the UI runs: the kubeconfig
 * context, its user and server, and the apiserver's version (read once; a
 * cluster that is down at start shows `unknown` and the UI still opens).
 */
import { readFileSync } from 'node:fs';
import { parse } from 'yaml';
import { REDKUBE_VERSION } from '../src/version.js';
import type { RestClient } from '../src/client/index.js';
import type { ClusterInfo } from './view/header.js';

/** The user name a kubeconfig context refers to; '' when the file cannot tell. */
export function contextUser(kubeconfigPath: string | undefined, contextName: string): string {
  if (!kubeconfigPath) return '';
  try {
    const doc = parse(readFileSync(kubeconfigPath, 'utf8')) as { contexts?: { name: string; context?: { user?: string } }[] };
    return doc.contexts?.find((c) => c.name === contextName)?.context?.user ?? '';
  } catch {
    return '';
  }
}

/** Reads the server version and assembles the header facts. */
export async function clusterInfo(client: RestClient, context: string, user: string): Promise<ClusterInfo> {
  const version = await client.request<{ gitVersion?: string }>('GET', '/version').then((v) => v?.gitVersion ?? 'unknown', () => 'unknown');
  return { context, server: client.server, user: user || '<none>', redkubeVersion: REDKUBE_VERSION, serverVersion: version };
}
