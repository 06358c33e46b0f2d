/**
 * `rk completion bash|zsh` prints the completion script; the hidden
 * `rk __complete WORDS...` answers it with verbs, kinds from discovery and live
 * object names, one per line (never an error: completion must stay quiet).
 */
import type { Argv, CommandModule } from 'yargs';
import { withConn, type ConnArgs } from '../connection.js';

interface CompleteArgs extends ConnArgs { words?: string[] }

/** `rk completion`. */
export const completionCommand: CommandModule<object, { shell: string }> = {
  command: 'completion <shell>',
  describe: 'Output shell completion code for bash or zsh',
  builder: (y) => y.positional('shell', { type: 'string', choices: ['bash', 'zsh'], demandOption: true })
    .example('source <($0 completion bash)', 'Enable completion in this bash')
    .example('$0 completion zsh > "${fpath[1]}/_rk"', 'Install for zsh') as Argv<{ shell: string }>,
  handler: async (args) => {
    const { bashScript, zshScript } = await import('../completion.js');
    process.stdout.write(args.shell === 'zsh' ? zshScript() : bashScript());
  },
};

/** `rk __complete` (hidden). */
export const completeCommand: CommandModule<object, CompleteArgs> = {
  command: '__complete [words..]',
  describe: false,
  builder: (y) => withConn(y).positional('words', { type: 'string', array: true }).strict(false) as Argv<CompleteArgs>,
  handler: async (args) => {
    const { wantFor } = await import('../completion.js');
    const { clientCommands } = await import('../client-commands.js');
    const words = (args.words ?? []).map(String);
    const want = wantFor(words.length ? words : ['']);
    const lines: string[] = [];
    try {
      if (want.kind === 'verbs') {
        for (const c of clientCommands) {
          const name = String(Array.isArray(c.command) ? c.command[0] : c.command).split(' ')[0];
          if (c.describe !== false) lines.push(name);
        }
      } else if (want.kind !== 'none') {
        const { connect, closeConnections } = await import('../connection.js');
        const { Discovery } = await import('../discovery.js');
        const conn = await connect(args);
        try {
          const discovery = await Discovery.load(conn.client);
          if (want.kind === 'kinds') lines.push(...discovery.resources.filter((r) => r.verbs.includes('list')).map((r) => r.resource));
          else {
            const r = discovery.resolve(want.resource);
            const list = await conn.client.listAll(r, r.namespaced ? conn.namespace : undefined);
            lines.push(...list.items.map((o) => o.metadata?.name ?? ''));
          }
        } finally {
          closeConnections();
        }
      }
    } catch {
      // Completion stays silent: a cluster that cannot be reached simply offers nothing.
    }
    process.stdout.write(lines.filter(Boolean).map((l) => `${l}\n`).join(''));
  },
};
