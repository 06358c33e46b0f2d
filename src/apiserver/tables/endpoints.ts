/**
 * Endpoints printer: ENDPOINTS lists the first three `ip:port` pairs across
 * all subsets (bare IPs for port-less subsets) and counts the rest.
 */
import type { Endpoints } from 'kubernetes-types/core/v1.js';
import { AGE, NAME, column } from './columns.js';
import { ageSince } from './duration.js';
import { joinWithMore } from './format.js';
import type { Cell, TableColumn } from './types.js';

const SHOWN = 3;

/** Endpoints columns in kubectl's order. */
export const columns: readonly TableColumn[] = [
  NAME,
  column('Endpoints', 'string', 'Ready addresses with their ports, abbreviated after three.'),
  AGE,
];

/** `ip:port`, with IPv6 addresses bracketed. */
function hostPort(ip: string, port: number): string {
  return ip.includes(':') ? `[${ip}]:${port}` : `${ip}:${port}`;
}

function addresses(ep: Endpoints): string[] {
  return (ep.subsets ?? []).flatMap((subset) => {
    const ips = (subset.addresses ?? []).map((a) => a.ip);
    const ports = subset.ports ?? [];
    if (ports.length === 0) return ips;
    return ports.flatMap((p) => ips.map((ip) => hostPort(ip, p.port)));
  });
}

/** One endpoints row; `<none>` when there are no subsets at all. */
export function row(ep: Endpoints, now: number): Cell[] {
  const list = (ep.subsets ?? []).length === 0 ? '<none>' : joinWithMore(addresses(ep), SHOWN);
  return [ep.metadata?.name ?? '', list, ageSince(ep.metadata?.creationTimestamp, now)];
}
