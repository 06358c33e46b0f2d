/**
 * ClusterIP and NodePort allocation for Services. Every allocation is a "claim"
 * (`ip/10.96.0.10`, `nodeport/TCP/30080`) taken by the same Lua script that writes
 * the Service, so two concurrent creates can never get the same address, and a
 * delete releases its claims atomically.
 */
import { randomInt } from 'node:crypto';
import { invalid } from '../../api/errors.js';

/** An IPv4 range in CIDR form, as integers. */
export interface Ipv4Range {
  cidr: string;
  first: number;
  size: number;
}

/** Parses `a.b.c.d/n` (IPv4). */
export function parseCidr(cidr: string): Ipv4Range {
  const m = /^(\d+)\.(\d+)\.(\d+)\.(\d+)\/(\d+)$/.exec(cidr);
  if (!m || Number(m[5]) > 30 || m.slice(1, 5).some((o) => Number(o) > 255)) throw new Error(`invalid IPv4 CIDR "${cidr}"`);
  const bits = Number(m[5]);
  const size = 2 ** (32 - bits);
  const base = ipToInt(`${m[1]}.${m[2]}.${m[3]}.${m[4]}`);
  return { cidr, first: base - (base % size), size };
}

/** Dotted quad to an unsigned 32-bit integer (NaN when malformed). */
export function ipToInt(ip: string): number {
  const parts = ip.split('.');
  if (parts.length !== 4 || parts.some((p) => !/^\d{1,3}$/.test(p) || Number(p) > 255)) return NaN;
  return parts.reduce((acc, p) => acc * 256 + Number(p), 0);
}

/** Unsigned 32-bit integer to a dotted quad. */
export function intToIp(n: number): string {
  return [24, 16, 8, 0].map((s) => Math.floor(n / 2 ** s) % 256).join('.');
}

/** Settings of the allocator: the Service range and the NodePort range. */
export interface ServiceRanges {
  clusterIPRange: string;
  nodePortRange: [number, number];
}

/** Defaults as in Kubernetes. */
export const DEFAULT_SERVICE_RANGES: ServiceRanges = { clusterIPRange: '10.96.0.0/16', nodePortRange: [30000, 32767] };

const NO_CLUSTER_IP = new Set(['', 'None']);

/** The claims a Service holds: its ClusterIPs and its NodePorts. Other kinds hold none. */
export function claimsOf(obj: Record<string, any> | undefined): string[] {
  if (!obj || obj.kind !== 'Service') return [];
  const ips: string[] = (obj.spec?.clusterIPs ?? [obj.spec?.clusterIP]).filter((ip: unknown) => typeof ip === 'string' && !NO_CLUSTER_IP.has(ip));
  const ports: string[] = (obj.spec?.ports ?? []).filter((p: any) => Number.isInteger(p.nodePort) && p.nodePort > 0).map((p: any) => `nodeport/${p.protocol ?? 'TCP'}/${p.nodePort}`);
  return [...new Set([...ips.map((ip) => `ip/${ip}`), ...ports])];
}

/** `a` minus `b`. */
export function without(a: string[], b: string[]): string[] {
  return a.filter((x) => !b.includes(x));
}

function wantsClusterIP(svc: Record<string, any>): boolean {
  return svc.spec?.type !== 'ExternalName' && svc.spec?.clusterIP !== 'None';
}

function wantsNodePorts(svc: Record<string, any>): boolean {
  const t = svc.spec?.type;
  return t === 'NodePort' || (t === 'LoadBalancer' && svc.spec?.allocateLoadBalancerNodePorts !== false);
}

/** The first address of a Service range: the `kubernetes` Service's ClusterIP (also a SAN of the serving certificate). */
export function firstServiceIP(cidr: string): string {
  return intToIp(parseCidr(cidr).first + 1);
}

/** Reads claims: whether one is held, and all held claims with a prefix (for a crowded range). */
export interface ClaimReader {
  taken(claim: string): Promise<boolean>;
  withPrefix(prefix: string): Promise<string[]>;
}

/** Fills and checks a Service's ClusterIP and NodePorts (taking values over from `old` on update). */
export class ServiceAllocator {
  private readonly range: Ipv4Range;

  constructor(private readonly ranges: ServiceRanges, private readonly claims: ClaimReader, private readonly random: (n: number) => number = randomInt) {
    this.range = parseCidr(ranges.clusterIPRange);
  }

  /** The first address of the range, reserved for the `kubernetes` Service. */
  get apiserverServiceIP(): string {
    return firstServiceIP(this.ranges.clusterIPRange);
  }

  /** Whether an address lies inside the Service range (network and broadcast excluded). */
  inRange(ip: string): boolean {
    const n = ipToInt(ip);
    return n > this.range.first && n < this.range.first + this.range.size - 1;
  }

