/**
 * The control-plane and node components as commands: `rk controller-manager`,
 * `rk scheduler` and `rk agent`. Each talks to the apiserver only, with a URL and
 * token (or a kubeconfig), and stops cleanly on SIGINT/SIGTERM.
 */
import { hostname } from 'node:os';
import { readFileSync } from 'node:fs';
import { randomBytes } from 'node:crypto';
import type { Argv, CommandModule } from 'yargs';
import type { RestClient } from '../../client/index.js';

interface ConnArgs {
  server?: string;
  'certificate-authority'?: string;
  token?: string;
  kubeconfig?: string;
}

function connectionOptions<T>(y: Argv<T>): Argv<T & ConnArgs> {
  return y
    .option('server', { type: 'string', describe: 'apiserver URL (default: from the kubeconfig)' })
    .option('certificate-authority', { type: 'string', describe: 'PEM file of the cluster CA (for an https --server)' })
    .option('token', { type: 'string', describe: 'bearer token (default: RK_TOKEN or the kubeconfig)' })
    .option('kubeconfig', { type: 'string', describe: 'kubeconfig to read when --server is not given' }) as Argv<T & ConnArgs>;
}

async function connect(args: ConnArgs, component: string): Promise<RestClient> {
  const { RestClient: Client, clientFromKubeconfig } = await import('../../client/index.js');
  if (args.server) {
    const ca = args['certificate-authority'] ? readFileSync(args['certificate-authority'], 'utf8') : undefined;
    return new Client({ server: args.server, token: args.token ?? process.env.RK_TOKEN, ca, userAgent: `redkube-${component}` });
  }
  return clientFromKubeconfig(args.kubeconfig, { userAgent: `redkube-${component}` }).client;
}

function stopSignal(): AbortSignal {
  const ac = new AbortController();
  const stop = () => ac.abort();
  process.once('SIGINT', stop);
  process.once('SIGTERM', stop);
  return ac.signal;
}

const log = (component: string) => (msg: string) => console.log(`${new Date().toISOString()} ${component}: ${msg}`);

/** Runs `work` only while this process holds the component's Lease. */
async function runLeaderElected(client: RestClient, lockName: string, signal: AbortSignal, work: (leading: AbortSignal) => Promise<void>): Promise<void> {
  const { LeaderElector } = await import('../../client/index.js');
  const identity = `${hostname()}_${randomBytes(4).toString('hex')}`;
  const say = log(lockName);
  const elector = new LeaderElector({
    client, lockName, identity,
    onStartedLeading: async (leading) => { say(`became leader as ${identity}`); await work(leading); },
    onStoppedLeading: () => say('stopped leading'),
    onNewLeader: (id) => { if (id !== identity) say(`leader is ${id}`); },
  });
  await elector.run(signal);
}

interface ControllerManagerArgs extends ConnArgs {
  'metrics-port'?: number;
  'node-monitor-grace-period': number;
  'default-toleration-seconds': number;
  'allocate-node-cidrs': boolean;
  'cluster-cidr': string;
  'node-cidr-mask-size': number;
}

/** `rk controller-manager`: every controller runs while this replica leads, and stops when leadership is lost. */
const controllerManager: CommandModule<object, ControllerManagerArgs> = {
  command: 'controller-manager',
  describe: 'Run the leader-elected controllers (workloads, garbage collection, endpoints, nodes, autoscaling)',
  builder: (y) => connectionOptions(y)
    .option('metrics-port', { type: 'number', describe: 'serve Prometheus /metrics on 127.0.0.1:PORT (off by default)' })
    .option('node-monitor-grace-period', { type: 'number', default: 50, describe: 'seconds without a Lease renewal before a node is unreachable' })
    .option('default-toleration-seconds', { type: 'number', default: 300, describe: 'how long pods without their own tolerations stay on a not-ready or unreachable node' })
    .option('allocate-node-cidrs', { type: 'boolean', default: false, describe: 'give every Node a spec.podCIDR from --cluster-cidr (node IPAM)' })
    .option('cluster-cidr', { type: 'string', default: '10.244.0.0/16', describe: 'pod address range of the cluster, carved into per-node ranges' })
    .option('node-cidr-mask-size', { type: 'number', default: 24, describe: 'prefix length of each node\'s pod range' }),
  handler: async (args) => {
    const { checkSettings } = await import('../../controllers/node-ipam/plan.js');
    const bad = args['allocate-node-cidrs'] ? checkSettings(args['cluster-cidr'], args['node-cidr-mask-size']) : undefined;
    if (bad) {
      console.error(`error: ${bad}`);
      process.exit(1);
    }
    const client = await connect(args, 'controller-manager');
    const { runControllerManager } = await import('../../controllers/manager/manager.js');
    const { ControllerMetrics, serveMetrics } = await import('../../controllers/common/metrics.js');
    const metrics = new ControllerMetrics();
    const served = args['metrics-port'] !== undefined ? await serveMetrics(metrics, args['metrics-port']) : undefined;
    if (served) log('controller-manager')(`metrics on http://127.0.0.1:${served.port}/metrics`);
    await runLeaderElected(client, 'kube-controller-manager', stopSignal(), async (leading) => {
      await runControllerManager(client, leading, {
        metrics,
        nodeLifecycle: { graceMs: args['node-monitor-grace-period'] * 1000, defaultTolerationSeconds: args['default-toleration-seconds'] },
        nodeIpam: args['allocate-node-cidrs'] ? { clusterCidr: args['cluster-cidr'], nodeCidrMaskSize: args['node-cidr-mask-size'] } : undefined,
      });
    });
    served?.server.close();
    process.exit(0);
  },
};

