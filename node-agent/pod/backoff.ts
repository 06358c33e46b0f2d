/**
 * CrashLoopBackOff pacing, as the kubelet does it: the first restart is
 * immediate, then each further one waits `initial`, doubling up to `max`; a
 * container that ran cleanly for `resetAfter` starts over. Pure.
 */

/** Back-off durations in milliseconds (Kubernetes: 10 s, 300 s, 10 min). */
export interface BackoffConfig {
  initialMs: number;
  maxMs: number;
  resetAfterMs: number;
}

/** Kubernetes' defaults. */
export const DEFAULT_BACKOFF: BackoffConfig = { initialMs: 10_000, maxMs: 300_000, resetAfterMs: 600_000 };

/** Consecutive crashes after an exit, given how long the run lasted. */
export function nextCrashCount(previous: number, ranMs: number, cfg: BackoffConfig): number {
  return (ranMs >= cfg.resetAfterMs ? 0 : previous) + 1;
}

/** Wait before the restart that follows the `crashes`-th consecutive exit. */
export function backoffDelay(crashes: number, cfg: BackoffConfig): number {
  if (crashes <= 1) return 0;
  return Math.min(cfg.initialMs * 2 ** (crashes - 2), cfg.maxMs);
}
