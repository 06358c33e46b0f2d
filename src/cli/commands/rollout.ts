/**
 * `rk rollout status|history|undo|restart|pause|resume`: manage the rollout of
 * Deployments, DaemonSets and StatefulSets (pause and resume: Deployments only), as kubectl does.
 */
import type { Argv, CommandModule } from 'yargs';
import { withConn, type Conn, type ConnArgs } from '../connection.js';
import type { Discovery } from '../discovery.js';
import type { Target } from '../targets.js';
import { runCommand } from '../errors.js';

interface RolloutArgs extends ConnArgs {
  resources: string[]; watch?: boolean; timeout?: string; revision?: number; 'to-revision'?: number; 'dry-run'?: string; selector?: string;
}

type Action = (args: RolloutArgs) => Promise<void>;

function sub(command: string, describe: string, examples: [string, string][], extra: (y: Argv<RolloutArgs>) => Argv<RolloutArgs>, action: Action): CommandModule<RolloutArgs, RolloutArgs> {
  return {
    command: `${command} <resources..>`,
    describe,
    builder: (y) => {
      let b = extra(withConn(y).option('selector', { alias: 'l', type: 'string', describe: 'Objects matching this selector' }) as Argv<RolloutArgs>);
      for (const [c, t] of examples) b = b.example(c, t);
      return b;
    },
    handler: runCommand(action),
  };
}

async function forEachTarget(args: RolloutArgs, fn: (ctx: { conn: Conn; discovery: Discovery }, t: Target) => Promise<string | void>): Promise<void> {
  const { connect } = await import('../connection.js');
  const { Discovery } = await import('../discovery.js');
  const { resolveTargets } = await import('../targets.js');
  const { reportError } = await import('../errors.js');
  const conn = await connect(args);
  const discovery = await Discovery.load(conn.client);
  for (const t of await resolveTargets(conn, discovery, args)) {
    try {
      const text = await fn({ conn, discovery }, t);
      if (text) process.stdout.write(text);
    } catch (err) {
      reportError(err);
    }
  }
}

const r = () => import('../rollout/run-rollout.js');

/** The `rk rollout` command. */
export const rolloutCommand: CommandModule = {
  command: 'rollout <command>',
  describe: 'Manage the rollout of a resource (status, history, undo, restart, pause, resume)',
  builder: (y) => (y as Argv<RolloutArgs>)
    .command(sub('status', 'Show the status of the rollout (waits until it is done)', [['$0 rollout status deploy/web', 'Wait for web to roll out']],
      (b) => b.option('watch', { alias: 'w', type: 'boolean', default: true, describe: 'Wait for the rollout to finish' })
        .option('timeout', { type: 'string', default: '0s', describe: 'Give up after this long (0s: never)' }),
      (a) => forEachTarget(a, async ({ conn }, t) => {
        const { parseDuration } = await import('../duration.js');
        await (await r()).rolloutStatus(conn, t, a.watch !== false, parseDuration(a.timeout ?? '0s'));
      })))
    .command(sub('history', 'View rollout history', [['$0 rollout history deploy/web', 'Revisions of web'], ['$0 rollout history deploy/web --revision=2', 'The pod template of revision 2'], ['$0 rollout history ds/agent', 'Revisions of a DaemonSet (its ControllerRevisions)']],
      (b) => b.option('revision', { type: 'number', default: 0, describe: 'Show this revision\'s pod template' }),
      (a) => forEachTarget(a, async ({ conn, discovery }, t) => (await r()).rolloutHistory(conn, discovery, t, a.revision ?? 0))))
    .command(sub('undo', 'Roll back to a previous rollout', [['$0 rollout undo deploy/web', 'Back to the previous revision'], ['$0 rollout undo deploy/web --to-revision=1', 'Back to revision 1'], ['$0 rollout undo sts/db --dry-run=client', 'Show the template undo would restore']],
      (b) => b.option('to-revision', { type: 'number', default: 0, describe: 'Revision to roll back to (0: the previous one)' })
        .option('dry-run', { type: 'string', describe: 'client|server|none' }),
      async (a) => {
        const dryRun = (await import('../write-results.js')).dryRunOf(a);
        await forEachTarget(a, async ({ conn, discovery }, t) => (await r()).rolloutUndo(conn, discovery, t, a['to-revision'] ?? 0, dryRun));
      }))
    .command(sub('restart', 'Restart a resource (replace all its pods)', [['$0 rollout restart deploy/web', 'New pods for web']], (b) => b,
      (a) => forEachTarget(a, async ({ conn }, t) => (await r()).rolloutRestart(conn, t, new Date()))))
    .command(sub('pause', 'Mark the resource as paused', [['$0 rollout pause deploy/web', 'Changes to web no longer roll out']], (b) => b,
      (a) => forEachTarget(a, async ({ conn }, t) => (await r()).rolloutPause(conn, t, true))))
    .command(sub('resume', 'Resume a paused resource', [['$0 rollout resume deploy/web', 'Roll out pending changes']], (b) => b,
      (a) => forEachTarget(a, async ({ conn }, t) => (await r()).rolloutPause(conn, t, false))))
    .demandCommand(1) as unknown as Argv,
  handler: () => undefined,
};
