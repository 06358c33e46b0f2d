/**
 * Syntax check for CronJob schedules: standard 5-field cron plus the `@hourly`
 * style descriptors and `@every <duration>`, as Kubernetes' cron parser accepts.
 *
 * Only checks; computing run times belongs to the CronJob controller. Messages
 * follow the Kubernetes parser's so a rejected schedule reads the same.
 */

interface Bounds {
  min: number;
  max: number;
  names?: string[];
}

const MONTHS = ['jan', 'feb', 'mar', 'apr', 'may', 'jun', 'jul', 'aug', 'sep', 'oct', 'nov', 'dec'];
const DAYS = ['sun', 'mon', 'tue', 'wed', 'thu', 'fri', 'sat'];
const FIELDS: Bounds[] = [
  { min: 0, max: 59 }, { min: 0, max: 23 }, { min: 1, max: 31 },
  { min: 1, max: 12, names: MONTHS }, { min: 0, max: 6, names: DAYS },
];
const DESCRIPTORS = new Set(['@yearly', '@annually', '@monthly', '@weekly', '@daily', '@midnight', '@hourly']);
const GO_DURATION = /^([0-9]+(\.[0-9]*)?|\.[0-9]+)(ns|us|µs|ms|s|m|h)(([0-9]+(\.[0-9]*)?|\.[0-9]+)(ns|us|µs|ms|s|m|h))*$/;

function parseValue(text: string, bounds: Bounds, expr: string): number {
  const named = bounds.names?.indexOf(text.toLowerCase()) ?? -1;
  if (named >= 0) return named + bounds.min;
  if (!/^-?[0-9]+$/.test(text)) throw new Error(`failed to parse int from ${text}: strconv.Atoi: parsing "${text}": invalid syntax`);
  const n = Number(text);
  if (n < 0) throw new Error(`negative number (${n}) not allowed: ${expr}`);
  return n;
}

/** Checks one comma-separated part of a field: `*`, `?`, `a`, `a-b`, each with an optional `/step`. */
function checkRange(expr: string, bounds: Bounds): void {
  const [range, step, extra] = expr.split('/');
  if (extra !== undefined) throw new Error(`too many slashes: ${expr}`);
  const ends = range.split('-');
  if (ends.length > 2) throw new Error(`too many hyphens: ${expr}`);
  let [start, end] = [bounds.min, bounds.max];
  if (range !== '*' && range !== '?') {
    start = parseValue(ends[0], bounds, expr);
    end = ends.length === 2 ? parseValue(ends[1], bounds, expr) : step === undefined ? start : bounds.max;
  }
  if (step !== undefined && (!/^[0-9]+$/.test(step) || Number(step) <= 0)) {
    throw new Error(`step of range should be a positive number: ${expr}`);
  }
  if (start < bounds.min) throw new Error(`beginning of range (${start}) below minimum (${bounds.min}): ${expr}`);
  if (end > bounds.max) throw new Error(`end of range (${end}) above maximum (${bounds.max}): ${expr}`);
  if (start > end) throw new Error(`beginning of range (${start}) beyond end of range (${end}): ${expr}`);
}

function checkDescriptor(schedule: string): void {
  if (DESCRIPTORS.has(schedule)) return;
  if (schedule.startsWith('@every ')) {
    const duration = schedule.slice('@every '.length).trim();
    if (!GO_DURATION.test(duration)) throw new Error(`failed to parse duration ${schedule}: time: invalid duration "${duration}"`);
    return;
  }
  throw new Error(`unrecognized descriptor: ${schedule}`);
}

/** Returns why a schedule is invalid, or undefined when it parses. */
export function cronScheduleError(schedule: string): string | undefined {
  if (/^(CRON_)?TZ=/.test(schedule.trim())) return 'cannot use TZ or CRON_TZ in schedule, use timeZone field instead';
  try {
    const trimmed = schedule.trim();
    if (trimmed.startsWith('@')) {
      checkDescriptor(trimmed);
      return undefined;
    }
    const fields = trimmed ? trimmed.split(/\s+/) : [];
    if (fields.length !== FIELDS.length) return `expected exactly 5 fields, found ${fields.length}: ${schedule}`;
    fields.forEach((field, i) => field.split(',').forEach((part) => checkRange(part, FIELDS[i])));
    return undefined;
  } catch (e) {
    return (e as Error).message;
  }
}
