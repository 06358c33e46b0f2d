/**
 * `rk logs`: a container's log through the apiserver (`pods/<name>/log`), for a
 * pod, a workload (its first pod) or every pod matching `-l`; `-f` follows. A
 * selector that matches nothing says so on stderr, as kubectl does (exit 0).
 * Several streams behave as kubectl's: without `-f` they are printed one after
 * another (pods in list order, containers in spec order); with `-f` they run
 * concurrently, whole lines at a time, at most `--max-log-requests` of them.
 * Lines carry `[pod/NAME/CONTAINER] ` only with `--prefix`.
 */
import type { Argv, CommandModule } from 'yargs';
import { withConn, type ConnArgs } from '../connection.js';
import { CliError, runCommand } from '../errors.js';
import { consumeMode, containersToRead, DEFAULT_MAX_LOG_REQUESTS, logQuery, prefixLines, type LogFlags } from '../logs/log-options.js';
import type { RestClient } from '../../client/index.js';

interface LogsArgs extends ConnArgs, LogFlags {
  target?: string; container?: string; selector?: string; 'all-containers'?: boolean; prefix?: boolean;
  'max-log-requests': number; 'ignore-errors'?: boolean;
}

type Obj = Record<string, any>;

/** One log request: its path, query and the line prefix `--prefix` would give it. */
interface LogStream { path: string; query: Record<string, string | number | boolean | undefined>; prefix: string }

/**
 * Copies one stream to stdout. `wholeLines` holds back a partial line until its
 * newline arrives, so concurrent streams never split each other's lines; a final
 * unterminated line is ended with a newline only when prefixed.
 */
async function copyStream(client: RestClient, s: LogStream, prefix: string, wholeLines: boolean, signal?: AbortSignal): Promise<void> {
  let carry = '';
  for await (const chunk of client.stream(s.path, { query: s.query, signal })) {
    if (!prefix && !wholeLines) { process.stdout.write(chunk); continue; }
    const out = prefixLines(prefix, carry, chunk);
    carry = out.carry;
    process.stdout.write(out.text);
  }
  if (carry) process.stdout.write(prefix ? `${prefix}${carry}\n` : carry);
}

/** The `rk logs` command. */
export const logsCommand: CommandModule<object, LogsArgs> = {
  command: 'logs [target]',
  describe: 'Print the logs for a container in a pod',
  builder: (y) => withConn(y)
    .positional('target', { type: 'string', describe: 'POD or TYPE/NAME (e.g. deploy/web)' })
    .option('container', { alias: 'c', type: 'string', describe: 'Container name' })
    .option('follow', { alias: 'f', type: 'boolean', describe: 'Stream the log' })
    .option('previous', { alias: 'p', type: 'boolean', describe: 'The previous (terminated) instance of the container' })
    .option('tail', { type: 'number', default: -1, describe: 'Lines from the end (-1: all; 10 with -l)' })
    .option('since', { type: 'string', describe: 'Only newer than this duration (5s, 2m, 3h)' })
    .option('since-time', { type: 'string', describe: 'Only after this RFC3339 time' })
    .option('timestamps', { type: 'boolean', describe: 'Prefix each line with its timestamp' })
    .option('limit-bytes', { type: 'number', describe: 'Maximum bytes to return' })
    .option('selector', { alias: 'l', type: 'string', describe: 'Logs of every pod matching this selector' })
    .option('all-containers', { type: 'boolean', describe: 'Every container of the pod(s)' })
    .option('prefix', { type: 'boolean', describe: 'Prefix each line with [pod/NAME/CONTAINER]' })
    .option('max-log-requests', { type: 'number', default: DEFAULT_MAX_LOG_REQUESTS, describe: 'Most concurrent streams -f follows' })
    .option('ignore-errors', { type: 'boolean', describe: 'A failing stream prints its error and the others go on' })
    .example('$0 logs web-1', 'The log of pod web-1')
    .example('$0 logs -f deploy/web -c nginx', 'Follow the nginx container of one of web\'s pods')
    .example('$0 logs -l app=web --all-containers --prefix', 'Every web pod') as Argv<LogsArgs>,
  handler: runCommand(async (args: LogsArgs) => {
    const { connect } = await import('../connection.js');
    const { Discovery } = await import('../discovery.js');
    const { resourcePath } = await import('../../client/paths.js');
    const { podForTarget } = await import('../pod-target.js');
    if (!(args['max-log-requests'] >= 1)) throw new CliError('--max-log-requests should be greater than 0');
    const conn = await connect(args);
    const discovery = await Discovery.load(conn.client);
    const podsRes = discovery.resolve('pods');
    let pods: Obj[];
    if (args.selector) {
      pods = (await conn.client.listAll(podsRes, conn.namespace, { labelSelector: args.selector })).items as Obj[];
      if (!pods.length) {
        process.stderr.write(`No resources found in ${conn.namespace} namespace.\n`);
        return;
      }
      if (args.tail === -1) args.tail = 10;
    } else if (!args.target) throw new CliError('expected POD or TYPE/NAME, or -l');
    else pods = [await podForTarget(conn, discovery, args.target)];
    const streams: LogStream[] = pods.flatMap((pod) => {
      const { names, notice } = containersToRead(pod, args.container, !!args['all-containers']);
      if (notice) process.stderr.write(`${notice}\n`);
      return names.map((c) => ({
        path: resourcePath(podsRes, pod.metadata.namespace, pod.metadata.name, 'log'),
        query: logQuery(c, args),
        prefix: `[pod/${pod.metadata.name}/${c}] `,
      }));
    });
    const { mode, error } = consumeMode(streams.length, !!args.follow, args['max-log-requests']);
    if (error) throw new CliError(error);
    const failed = (err: unknown) => {
      if (!args['ignore-errors']) throw err;
      process.stdout.write(`error: ${err instanceof Error ? err.message : String(err)}\n`);
    };
    const prefixOf = (s: LogStream) => (args.prefix ? s.prefix : '');
    if (mode === 'sequential') {
      for (const s of streams) await copyStream(conn.client, s, prefixOf(s), false).catch(failed);
      return;
    }
    // The first failure (without --ignore-errors) ends every other stream, as kubectl's shared pipe does.
    const abort = new AbortController();
    try {
      await Promise.all(streams.map((s) => copyStream(conn.client, s, prefixOf(s), true, abort.signal).catch(failed)));
    } finally {
      abort.abort();
    }
  }),
};
