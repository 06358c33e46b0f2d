/**
 * Machine-readable output (`-o json|yaml|name`) with kubectl's conventions: keys
 * sorted (kubectl goes through Go maps), JSON indented by 4 spaces, YAML lists not
 * indented under their key, strings quoted when YAML 1.1 would read them as something
 * else (timestamps, `yes`, `on`: go-yaml does the same), several objects wrapped in a `v1 List`, and names as
 * `kind.group/name`. Pure.
 */
import { stringify } from 'yaml';

/** A deep copy with object keys sorted, so output is stable and matches kubectl's. */
export function sortKeys(v: unknown): unknown {
  if (Array.isArray(v)) return v.map(sortKeys);
  if (v && typeof v === 'object') {
    return Object.fromEntries(Object.keys(v).sort().map((k) => [k, sortKeys((v as Record<string, unknown>)[k])]));
  }
  return v;
}

/** kubectl's `-o json`. */
export function toJson(v: unknown): string {
  return `${JSON.stringify(sortKeys(v), null, 4)}\n`;
}

/** kubectl's `-o yaml`. */
export function toYaml(v: unknown): string {
  return stringify(sortKeys(v), { version: '1.1', indentSeq: false, lineWidth: 0, aliasDuplicateObjects: false });
}

/** Wraps several objects the way kubectl does for `-o json|yaml` of a list or of several names. */
export function asList(items: unknown[]): Record<string, unknown> {
  return { apiVersion: 'v1', items, kind: 'List', metadata: { resourceVersion: '' } };
}
