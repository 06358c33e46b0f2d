/**
 * `rk ui`: the k9s-like terminal UI. Ink and React are imported only when
 * this command runs, so every other `rk` command starts fast.
 */
import type { CommandModule } from 'yargs';

interface UiArgs {
  kubeconfig?: string;
  context?: string;
  namespace?: string;
  'all-namespaces'?: boolean;
  resource?: string;
  readonly?: boolean;
  skin?: string;
  config?: string;
  refresh?: number;
}

/** The `rk ui` command. */
export const uiCommand: CommandModule<object, UiArgs> = {
  command: 'ui [resource]',
  describe: 'Terminal UI showing the live cluster (k9s-style)',
  builder: (y) => y
    .positional('resource', { type: 'string', describe: 'View to open (pods, deploy, svc, no, ...)' })
    .option('kubeconfig', { type: 'string', describe: 'Path to the kubeconfig file' })
    .option('context', { type: 'string', describe: 'Kubeconfig context to use' })
    .option('namespace', { alias: 'n', type: 'string', describe: 'Namespace to start in' })
    .option('all-namespaces', { alias: 'A', type: 'boolean', describe: 'Start in all namespaces' })
    .option('readonly', { type: 'boolean', default: false, describe: 'Disable every action that changes the cluster' })
    .option('skin', { type: 'string', describe: 'YAML file of colours (states, chrome)' })
    .option('config', { type: 'string', describe: 'YAML file of extra aliases and key bindings' })
    .option('refresh', { type: 'number', default: 10, describe: 'Highest redraws per second' }),
  handler: async (args) => {
    // React's development build is several times slower per frame; a terminal UI is always a production build.
    process.env.NODE_ENV ??= 'production';
    // Ink draws only one final frame when CI or CONTINUOUS_INTEGRATION is set (read when Ink is
    // first loaded); someone running the UI on a real terminal wants live frames wherever they are.
    if (process.stdout.isTTY) {
      delete process.env.CI;
      delete process.env.CONTINUOUS_INTEGRATION;
    }
    const { runUi } = await import('../../../tui/run.js');
    try {
      await runUi({
        kubeconfig: args.kubeconfig, context: args.context, namespace: args.namespace, allNamespaces: args['all-namespaces'],
        resource: args.resource, readonly: args.readonly, skin: args.skin, config: args.config, fps: args.refresh,
      });
    } catch (err) {
      console.error(`rk ui: ${(err as Error).message}`);
      process.exitCode = 1;
    }
  },
};
