/**
 * Time rendering shared by every AGE-like cell, matching kubectl's rounding
 * (apimachinery `duration.HumanDuration`) so server tables and the redkube CLI
 * print the same string for the same instant.
 */

const SECOND = 1000;
const MINUTE = 60 * SECOND;
const HOUR = 60 * MINUTE;
const DAY = 24 * HOUR;
const YEAR = 365 * DAY;

/** `${whole}${unit}` plus `${rest}${restUnit}` only when the remainder is non-zero. */
function twoUnits(whole: number, unit: string, rest: number, restUnit: string): string {
  return rest === 0 ? `${whole}${unit}` : `${whole}${unit}${rest}${restUnit}`;
}

/**
 * A duration in milliseconds as about 2-3 significant figures: `45s`, `3m10s`,
 * `15m`, `5h30m`, `20h`, `2d4h`, `30d`, `2y40d`, `9y`. Up to one second of
 * negative skew reads as `0s`; anything earlier is `<invalid>`.
 */
export function humanDuration(ms: number): string {
  const seconds = Math.trunc(ms / SECOND);
  if (seconds < -1) return '<invalid>';
  if (seconds < 0) return '0s';
  if (seconds < 120) return `${seconds}s`;
  const minutes = Math.trunc(ms / MINUTE);
  if (minutes < 10) return twoUnits(minutes, 'm', seconds % 60, 's');
  if (minutes < 180) return `${minutes}m`;
  const hours = Math.trunc(ms / HOUR);
  if (hours < 8) return twoUnits(hours, 'h', minutes % 60, 'm');
  if (hours < 48) return `${hours}h`;
  const days = Math.trunc(ms / DAY);
  if (hours < 8 * 24) return twoUnits(days, 'd', hours % 24, 'h');
  if (hours < 2 * 365 * 24) return `${days}d`;
  const years = Math.trunc(ms / YEAR);
  if (hours < 8 * 365 * 24) return twoUnits(years, 'y', days % 365, 'd');
  return `${years}y`;
}

/** The name the CLI uses for AGE cells; it is `humanDuration`, so both sides round alike. */
export const formatAge = humanDuration;

/** Milliseconds since the epoch for an RFC 3339 timestamp; undefined when absent or unparsable. */
export function timeOf(timestamp: string | null | undefined): number | undefined {
  if (!timestamp) return undefined;
  const ms = Date.parse(timestamp);
  return Number.isNaN(ms) ? undefined : ms;
}

/** Time elapsed from `timestamp` to `now`, or `<unknown>` when there is no timestamp. */
export function ageSince(timestamp: string | null | undefined, now: number): string {
  const t = timeOf(timestamp);
  return t === undefined ? '<unknown>' : humanDuration(now - t);
}
