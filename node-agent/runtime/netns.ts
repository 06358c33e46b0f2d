/**
 * Pod sandboxes' networks on Linux as root (the seeds' pause-container idea made
 * with iproute2): each pod gets a network namespace holding its own IP from the
 * node's pod CIDR, joined by a veth pair to a per-node bridge whose address is the
 * CIDR's first host (the pods' gateway). All containers of a pod share the
 * namespace (localhost, one port space); pods on the node, and the host, reach
 * each other by pod IP, and forwarding on the bridge lets pods behind other
 * nodes' bridges on the same host reach them too. IP allocations are files in
 * the state dir, so a restarted agent gives a pod back its IP and namespace.
 * `allocateIP` is pure.
 */
import { createHash } from 'node:crypto';
import { existsSync, mkdirSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { execa } from 'execa';

function ipToInt(ip: string): number {
  return ip.split('.').reduce((n, o) => n * 256 + Number(o), 0);
}

function intToIp(n: number): string {
  return [24, 16, 8, 0].map((s) => Math.floor(n / 2 ** s) % 256).join('.');
}

/** Network address, prefix length and gateway (first host) of an IPv4 CIDR (pure). */
export function parseCidr(cidr: string): { base: number; prefix: number; size: number; gateway: string } {
  const [ip, p] = cidr.split('/');
  const prefix = Number(p);
  if (!/^\d+\.\d+\.\d+\.\d+$/.test(ip) || !(prefix >= 8 && prefix <= 30)) throw new Error(`invalid pod CIDR ${cidr}`);
  const size = 2 ** (32 - prefix);
  const base = Math.floor(ipToInt(ip) / size) * size;
  return { base, prefix, size, gateway: intToIp(base + 1) };
}

/** The lowest free pod address (skipping network, gateway and broadcast), or undefined when full (pure). */
export function allocateIP(cidr: string, used: Set<string>): string | undefined {
  const { base, size } = parseCidr(cidr);
  for (let i = 2; i < size - 1; i++) {
    const ip = intToIp(base + i);
    if (!used.has(ip)) return ip;
  }
  return undefined;
}

async function ip(...args: string[]): Promise<void> {
  await execa('ip', args);
}

/** The pod networks of one node. Invariant: an allocation file exists for every namespace it created. */
export class PodNetworks {
  readonly bridge: string;
  private readonly dir: string;
  private readonly net: ReturnType<typeof parseCidr>;

  constructor(readonly cidr: string, stateDir: string) {
    this.net = parseCidr(cidr);
    this.bridge = `rkbr${createHash('sha256').update(cidr).digest('hex').slice(0, 8)}`;
    this.dir = join(stateDir, 'ipam');
    mkdirSync(this.dir, { recursive: true });
  }

  /** Creates the bridge with the gateway address (idempotent). */
  async setup(): Promise<void> {
    if (!existsSync(`/sys/class/net/${this.bridge}`)) {
      await ip('link', 'add', this.bridge, 'type', 'bridge');
      await ip('addr', 'add', `${this.net.gateway}/${this.net.prefix}`, 'dev', this.bridge);
    }
    await ip('link', 'set', this.bridge, 'up');
    // Pods of other nodes on this host sit behind other bridges: forward what arrives on this one (this bridge only, not host-wide).
    try {
      writeFileSync(`/proc/sys/net/ipv4/conf/${this.bridge}/forwarding`, '1');
    } catch {
      // read-only /proc/sys: pods still reach the host and the pods of this node
    }
  }

  /** Namespace name of a pod. */
  static netnsOf(uid: string): string {
    return `rk-${uid.replace(/-/g, '').slice(0, 12)}`;
  }

  private allocations(): Map<string, string> {
    return new Map(readdirSync(this.dir).map((f) => [readFileSync(join(this.dir, f), 'utf8'), f]));
  }

  /** Gives a pod its namespace and IP (the same ones again after an agent restart). */
  async attach(uid: string): Promise<{ ip: string; netns: string }> {
    const netns = PodNetworks.netnsOf(uid);
    const mine = this.allocations().get(uid);
    if (mine && existsSync(`/run/netns/${netns}`)) return { ip: mine, netns };
    const addr = mine ?? allocateIP(this.cidr, new Set(readdirSync(this.dir)));
    if (!addr) throw new Error(`pod CIDR ${this.cidr} is full`);
    writeFileSync(join(this.dir, addr), uid);
    const host = `rkv${netns.slice(3, 12)}`;
    await execa('ip', ['netns', 'del', netns], { reject: false });
    await ip('netns', 'add', netns);
    await ip('link', 'add', host, 'type', 'veth', 'peer', 'name', 'eth0', 'netns', netns);
    await ip('link', 'set', host, 'master', this.bridge, 'up');
    await ip('-n', netns, 'addr', 'add', `${addr}/${this.net.prefix}`, 'dev', 'eth0');
    await ip('-n', netns, 'link', 'set', 'lo', 'up');
    await ip('-n', netns, 'link', 'set', 'eth0', 'up');
    await ip('-n', netns, 'route', 'add', 'default', 'via', this.net.gateway);
    return { ip: addr, netns };
  }

  /** Removes a pod's namespace (its veth goes with it) and frees its IP. */
  async detach(uid: string): Promise<void> {
    await execa('ip', ['netns', 'del', PodNetworks.netnsOf(uid)], { reject: false });
    const addr = this.allocations().get(uid);
    if (addr) rmSync(join(this.dir, addr), { force: true });
  }

  /**
   * Removes every pod namespace and the bridge (the agent is stopping and its
   * containers are stopped). The IP allocations stay, so a restarted agent gives
   * each pod its IP back.
   */
  async teardown(): Promise<void> {
    for (const uid of this.attachedUids()) await execa('ip', ['netns', 'del', PodNetworks.netnsOf(uid)], { reject: false });
    await execa('ip', ['link', 'del', this.bridge], { reject: false });
  }

  /** Pod uids holding an IP (to sweep pods deleted while the agent was down). */
  attachedUids(): string[] {
    return [...this.allocations().keys()];
  }
}
