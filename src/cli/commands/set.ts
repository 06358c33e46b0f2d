/**
 * `rk set image TYPE NAME container=image...`: changes container images with a
 * strategic merge patch (containers merge by name), which starts a rollout for
 * workloads.
 */
import type { Argv, CommandModule } from 'yargs';
import { withConn, type ConnArgs } from '../connection.js';
import { CliError, runCommand } from '../errors.js';
import type { TargetArgs } from '../targets.js';
import { writeFlags, type WriteArgs } from '../write-support.js';

interface SetImageArgs extends ConnArgs, TargetArgs, WriteArgs { args: string[] }

const imageCommand: CommandModule<object, SetImageArgs> = {
  command: 'image <args..>',
  describe: 'Update the image of containers in a pod template',
  builder: (y) => writeFlags(withConn(y))
    .positional('args', { type: 'string', array: true, describe: 'TYPE NAME... CONTAINER=IMAGE...' })
    .option('selector', { alias: 'l', type: 'string', describe: 'Objects matching this selector' })
    .option('all', { type: 'boolean', describe: 'Every object of the type' })
    .example('$0 set image deploy/web nginx=nginx:1.28', 'New image for the nginx container')
    .example("$0 set image deploy web '*=nginx:1.28'", 'Every container') as Argv<SetImageArgs>,
  handler: runCommand(async (args: SetImageArgs) => {
    const { connect } = await import('../connection.js');
    const { Discovery } = await import('../discovery.js');
    const { resolveTargets } = await import('../targets.js');
    const { reportError } = await import('../errors.js');
    const { dryRunOf, ResultPrinter } = await import('../write-results.js');
    const { setImagePatch } = await import('../pod-template.js');
    const { splitArgs } = await import('../label-command.js');
    const { objects, changes } = splitArgs(args.args);
    if (!changes.length) throw new CliError('at least one image update is required');
    const images = Object.fromEntries(changes.map((c) => [c.slice(0, c.indexOf('=')), c.slice(c.indexOf('=') + 1)]));
    const dryRun = dryRunOf(args);
    const conn = await connect(args);
    const targets = await resolveTargets(conn, await Discovery.load(conn.client), { ...args, resources: objects });
    const out = new ResultPrinter(args.output, dryRun);
    for (const t of targets) {
      try {
        const obj = await conn.client.get(t.resource, t.namespace, t.name);
        const patch = setImagePatch(t.resource.kind, obj, images);
        const result = dryRun === 'client' ? obj : await conn.client.patch(t.resource, t.namespace, t.name, 'strategic', patch, { dryRun: dryRun === 'server', fieldManager: args['field-manager'] });
        out.add({ resource: t.resource, object: result }, 'image updated');
      } catch (err) {
        reportError(err);
      }
    }
    out.flush();
  }),
};

/** The `rk set` command (sub-command `image`). */
export const setCommand: CommandModule = {
  command: 'set <command>',
  describe: 'Set specific features on objects (image)',
  builder: (y) => y.command(imageCommand as unknown as CommandModule).demandCommand(1),
  handler: () => undefined,
};
