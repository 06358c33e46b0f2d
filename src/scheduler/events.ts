/**
 * The scheduler's event recorder: `Scheduled` and `FailedScheduling` core/v1
 * Events from `default-scheduler`. Like client-go's broadcaster it is
 * asynchronous, best effort and bounded: a few writes at a time (binds come
 * first), at most `maxPending` queued (further events are dropped and counted),
 * and a repeat of the same (pod, reason, message) raises `count` and
 * `lastTimestamp` of the existing Event, as the event correlator does.
 */
import { findResource } from '../api/resources.js';
import { isNotFound, realClock, type Clock, type RestClient } from '../client/index.js';
import type { PodInfo } from './model/pod-info.js';

const EVENTS = findResource('', 'v1', 'events')!;
const MAX_REMEMBERED = 4096;

/** Tuning of the recorder. */
export interface EventRecorderOptions {
  component?: string;
  /** Writes in flight at once. */
  concurrency?: number;
  /** Events queued beyond the ones in flight before new ones are dropped. */
  maxPending?: number;
  clock?: Clock;
  onError?: (err: unknown) => void;
}

interface Pending {
  pod: PodInfo;
  type: 'Normal' | 'Warning';
  reason: string;
  message: string;
  at: number;
}

interface Remembered {
  name: string;
  namespace: string;
  count: number;
}

/** RFC 3339 at second precision, as Event timestamps are written. */
function rfc3339(ms: number): string {
  return new Date(Math.floor(ms / 1000) * 1000).toISOString().replace('.000Z', 'Z');
}

/** Bounded, correlating writer of scheduler events. */
export class SchedulerEventRecorder {
  /** Events written, folded into an existing one, and dropped because the queue was full. */
  readonly stats = { written: 0, aggregated: 0, dropped: 0, failed: 0 };
  private readonly component: string;
  private readonly concurrency: number;
  private readonly maxPending: number;
  private readonly clock: Clock;
  private readonly onError: (err: unknown) => void;
  private readonly pending: Pending[] = [];
  private readonly seen = new Map<string, Remembered>();
  private running = 0;
  private seq = 0;
  private idle: (() => void)[] = [];

  constructor(private readonly client: RestClient, options: EventRecorderOptions = {}) {
    this.component = options.component ?? 'default-scheduler';
    this.concurrency = options.concurrency ?? 4;
    this.maxPending = options.maxPending ?? 1000;
    this.clock = options.clock ?? realClock;
    this.onError = options.onError ?? ((err) => console.error(`${this.component}: event not recorded: ${(err as Error).message}`));
  }

  /** `Scheduled`: Successfully assigned <ns>/<name> to <node>. */
  scheduled(pod: PodInfo, node: string): void {
    this.record(pod, 'Normal', 'Scheduled', `Successfully assigned ${pod.namespace}/${pod.name} to ${node}`);
  }

  /** `FailedScheduling` with the FitError summary (or the bind error). */
  failedScheduling(pod: PodInfo, message: string): void {
    this.record(pod, 'Warning', 'FailedScheduling', message);
  }

  /** Queues an event; returns at once. */
  record(pod: PodInfo, type: 'Normal' | 'Warning', reason: string, message: string): void {
    if (this.pending.length >= this.maxPending) {
      this.stats.dropped++;
      return;
    }
    this.pending.push({ pod, type, reason, message, at: this.clock.now() });
    this.pump();
  }

  /** Resolves once every queued event was written (or failed). */
  flush(): Promise<void> {
    if (this.running === 0 && this.pending.length === 0) return Promise.resolve();
    return new Promise((resolve) => this.idle.push(resolve));
  }

  private pump(): void {
    while (this.running < this.concurrency && this.pending.length > 0) {
      const e = this.pending.shift()!;
      this.running++;
      this.write(e).catch((err) => {
        this.stats.failed++;
        this.onError(err);
      }).finally(() => {
        this.running--;
        this.pump();
        if (this.running === 0 && this.pending.length === 0) for (const f of this.idle.splice(0)) f();
      });
    }
  }

  private async write(e: Pending): Promise<void> {
    const p = e.pod;
    const key = [p.uid, p.namespace, p.name, e.type, e.reason, e.message].join('\0');
    const now = rfc3339(e.at);
    const prior = this.seen.get(key);
    if (prior) {
      prior.count++;
      try {
        await this.client.patch(EVENTS, prior.namespace, prior.name, 'merge', { count: prior.count, lastTimestamp: now });
        this.stats.aggregated++;
        return;
      } catch (err) {
        if (!isNotFound(err)) throw err;
        this.seen.delete(key);
      }
    }
    // kube's `<name>.<unix nanoseconds in hex>`; a counter keeps names of one millisecond apart.
    const name = `${p.name}.${(e.at * 1e6 + (this.seq++ % 1e6)).toString(16)}`;
    this.seen.set(key, { name, namespace: p.namespace, count: 1 });
    if (this.seen.size > MAX_REMEMBERED) this.seen.delete(this.seen.keys().next().value!);
    await this.client.create(EVENTS, p.namespace, {
      metadata: { name, namespace: p.namespace },
      involvedObject: { apiVersion: 'v1', kind: 'Pod', namespace: p.namespace, name: p.name, uid: p.uid, resourceVersion: p.resourceVersion },
      reason: e.reason, message: e.message, type: e.type, count: 1,
      source: { component: this.component },
      firstTimestamp: now, lastTimestamp: now,
      reportingComponent: this.component, reportingInstance: this.component,
    } as never);
    this.stats.written++;
  }
}
