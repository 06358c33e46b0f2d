/**
 * `rk create -f FILE` and the generators `rk create namespace|configmap|secret
 * generic|deployment|job|service clusterip|nodeport`. Creation is imperative: an
 * existing object is an AlreadyExists error (exit 1), unlike `apply`.
 */
import { repeated } from '../flags.js';
import type { Argv, CommandModule } from 'yargs';
import { withConn, type ConnArgs } from '../connection.js';
import { runCommand } from '../errors.js';
import { writeFlags, type WriteArgs } from '../write-support.js';

type Obj = Record<string, any>;

interface CreateArgs extends ConnArgs, WriteArgs {
  filename?: string[]; recursive?: boolean; name?: string; image?: string[]; replicas?: number; port?: number;
  'from-literal'?: string[]; 'from-file'?: string[]; type?: string; tcp?: string[]; 'node-port'?: number;
}

/** Sends (or, with client dry-run, only prints) each object, reporting each result. */
export async function createObjects(objects: Obj[], args: ConnArgs & WriteArgs): Promise<void> {
  const { connect } = await import('../connection.js');
  const { Discovery } = await import('../discovery.js');
  const { reportError } = await import('../errors.js');
  const { namespaceFor } = await import('../apply/run-apply.js');
  const { dryRunOf, ResultPrinter } = await import('../write-results.js');
  const dryRun = dryRunOf(args);
  const conn = await connect(args);
  const discovery = await Discovery.load(conn.client);
  const out = new ResultPrinter(args.output, dryRun);
  for (const obj of objects) {
    try {
      const r = discovery.byKind(obj.apiVersion, obj.kind);
      const ns = namespaceFor(r, obj, conn);
      const shown = dryRun !== 'client' || conn.explicitNamespace || obj.metadata?.namespace;
      const body = ns && shown ? { ...obj, metadata: { ...obj.metadata, namespace: ns } } : obj;
      const created = dryRun === 'client' ? body : await conn.client.create(r, ns, body, { dryRun: dryRun === 'server', fieldManager: args['field-manager'] });
      out.add({ resource: r, object: created }, 'created');
    } catch (err) {
      reportError(err);
    }
  }
  out.flush();
}

/** The words after `--` (the container command); yargs folds them into `_`, so they are read from argv. */
function commandAfterDashes(): string[] {
  const i = process.argv.indexOf('--');
  return i < 0 ? [] : process.argv.slice(i + 1);
}

function generator(command: string | string[], describe: string, build: (y: Argv<CreateArgs>) => Argv<CreateArgs>, make: (a: CreateArgs) => Promise<Obj>): CommandModule<CreateArgs, CreateArgs> {
  return { command, describe, builder: build, handler: runCommand(async (a: CreateArgs) => createObjects([await make(a)], a)) };
}

const gen = () => import('../generators.js');

const secretCommand: CommandModule<CreateArgs, CreateArgs> = {
  command: 'secret <kind>',
  describe: 'Create a secret (generic)',
  builder: (y) => y.command(generator('generic <name>', 'Create a secret from literals or files', (b) => b
    .option('from-literal', { type: 'string', coerce: repeated, describe: 'key=value (repeatable)' })
    .option('from-file', { type: 'string', coerce: repeated, describe: '[key=]path (repeatable)' })
    .option('type', { type: 'string', default: 'Opaque', describe: 'Secret type' })
    .example('$0 create secret generic db --from-literal=password=s3cret', 'A secret with one key'),
  async (a) => { const g = await gen(); return g.secretObject(a.name!, g.dataEntries(a['from-literal'], a['from-file']), a.type); })),
  handler: () => undefined,
};

