/**
 * EndpointSlice printer: ADDRESSTYPE, the first three PORTS and ENDPOINTS
 * addresses with a "+ N more..." tail, `<unset>` when a list is empty.
 */
import type { EndpointPort, EndpointSlice } from 'kubernetes-types/discovery/v1.js';
import { AGE, NAME, column } from './columns.js';
import { ageSince } from './duration.js';
import { joinWithMore } from './format.js';
import type { Cell, TableColumn } from './types.js';

const SHOWN = 3;

/** EndpointSlice columns in kubectl's order. */
export const columns: readonly TableColumn[] = [
  NAME,
  column('AddressType', 'string', 'Address family of the endpoints: IPv4, IPv6 or FQDN.'),
  column('Ports', 'string', 'Port numbers (or names) of the slice, abbreviated after three.'),
  column('Endpoints', 'string', 'Endpoint addresses, abbreviated after three.'),
  AGE,
];

function portText(port: EndpointPort): string {
  if (port.port != null) return String(port.port);
  return port.name ?? '*';
}

function listOrUnset(items: string[]): string {
  return joinWithMore(items, SHOWN) || '<unset>';
}

/** One endpoint slice row. */
export function row(slice: EndpointSlice, now: number): Cell[] {
  return [
    slice.metadata?.name ?? '',
    slice.addressType ?? '',
    listOrUnset((slice.ports ?? []).map(portText)),
    listOrUnset((slice.endpoints ?? []).flatMap((e) => e.addresses ?? [])),
    ageSince(slice.metadata?.creationTimestamp, now),
  ];
}
