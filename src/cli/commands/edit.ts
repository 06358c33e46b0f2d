/**
 * `rk edit TYPE NAME`: opens the object as YAML in `$KUBE_EDITOR`, `$EDITOR` or
 * `vi`, then writes the edited object back with its resourceVersion, so a
 * concurrent change is a Conflict rather than a silent overwrite. An unchanged
 * file cancels the edit.
 */
import type { Argv, CommandModule } from 'yargs';
import { withConn, type ConnArgs } from '../connection.js';
import { CliError, runCommand } from '../errors.js';

interface EditArgs extends ConnArgs { resources: string[]; output?: string }

/** The editor command line kubectl would use. */
export function editorCommand(env: NodeJS.ProcessEnv): string {
  return env.KUBE_EDITOR || env.EDITOR || 'vi';
}

/** The `rk edit` command. */
export const editCommand: CommandModule<object, EditArgs> = {
  command: 'edit <resources..>',
  describe: 'Edit a resource on the server with your editor',
  builder: (y) => withConn(y)
    .positional('resources', { type: 'string', array: true, describe: 'TYPE NAME or TYPE/NAME' })
    .option('output', { alias: 'o', type: 'string', choices: ['yaml', 'json'], default: 'yaml', describe: 'Format to edit in' })
    .example('$0 edit deploy/web', 'Edit the web deployment in $EDITOR')
    .example('KUBE_EDITOR="code --wait" $0 edit svc web', 'With another editor') as Argv<EditArgs>,
  handler: runCommand(async (args: EditArgs) => {
    const { mkdtempSync, readFileSync, writeFileSync, rmSync } = await import('node:fs');
    const { tmpdir } = await import('node:os');
    const { join } = await import('node:path');
    const { spawnSync } = await import('node:child_process');
    const { parse } = await import('yaml');
    const { connect } = await import('../connection.js');
    const { Discovery, kindPrefix } = await import('../discovery.js');
    const { resolveTargets } = await import('../targets.js');
    const { toJson, toYaml } = await import('../printers/objects.js');
    const conn = await connect(args);
    const targets = await resolveTargets(conn, await Discovery.load(conn.client), args);
    const dir = mkdtempSync(join(tmpdir(), 'rk-edit-'));
    try {
      for (const t of targets) {
        const obj = await conn.client.get(t.resource, t.namespace, t.name) as Record<string, any>;
        const text = args.output === 'json' ? toJson(obj) : toYaml(obj);
        const file = join(dir, `${t.name}.${args.output === 'json' ? 'json' : 'yaml'}`);
        writeFileSync(file, text);
        const res = spawnSync(`${editorCommand(process.env)} "${file}"`, { shell: true, stdio: 'inherit' });
        if (res.status !== 0) throw new CliError(`the editor exited with ${res.status ?? res.signal}`);
        const edited = readFileSync(file, 'utf8');
        if (edited === text) {
          process.stdout.write('Edit cancelled, no changes made.\n');
          continue;
        }
        let next: Record<string, any>;
        try {
          next = parse(edited);
        } catch (err) {
          throw new CliError(`the edited file is not valid YAML: ${(err as Error).message}`);
        }
        await conn.client.update(t.resource, next);
        process.stdout.write(`${kindPrefix(t.resource)}/${t.name} edited\n`);
      }
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  }),
};