const serviceCommand: CommandModule<CreateArgs, CreateArgs> = {
  command: ['service <kind>', 'svc'],
  describe: 'Create a service (clusterip, nodeport)',
  builder: (y) => y
    .command(generator('clusterip <name>', 'Create a ClusterIP service', (b) => b
      .option('tcp', { type: 'string', coerce: repeated, describe: 'port[:targetPort] (repeatable)' })
      .example('$0 create service clusterip web --tcp=80:8080', 'Port 80 to the pods\' 8080'),
    async (a) => (await gen()).serviceObject(a.name!, 'ClusterIP', a.tcp ?? [])))
    .command(generator('nodeport <name>', 'Create a NodePort service', (b) => b
      .option('tcp', { type: 'string', coerce: repeated, describe: 'port[:targetPort] (repeatable)' })
      .option('node-port', { type: 'number', describe: 'The node port (default: allocated)' })
      .example('$0 create service nodeport web --tcp=80:8080 --node-port=30080', 'Reachable on every node\'s 30080'),
    async (a) => (await gen()).serviceObject(a.name!, 'NodePort', a.tcp ?? [], a['node-port']))),
  handler: () => undefined,
};

/** The `rk create` command. */
export const createCommand: CommandModule<object, CreateArgs> = {
  command: 'create',
  describe: 'Create resources from files or stdin, or with a generator',
  builder: (y) => writeFlags(withConn(y))
    .option('filename', { alias: 'f', type: 'string', coerce: repeated, describe: 'File, directory or - (stdin)' })
    .option('recursive', { alias: 'R', type: 'boolean', describe: 'Descend into sub-directories of -f directories' })
    .command(generator(['namespace <name>', 'ns'], 'Create a namespace', (b) => b.example('$0 create namespace dev', 'The namespace "dev"'),
      async (a) => (await gen()).namespaceObject(a.name!)))
    .command(generator(['configmap <name>', 'cm'], 'Create a configmap from literals or files', (b) => b
      .option('from-literal', { type: 'string', coerce: repeated, describe: 'key=value (repeatable)' })
      .option('from-file', { type: 'string', coerce: repeated, describe: '[key=]path (repeatable)' })
      .example('$0 create configmap app --from-literal=mode=prod --from-file=app.conf', 'Two keys'),
    async (a) => { const g = await gen(); return g.configMapObject(a.name!, g.dataEntries(a['from-literal'], a['from-file'])); }))
    .command(secretCommand)
    .command(generator(['deployment <name>', 'deploy'], 'Create a deployment', (b) => b
      .option('image', { type: 'string', coerce: repeated, demandOption: true, describe: 'Image(s) to run' })
      .option('replicas', { alias: 'r', type: 'number', default: 1, describe: 'Number of replicas' })
      .option('port', { type: 'number', describe: 'Container port to expose' })
      .example('$0 create deployment web --image=nginx --replicas=3', 'Three nginx pods')
      .example('$0 create deployment web --image=nginx --dry-run=client -o yaml', 'Just print the manifest') as Argv<CreateArgs>,
    async (a) => (await gen()).deploymentObject(a.name!, a.image!, a.replicas, a.port, commandAfterDashes())))
    .command(generator('job <name>', 'Create a job', (b) => b
      .option('image', { type: 'string', demandOption: true, describe: 'Image to run' })
      .example('$0 create job once --image=busybox -- echo hi', 'A job running one command') as unknown as Argv<CreateArgs>,
    async (a) => (await gen()).jobObject(a.name!, String(a.image), commandAfterDashes())))
    .command(serviceCommand)
    .example('$0 create -f web.yaml', 'Create what web.yaml describes')
    .example('$0 create namespace dev', 'A namespace') as unknown as Argv<CreateArgs>,
  handler: runCommand(async (a: CreateArgs) => {
    const { readManifests } = await import('../manifests.js');
    const { CliError } = await import('../errors.js');
    if (!a.filename?.length) throw new CliError('must specify one of -f and -k, or a generator (rk create --help)');
    await createObjects(readManifests(a.filename, !!a.recursive).map((m) => m.object), a);
  }),
};
