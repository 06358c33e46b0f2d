/**
 * `rk up`: one command to a working cluster. Starts a private redis-server (AOF on)
 * unless --redis-url is given, the apiserver (in this process), and the
 * controller-manager, scheduler, the service proxy (one per host) and node agents
 * as supervised child processes;
 * writes DIR/kubeconfig as soon as the apiserver is ready; stops everything on
 * Ctrl-C / SIGTERM.
 */
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { homedir } from 'node:os';
import { join } from 'node:path';
import { randomBytes } from 'node:crypto';
import { fileURLToPath } from 'node:url';
import type { CommandModule } from 'yargs';
import { writeKubeconfig } from '../kubeconfig-file.js';
import { Supervised } from '../supervisor.js';

interface Args {
  'data-dir': string;
  port: number;
  host: string;
  'redis-url'?: string;
  agents: number;
  appendfsync: 'always' | 'everysec' | 'no';
  runtime: string;
  'service-cluster-ip-range': string;
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
    .option('agents', { type: 'number', default: 1, describe: 'Node agents to run on this machine' })
    .option('runtime', { type: 'string', default: 'process', describe: 'Node agent runtime' })
    .option('service-cluster-ip-range', { type: 'string', default: '127.96.0.0/16', describe: 'Service ClusterIP range. The loopback default works on one host with no address changes; multi-host clusters use a routable range such as 10.96.0.0/16' })
    .option('appendfsync', { choices: ['always', 'everysec', 'no'] as const, default: 'everysec' as const, describe: 'AOF fsync policy of the private redis-server: always loses no acknowledged write; everysec up to ~1 s on a machine crash' })
    .example('rk up', 'start a cluster; then: export KUBECONFIG=~/.redkube/kubeconfig; kubectl get nodes')
    .example('rk up --data-dir /tmp/rk --port 7443 --agents 3', 'a second cluster with three nodes'),
  handler: async (args) => {
    const dir = args['data-dir'];
    mkdirSync(join(dir, 'redis'), { recursive: true });
    const token = loadOrCreateToken(dir);
    const { startRedisServer } = await import('../../util/redis-server.js');
    const { startApiserver } = await import('../../apiserver/server.js');
    let redisUrl = args['redis-url'];
    let redis: Awaited<ReturnType<typeof startRedisServer>> | undefined;
    if (!redisUrl) {
      log(`starting redis-server (AOF, appendfsync ${args.appendfsync}) in ${join(dir, 'redis')}`);
      redis = await startRedisServer({ dir: join(dir, 'redis'), appendOnly: true, appendFsync: args.appendfsync });
      redisUrl = redis.url;
      log(`redis-server ready at ${redisUrl}`);
    }
    const { ensureClusterPki } = await import('../../util/pki.js');
    const pki = await ensureClusterPki(dir, args.host);
    log('starting apiserver');
    const api = await startApiserver({
      redisUrl, port: args.port, host: args.host, token, tls: { cert: pki.certPem, key: pki.keyPem },
      serviceClusterIPRange: args['service-cluster-ip-range'],
    });
    const kubeconfig = join(dir, 'kubeconfig');
    writeKubeconfig(kubeconfig, api.url, token, pki.caPem);
    log(`apiserver ready at ${api.url}; kubeconfig written to ${kubeconfig}`);
    const cli = fileURLToPath(new URL('../main.js', import.meta.url));
    const common = ['--server', api.url, '--token', token, '--certificate-authority', pki.caFile];
    const children = [
      new Supervised('controller-manager', [cli, 'controller-manager', ...common], log),
      new Supervised('scheduler', [cli, 'scheduler', ...common], log),
      new Supervised('proxy', [cli, 'proxy', ...common], log),
      ...Array.from({ length: args.agents }, (_, i) => new Supervised(`agent-${i}`,
        [cli, 'agent', ...common, '--runtime', args.runtime, ...(args.agents > 1 ? ['--name', `${hostName()}-${i}`] : [])], log)),
    ];
    for (const c of children) { c.start(); log(`started ${c.name}`); }
    log(`cluster is up. Try: KUBECONFIG=${kubeconfig} kubectl get nodes   (Ctrl-C stops everything)`);
    let stopping = false;
    const stop = async () => {
      if (stopping) return;
      stopping = true;
      log('stopping components');
      await Promise.all(children.map((c) => c.stop()));
      await api.close();
      if (redis) { await redis.stop(); log('redis-server stopped'); }
      log('stopped');
      process.exit(0);
    };
    process.on('SIGINT', () => void stop());
    process.on('SIGTERM', () => void stop());
  },
};

function hostName(): string {
  return (process.env.HOSTNAME ?? 'node').toLowerCase().replace(/[^a-z0-9-]/g, '-');
}
