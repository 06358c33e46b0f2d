/**
 * `rk top nodes|pods`: current CPU and memory use from the `metrics.k8s.io/v1beta1`
 * API, printed in kubectl's columns.
 */
import type { Argv, CommandModule } from 'yargs';
import { connect, withConn, type ConnArgs } from '../connection.js';
import { CliError, runCommand } from '../errors.js';

interface TopArgs extends ConnArgs {
  name?: string; selector?: string; 'all-namespaces'?: boolean; containers?: boolean; 'sort-by'?: string; headers?: boolean;
}

const METRICS = '/apis/metrics.k8s.io/v1beta1';

async function metrics(conn: Awaited<ReturnType<typeof connect>>, path: string, selector?: string): Promise<Record<string, any>[]> {
  try {
    const res = await conn.client.request<{ items?: Record<string, any>[] } & Record<string, any>>('GET', path, { query: { labelSelector: selector } });
    return res.items ?? [res];
  } catch (err) {
    if ((err as { code?: number }).code === 404 && !/\/(nodes|pods)\/[^/]+$/.test(path)) throw new CliError('Metrics API not available');
    throw err;
  }
}

function sub(kind: 'nodes' | 'pods'): CommandModule<TopArgs, TopArgs> {
  return {
    command: [`${kind === 'nodes' ? 'node' : 'pod'} [name]`, kind, kind === 'nodes' ? 'no' : 'po'],
    describe: `Display resource (CPU/memory) usage of ${kind}`,
    builder: (y) => withConn(y)
      .option('selector', { alias: 'l', type: 'string', describe: 'Label selector' })
      .option('sort-by', { type: 'string', choices: ['cpu', 'memory'], describe: 'Sort by cpu or memory (descending)' })
      .option('headers', { type: 'boolean', default: true, describe: 'Print headers (--no-headers omits them)' })
      .option('all-namespaces', { alias: 'A', type: 'boolean', describe: 'Pods of every namespace' })
      .option('containers', { type: 'boolean', describe: 'One row per container' })
      .example(`$0 top ${kind}`, `Usage of every ${kind === 'nodes' ? 'node' : 'pod'}`) as Argv<TopArgs>,
    handler: runCommand(async (args: TopArgs) => {
      const { alignRows } = await import('../printers/tabwriter.js');
      const { nodeRows, podRows } = await import('../top-table.js');
      const conn = await connect(args);
      let rows: string[][];
      if (kind === 'nodes') {
        const items = await metrics(conn, `${METRICS}/nodes${args.name ? `/${args.name}` : ''}`, args.selector);
        const nodes = await conn.client.request<{ items: Record<string, any>[] }>('GET', '/api/v1/nodes');
        rows = nodeRows(items, nodes.items, args['sort-by']);
      } else {
        const ns = args['all-namespaces'] ? '' : `/namespaces/${conn.namespace}`;
        const items = await metrics(conn, `${METRICS}${ns}/pods${args.name ? `/${args.name}` : ''}`, args.selector);
        rows = podRows(items, !!args['all-namespaces'], !!args.containers, args['sort-by']);
      }
      if (rows.length === 1) {
        process.stderr.write(kind === 'pods' && !args['all-namespaces'] ? `No resources found in ${conn.namespace} namespace.\n` : 'No resources found\n');
        return;
      }
      process.stdout.write(alignRows(args.headers === false ? rows.slice(1) : rows));
    }),
  };
}

/** The `rk top` command. */
export const topCommand: CommandModule = {
  command: 'top <kind>',
  describe: 'Display resource (CPU/memory) usage of nodes or pods',
  builder: (y) => y.command(sub('nodes') as unknown as CommandModule).command(sub('pods') as unknown as CommandModule).demandCommand(1),
  handler: () => undefined,
};