interface SchedulerArgs extends ConnArgs {
  config?: string;
  kernel: string;
}

/** `rk scheduler`: schedules pending pods while this replica holds the kube-scheduler Lease. */
const scheduler: CommandModule<object, SchedulerArgs> = {
  command: 'scheduler',
  describe: 'Run the leader-elected scheduler (filters and scores in WebAssembly)',
  builder: (y) => connectionOptions(y)
    .option('config', { type: 'string', describe: 'KubeSchedulerConfiguration file (YAML or JSON): score weights, scoring strategy, percentageOfNodesToScore' })
    .option('kernel', { type: 'string', default: 'wasm', choices: ['wasm', 'ts'], describe: 'wasm: the WebAssembly kernel; ts: the TypeScript reference kernel' }),
  handler: async (args) => {
    const client = await connect(args, 'scheduler');
    const { Scheduler, ReferenceKernel, WasmKernel, defaultProfile, loadSchedulerConfig } = await import('../../scheduler/index.js');
    const profile = args.config ? loadSchedulerConfig(args.config) : defaultProfile();
    const say = log('scheduler');
    await runLeaderElected(client, 'kube-scheduler', stopSignal(), async (leading) => {
      const kernel = args.kernel === 'ts' ? new ReferenceKernel() : new WasmKernel();
      await new Scheduler({ client, profile, kernel, log: say }).run(leading);
    });
    process.exit(0);
  },
};

interface AgentArgs extends ConnArgs {
  name?: string;
  runtime: string;
  count: number;
  'state-dir'?: string;
  'node-ip'?: string;
  port: number;
  'backoff-initial': number;
  'backoff-max': number;
  'backoff-reset': number;
  'shutdown-grace': number;
  'node-lease-duration-seconds': number;
  'pod-manifest-path'?: string;
  'pod-cidr'?: string;
  'pod-network': boolean;
  'pod-pids-limit': number;
}

/** Node names served by one agent: the name itself, or `<name>-0..K-1` for K hollow nodes. */
function agentNodeNames(base: string, count: number): string[] {
  return count <= 1 ? [base] : Array.from({ length: count }, (_, i) => `${base}-${i}`);
}

