/**
 * Node IPAM arithmetic (pure): carving a cluster CIDR into per-node pod CIDRs,
 * the way kube-controller-manager's range allocator does with `--cluster-cidr`
 * and `--node-cidr-mask-size`. Kept free of I/O so the allocation rules (never
 * two nodes on one range, lowest free range first) are tested directly.
 */

/** A parsed IPv4 CIDR: network address as an integer and prefix length. */
export interface Cidr {
  base: number;
  prefix: number;
}

function ipToInt(ip: string): number {
  return ip.split('.').reduce((n, o) => n * 256 + Number(o), 0);
}

function intToIp(n: number): string {
  return [24, 16, 8, 0].map((s) => Math.floor(n / 2 ** s) % 256).join('.');
}

/** Parses `a.b.c.d/p` (the network address is the CIDR's base); throws on anything else. */
export function parseIPv4Cidr(cidr: string): Cidr {
  const m = /^(\d{1,3})\.(\d{1,3})\.(\d{1,3})\.(\d{1,3})\/(\d{1,2})$/.exec(cidr.trim());
  if (!m || m.slice(1, 5).some((o) => Number(o) > 255) || Number(m[5]) > 32) throw new Error(`invalid IPv4 CIDR ${JSON.stringify(cidr)}`);
  const prefix = Number(m[5]);
  const size = 2 ** (32 - prefix);
  return { base: Math.floor(ipToInt(m.slice(1, 5).join('.')) / size) * size, prefix };
}

/** Text form of a parsed CIDR. */
export function formatCidr(c: Cidr): string {
  return `${intToIp(c.base)}/${c.prefix}`;
}

/** Validates the allocator settings; answers an error message or undefined. */
export function checkSettings(clusterCidr: string, maskSize: number): string | undefined {
  let c: Cidr;
  try {
    c = parseIPv4Cidr(clusterCidr);
  } catch (err) {
    return (err as Error).message;
  }
  if (!Number.isInteger(maskSize) || maskSize < c.prefix || maskSize > 30) return `--node-cidr-mask-size ${maskSize} must be between the cluster CIDR's prefix /${c.prefix} and 30`;
  return undefined;
}

/** Number of node ranges a cluster CIDR holds. */
export function rangeCount(clusterCidr: string, maskSize: number): number {
  return 2 ** (maskSize - parseIPv4Cidr(clusterCidr).prefix);
}

/** Index of `podCidr` among the cluster's node ranges, or undefined when it is not one of them. */
export function rangeIndex(clusterCidr: string, maskSize: number, podCidr: string): number | undefined {
  let p: Cidr;
  try {
    p = parseIPv4Cidr(podCidr);
  } catch {
    return undefined;
  }
  const c = parseIPv4Cidr(clusterCidr);
  if (p.prefix !== maskSize) return undefined;
  const offset = p.base - c.base;
  const size = 2 ** (32 - maskSize);
  if (offset < 0 || offset >= 2 ** (32 - c.prefix)) return undefined;
  return offset / size;
}

/** The CIDR of node range `index`. */
export function rangeAt(clusterCidr: string, maskSize: number, index: number): string {
  const c = parseIPv4Cidr(clusterCidr);
  return formatCidr({ base: c.base + index * 2 ** (32 - maskSize), prefix: maskSize });
}

/** The lowest node range not in `used` (indexes), or undefined when the cluster CIDR is exhausted. */
export function nextFreeRange(clusterCidr: string, maskSize: number, used: Set<number>): string | undefined {
  const n = rangeCount(clusterCidr, maskSize);
  for (let i = 0; i < n; i++) if (!used.has(i)) return rangeAt(clusterCidr, maskSize, i);
  return undefined;
}
