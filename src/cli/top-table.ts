/**
 * The pure core of `rk top`: Kubernetes quantities to numbers, and kubectl's
 * columns — `CPU(cores)` in millicores, `MEMORY(bytes)` in Mi, and for nodes the
 * share of allocatable.
 */

type Obj = Record<string, any>;

const SUFFIX: Record<string, number> = {
  n: 1e-9, u: 1e-6, m: 1e-3, '': 1, k: 1e3, M: 1e6, G: 1e9, T: 1e12, P: 1e15, E: 1e18,
  Ki: 1024, Mi: 1024 ** 2, Gi: 1024 ** 3, Ti: 1024 ** 4, Pi: 1024 ** 5, Ei: 1024 ** 6,
};

/** A quantity (`250m`, `1.5`, `128974848`, `129e6`, `123Mi`) as a number of base units. */
export function parseQuantity(q: string | number | undefined): number {
  if (q === undefined) return 0;
  if (typeof q === 'number') return q;
  const m = /^([+-]?\d+(?:\.\d+)?(?:[eE][+-]?\d+)?)(n|u|m|k|M|G|T|P|E|Ki|Mi|Gi|Ti|Pi|Ei)?$/.exec(q.trim());
  if (!m) return Number.NaN;
  return Number(m[1]) * SUFFIX[m[2] ?? ''];
}

const cpu = (cores: number) => `${Math.round(cores * 1000)}m`;
const mem = (bytes: number) => `${Math.round(bytes / 1024 ** 2)}Mi`;
const pct = (used: number, total: number) => (total > 0 ? `${Math.round((used / total) * 100)}%` : '<unknown>');

/** `rk top nodes` rows (header first), sorted by `sortBy` (cpu|memory) descending when given, else by name. */
export function nodeRows(metrics: Obj[], nodes: Obj[], sortBy?: string): string[][] {
  const rows = metrics.map((m) => {
    const node = nodes.find((n) => n.metadata?.name === m.metadata?.name);
    const c = parseQuantity(m.usage?.cpu);
    const b = parseQuantity(m.usage?.memory);
    return { name: m.metadata?.name ?? '', c, b, cells: [m.metadata?.name ?? '', cpu(c), pct(c, parseQuantity(node?.status?.allocatable?.cpu)), mem(b), pct(b, parseQuantity(node?.status?.allocatable?.memory))] };
  });
  sortRows(rows, sortBy);
  return [['NAME', 'CPU(cores)', 'CPU(%)', 'MEMORY(bytes)', 'MEMORY(%)'], ...rows.map((r) => r.cells)];
}

function sortRows(rows: { name: string; c: number; b: number }[], sortBy?: string): void {
  if (sortBy === 'cpu') rows.sort((x, y) => y.c - x.c);
  else if (sortBy === 'memory') rows.sort((x, y) => y.b - x.b);
  else rows.sort((x, y) => x.name.localeCompare(y.name));
}

/** `rk top pods` rows (header first): per pod, or per container with `containers`. */
export function podRows(metrics: Obj[], withNamespace: boolean, containers: boolean, sortBy?: string): string[][] {
  const rows = metrics.flatMap((m) => {
    const ns = withNamespace ? [m.metadata?.namespace ?? ''] : [];
    const list: Obj[] = m.containers ?? [];
    if (containers) {
      return list.map((ct) => {
        const c = parseQuantity(ct.usage?.cpu);
        const b = parseQuantity(ct.usage?.memory);
        return { name: m.metadata?.name ?? '', c, b, cells: [...ns, m.metadata?.name ?? '', ct.name, cpu(c), mem(b)] };
      });
    }
    const c = list.reduce((s, ct) => s + parseQuantity(ct.usage?.cpu), 0);
    const b = list.reduce((s, ct) => s + parseQuantity(ct.usage?.memory), 0);
    return [{ name: m.metadata?.name ?? '', c, b, cells: [...ns, m.metadata?.name ?? '', cpu(c), mem(b)] }];
  });
  sortRows(rows, sortBy);
  const header = [...(withNamespace ? ['NAMESPACE'] : []), containers ? 'POD' : 'NAME', ...(containers ? ['NAME'] : []), 'CPU(cores)', 'MEMORY(bytes)'];
  return [header, ...rows.map((r) => r.cells)];
}
