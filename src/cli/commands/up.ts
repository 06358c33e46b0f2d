/**
 * `rk up`: one command to a working cluster. Starts a private redis-server (AOF on)
 * unless --redis-url is given, the apiserver (in this process), and the
 * controller-manager, scheduler, the service proxy (one per host) and node agents
 * as supervised child processes;
 * writes DIR/kubeconfig as soon as the apiserver is ready; stops everything on
 * Ctrl-C / SIGTERM, and whatever had started when start-up fails (one line on
 * stderr, exit 1).
 */
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { homedir } from 'node:os';
import { join } from 'node:path';
import { randomBytes } from 'node:crypto';
import { fileURLToPath } from 'node:url';
import type { CommandModule } from 'yargs';
import type { RunningApiserver } from '../../apiserver/server.js';
import type { RedisServer } from '../../util/redis-server.js';
import { writeKubeconfig } from '../kubeconfig-file.js';
import { Supervised } from '../supervisor.js';

interface Args {
  'data-dir': string;
  port: number;
  host: string;
  'redis-url'?: string;
  prefix: string;
  agents: number;
  appendfsync: 'always' | 'everysec' | 'no';
  runtime: string;
  'service-cidr'?: string;
  'service-interface': string;
  'cluster-cidr': string;
  'host-network': boolean;
  'node-monitor-grace-period'?: number;
  'default-not-ready-toleration-seconds'?: number;
  'default-unreachable-toleration-seconds'?: number;
  'default-toleration-seconds'?: number;
}

/** Default data directory: $RK_DATA_DIR, else ~/.redkube. */
export function defaultDataDir(): string {
  return process.env.RK_DATA_DIR ?? join(homedir(), '.redkube');
}

function loadOrCreateToken(dir: string): string {
  const file = join(dir, 'token');
  if (existsSync(file)) return readFileSync(file, 'utf8').trim();
  const token = randomBytes(24).toString('base64url');
  writeFileSync(file, token, { mode: 0o600 });
  return token;
}

const log = (line: string) => console.log(`${new Date().toISOString().slice(11, 19)} ${line}`);

/** The `rk up` command. */
export const upCommand: CommandModule<object, Args> = {
  command: 'up',
  describe: 'Start a whole cluster on this machine: redis-server, apiserver, controller-manager, scheduler, node agents',
  builder: (y) => y
    .option('data-dir', { type: 'string', default: defaultDataDir(), describe: 'Where Redis data, the token and the kubeconfig live' })
    .option('port', { type: 'number', default: 6443, describe: 'apiserver port' })
    .option('host', { type: 'string', default: '127.0.0.1', describe: 'apiserver bind address' })
    .option('redis-url', { type: 'string', describe: 'Use this Redis instead of starting a private redis-server' })
    .option('prefix', { type: 'string', default: 'rk', describe: 'Redis key prefix of this cluster: clusters sharing one --redis-url need different prefixes' })
    .option('agents', { type: 'number', default: 1, describe: 'Node agents to run on this machine' })
    .option('runtime', { type: 'string', default: 'process', describe: 'Node agent runtime' })
    .option('service-cidr', { alias: 'service-cluster-ip-range', type: 'string', describe: 'Service ClusterIP range. Default: 10.96.0.0/16 on Linux as root (the proxy puts ClusterIPs on a dummy interface), else the loopback range 127.96.0.0/16, which needs no address changes. Multi-host clusters use a range outside every host network, the same on all hosts' })
    .option('service-interface', { type: 'string', default: 'rk-svc0', describe: 'Dummy interface the proxy puts ClusterIPs on when the range is not loopback (Linux, root)' })
    .option('cluster-cidr', { type: 'string', default: '10.244.0.0/16', describe: 'Pod address range; each node gets a /24 of it (Linux as root with the process runtime: pods get their own network namespaces)' })
    .option('host-network', { type: 'boolean', default: false, describe: 'Run pods in the host network (pod IP = node IP) even where pod network namespaces are available' })
    .option('node-monitor-grace-period', { type: 'number', describe: 'Seconds without a Lease renewal before a node is unreachable (controller-manager; default 50)' })
    .option('default-not-ready-toleration-seconds', { type: 'number', describe: 'Seconds new pods tolerate node.kubernetes.io/not-ready:NoExecute unless they say otherwise (apiserver; default 300)' })
    .option('default-unreachable-toleration-seconds', { type: 'number', describe: 'Seconds new pods tolerate node.kubernetes.io/unreachable:NoExecute unless they say otherwise (apiserver; default 300)' })
    .option('default-toleration-seconds', { type: 'number', describe: 'Seconds pods without those tolerations stay on a not-ready or unreachable node (controller-manager; default 300)' })
    .option('appendfsync', { choices: ['always', 'everysec', 'no'] as const, default: 'everysec' as const, describe: 'AOF fsync policy of the private redis-server: always loses no acknowledged write; everysec up to ~1 s on a machine crash' })
    .example('rk up', 'start a cluster; then: export KUBECONFIG=~/.redkube/kubeconfig; kubectl get nodes')
    .example('rk up --data-dir /tmp/rk --port 7443 --agents 3', 'a second cluster with three nodes')
    .example('rk up --redis-url redis://db:6379 --prefix blue', 'a cluster whose keys in a shared Redis start with {blue}'),
  handler: async (args) => {
    const { checkSettings } = await import('../../controllers/node-ipam/plan.js');
    const badCidr = checkSettings(args['cluster-cidr'], 24);
    if (badCidr) {
      console.error(`error: --cluster-cidr: ${badCidr}`);
      process.exit(1);
    }
    // Signals are handled from the first moment, so a Ctrl-C during start-up stops what has started.
    const started: Started = { children: [], stopping: false };
    let startup: Promise<void> = Promise.resolve();
    const stop = async (code: number) => {
      if (started.stopping) return;
      started.stopping = true;
      await startup.catch(() => undefined);
      await stopAll(started);
      process.exit(code);
    };
    process.on('SIGINT', () => void stop(0));
    process.on('SIGTERM', () => void stop(0));
    startup = startCluster(args, started);
    try {
      await startup;
    } catch (err) {
      console.error(`rk up: ${startFailure(err)}`);
      await stop(1);
    }
  },
};

