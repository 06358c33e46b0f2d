/**
 * Label selectors rendered in the set-based string form kubectl prints
 * (`app=web,tier in (a,b),!canary`): requirements sorted by key, values sorted
 * within `in`/`notin`, matchLabels as `key=value`.
 */
import type { LabelSelector, LabelSelectorRequirement } from 'kubernetes-types/meta/v1.js';

type Requirement = { key: string; text: string };

/** Byte-order comparison, the order Go sorts keys and values in. */
export function byteOrder(a: string, b: string): number {
  if (a === b) return 0;
  return a < b ? -1 : 1;
}

/** How each matchExpressions operator prints; undefined means the expression is invalid. */
const OPERATORS: Readonly<Record<string, (key: string, values: string[]) => string | undefined>> = {
  In: (key, values) => (values.length ? `${key} in (${values.join(',')})` : undefined),
  NotIn: (key, values) => (values.length ? `${key} notin (${values.join(',')})` : undefined),
  Exists: (key, values) => (values.length ? undefined : key),
  DoesNotExist: (key, values) => (values.length ? undefined : `!${key}`),
};

function expressionRequirement(expr: LabelSelectorRequirement): Requirement | undefined {
  const render = Object.hasOwn(OPERATORS, expr.operator) ? OPERATORS[expr.operator] : undefined;
  const text = render?.(expr.key, [...(expr.values ?? [])].sort(byteOrder));
  return text === undefined ? undefined : { key: expr.key, text };
}

/**
 * The selector as kubectl's `selector.String()`: '' for an absent or empty
 * selector (it matches nothing or everything; kubectl prints neither), and
 * undefined when an expression is invalid (unknown operator, wrong value count).
 */
export function selectorString(selector: LabelSelector | null | undefined): string | undefined {
  const labels = Object.entries(selector?.matchLabels ?? {}).map(([key, value]) => ({ key, text: `${key}=${value}` }));
  const expressions = (selector?.matchExpressions ?? []).map(expressionRequirement);
  if (expressions.some((r) => r === undefined)) return undefined;
  const all = [...labels, ...(expressions as Requirement[])];
  return all.sort((a, b) => byteOrder(a.key, b.key)).map((r) => r.text).join(',');
}

/**
 * A SELECTOR cell as kubectl prints it for workloads: the set-based string,
 * `<none>` when the selector is absent or empty, `<error>` when it is invalid.
 */
export function labelSelectorString(selector: LabelSelector | null | undefined): string {
  const text = selectorString(selector);
  if (text === undefined) return '<error>';
  return text || '<none>';
}

/** A plain label map (service selector, node selector) as sorted `k=v` pairs, `<none>` when empty. */
export function formatLabels(labels: Record<string, string> | null | undefined): string {
  const pairs = Object.entries(labels ?? {}).sort(([a], [b]) => byteOrder(a, b));
  return pairs.map(([k, v]) => `${k}=${v}`).join(',') || '<none>';
}
