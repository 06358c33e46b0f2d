/**
 * `rk logs`: a container's log through the apiserver (`pods/<name>/log`), for a
 * pod, a workload (its first pod) or every pod matching `-l`; `-f` follows. A
 * selector that matches nothing says so on stderr, as kubectl does (exit 0).
 */
import type { Argv, CommandModule } from 'yargs';
import { withConn, type ConnArgs } from '../connection.js';
import { CliError, runCommand } from '../errors.js';
import type { LogFlags } from '../logs/log-options.js';

interface LogsArgs extends ConnArgs, LogFlags {
  target?: string; container?: string; selector?: string; 'all-containers'?: boolean; prefix?: boolean;
}

type Obj = Record<string, any>;

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
    .example('$0 logs web-1', 'The log of pod web-1')
    .example('$0 logs -f deploy/web -c nginx', 'Follow the nginx container of one of web\'s pods')
    .example('$0 logs -l app=web --all-containers --prefix', 'Every web pod') as Argv<LogsArgs>,
  handler: runCommand(async (args: LogsArgs) => {
    const { connect } = await import('../connection.js');
    const { Discovery } = await import('../discovery.js');
    const { logQuery, containersToRead, prefixLines } = await import('../logs/log-options.js');
    const { resourcePath } = await import('../../client/paths.js');
    const { podForTarget } = await import('../pod-target.js');
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
    const streams = pods.flatMap((pod) => {
      const { names, notice } = containersToRead(pod, args.container, !!args['all-containers']);
      if (notice) process.stderr.write(`${notice}\n`);
      return names.map((c) => ({ pod, container: c }));
    });
    const prefixed = args.prefix || streams.length > 1 && !!args.selector;
    await Promise.all(streams.map(async ({ pod, container }) => {
      const path = resourcePath(podsRes, pod.metadata.namespace, pod.metadata.name, 'log');
      const query = logQuery(container, args);
      let carry = '';
      const prefix = `[pod/${pod.metadata.name}/${container}] `;
      for await (const chunk of conn.client.stream(path, { query })) {
        if (!prefixed) { process.stdout.write(chunk); continue; }
        const out = prefixLines(prefix, carry, chunk);
        carry = out.carry;
        process.stdout.write(out.text);
      }
      if (prefixed && carry) process.stdout.write(`${prefix}${carry}\n`);
    }));
  }),
};
