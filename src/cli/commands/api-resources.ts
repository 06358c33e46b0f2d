/**
 * `rk api-resources`: the served resources as discovery lists them, sorted like
 * kubectl (core group first, then by group, then by name), with the same columns.
 */
import { repeated } from '../flags.js';
import type { Argv, CommandModule } from 'yargs';
import { connect, withConn, type ConnArgs } from '../connection.js';
import { CliError, runCommand } from '../errors.js';
import type { ApiResource } from '../discovery.js';

interface ApiResourcesArgs extends ConnArgs {
  namespaced?: boolean;
  'api-group'?: string;
  output?: string;
  headers?: boolean;
  verbs?: string[];
}

/** The rows `rk api-resources` prints (header first unless `noHeaders`); pure. */
export function apiResourceRows(resources: readonly ApiResource[], args: ApiResourcesArgs): string[][] {
  const wide = args.output === 'wide';
  const chosen = resources
    .filter((r) => args.namespaced === undefined || r.namespaced === args.namespaced)
    .filter((r) => args['api-group'] === undefined || r.group === args['api-group'])
    .filter((r) => !args.verbs?.length || args.verbs.every((v) => r.verbs.includes(v)))
    .sort((a, b) => (a.group === b.group ? a.resource.localeCompare(b.resource) : a.group.localeCompare(b.group)));
  if (args.output === 'name') return chosen.map((r) => [r.group ? `${r.resource}.${r.group}` : r.resource]);
  const header = ['NAME', 'SHORTNAMES', 'APIVERSION', 'NAMESPACED', 'KIND', ...(wide ? ['VERBS', 'CATEGORIES'] : [])];
  const rows = chosen.map((r) => [
    r.resource, r.shortNames.join(','), r.group ? `${r.group}/${r.version}` : r.version, String(r.namespaced), r.kind,
    ...(wide ? [`[${r.verbs.join(' ')}]`, r.categories.join(',')] : []),
  ]);
  return args.headers === false ? rows : [header, ...rows];
}

/** The `rk api-resources` command. */
export const apiResourcesCommand: CommandModule<object, ApiResourcesArgs> = {
  command: 'api-resources',
  describe: 'Print the supported API resources on the server',
  builder: (y) => withConn(y)
    .option('namespaced', { type: 'boolean', describe: 'Only namespaced (true) or cluster-scoped (false) resources' })
    .option('api-group', { type: 'string', describe: 'Only resources of this API group ("" for core)' })
    .option('verbs', { type: 'string', coerce: repeated, describe: 'Only resources supporting these verbs' })
    .option('output', { alias: 'o', type: 'string', describe: 'wide|name' })
    .option('headers', { type: 'boolean', default: true, describe: 'Print headers (--no-headers omits them)' })
    .example('$0 api-resources', 'Every resource')
    .example('$0 api-resources --namespaced=false', 'Cluster-scoped resources')
    .example('$0 api-resources --api-group=apps -o wide', 'The apps group with verbs') as Argv<ApiResourcesArgs>,
  handler: runCommand(async (args: ApiResourcesArgs) => {
    if (args.output && args.output !== 'wide' && args.output !== 'name') throw new CliError(`--output ${args.output} is not available`);
    const { Discovery } = await import('../discovery.js');
    const { alignRows } = await import('../printers/tabwriter.js');
    const conn = await connect(args);
    const rows = apiResourceRows((await Discovery.load(conn.client)).resources, args);
    process.stdout.write(args.output === 'name' ? rows.map((r) => `${r[0]}\n`).join('') : alignRows(rows));
  }),
};
