/**
 * `rk diff -f FILE`: what `rk apply -f FILE` would change. Each object is applied
 * as a server-side dry run (so defaults and admission are included), then the
 * live and the would-be objects are compared with `diff -u -N` (or
 * `KUBECTL_EXTERNAL_DIFF`) over two directories, as kubectl does. Exit code 0: no
 * differences, 1: differences, >1: failure.
 */
import type { Argv, CommandModule } from 'yargs';
import { withConn, type ConnArgs } from '../connection.js';
import { repeated } from '../flags.js';

interface DiffArgs extends ConnArgs { filename: string[]; recursive?: boolean; 'server-side'?: boolean }

/** Drops the fields that change on every write and would only add noise. */
export function forDiff(obj: Record<string, any> | undefined): Record<string, any> | undefined {
  if (!obj) return undefined;
  const copy = structuredClone(obj);
  delete copy.metadata?.managedFields;
  return copy;
}

/** The `rk diff` command. */
export const diffCommand: CommandModule<object, DiffArgs> = {
  command: 'diff',
  describe: 'Diff the live version against the version apply would produce',
  builder: (y) => withConn(y)
    .option('filename', { alias: 'f', type: 'string', coerce: repeated, demandOption: true, describe: 'File, directory or -' })
    .option('recursive', { alias: 'R', type: 'boolean', describe: 'Descend into -f directories' })
    .option('server-side', { type: 'boolean', describe: 'Compare with what server-side apply would produce' })
    .example('$0 diff -f web.yaml', 'Show what applying web.yaml would change') as Argv<DiffArgs>,
  handler: async (args: DiffArgs) => {
    const { mkdtempSync, mkdirSync, writeFileSync, rmSync } = await import('node:fs');
    const { tmpdir } = await import('node:os');
    const { join } = await import('node:path');
    const { spawnSync } = await import('node:child_process');
    const { connect, closeConnections } = await import('../connection.js');
    const { Discovery } = await import('../discovery.js');
    const { readManifests } = await import('../manifests.js');
    const { toYaml } = await import('../printers/objects.js');
    const { reportError } = await import('../errors.js');
    const { plannedApply } = await import('../apply/run-apply.js');
    const base = mkdtempSync(join(tmpdir(), 'rk-diff-'));
    const live = join(base, 'LIVE');
    const merged = join(base, 'MERGED');
    mkdirSync(live);
    mkdirSync(merged);
    let failed = false;
    try {
      const conn = await connect(args);
      const discovery = await Discovery.load(conn.client);
      for (const m of readManifests(args.filename, !!args.recursive)) {
        try {
          const r = discovery.byKind(m.object.apiVersion, m.object.kind);
          const { before, after } = await plannedApply(conn, r, m.object, !!args['server-side']);
          const file = [r.group ? `${r.group}.${r.version}` : r.version, r.kind, after.metadata?.namespace, after.metadata?.name].filter(Boolean).join('.');
          if (before) writeFileSync(join(live, file), toYaml(forDiff(before)));
          writeFileSync(join(merged, file), toYaml(forDiff(after)));
        } catch (err) {
          reportError(err);
          failed = true;
        }
      }
      const external = process.env.KUBECTL_EXTERNAL_DIFF?.split(' ').filter(Boolean);
      const [cmd, ...flags] = external?.length ? external : ['diff', '-u', '-N'];
      const res = spawnSync(cmd, [...flags, live, merged], { stdio: ['ignore', 'inherit', 'inherit'] });
      process.exitCode = failed ? 2 : res.status === 0 ? 0 : res.status === 1 ? 1 : 2;
    } catch (err) {
      reportError(err);
      process.exitCode = 2;
    } finally {
      rmSync(base, { recursive: true, force: true });
      closeConnections();
    }
  },
};
