/**
 * Kubernetes `MicroTime`: RFC 3339 with exactly six fractional digits
 * (`2026-11-22T03:31:44.123456Z`), the format of Lease `renewTime`/`acquireTime`.
 * Other Kubernetes clients parse these fields strictly, so redkube writes the same.
 */

/** Formats epoch milliseconds (fractions become microseconds) as a `MicroTime`. */
export function formatMicroTime(ms: number): string {
  const whole = Math.floor(ms);
  const micros = Math.min(999, Math.round((ms - whole) * 1000));
  return `${new Date(whole).toISOString().slice(0, 23)}${String(micros).padStart(3, '0')}Z`;
}

/** Parses a `MicroTime` (or any RFC 3339 time) to epoch milliseconds; NaN when absent or malformed. */
export function parseMicroTime(text: string | undefined): number {
  if (!text) return Number.NaN;
  const match = /^(.*T\d\d:\d\d:\d\d)(?:\.(\d+))?(Z|[+-]\d\d:\d\d)$/.exec(text);
  if (!match) return Number.NaN;
  const fraction = match[2] ?? '';
  const seconds = Date.parse(`${match[1]}${match[3]}`);
  return seconds + (fraction ? Number(`0.${fraction}`) * 1000 : 0);
}