/** What `rk up` has started so far; `stopping` tells start-up to start nothing more. */
interface Started { redis?: RedisServer; api?: RunningApiserver; children: Supervised[]; stopping: boolean }

/** Starts every part in order, recording each in `started` as soon as it runs; throws on the first failure. */
async function startCluster(args: Args, started: Started): Promise<void> {
  const serviceCidr = args['service-cidr'] ?? defaultServiceCidr(podNetworksAvailable());
  const serviceInterface = !serviceCidr.startsWith('127.') && podNetworksAvailable() ? ['--service-interface', args['service-interface']] : [];
  const dir = args['data-dir'];
  mkdirSync(join(dir, 'redis'), { recursive: true });
  const token = loadOrCreateToken(dir);
  const { startRedisServer } = await import('../../util/redis-server.js');
  const { startApiserver } = await import('../../apiserver/server.js');
  let redisUrl = args['redis-url'];
  if (!redisUrl) {
    log(`starting redis-server (AOF, appendfsync ${args.appendfsync}) in ${join(dir, 'redis')}`);
    started.redis = await startRedisServer({ dir: join(dir, 'redis'), appendOnly: true, appendFsync: args.appendfsync });
    redisUrl = started.redis.url;
    log(`redis-server ready at ${redisUrl}`);
  }
  const { ensureClusterPki } = await import('../../util/pki.js');
  const { firstServiceIP } = await import('../../apiserver/registry/service-allocation.js');
  // Pods reach the API as https://kubernetes.default.svc (the first Service address), as in Kubernetes.
  const inClusterNames = [firstServiceIP(serviceCidr), 'kubernetes', 'kubernetes.default', 'kubernetes.default.svc', 'kubernetes.default.svc.cluster.local'];
  const pki = await ensureClusterPki(dir, args.host, inClusterNames);
  if (started.stopping) return;
  log('starting apiserver');
  const api = started.api = await startApiserver({
    redisUrl, port: args.port, host: args.host, prefix: args.prefix, token, tls: { cert: pki.certPem, key: pki.keyPem },
    serviceClusterIPRange: serviceCidr,
    admission: { notReadyTolerationSeconds: args['default-not-ready-toleration-seconds'], unreachableTolerationSeconds: args['default-unreachable-toleration-seconds'] },
  });
  if (started.stopping) return;
  const kubeconfig = join(dir, 'kubeconfig');
  writeKubeconfig(kubeconfig, api.url, token, pki.caPem);
  log(`apiserver ready at ${api.url}; kubeconfig written to ${kubeconfig}`);
  const cli = fileURLToPath(new URL('../main.js', import.meta.url));
  const common = ['--server', api.url, '--token', token, '--certificate-authority', pki.caFile];
  const podNetwork = podNetworksAvailable() && args.runtime === 'process' && !args['host-network'];
  const nodeLifecycle = (['node-monitor-grace-period', 'default-toleration-seconds'] as const)
    .flatMap((flag) => (args[flag] !== undefined ? [`--${flag}`, String(args[flag])] : []));
  const { leaseSecondsForGrace } = await import('../../../node-agent/registration.js');
  const grace = args['node-monitor-grace-period'];
  // The agents renew their Leases often enough for the grace period the controller-manager applies.
  const agentLease = grace !== undefined ? ['--node-lease-duration-seconds', String(leaseSecondsForGrace(grace))] : [];
  log(`Service ClusterIPs from ${serviceCidr}${serviceInterface.length ? ` on dummy interface ${args['service-interface']}` : ''}`);
  log(podNetwork ? `pods get their own network namespaces on ${args['cluster-cidr']}` : 'pods use the host network');
  const children = [
    new Supervised('controller-manager', [cli, 'controller-manager', ...common, ...nodeLifecycle, ...(podNetwork ? ['--allocate-node-cidrs', '--cluster-cidr', args['cluster-cidr']] : [])], log),
    new Supervised('scheduler', [cli, 'scheduler', ...common], log),
    new Supervised('proxy', [cli, 'proxy', ...common, ...serviceInterface], log),
    ...Array.from({ length: args.agents }, (_, i) => new Supervised(`agent-${i}`,
      [cli, 'agent', ...common, '--runtime', args.runtime, ...agentLease, ...(args.agents > 1 ? ['--name', `${hostName()}-${i}`] : []), ...(podNetwork ? ['--pod-network'] : [])], log)),
  ];
  for (const c of children) { started.children.push(c); c.start(); log(`started ${c.name}`); }
  log(`cluster is up. Try: KUBECONFIG=${kubeconfig} kubectl get nodes   (Ctrl-C stops everything)`);
}

