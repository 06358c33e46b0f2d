/**
 * The delete rule of Kubernetes' NamespaceLifecycle admission: the namespaces
 * the cluster itself depends on cannot be deleted. Kubernetes protects
 * `default`, `kube-system` and `kube-public` and recreates `kube-node-lease`
 * from a system-namespaces loop; redkube creates the built-in namespaces only at
 * apiserver start, so it protects `kube-node-lease` too (node heartbeats live there).
 */
import { ApiError } from '../../api/errors.js';
import type { ResourceInfo } from '../../api/resources.js';

/** Namespaces that may never be deleted. */
export const IMMORTAL_NAMESPACES: ReadonlySet<string> = new Set(['default', 'kube-system', 'kube-public', 'kube-node-lease']);

/**
 * The 403 a delete of `name` gets when it is an immortal namespace, worded as
 * Kubernetes words it; undefined when the delete may go ahead.
 */
export function refuseNamespaceDelete(info: ResourceInfo, name: string): ApiError | undefined {
  if (info.group !== '' || info.resource !== 'namespaces' || !IMMORTAL_NAMESPACES.has(name)) return undefined;
  return new ApiError('Forbidden', `namespaces "${name}" is forbidden: this namespace may not be deleted`, { name, kind: 'namespaces' });
}
