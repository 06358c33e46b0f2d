/**
 * Pulses: a cluster health summary with history. Counts pods by state, ready
 * nodes and workloads, the event rate, and CPU/MEM requested and used as a
 * share of allocatable; keeps one sample per second for the
 * last minute so the view can draw sparklines. Sampling reads the model's rows
 * once per second, not per event.
 */
import type { Row } from './row.js';
import type { RowState } from '../render/state.js';
import type { Amounts } from './totals.js';

/** Cluster CPU/MEM for a sample: requests and metrics-API usage against allocatable. */
export interface PulseResources {
  requested?: Amounts;
  used?: Amounts;
  allocatable: Amounts;
}

/** One second's figures. */
export interface PulseSample {
  at: number;
  pods: Record<RowState, number>;
  nodesReady: number;
  nodes: number;
  deploymentsReady: number;
  deployments: number;
  /** Events (Normal and Warning) seen in the last 60 s. */
  events: number;
  warnings: number;
  /** Percent of allocatable, when known. */
  cpuRequested?: number;
  cpuUsed?: number;
  memRequested?: number;
  memUsed?: number;
}

function percent(part: number | undefined, whole: number): number | undefined {
  return part === undefined || whole <= 0 ? undefined : Math.round((part / whole) * 100);
}

const STATES: RowState[] = ['ok', 'pending', 'error', 'terminating', 'completed'];
const SPARKS = '▁▂▃▄▅▆▇█';

/** Takes a sample from current rows; pure. */
export function samplePulse(at: number, rows: { pods: readonly Row[]; nodes: readonly Row[]; deployments: readonly Row[]; events: readonly Row[] }, res?: PulseResources): PulseSample {
  const pods = Object.fromEntries(STATES.map((s) => [s, 0])) as Record<RowState, number>;
  for (const p of rows.pods) pods[p.state]++;
  let events = 0;
  let warnings = 0;
  for (const e of rows.events) {
    const when = Date.parse(e.obj.lastTimestamp ?? e.obj.eventTime ?? e.obj.metadata?.creationTimestamp ?? '');
    if (at - when > 60_000) continue;
    events++;
    if (e.obj.type === 'Warning') warnings++;
  }
  return {
    at, pods, events, warnings,
    nodes: rows.nodes.length, nodesReady: rows.nodes.filter((n) => n.state !== 'error').length,
    deployments: rows.deployments.length, deploymentsReady: rows.deployments.filter((d) => d.state === 'ok').length,
    ...(res ? {
      cpuRequested: percent(res.requested?.cpu, res.allocatable.cpu), cpuUsed: percent(res.used?.cpu, res.allocatable.cpu),
      memRequested: percent(res.requested?.memory, res.allocatable.memory), memUsed: percent(res.used?.memory, res.allocatable.memory),
    } : {}),
  };
}

/** A sparkline of `values` scaled to their maximum. */
export function sparkline(values: readonly number[]): string {
  const max = Math.max(1, ...values);
  return values.map((v) => SPARKS[Math.min(SPARKS.length - 1, Math.round((v / max) * (SPARKS.length - 1)))]).join('');
}

/** The last minute of samples. Invariant: at most one sample per second, at most 60 kept. */
export class PulseHistory {
  readonly samples: PulseSample[] = [];

  /** Records `take()` unless a sample was taken less than a second ago. */
  sample(now: number, take: () => PulseSample): void {
    const last = this.samples[this.samples.length - 1];
    if (last && now - last.at < 1000) return;
    this.samples.push(take());
    if (this.samples.length > 60) this.samples.shift();
  }
}

const RESOURCE_LINES = [['CPU req', 'cpuRequested'], ['CPU used', 'cpuUsed'], ['MEM req', 'memRequested'], ['MEM used', 'memUsed']] as const;

/** The Pulses screen as lines. */
export function pulseLines(history: PulseHistory): string[] {
  const s = history.samples;
  const last = s[s.length - 1];
  if (!last) return ['collecting…'];
  const series = (f: (x: PulseSample) => number): string => sparkline(s.map(f));
  const podsTotal = STATES.reduce((n, st) => n + last.pods[st], 0);
  return [
    `Pods         ${String(podsTotal).padStart(7)}   ${series((x) => STATES.reduce((n, st) => n + x.pods[st], 0))}`,
    ...STATES.map((st) => `  ${st.padEnd(11)}${String(last.pods[st]).padStart(7)}   ${series((x) => x.pods[st])}`),
    `Nodes ready  ${`${last.nodesReady}/${last.nodes}`.padStart(7)}   ${series((x) => x.nodesReady)}`,
    `Deployments  ${`${last.deploymentsReady}/${last.deployments}`.padStart(7)}   ${series((x) => x.deploymentsReady)}`,
    `Events/s     ${(last.events / 60).toFixed(1).padStart(7)}   ${series((x) => x.events)}`,
    `  warnings/s ${(last.warnings / 60).toFixed(1).padStart(7)}   ${series((x) => x.warnings)}`,
    ...RESOURCE_LINES.filter(([, key]) => last[key] !== undefined)
      .map(([label, key]) => `${label.padEnd(13)}${`${last[key]}%`.padStart(7)}   ${series((x) => x[key] ?? 0)}`),
  ];
}
