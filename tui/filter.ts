/**
 * The `/` filter language, as k9s users type it: a regex (case-insensitive;
 * falls back to a plain substring when the text is not a valid regex), `!`
 * in front to invert, and `-l <selector>` for a label selector. Parsing is
 * pure and separate from matching so a bad filter is reported once, as a flash.
 */
import { matchesLabels, parseLabelSelector } from '../src/api/selectors/index.js';

/** What a filter tests: the row's searchable text (lower-cased) and its labels. */
export interface Filterable {
  search: string;
  labels?: Record<string, string>;
}

/** A compiled filter; `test` is cheap enough to run over 100,000 rows per frame. */
export type RowPredicate = (row: Filterable) => boolean;

/** Text without regex syntax: matched with `includes`, several times faster than a case-insensitive regex over 100,000 rows. */
const LITERAL = /^[\w:/-]+$/;

/** The lower-cased text a plain substring filter looks for; undefined for regexes, `!` and `-l` filters (and the empty filter). */
export function literalNeedle(text: string): string | undefined {
  const trimmed = text.trim();
  return trimmed && LITERAL.test(trimmed) ? trimmed.toLowerCase() : undefined;
}

function textPredicate(text: string): RowPredicate {
  if (LITERAL.test(text)) {
    const lower = text.toLowerCase();
    return (row) => row.search.includes(lower);
  }
  try {
    const re = new RegExp(text, 'i');
    return (row) => re.test(row.search);
  } catch {
    const lower = text.toLowerCase();
    return (row) => row.search.toLowerCase().includes(lower);
  }
}

/**
 * Compiles filter text; undefined for an empty filter (everything matches).
 * Throws an Error whose message is shown to the user for a bad label selector.
 */
export function compileFilter(text: string): RowPredicate | undefined {
  const trimmed = text.trim();
  if (!trimmed) return undefined;
  if (trimmed.startsWith('!')) {
    const inner = compileFilter(trimmed.slice(1));
    return inner ? (row) => !inner(row) : undefined;
  }
  if (trimmed.startsWith('-l')) {
    const reqs = parseLabelSelector(trimmed.slice(2).trim());
    return (row) => matchesLabels(reqs, row.labels);
  }
  return textPredicate(trimmed);
}
