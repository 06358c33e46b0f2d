/**
 * The pure core of `rk events`: kubectl's columns (LAST SEEN, TYPE, REASON,
 * OBJECT, MESSAGE; NAMESPACE first with -A), rows sorted by when they last
 * happened, and the `--for kind/name` field selector.
 */
import { humanDuration } from '../apiserver/tables/duration.js';

type Obj = Record<string, any>;

function lastSeen(e: Obj): number {
  return Date.parse(e.lastTimestamp || e.eventTime || e.series?.lastObservedTime || e.metadata?.creationTimestamp || '') || 0;
}

/** kubectl's LAST SEEN cell: the age, or `2m (x3 over 10m)` for a repeated event. */
export function lastSeenText(e: Obj, now: number): string {
  const last = lastSeen(e);
  const first = Date.parse(e.firstTimestamp || e.eventTime || '') || last;
  const count = e.count ?? e.series?.count ?? 1;
  const age = humanDuration(now - last);
  return count > 1 ? `${age} (x${count} over ${humanDuration(now - first)})` : age;
}

/** Header and rows for the events, oldest first. */
export function eventRows(events: Obj[], now: number, withNamespace: boolean): string[][] {
  const header = [...(withNamespace ? ['NAMESPACE'] : []), 'LAST SEEN', 'TYPE', 'REASON', 'OBJECT', 'MESSAGE'];
  const rows = [...events].sort((a, b) => lastSeen(a) - lastSeen(b)).map((e) => [
    ...(withNamespace ? [e.metadata?.namespace ?? ''] : []),
    lastSeenText(e, now), e.type ?? '', e.reason ?? '',
    `${String(e.involvedObject?.kind ?? '').toLowerCase()}/${e.involvedObject?.name ?? ''}`, String(e.message ?? '').trim(),
  ]);
  return [header, ...rows];
}

/** The field selector for `--for kind/name`, given the resolved kind. */
export function forSelector(kind: string, name: string): string {
  return `involvedObject.kind=${kind},involvedObject.name=${name}`;
}
