/**
 * `rk apiserver`: runs one apiserver against a Redis; several may share a Redis
 * behind a load balancer (they are stateless).
 */
import { readFileSync } from 'node:fs';
import type { CommandModule } from 'yargs';

interface Args {
  'redis-url': string;
  port: number;
  host: string;
  prefix: string;
  token?: string;
  'history-length': number;
  'default-not-ready-toleration-seconds': number;
  'default-unreachable-toleration-seconds': number;
  'tls-cert-file'?: string;
  'tls-private-key-file'?: string;
  'service-cluster-ip-range': string;
  'service-node-port-range': string;
}

/** The `rk apiserver` command. */
export const apiserverCommand: CommandModule<object, Args> = {
  command: 'apiserver',
  describe: 'Run the Kubernetes-compatible apiserver on a Redis',
  builder: (y) => y
    .option('redis-url', { type: 'string', default: 'redis://127.0.0.1:6379', describe: 'Redis holding the cluster state' })
    .option('port', { type: 'number', default: 6443, describe: 'TCP port to serve on' })
    .option('host', { type: 'string', default: '127.0.0.1', describe: 'Address to bind (0.0.0.0 for remote node agents)' })
    .option('prefix', { type: 'string', default: 'rk', describe: 'Redis key prefix: one cluster per prefix' })
    .option('token', { type: 'string', describe: 'Bearer token clients must present (default: RK_TOKEN, else none)' })
    .option('history-length', { type: 'number', default: 200_000, describe: 'Watch history kept in Redis (events); older resourceVersions get 410' })
    .option('service-cluster-ip-range', { type: 'string', default: '10.96.0.0/16', describe: 'CIDR Service ClusterIPs are allocated from' })
    .option('service-node-port-range', { type: 'string', default: '30000-32767', describe: 'Inclusive range NodePorts are allocated from' })
    .option('default-not-ready-toleration-seconds', { type: 'number', default: 300, describe: 'Seconds pods tolerate node.kubernetes.io/not-ready:NoExecute unless they say otherwise' })
    .option('default-unreachable-toleration-seconds', { type: 'number', default: 300, describe: 'Seconds pods tolerate node.kubernetes.io/unreachable:NoExecute unless they say otherwise' })
    .option('tls-cert-file', { type: 'string', describe: 'PEM serving certificate (with --tls-private-key-file: serve HTTPS)' })
    .option('tls-private-key-file', { type: 'string', describe: 'PEM private key of the serving certificate' })
    .example('rk apiserver --redis-url redis://127.0.0.1:6380 --port 6443', 'serve the cluster kept in that Redis'),
  handler: async (args) => {
    const { startApiserver } = await import('../../apiserver/server.js');
    const api = await startApiserver({
      redisUrl: args['redis-url'], port: args.port, host: args.host, prefix: args.prefix,
      token: args.token ?? process.env.RK_TOKEN, historyLength: args['history-length'],
      serviceClusterIPRange: args['service-cluster-ip-range'],
      serviceNodePortRange: parsePortRange(args['service-node-port-range']),
      admission: {
        notReadyTolerationSeconds: args['default-not-ready-toleration-seconds'],
        unreachableTolerationSeconds: args['default-unreachable-toleration-seconds'],
      },
      tls: args['tls-cert-file'] && args['tls-private-key-file']
        ? { cert: readFileSync(args['tls-cert-file'], 'utf8'), key: readFileSync(args['tls-private-key-file'], 'utf8') } : undefined,
    });
    console.log(`apiserver listening on ${api.url}`);
    const stop = async () => { await api.close(); process.exit(0); };
    process.once('SIGINT', stop);
    process.once('SIGTERM', stop);
  },
};

/** Parses `30000-32767` into an inclusive pair. */
export function parsePortRange(s: string): [number, number] {
  const m = /^(\d+)-(\d+)$/.exec(s);
  if (!m || Number(m[1]) > Number(m[2]) || Number(m[2]) > 65535) throw new Error(`invalid port range "${s}": use FIRST-LAST`);
  return [Number(m[1]), Number(m[2])];
}
