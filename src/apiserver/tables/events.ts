/**
 * Event printer: LAST SEEN TYPE REASON OBJECT MESSAGE, and wide SUBOBJECT
 * SOURCE FIRST SEEN COUNT NAME. Handles both old-style events (timestamps and
 * count) and new-style ones (eventTime, series, reporting controller).
 */
import type { Event } from 'kubernetes-types/core/v1.js';
import { column, wide } from './columns.js';
import { ageSince } from './duration.js';
import type { Cell, TableColumn } from './types.js';

/** Event columns in kubectl's order; NAME is last and wide. */
export const columns: readonly TableColumn[] = [
  column('Last Seen', 'string', 'Time since the event was last observed.'),
  column('Type', 'string', 'Normal or Warning.'),
  column('Reason', 'string', 'Short machine-readable reason for the event.'),
  column('Object', 'string', 'The object the event is about, as kind/name.'),
  wide('Subobject', 'string', 'Field path within the object, e.g. a container.'),
  wide('Source', 'string', 'Component, and host, that reported the event.'),
  column('Message', 'string', 'Human-readable description of the event.'),
  wide('First Seen', 'string', 'Time since the event was first observed.'),
  wide('Count', 'string', 'How many times the event was observed.'),
  { ...wide('Name', 'string', 'Name of the event object.'), format: 'name' },
];

function target(ev: Event): string {
  const kind = (ev.involvedObject?.kind ?? '').toLowerCase();
  const name = ev.involvedObject?.name;
  return name ? `${kind}/${name}` : kind;
}

/** Component (or reporting controller), then `, host` (or reporting instance) when known. */
function source(ev: Event): string {
  const component = ev.source?.component || ev.reportingComponent || '';
  const instance = ev.source?.host || ev.reportingInstance || '';
  return instance ? `${component}, ${instance}` : component;
}

function seen(ev: Event, now: number): { first: string; last: string; count: number } {
  const first = ev.firstTimestamp ? ageSince(ev.firstTimestamp, now) : ageSince(ev.eventTime, now);
  if (ev.series) return { first, last: ageSince(ev.series.lastObservedTime, now), count: ev.series.count ?? 0 };
  const last = ev.lastTimestamp ? ageSince(ev.lastTimestamp, now) : first;
  return { first, last, count: ev.count || 1 };
}

/** One event row, wide cells included. */
export function row(ev: Event, now: number): Cell[] {
  const times = seen(ev, now);
  return [
    times.last,
    ev.type ?? '',
    ev.reason ?? '',
    target(ev),
    ev.involvedObject?.fieldPath ?? '',
    source(ev),
    (ev.message ?? '').trim(),
    times.first,
    times.count,
    ev.metadata?.name ?? '',
  ];
}
