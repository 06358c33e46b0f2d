/**
 * The pure core of `rk label` and `rk annotate`: `key=value` sets, `key-` removes,
 * and changing an existing value needs `--overwrite` (kubectl's rule, so a typo
 * cannot silently replace a label). Produces the JSON merge patch to send.
 */
import { CliError } from './errors.js';

/** Parsed `key=value` / `key-` arguments. */
export interface MetadataChanges { set: Record<string, string>; remove: string[] }

/** Parses the arguments after the object names. */
export function parseChanges(args: readonly string[], what: 'label' | 'annotation'): MetadataChanges {
  const set: Record<string, string> = {};
  const remove: string[] = [];
  for (const a of args) {
    if (a.endsWith('-') && !a.includes('=')) remove.push(a.slice(0, -1));
    else {
      const eq = a.indexOf('=');
      if (eq <= 0) throw new CliError(`invalid ${what} spec: ${a}`);
      set[a.slice(0, eq)] = a.slice(eq + 1);
    }
  }
  if (!Object.keys(set).length && !remove.length) throw new CliError(`at least one ${what} update is required`);
  for (const k of remove) if (k in set) throw new CliError(`can not both modify and remove ${what} ${k} in the same command`);
  return { set, remove };
}

/**
 * The merge patch for one object's current map, or undefined when nothing changes.
 * Throws when a value would change without `overwrite`.
 */
export function metadataPatch(field: 'labels' | 'annotations', current: Record<string, string> | undefined, changes: MetadataChanges, overwrite: boolean): Record<string, unknown> | undefined {
  const cur = current ?? {};
  const delta: Record<string, string | null> = {};
  for (const [k, v] of Object.entries(changes.set)) {
    if (k in cur && cur[k] !== v && !overwrite) throw new CliError(`'${k}' already has a value (${cur[k]}), and --overwrite is false`);
    if (cur[k] !== v) delta[k] = v;
  }
  for (const k of changes.remove) if (k in cur) delta[k] = null;
  return Object.keys(delta).length ? { metadata: { [field]: delta } } : undefined;
}
