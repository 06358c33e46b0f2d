/**
 * The Events section every `describe` ends with: the object's events oldest first,
 * `Age` as kubectl prints it (`5s`, or `2m (x3 over 10m)` for repeated events). Pure.
 */
import { humanDuration } from '../../apiserver/tables/duration.js';
import type { DescribeWriter } from './writer.js';

/** The fields of a core/v1 Event that describe prints. */
export interface EventLike {
  type?: string; reason?: string; message?: string; count?: number;
  firstTimestamp?: string; lastTimestamp?: string; eventTime?: string;
  source?: { component?: string }; reportingComponent?: string;
  metadata?: { creationTimestamp?: string };
}

function ageOf(e: EventLike, now: number): string {
  const last = Date.parse(e.lastTimestamp || e.eventTime || e.metadata?.creationTimestamp || '');
  const first = Date.parse(e.firstTimestamp || e.eventTime || e.metadata?.creationTimestamp || '');
  if (Number.isNaN(last)) return '<unknown>';
  const age = humanDuration(now - last);
  return (e.count ?? 1) > 1 && !Number.isNaN(first) ? `${age} (x${e.count} over ${humanDuration(now - first)})` : age;
}

/** Appends the Events section. */
export function writeEvents(w: DescribeWriter, events: EventLike[], now: number): void {
  if (!events.length) {
    w.line(0, 'Events:', '<none>');
    return;
  }
  const sorted = [...events].sort((a, b) => Date.parse(a.lastTimestamp || a.eventTime || '') - Date.parse(b.lastTimestamp || b.eventTime || ''));
  w.line(0, 'Events:');
  w.row(1, ['Type', 'Reason', 'Age', 'From', 'Message']);
  w.row(1, ['----', '------', '----', '----', '-------']);
  for (const e of sorted) {
    w.row(1, [e.type ?? '', e.reason ?? '', ageOf(e, now), e.source?.component || e.reportingComponent || '', (e.message ?? '').trim()]);
  }
}
