/**
 * Pod events as the kubelet records them (Created, Started, Killing, BackOff,
 * Unhealthy, Failed), written as core/v1 Events with `source.component: kubelet`
 * so `kubectl describe pod` shows them. Writing is fire-and-forget: a lost event
 * must never stall a pod.
 */
import { randomBytes } from 'node:crypto';
import { findResource } from '../../src/api/resources.js';
import { rfc3339 } from '../../src/apiserver/registry/object-meta.js';
import type { RestClient } from '../../src/client/index.js';
import { Limiter } from './limiter.js';

const EVENTS = findResource('', 'v1', 'events')!;

/** Records events about pods; `container` sets the involvedObject fieldPath. */
export interface EventRecorder {
  record(pod: any, type: 'Normal' | 'Warning', reason: string, message: string, container?: string): void;
}

/** An event recorder that drops everything (hollow nodes). */
export const NO_EVENTS: EventRecorder = { record: () => undefined };

/** Event writes in flight at once: events yield to status writes in a burst. */
const EVENT_WRITE_CONCURRENCY = 4;

/** Writes events through the apiserver. */
export function apiEventRecorder(client: RestClient, nodeName: string, log: (msg: string) => void): EventRecorder {
  const limiter = new Limiter(EVENT_WRITE_CONCURRENCY);
  return {
    record(pod, type, reason, message, container) {
      const now = rfc3339(Date.now());
      const ns = pod.metadata.namespace;
      const fieldPath = container ? `spec.${pod.spec.initContainers?.some((c: any) => c.name === container) ? 'initContainers' : 'containers'}{${container}}` : undefined;
      const event = {
        metadata: { name: `${pod.metadata.name}.${randomBytes(8).toString('hex')}`, namespace: ns },
        involvedObject: { kind: 'Pod', apiVersion: 'v1', namespace: ns, name: pod.metadata.name, uid: pod.metadata.uid, fieldPath },
        reason, message, type, count: 1, firstTimestamp: now, lastTimestamp: now,
        source: { component: 'kubelet', host: nodeName }, reportingComponent: 'kubelet', reportingInstance: nodeName,
      };
      limiter.run(() => client.create(EVENTS, ns, event as never)).catch((err: Error) => log(`event ${reason} for ${ns}/${pod.metadata.name} not recorded: ${err.message}`));
    },
  };
}
