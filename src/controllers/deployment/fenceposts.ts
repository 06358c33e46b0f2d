/**
 * maxSurge / maxUnavailable as numbers: an int-or-percent resolved against
 * spec.replicas with Kubernetes' rounding (surge rounds up, unavailable rounds
 * down) and the fencepost rule that both cannot be zero.
 */

/** An IntOrString value as written in a Deployment spec. */
export type IntOrPercent = number | string | undefined;

/** Resolves `value` against `total`; percentages round up or down as asked. Throws for a malformed string. */
export function resolveIntOrPercent(value: IntOrPercent, total: number, roundUp: boolean): number {
  if (value === undefined) return 0;
  if (typeof value === 'number') return value;
  const m = /^(\d+)%$/.exec(value);
  if (!m) {
    if (/^\d+$/.test(value)) return Number(value);
    throw new Error(`invalid value for IntOrString: ${JSON.stringify(value)}`);
  }
  const exact = (Number(m[1]) * total) / 100;
  return roundUp ? Math.ceil(exact) : Math.floor(exact);
}

/** The resolved surge and unavailability budget of a Deployment. */
export interface Fenceposts {
  maxSurge: number;
  maxUnavailable: number;
}

/**
 * Kubernetes' ResolveFenceposts: RollingUpdate budgets for `replicas`; when
 * both resolve to 0, maxUnavailable becomes 1 so a rollout can make progress.
 * Recreate deployments have no budget (both 0).
 */
export function resolveFenceposts(deployment: Record<string, any>): Fenceposts {
  const strategy = deployment.spec?.strategy;
  if (strategy?.type !== 'RollingUpdate') return { maxSurge: 0, maxUnavailable: 0 };
  const replicas = deployment.spec?.replicas ?? 0;
  const ru = strategy.rollingUpdate ?? {};
  const maxSurge = resolveIntOrPercent(ru.maxSurge ?? '25%', replicas, true);
  let maxUnavailable = resolveIntOrPercent(ru.maxUnavailable ?? '25%', replicas, false);
  if (maxSurge === 0 && maxUnavailable === 0) maxUnavailable = 1;
  return { maxSurge, maxUnavailable };
}

/** Kubernetes' MaxUnavailable: the budget capped at replicas (0 for Recreate or no replicas). */
export function maxUnavailableOf(deployment: Record<string, any>): number {
  const replicas = deployment.spec?.replicas ?? 0;
  if (deployment.spec?.strategy?.type !== 'RollingUpdate' || replicas === 0) return 0;
  return Math.min(resolveFenceposts(deployment).maxUnavailable, replicas);
}

/** Kubernetes' MaxSurge: 0 unless RollingUpdate. */
export function maxSurgeOf(deployment: Record<string, any>): number {
  return resolveFenceposts(deployment).maxSurge;
}
