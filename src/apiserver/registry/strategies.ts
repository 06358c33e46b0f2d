/**
 * Per-kind create and update strategies (Kubernetes' registry "strategies"):
 * what a create resets, and which part of the object the main resource and the
 * status subresource may change.
 */
import type { ResourceInfo } from '../../api/resources.js';

/** Kinds whose create keeps the status the client sent (node agents register nodes with status). */
const KEEPS_STATUS_ON_CREATE = new Set(['Node', 'Event', 'Lease', 'EndpointSlice', 'Endpoints', 'ControllerRevision']);

/** Resets fields a client may not set on create. */
export function prepareForCreate(info: ResourceInfo, obj: Record<string, any>, _now: number): void {
  if (!info.subresources.includes('status') || KEEPS_STATUS_ON_CREATE.has(info.kind)) return;
  if (info.kind === 'Pod') obj.status = { phase: 'Pending' };
  else if (info.kind === 'Namespace') obj.status = { phase: 'Active' };
  else obj.status = {};
}

/**
 * Merges a desired object with the stored one for an update: the main resource
 * cannot change status (when a status subresource exists), the status subresource
 * changes only status.
 */
export function prepareForUpdate(info: ResourceInfo, oldObj: Record<string, any>, desired: Record<string, any>, subresource?: string): Record<string, any> {
  if (subresource === 'status') {
    const next = structuredClone(oldObj);
    next.status = desired.status;
    if (desired.metadata?.resourceVersion) next.metadata.resourceVersion = desired.metadata.resourceVersion;
    return next;
  }
  if (subresource === 'binding') return desired;
  if (subresource === 'finalize') {
    const next = structuredClone(oldObj);
    next.spec = { ...(next.spec ?? {}), finalizers: desired.spec?.finalizers ?? [] };
    if (desired.metadata?.resourceVersion) next.metadata.resourceVersion = desired.metadata.resourceVersion;
    return next;
  }
  if (info.subresources.includes('status')) {
    if (oldObj.status === undefined) delete desired.status;
    else desired.status = oldObj.status;
  }
  if (info.kind === 'Namespace') {
    desired.status = oldObj.status;
    desired.spec = { ...(desired.spec ?? {}), finalizers: oldObj.spec?.finalizers ?? [] };
  }
  return desired;
}
