/**
 * `rk get -w` / `--watch-only`: prints the current rows (unless watch-only), then
 * one row per change. Unlike a bare watch it never gives up on a passing fault: a
 * stream the server ends, a broken connection, 429 and 5xx answers are resumed
 * from the last resourceVersion seen after a capped backoff (1 s doubling to 30 s,
 * reset by any event), and an expired one (410) is resumed from a fresh list.
 * Other answers (403, 404, ...) end the command with the error.
 */
import { Backoff } from '../../client/backoff.js';
import { CliError } from '../errors.js';
import type { GetArgs } from '../commands/get.js';
import type { Conn } from '../connection.js';
import type { OutputFormat } from '../output-format.js';
import { renderObjects } from '../print-objects.js';
import type { ResourceRequest } from '../resource-args.js';
import { bodyRows, headerRow, type ServerTable, type TableOptions } from '../printers/table.js';
import { alignRows, columnWidths } from '../printers/tabwriter.js';
import { listTable, TABLE_ACCEPT, watchRaw, type ReadScope } from '../table-client.js';
import { scopeFor } from './run-get.js';

/** Pacing of reconnects after a watch broke or ended. */
const RECONNECT = { initialMs: 1000, maxMs: 30_000 };

/** What a watch does after `err` (pure): relist on 410, retry on a broken connection, 429 or 5xx, else fail. */
export function watchRecovery(err: unknown): 'relist' | 'retry' | 'fail' {
  if ((err as Error)?.name === 'ConnectionError') return 'retry';
  const code = (err as Error)?.name === 'StatusError' ? (err as { code?: number }).code ?? 0 : 0;
  if (code === 410) return 'relist';
  return code === 429 || code >= 500 ? 'retry' : 'fail';
}

interface Printer { table(t: ServerTable): void; object(o: Record<string, any>): void }

function makePrinter(req: ResourceRequest, args: GetArgs, format: OutputFormat): Printer {
  let widths: number[] = [];
  let headerDone = !!args.headers === false;
  const opts: TableOptions = {
    wide: format.kind === 'table' && format.wide, withNamespace: !!args['all-namespaces'] && req.resource.namespaced,
    showLabels: args['show-labels'], labelColumns: (args['label-columns'] ?? []).flatMap((l) => l.split(',')).filter(Boolean),
  };
  return {
    table(t) {
      const rows = bodyRows(t, opts);
      if (!rows.length) return;
      const all = headerDone ? rows : [headerRow(t, opts), ...rows];
      headerDone = true;
      widths = columnWidths(all, widths);
      process.stdout.write(alignRows(all, widths));
    },
    object(o) {
      if (format.kind !== 'table') process.stdout.write(renderObjects(format, [{ resource: req.resource, object: o }], true, true));
    },
  };
}

async function currentRevision(conn: Conn, req: ResourceRequest, scope: ReadScope, printer: Printer | undefined, asTable: boolean): Promise<string | undefined> {
  if (asTable || !printer) {
    const t = await listTable(conn.client, req.resource, scope);
    if (printer) printer.table(t);
    return t.metadata?.resourceVersion;
  }
  const list = await conn.client.listAll(req.resource, scope.namespace, { labelSelector: scope.labelSelector, fieldSelector: scope.fieldSelector });
  for (const o of list.items) printer.object(o as Record<string, any>);
  return list.metadata?.resourceVersion;
}

/** Watches one resource until the process is interrupted. */
export async function watchResource(conn: Conn, req: ResourceRequest, args: GetArgs, format: OutputFormat): Promise<void> {
  const base = scopeFor(req.resource, conn, args, false);
  const names = req.names;
  if (names.length > 1) throw new CliError(`watch is only supported on individual resources and resource collections, but ${names.length} resources were found`);
  const scope: ReadScope = names.length === 1
    ? { ...base, fieldSelector: [base.fieldSelector, `metadata.name=${names[0]}`].filter(Boolean).join(',') }
    : base;
  const printer = makePrinter(req, args, format);
  const asTable = format.kind === 'table';
  let rv = await currentRevision(conn, req, scope, args['watch-only'] ? undefined : printer, asTable);
  const backoff = new Backoff(RECONNECT);
  for (;;) {
    try {
      for await (const ev of watchRaw(conn.client, req.resource, { ...scope, resourceVersion: rv }, asTable ? TABLE_ACCEPT : 'application/json')) {
        backoff.reset();
        rv = ev.object?.metadata?.resourceVersion ?? rv;
        if (ev.type === 'BOOKMARK') continue;
        if (asTable) printer.table(ev.object as ServerTable);
        else printer.object(ev.object);
      }
    } catch (err) {
      const next = watchRecovery(err);
      if (next === 'fail') throw err;
      if (next === 'relist') {
        rv = await currentRevision(conn, req, scope, undefined, true).catch(() => undefined);
        continue;
      }
    }
    await new Promise((r) => setTimeout(r, backoff.next()));
  }
}
