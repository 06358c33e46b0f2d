/**
 * Toleration matching, as Kubernetes' `Toleration.ToleratesTaint`: the effect
 * must match unless the toleration's is empty; the key must match unless the
 * toleration's is empty; operator Exists ignores the value, Equal ('' too) compares it.
 */
import type { Taint } from './node-info.js';
import type { Toleration } from './pod-info.js';

/** True when one toleration tolerates the taint. */
export function toleratesTaint(t: Toleration, taint: Taint): boolean {
  if (t.effect && t.effect !== taint.effect) return false;
  if (t.key && t.key !== taint.key) return false;
  if (t.operator === 'Exists') return true;
  if (t.operator === '' || t.operator === 'Equal') return t.value === taint.value;
  return false;
}

/** True when any of the tolerations tolerates the taint. */
export function toleratesAny(tolerations: Toleration[], taint: Taint): boolean {
  return tolerations.some((t) => toleratesTaint(t, taint));
}
