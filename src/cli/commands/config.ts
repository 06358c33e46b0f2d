/**
 * `rk config view|get-contexts|current-context|use-context|set-context`: reads
 * and edits kubeconfig files exactly where kubectl would (`--kubeconfig`, else
 * `KUBECONFIG`, else `~/.kube/config`), so both tools share one configuration.
 */
import type { Argv, CommandModule } from 'yargs';
import { CliError, runCommand } from '../errors.js';

interface ConfigArgs {
  kubeconfig?: string;
  context?: string;
  name?: string;
  raw?: boolean;
  minify?: boolean;
  output?: string;
  current?: boolean;
  namespace?: string;
  cluster?: string;
  user?: string;
  headers?: boolean;
}

async function edit() {
  return import('../kubeconfig-edit.js');
}

async function view(args: ConfigArgs): Promise<void> {
  const k = await edit();
  const { toJson, toYaml } = await import('../printers/objects.js');
  let doc = k.mergeDocs(k.loadFiles(k.kubeconfigPaths(args.kubeconfig)));
  if (args.minify) doc = k.minify(doc, args.context) as typeof doc;
  const shown = args.raw ? doc : k.redact(doc);
  process.stdout.write(args.output === 'json' ? toJson(shown) : toYaml(shown));
}

async function getContexts(args: ConfigArgs): Promise<void> {
  const k = await edit();
  const { alignRows } = await import('../printers/tabwriter.js');
  const doc = k.mergeDocs(k.loadFiles(k.kubeconfigPaths(args.kubeconfig)));
  let contexts = doc.contexts;
  if (args.name) {
    contexts = contexts.filter((c) => c.name === args.name);
    if (!contexts.length) throw new CliError(`context ${args.name} not found`);
  }
  if (args.output === 'name') {
    process.stdout.write(contexts.map((c) => `${c.name}\n`).join(''));
    return;
  }
  const rows = contexts.map((c) => {
    const x = (c.context ?? {}) as Record<string, string>;
    return [c.name === doc['current-context'] ? '*' : '', c.name, x.cluster ?? '', x.user ?? '', x.namespace ?? ''];
  });
  process.stdout.write(alignRows(args.headers === false ? rows : [['CURRENT', 'NAME', 'CLUSTER', 'AUTHINFO', 'NAMESPACE'], ...rows]));
}

async function currentContext(args: ConfigArgs): Promise<void> {
  const k = await edit();
  const current = k.mergeDocs(k.loadFiles(k.kubeconfigPaths(args.kubeconfig)))['current-context'];
  if (!current) throw new CliError('current-context is not set');
  process.stdout.write(`${current}\n`);
}

async function useContext(args: ConfigArgs): Promise<void> {
  const k = await edit();
  const files = k.loadFiles(k.kubeconfigPaths(args.kubeconfig));
  const name = args.name!;
  if (!k.mergeDocs(files).contexts.some((c) => c.name === name)) throw new CliError(`no context exists with the name: "${name}"`);
  const target = files.find((f) => f.doc['current-context']) ?? files[0];
  target.doc['current-context'] = name;
  k.saveFile(target);
  process.stdout.write(`Switched to context "${name}".\n`);
}

async function setContext(args: ConfigArgs): Promise<void> {
  const k = await edit();
  const files = k.loadFiles(k.kubeconfigPaths(args.kubeconfig));
  const name = args.current ? k.mergeDocs(files)['current-context'] : args.name;
  if (!name) throw new CliError(args.current ? 'no current context is set' : 'you must specify a non-empty context name or --current');
  if (args.current && args.name) throw new CliError('you cannot specify both a context name and --current');
  const target = k.fileDefining(files, 'contexts', name);
  const existed = !!target.doc.contexts?.some((c) => c.name === name);
  target.doc = k.setContextFields(target.doc, name, { namespace: args.namespace, cluster: args.cluster, user: args.user });
  k.saveFile(target);
  process.stdout.write(`Context "${name}" ${existed ? 'modified' : 'created'}.\n`);
}

const sub = (command: string, describe: string, builder: (y: Argv<ConfigArgs>) => Argv<ConfigArgs>, run: (a: ConfigArgs) => Promise<void>): CommandModule<ConfigArgs, ConfigArgs> => ({
  command, describe, builder, handler: runCommand(run),
});

/** The `rk config` command and its sub-commands. */
export const configCommand: CommandModule<object, ConfigArgs> = {
  command: 'config <command>',
  describe: 'Modify kubeconfig files (view, get-contexts, use-context, set-context)',
  builder: (y) => (y as Argv<ConfigArgs>)
    .option('kubeconfig', { type: 'string', describe: 'Use this kubeconfig file' })
    .command(sub('view', 'Display merged kubeconfig settings', (b) => b
      .option('raw', { type: 'boolean', describe: 'Show key material and tokens' })
      .option('minify', { type: 'boolean', describe: 'Only the current context and what it uses' })
      .option('context', { type: 'string', describe: 'With --minify, this context instead of the current one' })
      .option('output', { alias: 'o', type: 'string', choices: ['yaml', 'json'], describe: 'Output format' })
      .example('$0 config view --minify', 'Only the current context'), view))
    .command(sub('get-contexts [name]', 'Describe one or many contexts', (b) => b
      .option('output', { alias: 'o', type: 'string', choices: ['name'], describe: 'Only the names' })
      .option('headers', { type: 'boolean', default: true, describe: 'Print headers (--no-headers omits them)' })
      .example('$0 config get-contexts', 'Every context, * marks the current one'), getContexts))
    .command(sub('current-context', 'Display the current context', (b) => b.example('$0 config current-context', 'The current context'), currentContext))
    .command(sub('use-context <name>', 'Set the current context', (b) => b.example('$0 config use-context prod', 'Switch to "prod"'), useContext))
    .command(sub('set-context [name]', 'Set a context entry', (b) => b
      .option('current', { type: 'boolean', describe: 'Modify the current context' })
      .option('namespace', { alias: 'n', type: 'string', describe: 'Default namespace of the context' })
      .option('cluster', { type: 'string', describe: 'Cluster of the context' })
      .option('user', { type: 'string', describe: 'User of the context' })
      .example('$0 config set-context --current --namespace=dev', 'Make "dev" the default namespace'), setContext))
    .demandCommand(1, 'Name a config sub-command') as Argv<ConfigArgs>,
  handler: () => undefined,
};
