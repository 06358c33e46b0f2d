/**
 * Expires Events after a TTL (Kubernetes' --event-ttl, one hour by default), so
 * the event stream of a long-running cluster does not grow without bound. Each
 * expiry is an ordinary delete: watchers see DELETED, as with etcd lease expiry.
 * Safe with several apiservers: a delete that lost a race is ignored.
 */
import { ApiError } from '../api/errors.js';
import { findResource } from '../api/resources.js';
import type { WatchCache } from '../store/watch-cache.js';
import type { ObjectService } from './registry/object-service.js';

const EVENTS = findResource('', 'v1', 'events')!;

/** The time an Event was last touched: lastTimestamp, eventTime, or creationTimestamp. */
export function eventTouchedAt(ev: Record<string, any>): number {
  const t = ev.lastTimestamp ?? ev.eventTime ?? ev.metadata?.creationTimestamp;
  const ms = t ? Date.parse(t) : NaN;
  return Number.isFinite(ms) ? ms : 0;
}

/** Deletes every Event older than `ttlMs` now; returns how many were removed. */
export async function expireEvents(cache: WatchCache, objects: ObjectService, ttlMs: number, now = Date.now()): Promise<number> {
  const { items } = cache.list('events', (e) => now - eventTouchedAt(e.object) > ttlMs);
  let removed = 0;
  for (const e of items) {
    const ev = e.object;
    try {
      await objects.delete(EVENTS, ev.metadata.namespace, ev.metadata.name, { preconditions: { resourceVersion: ev.metadata.resourceVersion } }, { dryRun: false, fieldValidation: 'Ignore' });
      removed++;
    } catch (err) {
      if (!(err instanceof ApiError) || (err.reason !== 'NotFound' && err.reason !== 'Conflict')) throw err;
    }
  }
  return removed;
}

/** Runs `expireEvents` every `intervalMs` until the returned stop function is called. */
export function startEventExpiry(cache: WatchCache, objects: ObjectService, ttlMs: number, intervalMs = 60_000): () => void {
  let running = false;
  const timer = setInterval(() => {
    if (running) return;
    running = true;
    expireEvents(cache, objects, ttlMs).catch(() => undefined).finally(() => { running = false; });
  }, intervalMs);
  timer.unref();
  return () => clearInterval(timer);
}
