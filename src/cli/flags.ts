/**
 * Flag helpers. kubectl's repeatable flags (`-f a -f b`, `-L x`) take exactly one
 * value per occurrence; yargs' `array` options would also swallow following
 * positionals and refuse `-f -`, so repeatable flags are plain strings coerced
 * into a list instead.
 */

/** Coerces a repeatable string flag (one or many occurrences) into a list. */
export function repeated(v: string | string[] | undefined): string[] {
  if (v === undefined) return [];
  return (Array.isArray(v) ? v : [v]).map(String);
}
