/**
 * Reporting shared by write commands: the `--dry-run` value, kubectl's one-line
 * results (`deployment.apps/web created`, `... configured (dry run)`), or the
 * written objects in the `-o` format.
 */
import { CliError } from './errors.js';
import { parseOutput } from './output-format.js';
import { objectName, renderObjects, type Printed } from './print-objects.js';
import type { DryRun, WriteArgs } from './write-support.js';

/** Parses `--dry-run` (bare `--dry-run` means client, as in kubectl). */
export function dryRunOf(args: WriteArgs): DryRun {
  const v = args['dry-run'];
  if (v === undefined || v === 'none' || v === 'false') return 'none';
  if (v === '' || v === 'client' || v === 'true') return 'client';
  if (v === 'server') return 'server';
  throw new CliError(`Invalid dry-run value (${v}). Must be "none", "server", or "client".`);
}

/** kubectl's result line for one object (`deployment.apps/web created (dry run)`). */
export function resultLine(p: Printed, verb: string, dryRun: DryRun): string {
  const suffix = dryRun === 'client' ? ' (dry run)' : dryRun === 'server' ? ' (server dry run)' : '';
  return `${objectName(p)} ${verb}${suffix}\n`;
}

/**
 * Reports written objects: a result line each as they are written, or, with `-o`,
 * the objects themselves at the end (one object as itself, several as a List).
 */
export class ResultPrinter {
  private readonly items: Printed[] = [];
  private readonly format;
  constructor(output: string | undefined, private readonly dryRun: DryRun) {
    const f = parseOutput(output);
    this.format = output && f.kind !== 'table' ? f : undefined;
  }

  /** Records one written object. */
  add(p: Printed, verb: string): void {
    if (this.format) this.items.push(p);
    else process.stdout.write(resultLine(p, verb, this.dryRun));
  }

  /** Prints the collected objects (with `-o`). */
  flush(): void {
    if (this.format && this.items.length) process.stdout.write(renderObjects(this.format, this.items, this.items.length === 1));
  }
}
