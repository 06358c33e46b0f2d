/**
 * `rk describe`: a human description of objects with their Events. Accepts the
 * same arguments as `get` (`pods`, `pod/x`, `pods x y`, `-l`); a name that does not
 * match exactly is taken as a prefix, as kubectl does. Each failure is reported
 * and the command exits 1.
 */
import type { Argv, CommandModule } from 'yargs';
import { withConn, type ConnArgs } from '../connection.js';
import { runCommand } from '../errors.js';

interface DescribeArgs extends ConnArgs { resources: string[]; selector?: string; 'all-namespaces'?: boolean }

/** The `rk describe` command. */
export const describeCommand: CommandModule<object, DescribeArgs> = {
  command: 'describe <resources..>',
  describe: 'Show details of a specific resource or group of resources',
  builder: (y) => withConn(y)
    .positional('resources', { type: 'string', array: true, describe: 'TYPE [NAME_PREFIX...] or TYPE/NAME' })
    .option('selector', { alias: 'l', type: 'string', describe: 'Label selector' })
    .option('all-namespaces', { alias: 'A', type: 'boolean', describe: 'Across all namespaces' })
    .example('$0 describe pod web-1', 'One pod with its events')
    .example('$0 describe deploy/web', 'A deployment')
    .example('$0 describe nodes', 'Every node') as Argv<DescribeArgs>,
  handler: runCommand(async (args: DescribeArgs) => {
    const { runDescribe } = await import('../describe/run-describe.js');
    await runDescribe(args);
  }),
};
