/**
 * Resource quantities as the scheduler counts them: cpu in millicores, every
 * other resource in its base unit, both rounded up like Kubernetes'
 * `MilliValue()` and `Value()`. Suffixes: binary (Ki..Ei), decimal (n, u, m, k, M..E)
 * and exponents (1e3). Unparseable quantities count as 0 (the apiserver rejects them first).
 */

const SUFFIX: Record<string, number> = {
  '': 1, n: 1e-9, u: 1e-6, m: 1e-3, k: 1e3, M: 1e6, G: 1e9, T: 1e12, P: 1e15, E: 1e18,
  Ki: 2 ** 10, Mi: 2 ** 20, Gi: 2 ** 30, Ti: 2 ** 40, Pi: 2 ** 50, Ei: 2 ** 60,
};

const QUANTITY = /^([+-]?(?:\d+\.?\d*|\.\d+))(?:([eE][+-]?\d+)|(Ki|Mi|Gi|Ti|Pi|Ei|[numkMGTPE])?)$/;

/** The quantity's value in base units (e.g. `"1.5Gi"` -> 1610612736, `"100m"` -> 0.1); NaN when malformed. */
export function parseQuantity(q: string | number | undefined | null): number {
  if (typeof q === 'number') return q;
  if (typeof q !== 'string') return NaN;
  const m = QUANTITY.exec(q.trim());
  if (!m) return NaN;
  const n = Number(m[1]);
  if (m[2]) return n * 10 ** Number(m[2].slice(1));
  return n * SUFFIX[m[3] ?? ''];
}

/** Parsed amounts by quantity string, for cpu and for every other resource: pods repeat the same few quantities. */
const MEMO = { cpu: new Map<string, number>(), other: new Map<string, number>() };
const MEMO_LIMIT = 10_000;

/** The amount the scheduler counts for a resource: millicores for cpu, rounded-up base units otherwise; 0 when malformed. */
export function resourceAmount(resource: string, q: string | number | undefined | null): number {
  if (typeof q !== 'string') return amountOf(resource, q);
  const memo = resource === 'cpu' ? MEMO.cpu : MEMO.other;
  let v = memo.get(q);
  if (v === undefined) {
    v = amountOf(resource, q);
    if (memo.size >= MEMO_LIMIT) memo.clear();
    memo.set(q, v);
  }
  return v;
}

function amountOf(resource: string, q: string | number | undefined | null): number {
  const v = parseQuantity(q);
  if (!Number.isFinite(v) || v <= 0) return 0;
  // Round away float noise (0.1 * 1000 = 100.00000000000001) before rounding up.
  const scaled = resource === 'cpu' ? v * 1000 : v;
  return Math.ceil(Number(scaled.toPrecision(15)));
}
