/**
 * The I/O shell of `rk get`: reads what the arguments name, then hands the pure
 * printers tables or objects. Per-object failures are printed as they happen and
 * make the exit code 1; the rest is still printed.
 */
import type { GetArgs } from '../commands/get.js';
import { connect, type Conn } from '../connection.js';
import { Discovery, type ApiResource } from '../discovery.js';
import { CliError, reportError } from '../errors.js';
import { parseOutput } from '../output-format.js';
import { renderObjects, type Printed } from '../print-objects.js';
import { resolveArgs, type ResourceRequest } from '../resource-args.js';
import { bodyRows, headerRow, type ServerTable, type TableOptions } from '../printers/table.js';
import { alignRows } from '../printers/tabwriter.js';
import { sortOrder } from '../printers/sort.js';
import { kindPrefix } from '../discovery.js';
import { getTable, listTable, type ReadScope } from '../table-client.js';
import { watchResource } from './watch.js';

function isNotFound(err: unknown): boolean {
  return (err as { code?: number })?.code === 404;
}

/** The namespace a request reads: none for cluster-scoped kinds and for `-A` lists. */
export function scopeFor(r: ApiResource, conn: Conn, args: GetArgs, named: boolean): ReadScope {
  const allNs = args['all-namespaces'] && !named;
  return {
    namespace: r.namespaced && !allNs ? conn.namespace : undefined,
    labelSelector: args.selector, fieldSelector: args['field-selector'], includeObject: !!args['sort-by'],
  };
}

async function tableFor(conn: Conn, req: ResourceRequest, args: GetArgs): Promise<ServerTable | undefined> {
  const scope = scopeFor(req.resource, conn, args, req.names.length > 0);
  if (!req.names.length) return listTable(conn.client, req.resource, scope);
  let merged: ServerTable | undefined;
  for (const name of req.names) {
    try {
      const t = await getTable(conn.client, req.resource, scope.namespace, name, scope.includeObject);
      if (merged) merged.rows.push(...t.rows);
      else merged = t;
    } catch (err) {
      if (!(args['ignore-not-found'] && isNotFound(err))) reportError(err);
    }
  }
  return merged;
}

function sortedRows(table: ServerTable, sortBy: string | undefined): ServerTable {
  if (!sortBy) return table;
  const order = sortOrder(sortBy, table.rows.map((r) => r.object));
  return { ...table, rows: order.map((i) => table.rows[i]) };
}

function noneFound(conn: Conn, args: GetArgs, requests: ResourceRequest[]): void {
  if (args['ignore-not-found'] || requests.some((r) => r.names.length)) return;
  const namespaced = requests.some((r) => r.resource.namespaced) && !args['all-namespaces'];
  process.stderr.write(namespaced ? `No resources found in ${conn.namespace} namespace.\n` : 'No resources found\n');
}

async function printTables(conn: Conn, requests: ResourceRequest[], showKind: boolean, args: GetArgs, wide: boolean): Promise<void> {
  let printed = 0;
  for (const req of requests) {
    let table: ServerTable | undefined;
    try {
      table = await tableFor(conn, req, args);
    } catch (err) {
      reportError(err);
      continue;
    }
    if (!table?.rows.length) continue;
    table = sortedRows(table, args['sort-by']);
    const opts: TableOptions = {
      wide, withNamespace: !!args['all-namespaces'] && req.resource.namespaced, showLabels: args['show-labels'],
      labelColumns: (args['label-columns'] ?? []).flatMap((l) => l.split(',')).filter(Boolean),
      kindPrefix: showKind ? kindPrefix(req.resource) : undefined,
    };
    const rows = bodyRows(table, opts);
    const text = alignRows(args.headers === false ? rows : [headerRow(table, opts), ...rows]);
    process.stdout.write((printed++ ? '\n' : '') + text);
  }
  if (!printed && !process.exitCode) noneFound(conn, args, requests);
}

async function objectsFor(conn: Conn, req: ResourceRequest, args: GetArgs): Promise<Printed[]> {
  const scope = scopeFor(req.resource, conn, args, req.names.length > 0);
  if (!req.names.length) {
    const list = await conn.client.listAll(req.resource, scope.namespace, { labelSelector: scope.labelSelector, fieldSelector: scope.fieldSelector });
    return list.items.map((object) => ({ resource: req.resource, object: object as Record<string, any> }));
  }
  const out: Printed[] = [];
  for (const name of req.names) {
    try {
      out.push({ resource: req.resource, object: await conn.client.get(req.resource, scope.namespace, name) });
    } catch (err) {
      if (!(args['ignore-not-found'] && isNotFound(err))) reportError(err);
    }
  }
  return out;
}

async function printObjects(conn: Conn, requests: ResourceRequest[], args: GetArgs): Promise<void> {
  const format = parseOutput(args.output);
  if (format.kind === 'table') throw new Error('printObjects needs a machine format');
  let items: Printed[] = [];
  for (const req of requests) {
    try {
      items.push(...await objectsFor(conn, req, args));
    } catch (err) {
      reportError(err);
    }
  }
  if (args['sort-by']) items = sortOrder(args['sort-by'], items.map((p) => p.object)).map((i) => items[i]);
  const single = requests.length === 1 && requests[0].names.length === 1;
  if (!items.length && format.kind !== 'json' && format.kind !== 'yaml') {
    if (!process.exitCode) noneFound(conn, args, requests);
    return;
  }
  if (!items.length && single) return;
  process.stdout.write(renderObjects(format, items, single, args.headers === false));
}

/** Runs `rk get` with parsed flags. */
export async function runGet(args: GetArgs): Promise<void> {
  const format = parseOutput(args.output);
  const conn = await connect(args);
  const discovery = await Discovery.load(conn.client);
  const { requests, multipleKinds } = resolveArgs(args.resources, discovery);
  if (args.watch || args['watch-only']) {
    if (requests.length !== 1) throw new CliError('you may only specify a single resource type');
    await watchResource(conn, requests[0], args, format);
    return;
  }
  if (format.kind === 'table') await printTables(conn, requests, multipleKinds || !!args['show-kind'], args, format.wide);
  else await printObjects(conn, requests, args);
}
