/**
 * `rk run NAME --image=IMAGE [-- args]`: creates one Pod labelled `run=NAME`, as
 * kubectl run does (interactive `--rm -it` needs attach, which rk does not offer).
 */
import type { Argv, CommandModule } from 'yargs';
import { withConn, type ConnArgs } from '../connection.js';
import { CliError, runCommand } from '../errors.js';
import { repeated } from '../flags.js';
import { writeFlags, type WriteArgs } from '../write-support.js';

interface RunArgs extends ConnArgs, WriteArgs {
  name: string; image: string; port?: number; labels?: string; env?: string[]; restart?: string; command?: boolean;
}

/** The Pod `rk run` creates; pure. `rest` is what follows `--`. */
export function runPod(a: Pick<RunArgs, 'name' | 'image' | 'port' | 'labels' | 'env' | 'restart' | 'command'>, rest: string[]): Record<string, any> {
  const labels: Record<string, string> = a.labels
    ? Object.fromEntries(a.labels.split(',').map((kv) => { const i = kv.indexOf('='); if (i <= 0) throw new CliError(`invalid label spec: ${kv}`); return [kv.slice(0, i), kv.slice(i + 1)]; }))
    : { run: a.name };
  const env = (a.env ?? []).map((kv) => { const i = kv.indexOf('='); if (i <= 0) throw new CliError(`invalid env: ${kv}`); return { name: kv.slice(0, i), value: kv.slice(i + 1) }; });
  const container: Record<string, unknown> = { name: a.name, image: a.image };
  if (rest.length) container[a.command ? 'command' : 'args'] = rest;
  if (env.length) container.env = env;
  if (a.port) container.ports = [{ containerPort: a.port }];
  const restart = a.restart ?? 'Always';
  if (!['Always', 'OnFailure', 'Never'].includes(restart)) throw new CliError(`invalid restart policy: ${restart}`);
  return { apiVersion: 'v1', kind: 'Pod', metadata: { name: a.name, labels }, spec: { containers: [container], restartPolicy: restart } };
}

/** The `rk run` command. */
export const runCommandModule: CommandModule<object, RunArgs> = {
  command: 'run <name>',
  describe: 'Run a particular image in a pod',
  builder: (y) => writeFlags(withConn(y))
    .positional('name', { type: 'string', demandOption: true })
    .option('image', { type: 'string', demandOption: true, describe: 'Image to run' })
    .option('port', { type: 'number', describe: 'Container port to expose' })
    .option('labels', { alias: 'l', type: 'string', describe: 'Labels (k=v,k2=v2) instead of run=NAME' })
    .option('env', { type: 'string', coerce: repeated, describe: 'Environment variable k=v (repeatable)' })
    .option('restart', { type: 'string', default: 'Always', describe: 'Always|OnFailure|Never' })
    .option('command', { type: 'boolean', describe: 'Words after -- are the command, not the arguments' })
    .example('$0 run web --image=nginx:1.27 --port=80', 'One nginx pod')
    .example('$0 run once --image=busybox --restart=Never --command -- echo hi', 'A pod running a command')
    .example('$0 run web --image=nginx --dry-run=client -o yaml', 'Only print the pod') as Argv<RunArgs>,
  handler: runCommand(async (args: RunArgs) => {
    const { createObjects } = await import('./create.js');
    const i = process.argv.indexOf('--');
    await createObjects([runPod(args, i < 0 ? [] : process.argv.slice(i + 1))], args);
  }),
};
