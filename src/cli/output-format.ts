/**
 * The `-o` flag: which printer a read or write command uses. Pure parsing, so an
 * unknown format fails before any request is sent, with kubectl's wording.
 */
import { CliError } from './errors.js';

/** A parsed `-o` value. */
export type OutputFormat =
  | { kind: 'table'; wide: boolean }
  | { kind: 'json' } | { kind: 'yaml' } | { kind: 'name' }
  | { kind: 'jsonpath'; template: string }
  | { kind: 'custom-columns'; spec: string };

/** The formats `-o` accepts, listed in errors and help. */
export const OUTPUT_FORMATS = ['json', 'yaml', 'name', 'wide', 'jsonpath=...', 'jsonpath-as-json=...', 'custom-columns=...'];

/** Parses `-o`; undefined means the default human table. */
export function parseOutput(o: string | undefined): OutputFormat {
  if (!o) return { kind: 'table', wide: false };
  if (o === 'wide') return { kind: 'table', wide: true };
  if (o === 'json' || o === 'yaml' || o === 'name') return { kind: o };
  const eq = o.indexOf('=');
  const head = eq < 0 ? o : o.slice(0, eq);
  const value = eq < 0 ? '' : o.slice(eq + 1);
  if ((head === 'jsonpath' || head === 'jsonpath-as-json') && value) return { kind: 'jsonpath', template: value };
  if (head === 'custom-columns' && value) return { kind: 'custom-columns', spec: value };
  throw new CliError(`unable to match a printer suitable for the output format "${o}", allowed formats are: ${OUTPUT_FORMATS.join(',')}`);
}
