/**
 * The CPU/MEM columns of pods and nodes (k9s' CPU, MEM, %CPU/R, %MEM/R,
 * %CPU/L, %MEM/L for pods against their requests and limits; %CPU/A, %MEM/A
 * for nodes against allocatable).
 * Pure: usage comes from the metrics API poller, the base from the object.
 */
import { allocatable, formatAmount, limitsOf, requestsOf, type Amounts } from '../model/totals.js';

/** Column headers for a kind of usage. */
export function usageHeaders(kind: 'pods' | 'nodes'): string[] {
  return kind === 'pods' ? ['CPU', 'MEM', '%CPU/R', '%MEM/R', '%CPU/L', '%MEM/L'] : ['CPU', 'MEM', '%CPU/A', '%MEM/A'];
}

function pct(used: number, of: number): string {
  return of > 0 ? String(Math.round((used / of) * 100)) : 'n/a';
}

/** Cells for one object; `n/a` everywhere when the metrics API has no figure for it. */
export function usageCells(kind: 'pods' | 'nodes', obj: Record<string, any>, used: Amounts | undefined): string[] {
  if (!used) return usageHeaders(kind).map(() => 'n/a');
  const base = kind === 'pods' ? requestsOf(obj) : allocatable(obj);
  const cells = [formatAmount('cpu', used.cpu), formatAmount('memory', used.memory), pct(used.cpu, base.cpu), pct(used.memory, base.memory)];
  if (kind === 'nodes') return cells;
  const limits = limitsOf(obj);
  return [...cells, pct(used.cpu, limits.cpu), pct(used.memory, limits.memory)];
}
