/**
 * Small cell formatters several renderers share: placeholders for empty
 * values, container name/image lists and kubectl's "+ N more..." truncation.
 */
import type { Container } from 'kubernetes-types/core/v1.js';

/** The value, or kubectl's `<none>` placeholder when it is empty or absent. */
export function orNone(value: string | null | undefined): string {
  return value || '<none>';
}

/** CONTAINERS and IMAGES cells of a pod template: names and images, comma-joined in order. */
export function containerCells(containers: readonly Container[] | null | undefined): [string, string] {
  const list = containers ?? [];
  return [list.map((c) => c.name).join(','), list.map((c) => c.image ?? '').join(',')];
}

/**
 * The first `max` items joined by `separator`, followed by ` + N more...` when
 * there are more, as kubectl abbreviates endpoint, port and metric lists.
 */
export function joinWithMore(items: readonly string[], max: number, separator = ','): string {
  const shown = items.slice(0, max).join(separator);
  return items.length > max ? `${shown} + ${items.length - max} more...` : shown;
}
