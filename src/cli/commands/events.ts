/**
 * `rk events`: the namespace's (or, with -A, the cluster's) events in time order,
 * optionally only those about one object (`--for pod/web-1`) or of some types,
 * and with `-w` the new ones as they happen.
 */
import type { Argv, CommandModule } from 'yargs';
import { connect, withConn, type ConnArgs } from '../connection.js';
import { runCommand } from '../errors.js';

interface EventsArgs extends ConnArgs { 'all-namespaces'?: boolean; for?: string; types?: string; watch?: boolean; output?: string; headers?: boolean }

/** The `rk events` command. */
export const eventsCommand: CommandModule<object, EventsArgs> = {
  command: 'events',
  describe: 'List events',
  builder: (y) => withConn(y)
    .option('all-namespaces', { alias: 'A', type: 'boolean', describe: 'Events of every namespace' })
    .option('for', { type: 'string', describe: 'Only events about this object (kind/name)' })
    .option('types', { type: 'string', describe: 'Only these types, comma-separated (Normal,Warning)' })
    .option('watch', { alias: 'w', type: 'boolean', describe: 'After listing, watch for new events' })
    .option('output', { alias: 'o', type: 'string', describe: 'json|yaml|name|jsonpath=...' })
    .option('headers', { type: 'boolean', default: true, describe: 'Print headers (--no-headers omits them)' })
    .example('$0 events', 'Recent events in the current namespace')
    .example('$0 events --for pod/web-1 -w', 'Follow the events of one pod')
    .example('$0 events -A --types=Warning', 'Warnings in every namespace') as Argv<EventsArgs>,
  handler: runCommand(async (args: EventsArgs) => {
    const { Discovery } = await import('../discovery.js');
    const { eventRows, forSelector } = await import('../events-table.js');
    const { alignRows, columnWidths } = await import('../printers/tabwriter.js');
    const { watchRaw } = await import('../table-client.js');
    const { renderObjects } = await import('../print-objects.js');
    const { parseOutput } = await import('../output-format.js');
    const conn = await connect(args);
    const discovery = await Discovery.load(conn.client);
    const events = discovery.resolve('events');
    let fieldSelector: string | undefined;
    if (args.for) {
      const [kind, name] = args.for.split('/');
      fieldSelector = forSelector(discovery.resolve(kind).kind, name);
    }
    const types = args.types?.split(',').map((t) => t.trim().toLowerCase());
    const keep = (e: Record<string, any>) => !types || types.includes(String(e.type).toLowerCase());
    const ns = args['all-namespaces'] ? undefined : conn.namespace;
    const format = parseOutput(args.output);
    const list = await conn.client.listAll(events, ns, { fieldSelector });
    const items = (list.items as Record<string, any>[]).filter(keep);
    let widths: number[] = [];
    let headerDone = args.headers === false;
    const print = (evs: Record<string, any>[]) => {
      if (format.kind !== 'table') {
        process.stdout.write(renderObjects(format, evs.map((object) => ({ resource: events, object })), false));
        return;
      }
      const [header, ...rows] = eventRows(evs, Date.now(), !!args['all-namespaces']);
      const shown = headerDone ? rows : [header, ...rows];
      headerDone = true;
      widths = columnWidths(shown, widths);
      process.stdout.write(alignRows(shown, widths));
    };
    if (items.length) print(items);
    else if (!args.watch) process.stderr.write(ns ? `No events found in ${ns} namespace.\n` : 'No events found.\n');
    if (!args.watch) return;
    let rv = list.metadata?.resourceVersion;
    for (;;) {
      try {
        for await (const ev of watchRaw(conn.client, events, { namespace: ns, fieldSelector, resourceVersion: rv }, 'application/json')) {
          rv = ev.object?.metadata?.resourceVersion ?? rv;
          if ((ev.type === 'ADDED' || ev.type === 'MODIFIED') && keep(ev.object)) print([ev.object]);
        }
      } catch (err) {
        if ((err as { code?: number }).code === 410) rv = undefined;
        else if ((err as Error).name !== 'ConnectionError') throw err;
      }
      await new Promise((r) => setTimeout(r, 1000));
    }
  }),
};
