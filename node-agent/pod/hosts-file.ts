/**
 * The pod's identity as its containers see it, as the kubelet gives it: the
 * hostname (spec.hostname, else the pod name, at most 63 characters) and a
 * managed /etc/hosts naming the pod at its IP (with the FQDN
 * `<hostname>.<subdomain>.<namespace>.svc.<cluster domain>` when spec.subdomain is
 * set, which is how a StatefulSet's pods get stable names under their headless
 * Service), followed by spec.hostAliases. `podHostname` and `hostsFileContent`
 * are pure; `writeHostsFile` puts the file beside the pod's volumes.
 */
import { existsSync, mkdirSync, readFileSync, renameSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';

/** The cluster's DNS domain unless the agent is told otherwise (the kubelet's --cluster-domain default). */
export const DEFAULT_CLUSTER_DOMAIN = 'cluster.local';

/** The hostname a pod's containers get: spec.hostname, else the pod name, cut to 63 characters as the kubelet does. */
export function podHostname(pod: any): string {
  const name = String(pod.spec?.hostname || pod.metadata.name);
  return name.length > 63 ? name.slice(0, 63).replace(/[-.]+$/, '') : name;
}

/** The pod's fully qualified name, when it has a subdomain (undefined otherwise). */
export function podDomainName(pod: any, clusterDomain: string): string | undefined {
  const sub = pod.spec?.subdomain;
  if (!sub) return undefined;
  return `${podHostname(pod)}.${sub}.${pod.metadata.namespace}.svc.${clusterDomain}`;
}

/** The managed /etc/hosts of a pod with address `podIP`, in the kubelet's layout. */
export function hostsFileContent(pod: any, podIP: string, clusterDomain = DEFAULT_CLUSTER_DOMAIN): string {
  const lines = [
    '# Kubernetes-managed hosts file.',
    '127.0.0.1\tlocalhost',
    '::1\tlocalhost ip6-localhost ip6-loopback',
    'fe00::0\tip6-localnet',
    'fe00::0\tip6-mcastprefix',
    'fe00::1\tip6-allnodes',
    'fe00::2\tip6-allrouters',
  ];
  const hostname = podHostname(pod);
  const fqdn = podDomainName(pod, clusterDomain);
  lines.push(fqdn ? `${podIP}\t${fqdn}\t${hostname}` : `${podIP}\t${hostname}`);
  const aliases: any[] = pod.spec?.hostAliases ?? [];
  if (aliases.length) {
    lines.push('', '# Entries added by HostAliases.');
    for (const a of aliases) if (a.ip && a.hostnames?.length) lines.push(`${a.ip}\t${a.hostnames.join('\t')}`);
  }
  return `${lines.join('\n')}\n`;
}

/**
 * Writes (or refreshes) `<stateDir>/pods/<uid>/etc-hosts` and returns its path; a
 * rename makes the change atomic for readers. Removed with the pod's volumes.
 */
export function writeHostsFile(stateDir: string, pod: any, podIP: string, clusterDomain = DEFAULT_CLUSTER_DOMAIN): string {
  const dir = join(stateDir, 'pods', pod.metadata.uid);
  const path = join(dir, 'etc-hosts');
  const content = hostsFileContent(pod, podIP, clusterDomain);
  if (existsSync(path) && readFileSync(path, 'utf8') === content) return path;
  mkdirSync(dir, { recursive: true });
  writeFileSync(`${path}.rk-tmp`, content);
  renameSync(`${path}.rk-tmp`, path);
  return path;
}
