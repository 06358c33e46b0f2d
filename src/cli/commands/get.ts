/**
 * `rk get`: lists or reads objects of one or more kinds and prints them as the
 * server's Tables (human) or in a machine format; `-w` keeps printing changes.
 * Several named objects are read independently: each failure is reported and the
 * command exits 1 after printing what it could.
 */
import { repeated } from '../flags.js';
import type { Argv, CommandModule } from 'yargs';
import { withConn, type ConnArgs } from '../connection.js';
import { runCommand } from '../errors.js';

/** Parsed flags of `rk get`. */
export interface GetArgs extends ConnArgs {
  resources: string[];
  output?: string;
  selector?: string;
  'field-selector'?: string;
  'all-namespaces'?: boolean;
  'show-labels'?: boolean;
  'label-columns'?: string[];
  'sort-by'?: string;
  headers?: boolean;
  watch?: boolean;
  'watch-only'?: boolean;
  'show-kind'?: boolean;
  'ignore-not-found'?: boolean;
}

/** The `-l/--field-selector/-A/-o` flags shared by read commands. */
export function readFlags<T>(y: Argv<T>): Argv<T> {
  return withConn(y)
    .option('selector', { alias: 'l', type: 'string', describe: 'Label selector (e.g. -l app=web,tier!=db)' })
    .option('field-selector', { type: 'string', describe: 'Field selector (e.g. --field-selector status.phase=Running)' })
    .option('all-namespaces', { alias: 'A', type: 'boolean', describe: 'List across all namespaces' })
    .option('output', { alias: 'o', type: 'string', describe: 'json|yaml|name|wide|jsonpath=...|custom-columns=...' }) as Argv<T>;
}

const EXAMPLES: [string, string][] = [
  ['$0 get pods', 'List pods in the current namespace'],
  ['$0 get pods -A -o wide', 'List pods in all namespaces with more columns'],
  ['$0 get deploy,svc -l app=web', 'Deployments and services labelled app=web'],
  ['$0 get pod/web-1 deploy/web', 'Named objects of several kinds'],
  ["$0 get pods -o jsonpath='{.items[*].metadata.name}'", 'Only the names, via JSONPath'],
  ['$0 get pods -o custom-columns=NAME:.metadata.name,NODE:.spec.nodeName', 'Columns of your choice'],
  ['$0 get pods --sort-by=.metadata.creationTimestamp', 'Sorted by age'],
  ['$0 get pods -w', 'Watch pods change (reconnects when the watch drops)'],
  ['$0 get all', 'Every resource in the "all" category'],
];

/** The `rk get` command. */
export const getCommand: CommandModule<object, GetArgs> = {
  command: 'get <resources..>',
  describe: 'Display one or many resources',
  builder: (y) => {
    let b = readFlags(y)
      .positional('resources', { type: 'string', coerce: repeated, describe: 'TYPE[,TYPE...] [NAME...] or TYPE/NAME...' })
      .option('show-labels', { type: 'boolean', describe: 'Show all labels as the last column' })
      .option('label-columns', { alias: 'L', type: 'string', coerce: repeated, describe: 'Labels to show as columns (-L app -L tier or -L app,tier)' })
      .option('sort-by', { type: 'string', describe: 'Sort by a JSONPath expression, e.g. .metadata.name' })
      .option('headers', { type: 'boolean', default: true, describe: 'Print headers (--no-headers omits them)' })
      .option('watch', { alias: 'w', type: 'boolean', describe: 'After listing, watch for changes' })
      .option('watch-only', { type: 'boolean', describe: 'Watch for changes without listing first' })
      .option('show-kind', { type: 'boolean', describe: 'Print the kind with each name' })
      .option('ignore-not-found', { type: 'boolean', describe: 'Treat "not found" as a success' });
    for (const [cmd, text] of EXAMPLES) b = b.example(cmd, text);
    return b as Argv<GetArgs>;
  },
  handler: runCommand(async (args: GetArgs) => {
    const { runGet } = await import('../get/run-get.js');
    await runGet(args);
  }),
};
