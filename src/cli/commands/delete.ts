/**
 * `rk delete`: deletes named objects, `-f` manifests, or everything matching
 * `-l`/`--all`, one DELETE per object (so each result is reported), then by
 * default waits until they are gone, as kubectl does.
 */
import { repeated } from '../flags.js';
import type { Argv, CommandModule } from 'yargs';
import { withConn, type ConnArgs } from '../connection.js';
import { runCommand } from '../errors.js';
import type { TargetArgs } from '../targets.js';

/** Flags of `rk delete`. */
export interface DeleteArgs extends ConnArgs, TargetArgs {
  cascade?: string; 'grace-period'?: number; force?: boolean; wait?: boolean; timeout?: string;
  'ignore-not-found'?: boolean; 'dry-run'?: string; output?: string;
}

/** The `rk delete` command. */
export const deleteCommand: CommandModule<object, DeleteArgs> = {
  command: 'delete [resources..]',
  describe: 'Delete resources by file names, stdin, resources and names, or by label selector',
  builder: (y) => withConn(y)
    .positional('resources', { type: 'string', coerce: repeated, describe: 'TYPE NAME... or TYPE/NAME...' })
    .option('filename', { alias: 'f', type: 'string', coerce: repeated, describe: 'Manifests naming what to delete' })
    .option('recursive', { alias: 'R', type: 'boolean', describe: 'Descend into -f directories' })
    .option('selector', { alias: 'l', type: 'string', describe: 'Delete objects matching this label selector' })
    .option('all', { type: 'boolean', describe: 'Delete every object of the type in the namespace' })
    .option('all-namespaces', { alias: 'A', type: 'boolean', describe: 'With -l or --all, in every namespace' })
    .option('cascade', { type: 'string', default: 'background', describe: 'background|foreground|orphan: what happens to dependents' })
    .option('grace-period', { type: 'number', default: -1, describe: 'Seconds to give the object to terminate (-1: its default)' })
    .option('force', { type: 'boolean', describe: 'With --grace-period=0, delete immediately' })
    .option('wait', { type: 'boolean', default: true, describe: 'Wait until the objects are gone' })
    .option('timeout', { type: 'string', default: '0s', describe: 'How long to wait (0s: a week)' })
    .option('ignore-not-found', { type: 'boolean', describe: 'Treat "not found" as success' })
    .option('dry-run', { type: 'string', describe: 'none|client|server' })
    .option('output', { alias: 'o', type: 'string', choices: ['name'], describe: 'name: print only kind/name' })
    .example('$0 delete pod web-1', 'One pod')
    .example('$0 delete -f web.yaml', 'What web.yaml describes')
    .example('$0 delete pods -l app=web', 'Pods labelled app=web')
    .example('$0 delete deploy web --cascade=orphan', 'Keep the ReplicaSets and pods')
    .example('$0 delete pod web-1 --grace-period=0 --force', 'Immediately') as Argv<DeleteArgs>,
  handler: runCommand(async (args: DeleteArgs) => {
    const { runDelete } = await import('../delete/run-delete.js');
    await runDelete(args);
  }),
};
