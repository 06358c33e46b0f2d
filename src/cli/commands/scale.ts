/**
 * `rk scale TYPE NAME --replicas=N`: writes the `scale` subresource (a merge
 * patch, or with `--current-replicas` a read-check-PUT so a concurrent change is
 * refused rather than overwritten).
 */
import { repeated } from '../flags.js';
import type { Argv, CommandModule } from 'yargs';
import { withConn, type ConnArgs } from '../connection.js';
import { CliError, runCommand } from '../errors.js';
import type { TargetArgs } from '../targets.js';
import { writeFlags, type WriteArgs } from '../write-support.js';

interface ScaleArgs extends ConnArgs, TargetArgs, WriteArgs { replicas: number; 'current-replicas'?: number }

/** The `rk scale` command. */
export const scaleCommand: CommandModule<object, ScaleArgs> = {
  command: 'scale [resources..]',
  describe: 'Set a new size for a deployment, replica set or stateful set',
  builder: (y) => writeFlags(withConn(y))
    .positional('resources', { type: 'string', coerce: repeated, describe: 'TYPE NAME or TYPE/NAME' })
    .option('replicas', { type: 'number', demandOption: true, describe: 'The new number of replicas' })
    .option('current-replicas', { type: 'number', describe: 'Only scale when the current size is this' })
    .option('selector', { alias: 'l', type: 'string', describe: 'Scale every object matching this selector' })
    .option('all', { type: 'boolean', describe: 'Scale every object of the type' })
    .option('filename', { alias: 'f', type: 'string', coerce: repeated, describe: 'Manifests naming the objects' })
    .example('$0 scale deploy web --replicas=3', 'Three replicas')
    .example('$0 scale deploy/web --current-replicas=2 --replicas=3', 'Only if it runs two now') as Argv<ScaleArgs>,
  handler: runCommand(async (args: ScaleArgs) => {
    const { connect } = await import('../connection.js');
    const { Discovery } = await import('../discovery.js');
    const { resolveTargets } = await import('../targets.js');
    const { reportError } = await import('../errors.js');
    const { dryRunOf, ResultPrinter } = await import('../write-results.js');
    if (!Number.isInteger(args.replicas) || args.replicas < 0) throw new CliError('The --replicas=COUNT flag is required, and COUNT must be greater than or equal to 0');
    const dryRun = dryRunOf(args);
    const conn = await connect(args);
    const targets = await resolveTargets(conn, await Discovery.load(conn.client), args);
    const out = new ResultPrinter(args.output, dryRun);
    for (const t of targets) {
      try {
        if (!t.resource.subresources.includes('scale')) throw new CliError(`${t.resource.resource} "${t.name}" cannot be scaled`);
        const opts = { dryRun: dryRun === 'server', fieldManager: args['field-manager'] };
        const current = args['current-replicas'];
        if (current !== undefined) {
          const scale = await conn.client.getSubresource<{ spec?: { replicas?: number } }>(t.resource, t.namespace, t.name, 'scale');
          if ((scale.spec?.replicas ?? 0) !== current) throw new CliError(`Expected replicas to be ${current}, was ${scale.spec?.replicas ?? 0}`);
          if (dryRun !== 'client') await conn.client.updateSubresource(t.resource, t.namespace, t.name, 'scale', { ...scale, spec: { ...scale.spec, replicas: args.replicas } }, opts);
        } else if (dryRun !== 'client') {
          await conn.client.patch(t.resource, t.namespace, t.name, 'merge', { spec: { replicas: args.replicas } }, { ...opts, subresource: 'scale' });
        }
        out.add({ resource: t.resource, object: await conn.client.get(t.resource, t.namespace, t.name) }, 'scaled');
      } catch (err) {
        reportError(err);
      }
    }
    out.flush();
  }),
};
