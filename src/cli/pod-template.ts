/**
 * Where a workload keeps its pod spec (`spec` of a Pod, `spec.template.spec` of
 * Deployments/ReplicaSets/StatefulSets/DaemonSets/Jobs, `spec.jobTemplate.spec.template.spec`
 * of CronJobs), and the strategic patches that change it. Pure.
 */
import { CliError } from './errors.js';

type Obj = Record<string, any>;

/** The path from the object to its PodSpec. */
export function podSpecPath(kind: string): string[] {
  if (kind === 'Pod') return ['spec'];
  if (kind === 'CronJob') return ['spec', 'jobTemplate', 'spec', 'template', 'spec'];
  return ['spec', 'template', 'spec'];
}

/** The object's PodSpec, or undefined when the kind has none. */
export function podSpecOf(kind: string, obj: Obj): Obj | undefined {
  return podSpecPath(kind).reduce<Obj | undefined>((o, k) => o?.[k], obj);
}

function nest(path: string[], leaf: Obj): Obj {
  return path.reduceRight<Obj>((inner, key) => ({ [key]: inner }), leaf);
}

/**
 * The strategic merge patch `rk set image` sends: `container=image` pairs (`*` means
 * every container), for containers and init containers. Unknown names are an error.
 */
export function setImagePatch(kind: string, obj: Obj, images: Record<string, string>): Obj {
  const spec = podSpecOf(kind, obj);
  if (!spec) throw new CliError(`${kind} has no pod template: cannot set images`);
  const leaf: Obj = {};
  for (const field of ['initContainers', 'containers'] as const) {
    const changed = (spec[field] ?? [])
      .filter((c: Obj) => images['*'] !== undefined || images[c.name] !== undefined)
      .map((c: Obj) => ({ name: c.name, image: images[c.name] ?? images['*'] }));
    if (changed.length) leaf[field] = changed;
  }
  const names = [...(spec.initContainers ?? []), ...(spec.containers ?? [])].map((c: Obj) => c.name);
  for (const name of Object.keys(images)) {
    if (name !== '*' && !names.includes(name)) throw new CliError(`unable to find container named "${name}"`);
  }
  return nest(podSpecPath(kind), leaf);
}
