/**
 * `rk patch TYPE NAME -p PATCH [--type strategic|merge|json]`: sends the patch as
 * given (YAML or JSON) and reports `patched`, or `patched (no change)` when the
 * object's resourceVersion did not move.
 */
import { repeated } from '../flags.js';
import type { Argv, CommandModule } from 'yargs';
import { withConn, type ConnArgs } from '../connection.js';
import { CliError, runCommand } from '../errors.js';
import type { TargetArgs } from '../targets.js';
import { writeFlags, type WriteArgs } from '../write-support.js';

interface PatchArgs extends ConnArgs, TargetArgs, WriteArgs { patch?: string; 'patch-file'?: string; type?: string; subresource?: string }

/** The `rk patch` command. */
export const patchCommand: CommandModule<object, PatchArgs> = {
  command: 'patch [resources..]',
  describe: 'Update fields of a resource with a strategic merge, JSON merge or JSON patch',
  builder: (y) => writeFlags(withConn(y))
    .positional('resources', { type: 'string', coerce: repeated, describe: 'TYPE NAME or TYPE/NAME' })
    .option('filename', { alias: 'f', type: 'string', coerce: repeated, describe: 'Manifest naming the object to patch' })
    .option('patch', { alias: 'p', type: 'string', describe: 'The patch (JSON or YAML)' })
    .option('patch-file', { type: 'string', describe: 'File holding the patch' })
    .option('type', { type: 'string', default: 'strategic', choices: ['strategic', 'merge', 'json'], describe: 'Patch type' })
    .option('subresource', { type: 'string', choices: ['status', 'scale'], describe: 'Patch this subresource' })
    .example(`$0 patch deploy web -p '{"spec":{"replicas":3}}'`, 'Strategic merge patch')
    .example(`$0 patch svc web --type=merge -p '{"metadata":{"labels":{"tier":"front"}}}'`, 'JSON merge patch')
    .example(`$0 patch pod web-1 --type=json -p '[{"op":"replace","path":"/spec/containers/0/image","value":"nginx:1.28"}]'`, 'JSON patch') as Argv<PatchArgs>,
  handler: runCommand(async (args: PatchArgs) => {
    const { readFileSync } = await import('node:fs');
    const { parse } = await import('yaml');
    const { connect } = await import('../connection.js');
    const { Discovery } = await import('../discovery.js');
    const { resolveTargets } = await import('../targets.js');
    const { reportError } = await import('../errors.js');
    const { dryRunOf, ResultPrinter } = await import('../write-results.js');
    const text = args.patch ?? (args['patch-file'] ? readFileSync(args['patch-file'], 'utf8') : undefined);
    if (!text) throw new CliError('must specify --patch or --patch-file containing the contents of the patch');
    let body: unknown;
    try {
      body = parse(text);
    } catch (err) {
      throw new CliError(`unable to parse "${text}": ${(err as Error).message}`);
    }
    const dryRun = dryRunOf(args);
    if (dryRun === 'client') throw new CliError('--dry-run=client is not supported by patch; use --dry-run=server');
    const conn = await connect(args);
    const targets = await resolveTargets(conn, await Discovery.load(conn.client), args);
    const out = new ResultPrinter(args.output, dryRun);
    for (const t of targets) {
      try {
        const before = args.subresource ? undefined : await conn.client.get(t.resource, t.namespace, t.name);
        const after = await conn.client.patch(t.resource, t.namespace, t.name, args.type as 'strategic' | 'merge' | 'json', body, {
          subresource: args.subresource, dryRun: dryRun === 'server', fieldManager: args['field-manager'],
        });
        const same = before && before.metadata?.resourceVersion === after.metadata?.resourceVersion;
        out.add({ resource: t.resource, object: after }, same ? 'patched (no change)' : 'patched');
      } catch (err) {
        reportError(err);
      }
    }
    out.flush();
  }),
};
