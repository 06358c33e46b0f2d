/**
 * Kubernetes resource quantities ("500m", "128Mi", "1.5G", "2e3") as numbers, for
 * the env vars a `resourceFieldRef` exposes. Pure.
 */
const SUFFIXES: Record<string, number> = {
  n: 1e-9, u: 1e-6, m: 1e-3, '': 1, k: 1e3, M: 1e6, G: 1e9, T: 1e12, P: 1e15, E: 1e18,
  Ki: 2 ** 10, Mi: 2 ** 20, Gi: 2 ** 30, Ti: 2 ** 40, Pi: 2 ** 50, Ei: 2 ** 60,
};

/** The value of a quantity, or NaN when it is not one. */
export function parseQuantity(q: string | number | undefined): number {
  if (typeof q === 'number') return q;
  if (!q) return NaN;
  const m = /^([+-]?[0-9.]+)(?:[eE]([+-]?[0-9]+))?([a-zA-Z]*)$/.exec(q.trim());
  if (!m || !(m[3] in SUFFIXES)) return NaN;
  return Number(m[1]) * 10 ** Number(m[2] ?? 0) * SUFFIXES[m[3]];
}
