/**
 * `rk exec POD [-c CONTAINER] [-i] [-t] -- COMMAND [ARGS...]`: runs a command in a
 * container over the exec WebSocket and exits with the command's exit code, as
 * kubectl does. `-i` passes stdin; `-t` gives the command a terminal: the local
 * one is put in raw mode for the session (restored afterwards) and its size and
 * resizes are sent along.
 */
import type { Argv, CommandModule } from 'yargs';
import { withConn, type ConnArgs } from '../connection.js';
import { CliError, runCommand } from '../errors.js';

interface ExecArgs extends ConnArgs { pod: string; container?: string; stdin?: boolean; tty?: boolean }

/** The `rk exec` command. */
export const execCommand: CommandModule<object, ExecArgs> = {
  command: 'exec <pod>',
  describe: 'Execute a command in a container',
  builder: (y) => withConn(y)
    .positional('pod', { type: 'string', demandOption: true, describe: 'POD or TYPE/NAME' })
    .option('container', { alias: 'c', type: 'string', describe: 'Container name (default: the first)' })
    .option('stdin', { alias: 'i', type: 'boolean', describe: 'Pass stdin to the container' })
    .option('tty', { alias: 't', type: 'boolean', describe: 'Stdin is a TTY: the command runs on a terminal' })
    .example('$0 exec -it web-1 -- sh', 'An interactive shell in web-1')
    .example('$0 exec web-1 -- ls /', 'List / in the first container of web-1')
    .example('$0 exec web-1 -c sidecar -- env', 'In the sidecar container') as Argv<ExecArgs>,
  handler: runCommand(async (args: ExecArgs) => {
    /** `deploy/web` and the like stand for one of their pods, as in kubectl. */
    async function podOfWorkload(a: ExecArgs): Promise<string> {
      const { connect } = await import('../connection.js');
      const { Discovery } = await import('../discovery.js');
      const { podForTarget } = await import('../pod-target.js');
      const conn = await connect(a);
      try {
        return (await podForTarget(conn, await Discovery.load(conn.client), a.pod)).metadata.name;
      } finally {
        conn.client.close?.();
      }
    }
    const i = process.argv.indexOf('--');
    const command = i < 0 ? [] : process.argv.slice(i + 1);
    if (!command.length) throw new CliError('you must specify at least one command for the container');
    const { loadKubeconfig } = await import('../../client/index.js');
    const { execInPod } = await import('../exec-stream.js');
    const cfg = loadKubeconfig(args.kubeconfig, { context: args.context });
    const namespace = args.namespace || cfg.namespace;
    const pod = args.pod.includes('/') ? await podOfWorkload(args) : args.pod;
    let tty = Boolean(args.tty);
    if (tty && !process.stdin.isTTY) {
      process.stderr.write('Unable to use a TTY - input is not a terminal or the right kind of file\n');
      tty = false;
    }
    if (tty && !args.stdin) tty = false; // kubectl: -t without -i gives no terminal to type into
    const input = args.stdin ? {
      stdin: process.stdin,
      tty: tty ? {
        size: () => ({ cols: process.stdout.columns || 80, rows: process.stdout.rows || 24 }),
        onResize: (cb: () => void) => { process.stdout.on('resize', cb); return () => void process.stdout.off('resize', cb); },
      } : undefined,
    } : undefined;
    if (tty) process.stdin.setRawMode(true);
    let code: number;
    try {
      code = await execInPod(cfg, namespace, pod, args.container, command, (b) => process.stdout.write(b), (b) => process.stderr.write(b), input);
    } finally {
      if (tty) process.stdin.setRawMode(false);
    }
    if (code !== 0) {
      process.stderr.write(`command terminated with exit code ${code}\n`);
      process.exitCode = code;
    }
  }),
};
