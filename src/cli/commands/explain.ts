/**
 * `rk explain TYPE[.FIELD...]`: documentation of a resource's fields, read from
 * the server's OpenAPI v3 documents (so it describes exactly what the server
 * validates).
 */
import type { Argv, CommandModule } from 'yargs';
import { connect, withConn, type ConnArgs } from '../connection.js';
import { CliError, runCommand } from '../errors.js';

interface ExplainArgs extends ConnArgs { path: string; recursive?: boolean }

/** The `rk explain` command. */
export const explainCommand: CommandModule<object, ExplainArgs> = {
  command: 'explain <path>',
  describe: 'Get documentation for a resource and its fields',
  builder: (y) => withConn(y)
    .positional('path', { type: 'string', describe: 'TYPE or TYPE.field.subfield' })
    .option('recursive', { type: 'boolean', describe: 'Print every field below, without descriptions' })
    .example('$0 explain pods', 'The Pod kind and its top-level fields')
    .example('$0 explain deployments.spec.strategy', 'One field')
    .example('$0 explain pods.spec --recursive', 'The whole tree under spec') as Argv<ExplainArgs>,
  handler: runCommand(async (args: ExplainArgs) => {
    const { Discovery } = await import('../discovery.js');
    const { explain } = await import('../explain/explain.js');
    const conn = await connect(args);
    const discovery = await Discovery.load(conn.client);
    const [typed, ...fields] = args.path.split('.');
    const r = discovery.resolve(typed);
    const gv = r.group ? `apis/${r.group}/${r.version}` : `api/${r.version}`;
    const root = await conn.client.request<{ paths: Record<string, { serverRelativeURL: string }> }>('GET', '/openapi/v3');
    const url = root.paths[gv]?.serverRelativeURL;
    if (!url) throw new CliError(`the server has no OpenAPI document for ${gv}`);
    const [path, query] = url.split('?');
    const doc = await conn.client.request<{ components: { schemas: Record<string, any> } }>('GET', path, { query: Object.fromEntries(new URLSearchParams(query)) });
    const schemas = doc.components.schemas;
    const rootSchema = Object.values(schemas).find((s) => (s['x-kubernetes-group-version-kind'] ?? []).some((g: { group: string; version: string; kind: string }) => g.group === r.group && g.version === r.version && g.kind === r.kind));
    if (!rootSchema) throw new CliError(`couldn't find resource for "${r.kind}"`);
    try {
      process.stdout.write(explain(schemas, rootSchema, r.kind, r.group ? `${r.group}/${r.version}` : r.version, fields, !!args.recursive));
    } catch (err) {
      throw new CliError(`${(err as Error).message} in ${r.kind}`);
    }
  }),
};
