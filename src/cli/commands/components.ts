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

/** `rk controller-manager`. */
const controllerManager: CommandModule<object, ConnArgs> = {
  command: 'controller-manager',
  describe: 'Run the leader-elected controllers (namespace lifecycle; workload controllers build on it)',
  builder: (y) => connectionOptions(y),
  handler: async (args) => {
    const client = await connect(args, 'controller-manager');
    const { runNamespaceController } = await import('../../controllers/namespace/controller.js');
    await runLeaderElected(client, 'kube-controller-manager', stopSignal(), async (leading) => {
      await runNamespaceController(client, leading);
    });
    process.exit(0);
  },
};

/** `rk scheduler`. */
const scheduler: CommandModule<object, ConnArgs> = {
  command: 'scheduler',
  describe: 'Run the leader-elected scheduler',
  builder: (y) => connectionOptions(y),
  handler: async (args) => {
    const client = await connect(args, 'scheduler');
    await runLeaderElected(client, 'kube-scheduler', stopSignal(), (leading) => new Promise<void>((resolve) => {
      leading.addEventListener('abort', () => resolve(), { once: true });
    }));
    process.exit(0);
  },
};

interface AgentArgs extends ConnArgs {
  name?: string;
  runtime: string;
}

/** `rk agent`. */
const agent: CommandModule<object, AgentArgs> = {
  command: 'agent',
  describe: 'Run a node agent: registers this host as a Node and keeps its Lease renewed',
  builder: (y) => connectionOptions(y)
    .option('name', { type: 'string', describe: 'Node name (default: the host name)' })
    .option('runtime', { type: 'string', default: 'process', describe: 'Container runtime' })
    .example('rk agent --server http://10.0.0.1:6443 --token T', 'join a cluster from another host'),
  handler: async (args) => {
    const client = await connect(args, 'agent');
    const { registerNode, heartbeat } = await import('../../../node-agent/registration.js');
    const name = (args.name ?? hostname()).toLowerCase();
    const say = log(`agent ${name}`);
    const signal = stopSignal();
    for (let delay = 500; !signal.aborted; delay = Math.min(delay * 2, 10_000)) {
      try {
        await registerNode(client, name, args.runtime);
        say('registered node');
        break;
      } catch (err) {
        say(`registration failed (${(err as Error).message}); retrying`);
        await new Promise((r) => setTimeout(r, delay));
      }
    }
    await heartbeat(client, name, signal, say);
    process.exit(0);
  },
};

interface ProxyArgs extends ConnArgs {
  'nodeport-addresses': string;
  'metrics-port': number;
}

/** `rk proxy`. */
const proxy: CommandModule<object, ProxyArgs> = {
  command: 'proxy',
  describe: 'Run the service proxy for this host: ClusterIP and NodePort forwarding with Maglev endpoint choice',
  builder: (y) => connectionOptions(y)
    .option('nodeport-addresses', { type: 'string', default: '127.0.0.1', describe: 'Comma-separated addresses NodePorts listen on' })
    .option('metrics-port', { type: 'number', default: 10249, describe: 'Port of /metrics on 127.0.0.1 (0: off)' }),
  handler: async (args) => {
    const client = await connect(args, 'proxy');
    const { ServiceProxy } = await import('../../../node-agent/proxy/proxy.js');
    const { wasmBuilder } = await import('../../../node-agent/proxy/maglev-wasm.js');
    const say = log('proxy');
    const signal = stopSignal();
    const service = new ServiceProxy({ client, nodePortAddresses: args['nodeport-addresses'].split(',').filter(Boolean), builder: await wasmBuilder(), log: say });
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
