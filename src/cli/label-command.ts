/**
 * Builds `rk label` and `rk annotate`, which differ only in the metadata field,
 * the word printed (`labeled`/`annotated`) and their examples.
 */
import { repeated } from './flags.js';
import type { Argv, CommandModule } from 'yargs';
import { withConn, type ConnArgs } from './connection.js';
import { CliError, runCommand } from './errors.js';
import type { TargetArgs } from './targets.js';
import { writeFlags, type WriteArgs } from './write-support.js';

interface LabelArgs extends ConnArgs, TargetArgs, WriteArgs { args: string[]; overwrite?: boolean; list?: boolean }

/** Splits positionals into object arguments and `k=v`/`k-` changes. */
export function splitArgs(all: readonly string[]): { objects: string[]; changes: string[] } {
  const isChange = (a: string) => a.includes('=') || (a.endsWith('-') && a.length > 1);
  const first = all.findIndex(isChange);
  return first < 0 ? { objects: [...all], changes: [] } : { objects: all.slice(0, first), changes: all.slice(first) };
}

/** A label-like command for `field`. */
export function metadataCommand(field: 'labels' | 'annotations', examples: [string, string][]): CommandModule<object, LabelArgs> {
  const verb = field === 'labels' ? 'label' : 'annotate';
  const done = field === 'labels' ? 'labeled' : 'annotated';
  return {
    command: `${verb} <args..>`,
    describe: `Update the ${field} on a resource`,
    builder: (y) => {
      let b = writeFlags(withConn(y))
        .positional('args', { type: 'string', coerce: repeated, describe: 'TYPE NAME... KEY=VAL... KEY-...' })
        .option('overwrite', { type: 'boolean', describe: 'Allow changing existing values' })
        .option('selector', { alias: 'l', type: 'string', describe: 'Objects matching this label selector' })
        .option('all', { type: 'boolean', describe: 'Every object of the type in the namespace' })
        .option('all-namespaces', { alias: 'A', type: 'boolean', describe: 'With -l/--all, in every namespace' })
        .option('filename', { alias: 'f', type: 'string', coerce: repeated, describe: 'Manifests naming the objects' })
        .option('list', { type: 'boolean', describe: `Print the current ${field} instead of changing them` });
      for (const [c, t] of examples) b = b.example(c, t);
      return b as Argv<LabelArgs>;
    },
    handler: runCommand(async (args: LabelArgs) => {
      const { connect } = await import('./connection.js');
      const { Discovery } = await import('./discovery.js');
      const { resolveTargets } = await import('./targets.js');
      const { reportError } = await import('./errors.js');
      const { dryRunOf, ResultPrinter } = await import('./write-results.js');
      const { parseChanges, metadataPatch } = await import('./metadata-edit.js');
      const { objects, changes } = splitArgs(args.args);
      const parsed = args.list ? undefined : parseChanges(changes, field === 'labels' ? 'label' : 'annotation');
      const dryRun = dryRunOf(args);
      const conn = await connect(args);
      const targets = await resolveTargets(conn, await Discovery.load(conn.client), { ...args, resources: objects });
      if (!targets.length) throw new CliError('no objects passed to ' + verb);
      const out = new ResultPrinter(args.output, dryRun);
      for (const t of targets) {
        try {
          const obj = await conn.client.get(t.resource, t.namespace, t.name);
          const current = obj.metadata?.[field] as Record<string, string> | undefined;
          if (!parsed) {
            for (const [k, v] of Object.entries(current ?? {})) process.stdout.write(`${k}=${v}\n`);
            continue;
          }
          const patch = metadataPatch(field, current, parsed, !!args.overwrite);
          if (!patch) { out.add({ resource: t.resource, object: obj }, `not ${done}`); continue; }
          const result = dryRun === 'client' ? obj : await conn.client.patch(t.resource, t.namespace, t.name, 'merge', patch, { dryRun: dryRun === 'server', fieldManager: args['field-manager'] });
          out.add({ resource: t.resource, object: result }, done);
        } catch (err) {
          reportError(err);
        }
      }
      out.flush();
    }),
  };
}
