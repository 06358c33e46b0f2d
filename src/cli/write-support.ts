/**
 * Flags shared by write commands: `--dry-run=none|client|server`, `-o` for the
 * written objects and `--field-manager`. Kept free of printers so `--help` stays
 * fast; the reporting lives in write-results.ts.
 */
import type { Argv } from 'yargs';

/** `--dry-run` values. */
export type DryRun = 'none' | 'client' | 'server';

/** Flags of write commands. */
export interface WriteArgs { 'dry-run'?: string; output?: string; 'field-manager'?: string }

/** Adds `--dry-run`, `-o` and `--field-manager`. */
export function writeFlags<T>(y: Argv<T>): Argv<T & WriteArgs> {
  return y
    .option('dry-run', { type: 'string', describe: 'none|client|server: only print what would be sent (client) or what the server would store (server)' })
    .option('output', { alias: 'o', type: 'string', describe: 'json|yaml|name|jsonpath=...: print the written objects' })
    .option('field-manager', { type: 'string', default: 'rk', describe: 'Name of the manager recorded for the written fields' }) as Argv<T & WriteArgs>;
}

