/**
 * Scheduler configuration: a subset of kube-scheduler's KubeSchedulerConfiguration
 * (kubescheduler.config.k8s.io/v1), read from `rk scheduler --config FILE` (YAML or JSON).
 *
 *   apiVersion: kubescheduler.config.k8s.io/v1
 *   kind: KubeSchedulerConfiguration
 *   percentageOfNodesToScore: 0          # 0: adaptive, as kube-scheduler
 *   profiles:
 *   - schedulerName: default-scheduler
 *     plugins:
 *       score:
 *         enabled: [{name: NodeResourcesFit, weight: 3}]
 *         disabled: [{name: ImageLocality}]          # or [{name: '*'}]
 *     pluginConfig:
 *     - name: NodeResourcesFit
 *       args: {scoringStrategy: {type: MostAllocated, resources: [{name: cpu, weight: 1}, {name: memory, weight: 1}]}}
 *     - name: InterPodAffinity
 *       args: {hardPodAffinityWeight: 1}
 *
 * redkube additions at the top level: `batchSize` (pods per kernel call) and `seed`
 * (tie-breaking randomness; fixed for reproducible runs). Only the first profile is used.
 */
import { readFileSync } from 'node:fs';
import { parse } from 'yaml';

/** The score plugins and their kube-scheduler default weights. */
export const DEFAULT_SCORE_WEIGHTS = {
  NodeResourcesFit: 1,
  NodeResourcesBalancedAllocation: 1,
  NodeAffinity: 2,
  TaintToleration: 3,
  InterPodAffinity: 2,
  PodTopologySpread: 2,
  ImageLocality: 1,
} as const;

export type ScorePlugin = keyof typeof DEFAULT_SCORE_WEIGHTS;

/** A resource and its weight in a resource score. */
export interface ResourceWeight {
  name: string;
  weight: number;
}

/** One scheduling profile, fully defaulted. */
export interface SchedulerProfile {
  schedulerName: string;
  /** kube-scheduler's percentageOfNodesToScore: 0 adaptive, 100 every node. */
  percentageOfNodesToScore: number;
  strategy: 'LeastAllocated' | 'MostAllocated';
  fitResources: ResourceWeight[];
  balancedResources: ResourceWeight[];
  weights: Record<ScorePlugin, number>;
  hardPodAffinityWeight: number;
  /** Seed of the tie-breaking random choice. */
  seed: number;
  /** Most pods handed to the kernel in one call. */
  batchSize: number;
}

/** kube-scheduler's defaults. */
export function defaultProfile(): SchedulerProfile {
  return {
    schedulerName: 'default-scheduler',
    percentageOfNodesToScore: 0,
    strategy: 'LeastAllocated',
    fitResources: [{ name: 'cpu', weight: 1 }, { name: 'memory', weight: 1 }],
    balancedResources: [{ name: 'cpu', weight: 1 }, { name: 'memory', weight: 1 }],
    weights: { ...DEFAULT_SCORE_WEIGHTS },
    hardPodAffinityWeight: 1,
    seed: 0x2545f491,
    batchSize: 256,
  };
}

type Obj = Record<string, any>;

function resources(list: unknown, fallback: ResourceWeight[]): ResourceWeight[] {
  if (!Array.isArray(list)) return fallback;
  return list.map((r: Obj) => ({ name: String(r.name), weight: Number(r.weight ?? 1) }));
}

/** Applies a parsed KubeSchedulerConfiguration to the defaults; throws on what it cannot honour. */
export function profileFromConfig(config: Obj): SchedulerProfile {
  const p = defaultProfile();
  if (config.kind && config.kind !== 'KubeSchedulerConfiguration') throw new Error(`scheduler config: kind ${config.kind} is not KubeSchedulerConfiguration`);
  if (config.percentageOfNodesToScore !== undefined) p.percentageOfNodesToScore = Number(config.percentageOfNodesToScore);
  if (config.batchSize !== undefined) p.batchSize = Math.max(1, Number(config.batchSize));
  if (config.seed !== undefined) p.seed = Number(config.seed) | 0 || 1;
  const profile: Obj = (config.profiles ?? [])[0] ?? {};
  if (profile.schedulerName) p.schedulerName = String(profile.schedulerName);
  if (profile.percentageOfNodesToScore !== undefined) p.percentageOfNodesToScore = Number(profile.percentageOfNodesToScore);
  const score: Obj = profile.plugins?.score ?? {};
  for (const d of score.disabled ?? []) {
    if (d.name === '*') for (const k of Object.keys(p.weights) as ScorePlugin[]) p.weights[k] = 0;
    else if (d.name in p.weights) p.weights[d.name as ScorePlugin] = 0;
  }
  for (const e of score.enabled ?? []) {
    if (!(e.name in p.weights)) throw new Error(`scheduler config: unknown score plugin ${e.name}`);
    p.weights[e.name as ScorePlugin] = Number(e.weight ?? DEFAULT_SCORE_WEIGHTS[e.name as ScorePlugin]);
  }
  for (const pc of profile.pluginConfig ?? []) {
    const args: Obj = pc.args ?? {};
    if (pc.name === 'NodeResourcesFit' && args.scoringStrategy) {
      const type = args.scoringStrategy.type ?? 'LeastAllocated';
      if (type !== 'LeastAllocated' && type !== 'MostAllocated') throw new Error(`scheduler config: scoring strategy ${type} is not supported`);
      p.strategy = type;
      p.fitResources = resources(args.scoringStrategy.resources, p.fitResources);
    } else if (pc.name === 'NodeResourcesBalancedAllocation') {
      p.balancedResources = resources(args.resources, p.balancedResources);
    } else if (pc.name === 'InterPodAffinity' && args.hardPodAffinityWeight !== undefined) {
      p.hardPodAffinityWeight = Number(args.hardPodAffinityWeight);
    }
  }
  return p;
}

/** Reads a configuration file (YAML or JSON). */
export function loadSchedulerConfig(file: string): SchedulerProfile {
  return profileFromConfig(parse(readFileSync(file, 'utf8')) ?? {});
}
