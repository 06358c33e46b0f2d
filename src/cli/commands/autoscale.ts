/**
 * `rk autoscale TYPE NAME --min=N --max=M [--cpu-percent=P]`: creates an
 * autoscaling/v2 HorizontalPodAutoscaler for a scalable workload.
 */
import type { Argv, CommandModule } from 'yargs';
import { withConn, type ConnArgs } from '../connection.js';
import { CliError, runCommand } from '../errors.js';
import { writeFlags, type WriteArgs } from '../write-support.js';

interface AutoscaleArgs extends ConnArgs, WriteArgs { resources: string[]; min?: number; max: number; 'cpu-percent'?: number; name?: string }

/** The HPA for a target; pure. */
export function hpaObject(target: { apiVersion: string; kind: string; name: string }, name: string, min: number | undefined, max: number, cpu: number | undefined): Record<string, any> {
  if (!(max >= 1)) throw new CliError('--max=MAXPODS is required and must be at least 1');
  if (min !== undefined && min > max) throw new CliError(`--max=MAXPODS must be larger or equal to --min=MINPODS, max: ${max}, min: ${min}`);
  return {
    apiVersion: 'autoscaling/v2', kind: 'HorizontalPodAutoscaler', metadata: { name },
    spec: {
      scaleTargetRef: target, ...(min !== undefined ? { minReplicas: min } : {}), maxReplicas: max,
      ...(cpu !== undefined ? { metrics: [{ type: 'Resource', resource: { name: 'cpu', target: { type: 'Utilization', averageUtilization: cpu } } }] } : {}),
    },
  };
}

/** The `rk autoscale` command. */
export const autoscaleCommand: CommandModule<object, AutoscaleArgs> = {
  command: 'autoscale <resources..>',
  describe: 'Auto-scale a deployment, replica set or stateful set',
  builder: (y) => writeFlags(withConn(y))
    .positional('resources', { type: 'string', array: true, describe: 'TYPE NAME or TYPE/NAME' })
    .option('min', { type: 'number', describe: 'Lower limit of replicas' })
    .option('max', { type: 'number', demandOption: true, describe: 'Upper limit of replicas' })
    .option('cpu-percent', { type: 'number', describe: 'Target average CPU utilisation (%)' })
    .option('name', { type: 'string', describe: 'Name of the autoscaler (default: the target\'s)' })
    .example('$0 autoscale deploy web --min=2 --max=10 --cpu-percent=80', 'Between 2 and 10 replicas at 80% CPU') as Argv<AutoscaleArgs>,
  handler: runCommand(async (args: AutoscaleArgs) => {
    const { connect } = await import('../connection.js');
    const { Discovery } = await import('../discovery.js');
    const { resolveTargets } = await import('../targets.js');
    const { dryRunOf, resultLine } = await import('../write-results.js');
    const conn = await connect(args);
    const discovery = await Discovery.load(conn.client);
    const targets = await resolveTargets(conn, discovery, args);
    const dryRun = dryRunOf(args);
    const hpas = discovery.resolve('horizontalpodautoscalers');
    for (const t of targets) {
      if (!t.resource.subresources.includes('scale')) throw new CliError(`cannot autoscale a ${t.resource.kind}: doesn't have a scale subresource`);
      const obj = hpaObject({ apiVersion: t.resource.group ? `${t.resource.group}/${t.resource.version}` : t.resource.version, kind: t.resource.kind, name: t.name },
        args.name ?? t.name, args.min, args.max, args['cpu-percent']);
      const created = dryRun === 'client' ? obj : await conn.client.create(hpas, t.namespace, obj, { dryRun: dryRun === 'server', fieldManager: args['field-manager'] });
      if (args.output) {
        const { renderObjects } = await import('../print-objects.js');
        const { parseOutput } = await import('../output-format.js');
        const f = parseOutput(args.output);
        if (f.kind !== 'table') process.stdout.write(renderObjects(f, [{ resource: hpas, object: created }], true));
      } else process.stdout.write(resultLine({ resource: hpas, object: created }, 'autoscaled', dryRun));
    }
  }),
};
