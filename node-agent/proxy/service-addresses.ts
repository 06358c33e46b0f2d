/**
 * ClusterIPs as local addresses, as kube-proxy's IPVS mode does it: a dummy
 * interface (rk-svc0 by default) holds every ClusterIP as a /32, so the proxy can
 * listen on them and the host and its pods (whose default route leads to the host)
 * reach them, while nothing is announced to the network. Addresses are added
 * before a Service's listeners open and removed after they close; the interface
 * goes when the proxy stops. Every step is idempotent, so a restarted proxy adopts
 * what a previous one left behind. Linux as root, iproute2. Kernels built without
 * the dummy driver get a bridge with no ports instead, which holds local addresses
 * the same way and forwards nothing.
 */
import { existsSync } from 'node:fs';
import { execa } from 'execa';

/** Addresses to add and remove to go from `current` to `wanted` (pure). */
export function planAddresses(current: Iterable<string>, wanted: Iterable<string>): { add: string[]; remove: string[] } {
  const have = new Set(current);
  const want = new Set(wanted);
  return { add: [...want].filter((a) => !have.has(a)).sort(), remove: [...have].filter((a) => !want.has(a)).sort() };
}

/** IPv4 addresses in `ip -o -4 addr show` output (pure). */
export function parseAddrShow(out: string): string[] {
  return [...out.matchAll(/\binet (\d+\.\d+\.\d+\.\d+)\/\d+/g)].map((m) => m[1]);
}

/** Interface names the kernel accepts: 1-15 characters, no slash, colon or blank (pure). */
export function validInterfaceName(name: string): boolean {
  return /^[A-Za-z0-9_.-]{1,15}$/.test(name) && name !== '.' && name !== '..';
}

/** Runs `ip` with arguments; the seam tests replace. */
export type IpRunner = (args: string[]) => Promise<{ exitCode: number; stdout: string; stderr: string }>;

const runIp: IpRunner = async (args) => {
  const r = await execa('ip', args, { reject: false });
  return { exitCode: r.exitCode ?? 1, stdout: String(r.stdout), stderr: String(r.stderr) };
};

/** The ClusterIP addresses on one dummy interface. */
export class ServiceAddresses {
  private current = new Set<string>();
  /** The link type created: dummy, or bridge where the kernel has no dummy driver. */
  kind: 'dummy' | 'bridge' | 'existing' = 'existing';

  constructor(readonly iface: string, private readonly ip: IpRunner = runIp) {
    if (!validInterfaceName(iface)) throw new Error(`invalid interface name ${JSON.stringify(iface)}`);
  }

  /** Creates the dummy interface (or adopts an existing one) and learns the addresses already on it. */
  async setup(): Promise<void> {
    if (!existsSync(`/sys/class/net/${this.iface}`)) {
      for (const kind of ['dummy', 'bridge'] as const) {
        const r = await this.ip(['link', 'add', this.iface, 'type', kind]);
        if (r.exitCode === 0 || /exists/i.test(r.stderr)) { this.kind = kind; break; }
        if (kind === 'bridge' || !/unknown device type|not supported/i.test(r.stderr)) throw new Error(`ip link add ${this.iface} type ${kind}: ${r.stderr.trim()}`);
      }
    }
    await this.must(['link', 'set', this.iface, 'up']);
    this.current = new Set(parseAddrShow((await this.must(['-o', '-4', 'addr', 'show', 'dev', this.iface])).stdout));
  }

  /** Adds the addresses not yet on the interface (before listeners open on them). */
  async ensure(wanted: Iterable<string>): Promise<void> {
    for (const a of planAddresses(this.current, wanted).add) {
      const r = await this.ip(['addr', 'add', `${a}/32`, 'dev', this.iface]);
      if (r.exitCode !== 0 && !/exists/i.test(r.stderr)) throw new Error(`ip addr add ${a}/32 dev ${this.iface}: ${r.stderr.trim()}`);
      this.current.add(a);
    }
  }

  /** Removes every address not in `wanted` (after their listeners closed). */
  async prune(wanted: Iterable<string>): Promise<void> {
    for (const a of planAddresses(this.current, wanted).remove) {
      const r = await this.ip(['addr', 'del', `${a}/32`, 'dev', this.iface]);
      if (r.exitCode !== 0 && !/cannot assign|not found|no such/i.test(r.stderr)) throw new Error(`ip addr del ${a}/32 dev ${this.iface}: ${r.stderr.trim()}`);
      this.current.delete(a);
    }
  }

  /** The addresses this manager has put (or found) on the interface. */
  addresses(): string[] {
    return [...this.current].sort();
  }

  /** Deletes the interface and with it every address (the proxy is stopping). */
  async teardown(): Promise<void> {
    await this.ip(['link', 'del', this.iface]);
    this.current.clear();
  }

  private async must(args: string[]): Promise<{ stdout: string }> {
    const r = await this.ip(args);
    if (r.exitCode !== 0) throw new Error(`ip ${args.join(' ')}: ${r.stderr.trim()}`);
    return r;
  }
}
