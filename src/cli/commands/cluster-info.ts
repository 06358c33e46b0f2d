/**
 * `rk cluster-info`: where the control plane answers, in kubectl's words
 * (`Kubernetes control plane is running at URL`, which scripts grep for). It
 * checks the server is reachable (an unreachable one is an error, exit 1) and
 * colours the line only on a terminal.
 */
import type { Argv, CommandModule } from 'yargs';
import { connect, withConn, type ConnArgs } from '../connection.js';
import { runCommand } from '../errors.js';
import { painter } from '../color.js';

/** The `rk cluster-info` command. */
export const clusterInfoCommand: CommandModule<object, ConnArgs> = {
  command: 'cluster-info',
  describe: 'Display the address of the control plane',
  builder: (y) => withConn(y).example('$0 cluster-info', 'Where the control plane is running') as Argv<ConnArgs>,
  handler: runCommand(async (args: ConnArgs) => {
    const conn = await connect(args);
    await conn.client.request('GET', '/version');
    const paint = painter();
    process.stdout.write(`${paint('green', 'Kubernetes control plane')} is running at ${paint('yellow', conn.server.replace(/\/$/, ''))}\n`);
  }),
};
