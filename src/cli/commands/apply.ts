/**
 * `rk apply -f FILE|DIR|- [-R]`: declarative configuration. Client-side apply
 * (default) keeps the applied configuration in the
 * `kubectl.kubernetes.io/last-applied-configuration` annotation and sends a
 * three-way strategic merge patch, so kubectl and rk can apply the same objects
 * in turn; `--server-side` sends the manifest as a server-side apply patch.
 */
import { repeated } from '../flags.js';
import type { Argv, CommandModule } from 'yargs';
import { withConn, type ConnArgs } from '../connection.js';
import { runCommand } from '../errors.js';
import { writeFlags, type WriteArgs } from '../write-support.js';

/** Flags of `rk apply`. */
export interface ApplyArgs extends ConnArgs, WriteArgs {
  filename: string[];
  recursive?: boolean;
  'server-side'?: boolean;
  'force-conflicts'?: boolean;
}

/** The `rk apply` command. */
export const applyCommand: CommandModule<object, ApplyArgs> = {
  command: 'apply',
  describe: 'Apply a configuration to resources from files, directories or stdin',
  builder: (y) => writeFlags(withConn(y))
    .option('filename', { alias: 'f', type: 'string', coerce: repeated, demandOption: true, describe: 'File, directory or - (stdin) holding the manifests' })
    .option('recursive', { alias: 'R', type: 'boolean', describe: 'Descend into sub-directories of -f directories' })
    .option('server-side', { type: 'boolean', describe: 'Let the server merge (server-side apply) instead of the client' })
    .option('force-conflicts', { type: 'boolean', describe: 'With --server-side, take over fields other managers own' })
    .example('$0 apply -f web.yaml', 'Create or update what web.yaml describes')
    .example('$0 apply -f manifests/ -R', 'Every manifest under a directory')
    .example('cat web.yaml | $0 apply -f -', 'From stdin')
    .example('$0 apply --server-side -f web.yaml', 'Server-side apply')
    .example('$0 apply -f web.yaml --dry-run=server -o yaml', 'Show what would be stored') as Argv<ApplyArgs>,
  handler: runCommand(async (args: ApplyArgs) => {
    const { runApply } = await import('../apply/run-apply.js');
    await runApply(args);
  }),
};
