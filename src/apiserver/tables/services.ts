/**
 * Service printer: TYPE, CLUSTER-IP, EXTERNAL-IP (per service type, `<pending>`
 * for a load balancer without an address yet), PORT(S) and the wide SELECTOR.
 */
import type { Service, ServicePort } from 'kubernetes-types/core/v1.js';
import { AGE, NAME, column, wide } from './columns.js';
import { ageSince } from './duration.js';
import { byteOrder, formatLabels } from './selector.js';
import type { Cell, TableColumn } from './types.js';

/** Service columns in kubectl's order. */
export const columns: readonly TableColumn[] = [
  NAME,
  column('Type', 'string', 'How the service is exposed: ClusterIP, NodePort, LoadBalancer or ExternalName.'),
  column('Cluster-IP', 'string', 'Primary cluster IP of the service.'),
  column('External-IP', 'string', 'External addresses: external IPs, load balancer ingress or external name.'),
  column('Port(s)', 'string', 'Service ports as port[:nodePort]/protocol.'),
  AGE,
  wide('Selector', 'string', 'Labels of the pods the service routes to.'),
];

/** Load balancer ingress addresses (IP, else hostname), de-duplicated and sorted. */
function loadBalancerAddresses(svc: Service): string[] {
  const found = new Set<string>();
  for (const ingress of svc.status?.loadBalancer?.ingress ?? []) {
    const address = ingress.ip || ingress.hostname;
    if (address) found.add(address);
  }
  return [...found].sort(byteOrder);
}

/** EXTERNAL-IP per service type; the server sends the wide (untruncated) form. */
const EXTERNAL_IP: Readonly<Record<string, (svc: Service) => string>> = {
  ClusterIP: (svc) => (svc.spec?.externalIPs ?? []).join(',') || '<none>',
  NodePort: (svc) => (svc.spec?.externalIPs ?? []).join(',') || '<none>',
  LoadBalancer: (svc) => [...loadBalancerAddresses(svc), ...(svc.spec?.externalIPs ?? [])].join(',') || '<pending>',
  ExternalName: (svc) => svc.spec?.externalName ?? '',
};

function externalIP(svc: Service): string {
  const type = svc.spec?.type ?? '';
  return Object.hasOwn(EXTERNAL_IP, type) ? EXTERNAL_IP[type](svc) : '<unknown>';
}

function portText(port: ServicePort): string {
  const protocol = port.protocol ?? 'TCP';
  return port.nodePort ? `${port.port}:${port.nodePort}/${protocol}` : `${port.port}/${protocol}`;
}

/** One service row, wide SELECTOR included. */
export function row(svc: Service, now: number): Cell[] {
  return [
    svc.metadata?.name ?? '',
    svc.spec?.type ?? '',
    svc.spec?.clusterIPs?.[0] || svc.spec?.clusterIP || '<none>',
    externalIP(svc),
    (svc.spec?.ports ?? []).map(portText).join(',') || '<none>',
    ageSince(svc.metadata?.creationTimestamp, now),
    formatLabels(svc.spec?.selector),
  ];
}
