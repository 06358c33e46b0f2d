/**
 * Connection flags every client command shares (`--kubeconfig`, `--context`,
 * `-n`) and the lazily built client they select. Kept free of heavy imports so
 * `rk <verb> --help` never loads the client library.
 */
import type { Argv } from 'yargs';
import type { RestClient } from '../client/index.js';

/** The parsed connection flags. */
export interface ConnArgs {
  kubeconfig?: string;
  context?: string;
  namespace?: string;
}

/** A connected command's view of the cluster: the client and the namespace to default to. */
export interface Conn {
  client: RestClient;
  /** `-n` when given, else the context's namespace (`default` when it names none). */
  namespace: string;
  /** True when the user gave `-n` explicitly. */
  explicitNamespace: boolean;
  server: string;
}

const opened: RestClient[] = [];

/** Closes every client `connect` built, so the process can exit once a command is done. */
export function closeConnections(): void {
  for (const c of opened.splice(0)) c.close();
}

/** Adds the kubectl connection flags to a command's builder. */
export function withConn<T>(y: Argv<T>): Argv<T & ConnArgs> {
  return y
    .option('kubeconfig', { type: 'string', describe: 'Path to the kubeconfig file (default: KUBECONFIG or ~/.kube/config)' })
    .option('context', { type: 'string', describe: 'The kubeconfig context to use' })
    .option('namespace', { alias: 'n', type: 'string', describe: 'The namespace scope for this request' }) as Argv<T & ConnArgs>;
}

/** Builds the client for the flags; throws with kubectl-like wording when no kubeconfig is usable. */
export async function connect(args: ConnArgs): Promise<Conn> {
  const { clientFromKubeconfig } = await import('../client/index.js');
  const { client, namespace } = clientFromKubeconfig(args.kubeconfig, { context: args.context, userAgent: 'rk' });
  opened.push(client);
  return { client, namespace: args.namespace || namespace, explicitNamespace: !!args.namespace, server: client.server };
}
