/**
 * Writes the kubeconfig `rk up` hands to kubectl and rk (same format as kubectl's).
 */
import { writeFileSync } from 'node:fs';
import { stringify } from 'yaml';

/** Writes a kubeconfig with one cluster (trusting the cluster CA when given), one user (bearer token) and one current context. */
export function writeKubeconfig(path: string, server: string, token: string, caPem?: string, name = 'redkube'): void {
  const config = {
    apiVersion: 'v1',
    kind: 'Config',
    clusters: [{ name, cluster: caPem ? { server, 'certificate-authority-data': Buffer.from(caPem).toString('base64') } : { server } }],
    users: [{ name: `${name}-admin`, user: { token } }],
    contexts: [{ name, context: { cluster: name, user: `${name}-admin`, namespace: 'default' } }],
    'current-context': name,
    preferences: {},
  };
  writeFileSync(path, stringify(config), { mode: 0o600 });
}
