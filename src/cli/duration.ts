/**
 * Go-style durations as kubectl flags take them (`30s`, `5m`, `1h30m`, `250ms`,
 * a bare number meaning seconds). Pure.
 */
import { CliError } from './errors.js';

const UNITS: Record<string, number> = { ms: 1, s: 1000, m: 60_000, h: 3_600_000 };

/** Milliseconds in a duration string. */
export function parseDuration(text: string): number {
  const t = text.trim();
  if (/^\d+(\.\d+)?$/.test(t)) return Number(t) * 1000;
  const re = /(\d+(?:\.\d+)?)(ms|s|m|h)/gy;
  let total = 0;
  let matched = 0;
  for (let m = re.exec(t); m; m = re.exec(t)) {
    total += Number(m[1]) * UNITS[m[2]];
    matched = re.lastIndex;
  }
  if (!t || matched !== t.length) throw new CliError(`invalid duration ${JSON.stringify(text)}: use e.g. 30s, 5m, 1h30m`);
  return total;
}
