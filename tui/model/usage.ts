/**
 * Live CPU and memory from the metrics API (`metrics.k8s.io/v1beta1`, what
 * `kubectl top` reads), polled on an interval like k9s does: usage per pod
 * (summed over containers) and per node. A cluster without the metrics API
 * simply has no usage; the columns then read `n/a`.
 */
import { resourceAmount } from '../../src/scheduler/model/quantity.js';
import type { Clock } from '../../src/client/index.js';
import { IntervalPoller, type ApiRequester } from './poller.js';
import type { Amounts } from './totals.js';

/** The one verb the poller needs. */
export type UsageClient = ApiRequester;

interface MetricsList {
  items?: { metadata?: { name?: string; namespace?: string }; usage?: Record<string, string>; containers?: { usage?: Record<string, string> }[] }[];
}

function amounts(usage: Record<string, string> | undefined): Amounts {
  return { cpu: resourceAmount('cpu', usage?.cpu), memory: resourceAmount('memory', usage?.memory) };
}

/** Parses a PodMetricsList into usage by `namespace/name`; pure. */
export function podUsage(list: MetricsList): Map<string, Amounts> {
  const out = new Map<string, Amounts>();
  for (const item of list.items ?? []) {
    const total = { cpu: 0, memory: 0 };
    for (const c of item.containers ?? []) {
      const a = amounts(c.usage);
      total.cpu += a.cpu;
      total.memory += a.memory;
    }
    out.set(`${item.metadata?.namespace}/${item.metadata?.name}`, total);
  }
  return out;
}

/** Parses a NodeMetricsList into usage by node name; pure. */
export function nodeUsage(list: MetricsList): Map<string, Amounts> {
  return new Map((list.items ?? []).map((item) => [item.metadata?.name ?? '', amounts(item.usage)]));
}

/** Polls pod and node metrics. Invariant: maps hold the last successful answer (empty before the first). */
export class UsagePoller extends IntervalPoller {
  pods = new Map<string, Amounts>();
  nodes = new Map<string, Amounts>();
  /** False until the metrics API has answered once. */
  available = false;

  constructor(private readonly client: UsageClient, clock: Clock, private readonly changed: () => void, periodMs = 5000) {
    super(clock, periodMs);
  }

  protected async pollOnce(): Promise<void> {
    const [pods, nodes] = await Promise.all([
      this.client.request<MetricsList>('GET', '/apis/metrics.k8s.io/v1beta1/pods'),
      this.client.request<MetricsList>('GET', '/apis/metrics.k8s.io/v1beta1/nodes'),
    ]);
    this.pods = podUsage(pods);
    this.nodes = nodeUsage(nodes);
    this.available = true;
    this.changed();
  }
}