/** Stops what has started, newest first: the components, the apiserver, then redis-server. A failing step never skips the next. */
async function stopAll(started: Started): Promise<void> {
  log('stopping components');
  await Promise.allSettled(started.children.map((c) => c.stop()));
  await started.api?.close().catch((err: Error) => log(`apiserver close: ${err.message}`));
  if (started.redis) { await started.redis.stop(); log('redis-server stopped'); }
  log('stopped');
}

const LISTEN_ERRORS: Record<string, string> = {
  EADDRINUSE: 'address already in use',
  EADDRNOTAVAIL: 'address not available',
  EACCES: 'permission denied',
};

/**
 * The line `rk up` prints when start-up fails (pure): a port that cannot be bound
 * reads `cannot listen on 127.0.0.1:6443: address already in use`; anything else
 * is the error's own message, never a stack.
 */
export function startFailure(err: unknown): string {
  const e = err as { code?: string; syscall?: string; address?: string; port?: number; message?: string } | undefined;
  const why = e?.code ? LISTEN_ERRORS[e.code] : undefined;
  if (e?.syscall === 'listen' && why) {
    const host = e.address?.includes(':') ? `[${e.address}]` : e.address;
    return `cannot listen on ${host}:${e.port}: ${why}`;
  }
  return e?.message ?? String(err);
}

/**
 * The Service range when none is given: 10.96.0.0/16 (Kubernetes' own default) where
 * the proxy can put ClusterIPs on a dummy interface (Linux as root), which pods
 * reach too; elsewhere 127.96.0.0/16, local on every host with no setup (pure).
 */
export function defaultServiceCidr(linuxRoot: boolean): string {
  return linuxRoot ? '10.96.0.0/16' : '127.96.0.0/16';
}

/** True where agents can give pods network namespaces: Linux, root, iproute2. */
function podNetworksAvailable(): boolean {
  return process.platform === 'linux' && process.getuid?.() === 0 && (existsSync('/usr/sbin/ip') || existsSync('/sbin/ip') || existsSync('/usr/bin/ip'));
}

function hostName(): string {
  return (process.env.HOSTNAME ?? 'node').toLowerCase().replace(/[^a-z0-9-]/g, '-');
}