  /** Completes `svc` in place; the caller stores it with `claimsOf(svc)`. Throws 422 for unusable requests. */
  async allocate(svc: Record<string, any>, old?: Record<string, any>): Promise<void> {
    const spec = (svc.spec ??= {});
    const name = svc.metadata?.name ?? '';
    if (old) this.carryOver(svc, old);
    if (!wantsClusterIP(svc)) {
      if (spec.type === 'ExternalName' && spec.clusterIP && spec.clusterIP !== 'None') throw invalid('Service', '', name, [{ reason: 'FieldValueInvalid', field: 'spec.clusterIP', message: 'Invalid value: must be empty for ExternalName services' }]);
      if (spec.clusterIP === 'None') spec.clusterIPs = ['None'];
    } else if (!spec.clusterIP) {
      spec.clusterIP = await this.pickIP();
      spec.clusterIPs = [spec.clusterIP];
    } else {
      if (!this.inRange(spec.clusterIP)) throw invalid('Service', '', name, [{ reason: 'FieldValueInvalid', field: 'spec.clusterIPs', message: `Invalid value: ["${spec.clusterIP}"]: failed to allocate IP ${spec.clusterIP}: provided IP is not in the valid range. The range of valid IPs is ${this.ranges.clusterIPRange}` }]);
      spec.clusterIPs = [spec.clusterIP];
    }
    if (wantsNodePorts(svc)) {
      for (const p of spec.ports ?? []) {
        if (p.nodePort === undefined || p.nodePort === 0) p.nodePort = await this.pickNodePort(p.protocol ?? 'TCP', spec.ports);
        else if (p.nodePort < this.ranges.nodePortRange[0] || p.nodePort > this.ranges.nodePortRange[1]) {
          throw invalid('Service', '', name, [{ reason: 'FieldValueInvalid', field: 'spec.ports[].nodePort', message: `Invalid value: ${p.nodePort}: provided port is not in the valid range. The range of valid ports is ${this.ranges.nodePortRange.join('-')}` }]);
        }
      }
    } else {
      for (const p of spec.ports ?? []) delete p.nodePort;
    }
  }

  /** Kubernetes copies allocated values from the stored Service when an update leaves them unset, and refuses changing the ClusterIP. */
  private carryOver(svc: Record<string, any>, old: Record<string, any>): void {
    const spec = svc.spec;
    const oldIP = old.spec?.clusterIP;
    const switching = (spec.type === 'ExternalName') !== (old.spec?.type === 'ExternalName');
    if (!spec.clusterIP && oldIP && !switching) spec.clusterIP = oldIP;
    if (spec.clusterIP && oldIP && spec.clusterIP !== oldIP && !switching) {
      throw invalid('Service', '', svc.metadata?.name ?? '', [{ reason: 'FieldValueInvalid', field: 'spec.clusterIPs[0]', message: `Invalid value: ["${spec.clusterIP}"]: may not change once set` }]);
    }
    for (const p of spec.ports ?? []) {
      if (p.nodePort) continue;
      const before = (old.spec?.ports ?? []).find((o: any) => o.port === p.port && (o.protocol ?? 'TCP') === (p.protocol ?? 'TCP'));
      if (before?.nodePort) p.nodePort = before.nodePort;
    }
  }

  private async pickIP(): Promise<string> {
    const usable = this.range.size - 3;
    for (let attempt = 0; attempt < 16; attempt++) {
      const ip = intToIp(this.range.first + 2 + this.random(usable));
      if (!(await this.claims.taken(`ip/${ip}`))) return ip;
    }
    const held = new Set(await this.claims.withPrefix('ip/'));
    for (let n = this.range.first + 2; n < this.range.first + this.range.size - 1; n++) {
      if (!held.has(`ip/${intToIp(n)}`)) return intToIp(n);
    }
    throw invalid('Service', '', '', [{ reason: 'FieldValueInvalid', field: 'spec.clusterIPs', message: `Internal error: failed to allocate a serviceIP: range is full (${this.ranges.clusterIPRange})` }]);
  }

  private async pickNodePort(protocol: string, ports: any[]): Promise<number> {
    const [lo, hi] = this.ranges.nodePortRange;
    const inUse = (n: number) => ports.some((p) => p.nodePort === n && (p.protocol ?? 'TCP') === protocol);
    for (let attempt = 0; attempt < 64; attempt++) {
      const n = lo + this.random(hi - lo + 1);
      if (!inUse(n) && !(await this.claims.taken(`nodeport/${protocol}/${n}`))) return n;
    }
    const held = new Set(await this.claims.withPrefix(`nodeport/${protocol}/`));
    for (let n = lo; n <= hi; n++) if (!inUse(n) && !held.has(`nodeport/${protocol}/${n}`)) return n;
    throw invalid('Service', '', '', [{ reason: 'FieldValueInvalid', field: 'spec.ports[].nodePort', message: 'Internal error: failed to allocate a nodePort: range is full' }]);
  }
}
