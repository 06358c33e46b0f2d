/**
 * Node maintenance: `rk cordon`, `rk uncordon`, `rk drain` (eviction API) and
 * `rk taint nodes NAME key=value:Effect | key-`.
 */
import type { Argv, CommandModule } from 'yargs';
import { connect, withConn, type ConnArgs } from '../connection.js';
import { CliError, reportError, runCommand } from '../errors.js';

interface NodeArgs extends ConnArgs {
  nodes: string[]; 'dry-run'?: string; 'ignore-daemonsets'?: boolean; 'delete-emptydir-data'?: boolean; force?: boolean;
  timeout?: string; overwrite?: boolean; selector?: string;
}

async function setup(args: NodeArgs) {
  const conn = await connect(args);
  const { Discovery } = await import('../discovery.js');
  const discovery = await Discovery.load(conn.client);
  let nodes = args.nodes ?? [];
  if (args.selector) {
    const list = await conn.client.listAll(discovery.resolve('nodes'), undefined, { labelSelector: args.selector });
    nodes = [...nodes, ...list.items.map((n) => n.metadata!.name!)];
  }
  if (!nodes.length) throw new CliError('at least one node name (or -l) is required');
  return { conn, discovery, nodes, ops: await import('../nodes/run-nodes.js') };
}

function cordonCommand(value: boolean): CommandModule<object, NodeArgs> {
  const verb = value ? 'cordon' : 'uncordon';
  return {
    command: `${verb} [nodes..]`,
    describe: value ? 'Mark node as unschedulable' : 'Mark node as schedulable',
    builder: (y) => withConn(y)
      .option('selector', { alias: 'l', type: 'string', describe: 'Nodes matching this selector' })
      .option('dry-run', { type: 'string', describe: 'none|client|server' })
      .example(`$0 ${verb} node-1`, value ? 'No new pods on node-1' : 'Allow pods on node-1 again') as Argv<NodeArgs>,
    handler: runCommand(async (args: NodeArgs) => {
      const { conn, discovery, nodes, ops } = await setup(args);
      for (const n of nodes) {
        try {
          process.stdout.write(await ops.setUnschedulable(conn, discovery, n, value, !!args['dry-run'] && args['dry-run'] !== 'none'));
        } catch (err) {
          reportError(err);
        }
      }
    }),
  };
}

/** `rk cordon`. */
export const cordonNodeCommand = cordonCommand(true);
/** `rk uncordon`. */
export const uncordonCommand = cordonCommand(false);

/** `rk drain`. */
export const drainCommand: CommandModule<object, NodeArgs> = {
  command: 'drain [nodes..]',
  describe: 'Drain node in preparation for maintenance (cordon, then evict its pods)',
  builder: (y) => withConn(y)
    .option('selector', { alias: 'l', type: 'string', describe: 'Nodes matching this selector' })
    .option('ignore-daemonsets', { type: 'boolean', describe: 'Skip DaemonSet-managed pods' })
    .option('delete-emptydir-data', { type: 'boolean', describe: 'Evict pods using emptyDir (their data is lost)' })
    .option('force', { type: 'boolean', describe: 'Also evict pods no controller manages' })
    .option('timeout', { type: 'string', default: '0s', describe: 'Give up after this long (0s: never)' })
    .example('$0 drain node-1 --ignore-daemonsets', 'Evict everything but DaemonSet pods') as Argv<NodeArgs>,
  handler: runCommand(async (args: NodeArgs) => {
    const { conn, discovery, nodes, ops } = await setup(args);
    const { parseDuration } = await import('../duration.js');
    const flags = { ignoreDaemonSets: args['ignore-daemonsets'], deleteEmptyDirData: args['delete-emptydir-data'], force: args.force };
    for (const n of nodes) {
      try {
        await ops.drainNode(conn, discovery, n, flags, parseDuration(args.timeout ?? '0s'));
      } catch (err) {
        reportError(err);
      }
    }
  }),
};

/** `rk taint`. */
export const taintCommand: CommandModule<object, NodeArgs & { args: string[] }> = {
  command: 'taint <args..>',
  describe: 'Update the taints on one or more nodes',
  builder: (y) => withConn(y)
    .positional('args', { type: 'string', array: true, describe: 'nodes NAME... KEY[=VALUE]:EFFECT... | KEY[:EFFECT]-' })
    .option('overwrite', { type: 'boolean', describe: 'Replace a taint with the same key and effect' })
    .example('$0 taint nodes node-1 dedicated=gpu:NoSchedule', 'Keep pods without a toleration away')
    .example('$0 taint nodes node-1 dedicated:NoSchedule-', 'Remove that taint')
    .example('$0 taint nodes node-1 dedicated-', 'Remove every taint with that key') as Argv<NodeArgs & { args: string[] }>,
  handler: runCommand(async (args: NodeArgs & { args: string[] }) => {
    const [kind, ...rest] = args.args;
    const first = rest.findIndex((a) => a.includes(':') || a.includes('=') || a.endsWith('-'));
    if (!['node', 'nodes', 'no'].includes(kind) && !kind.startsWith('node/')) throw new CliError('taint only applies to nodes: rk taint nodes NAME SPEC...');
    const names = kind.startsWith('node/') ? [kind.slice(5), ...rest.slice(0, Math.max(first, 0))] : rest.slice(0, Math.max(first, 0));
    const specs = first < 0 ? [] : rest.slice(first);
    if (!specs.length) throw new CliError('at least one taint update is required');
    const { conn, discovery, nodes, ops } = await setup({ ...args, nodes: names });
    for (const n of nodes) {
      try {
        process.stdout.write(await ops.taintNode(conn, discovery, n, specs, !!args.overwrite));
      } catch (err) {
        reportError(err);
      }
    }
  }),
};