/** `rk agent`. */
const agent: CommandModule<object, AgentArgs> = {
  command: 'agent',
  describe: 'Run a node agent: registers this host as a Node, keeps its Lease renewed and runs the pods bound to it',
  builder: (y) => connectionOptions(y)
    .option('name', { type: 'string', describe: 'Node name (default: the host name); with --count K, the prefix of K names' })
    .option('runtime', { type: 'string', default: 'process', choices: ['process', 'sim'], describe: 'process: containers are host processes; sim: hollow nodes, pods run without processes' })
    .option('count', { type: 'number', default: 1, describe: 'Hollow nodes to serve from this process (sim runtime only)' })
    .option('state-dir', { type: 'string', describe: 'Where container records and logs live (default: a directory per server and node under the OS temp dir)' })
    .option('node-ip', { type: 'string', describe: 'InternalIP to advertise and serve the agent API on (default: the first non-loopback IPv4)' })
    .option('port', { type: 'number', default: 0, describe: 'Port of the agent API (logs, exec, metrics); 0 picks a free one' })
    .option('backoff-initial', { type: 'number', default: 10_000, describe: 'CrashLoopBackOff first delay, ms' })
    .option('backoff-max', { type: 'number', default: 300_000, describe: 'CrashLoopBackOff longest delay, ms' })
    .option('backoff-reset', { type: 'number', default: 600_000, describe: 'Clean running time that resets the back-off, ms' })
    .option('shutdown-grace', { type: 'number', default: 2000, describe: 'Grace given to containers when the agent stops, ms' })
    .option('node-lease-duration-seconds', { type: 'number', default: 40, describe: 'Lease duration of the node, renewed every quarter of it; keep the renewal interval well under the controller-manager\'s --node-monitor-grace-period' })
    .option('pod-manifest-path', { type: 'string', describe: 'Directory of static pod manifests, mirrored to the apiserver as <name>-<node>' })
    .option('pod-cidr', { type: 'string', describe: 'Give each pod its own network namespace and IP from this CIDR (Linux, root; default: host network)' })
    .option('pod-network', { type: 'boolean', default: false, describe: 'Like --pod-cidr, with the CIDR the controller-manager\'s node IPAM assigns to this Node (spec.podCIDR); waits for it' })
    .option('pod-pids-limit', { type: 'number', default: -1, describe: 'Most processes (pids.max) one pod may run, enforced with the pids cgroup (Linux, root); -1: unlimited' })
    .conflicts('pod-cidr', 'pod-network')
    .example('rk agent --server https://10.0.0.1:6443 --token T --certificate-authority ca.crt', 'join a cluster from another host')
    .example('rk agent --runtime sim --count 100 --name hollow', '100 hollow nodes for scale tests'),
  handler: async (args) => {
    if (!Number.isInteger(args['node-lease-duration-seconds']) || args['node-lease-duration-seconds'] < 1) {
      console.error('error: --node-lease-duration-seconds must be a whole number of seconds, at least 1');
      process.exit(1);
    }
    const client = await connect(args, 'agent');
    const { startAgent } = await import('../../../node-agent/main.js');
    const base = (args.name ?? hostname()).toLowerCase();
    const say = log(`agent ${base}`);
    const running = await startAgent({
      client, nodeNames: agentNodeNames(base, args.runtime === 'sim' ? args.count : 1), runtime: args.runtime as 'process' | 'sim',
      stateDir: args['state-dir'], nodeIP: args['node-ip'], port: args.port, token: args.token ?? process.env.RK_TOKEN,
      backoff: { initialMs: args['backoff-initial'], maxMs: args['backoff-max'], resetAfterMs: args['backoff-reset'] },
      shutdownGraceMs: args['shutdown-grace'], leaseDurationSeconds: args['node-lease-duration-seconds'], podManifestPath: args['pod-manifest-path'], podCidr: args['pod-cidr'], podNetwork: args['pod-network'],
      podPidsLimit: args['pod-pids-limit'] > 0 ? args['pod-pids-limit'] : undefined, log: say,
    });
    const signal = stopSignal();
    await new Promise<void>((resolve) => signal.addEventListener('abort', () => resolve(), { once: true }));
    say('stopping');
    await running.stop();
    process.exit(0);
  },
};

interface ProxyArgs extends ConnArgs {
  'nodeport-addresses'?: string;
  'metrics-port': number;
  'service-interface'?: string;
}

/** `rk proxy`. */
const proxy: CommandModule<object, ProxyArgs> = {
  command: 'proxy',
  describe: 'Run the service proxy for this host: ClusterIP and NodePort forwarding with Maglev endpoint choice',
  builder: (y) => connectionOptions(y)
    .option('nodeport-addresses', { type: 'string', describe: 'Comma-separated addresses NodePorts and LoadBalancer ports listen on (default: 127.0.0.1 and the host\'s first non-loopback IPv4, the InternalIP its agent advertises)' })
    .option('metrics-port', { type: 'number', default: 10249, describe: 'Port of /metrics on 127.0.0.1 (0: off)' })
    .option('service-interface', { type: 'string', describe: 'Put every ClusterIP on this dummy interface (created, and deleted on exit; Linux, root), as kube-proxy IPVS mode does; unset: ClusterIPs are already local (loopback range)' }),
  handler: async (args) => {
    const client = await connect(args, 'proxy');
    const { ServiceProxy } = await import('../../../node-agent/proxy/proxy.js');
    const { wasmBuilder } = await import('../../../node-agent/proxy/maglev-wasm.js');
    const say = log('proxy');
    const signal = stopSignal();
    const service = new ServiceProxy({ client, nodePortAddresses: args['nodeport-addresses']?.split(',').filter(Boolean), builder: await wasmBuilder(), serviceInterface: args['service-interface'], log: say });
    await service.start();
    say(`serving ${service.frontends().length} service ports`);
    const { createServer } = await import('node:http');
    const metrics = args['metrics-port'] ? createServer(async (_req, res) => {
      res.writeHead(200, { 'Content-Type': service.metrics.registry.contentType });
      res.end(await service.metrics.registry.metrics());
    }).listen(args['metrics-port'], '127.0.0.1') : undefined;
    metrics?.on('error', (err) => say(`metrics listener: ${err.message}`));
    await new Promise<void>((resolve) => signal.addEventListener('abort', () => resolve(), { once: true }));
    metrics?.close();
    await service.stop();
    process.exit(0);
  },
};

/** The component commands, registered together. */
export const componentCommands = [controllerManager, scheduler, agent, proxy];
