/**
 * The shared event recorder: controllers call `record(object, type, reason,
 * message)` and it writes a core/v1 Event. A repeat of the same (object, type,
 * reason, message) from this component is folded into the existing Event by
 * raising `count` and `lastTimestamp`, as Kubernetes' event correlator does, so
 * a controller that retries does not flood the namespace.
 *
 * Recording never throws into a sync: events are best effort, failures go to `onError`.
 */
import { randomBytes } from 'node:crypto';
import { ApiError } from '../../api/errors.js';
import { findResource } from '../../api/resources.js';
import { isNotFound, realClock, type Clock, type RestClient } from '../../client/index.js';

const EVENTS = findResource('', 'v1', 'events')!;

/** Event types Kubernetes defines. */
export type EventType = 'Normal' | 'Warning';

/** The part of the involved object an Event refers to. */
export interface InvolvedObject {
  apiVersion?: string;
  kind?: string;
  metadata?: { name?: string; namespace?: string; uid?: string; resourceVersion?: string };
}

/** How many distinct events are remembered for aggregation; the oldest are forgotten first. */
const MAX_REMEMBERED = 4096;

/** RFC 3339 at second precision, as Event timestamps are written. */
function rfc3339(ms: number): string {
  return new Date(Math.floor(ms / 1000) * 1000).toISOString().replace('.000Z', 'Z');
}

/** Events about objects in a namespace being deleted are refused by design; that is not worth a log line. */
function isTerminatingNamespace(err: unknown): boolean {
  return err instanceof ApiError && err.code === 403 && /being terminated/.test(err.message);
}

function keyOf(obj: InvolvedObject, type: string, reason: string, message: string): string {
  const m = obj.metadata ?? {};
  return [m.uid, m.namespace, m.name, type, reason, message].join('\u0000');
}

interface Remembered {
  name: string;
  namespace: string;
  count: number;
  firstTimestamp: string;
}

/** Writes Events for one component; invariant: one Event object per distinct (object, type, reason, message). */
export class EventRecorder {
  private readonly seen = new Map<string, Remembered>();
  private readonly inflight = new Set<Promise<void>>();
  /** The last write per aggregation key: repeats wait for it, so a count never races its own create. */
  private readonly chains = new Map<string, Promise<void>>();

  constructor(
    private readonly client: RestClient,
    private readonly component: string,
    private readonly clock: Clock = realClock,
    private readonly onError: (err: unknown) => void = (err) => console.error(`${component}: event not recorded: ${(err as Error).message}`),
  ) {}

  /** Records an event about `obj`; returns at once (the write happens in the background). */
  record(obj: InvolvedObject, type: EventType, reason: string, message: string): void {
    const key = keyOf(obj, type, reason, message);
    const p: Promise<void> = (this.chains.get(key) ?? Promise.resolve())
      .then(() => this.write(key, obj, type, reason, message))
      .catch((err) => { if (!isTerminatingNamespace(err)) this.onError(err); })
      .finally(() => {
        this.inflight.delete(p);
        if (this.chains.get(key) === p) this.chains.delete(key);
      });
    this.chains.set(key, p);
    this.inflight.add(p);
  }

  /** Resolves when every event recorded so far was written (tests, shutdown). */
  async flush(): Promise<void> {
    while (this.inflight.size) await Promise.all([...this.inflight]);
  }

  private async write(key: string, obj: InvolvedObject, type: EventType, reason: string, message: string): Promise<void> {
    const m = obj.metadata ?? {};
    const namespace = m.namespace || 'default';
    const now = rfc3339(this.clock.now());
    const prior = this.seen.get(key);
    if (prior) {
      prior.count++;
      try {
        await this.client.patch(EVENTS, prior.namespace, prior.name, 'merge', { count: prior.count, lastTimestamp: now });
        return;
      } catch (err) {
        if (!isNotFound(err)) throw err;
        this.seen.delete(key);
      }
    }
    const name = `${m.name}.${this.clock.now().toString(16)}${randomBytes(2).toString('hex')}`;
    const event = {
      metadata: { name, namespace },
      involvedObject: { apiVersion: obj.apiVersion, kind: obj.kind, name: m.name, namespace: m.namespace, uid: m.uid, resourceVersion: m.resourceVersion },
      reason, message, type, count: 1,
      source: { component: this.component },
      firstTimestamp: now, lastTimestamp: now,
      reportingComponent: this.component, reportingInstance: this.component,
    };
    this.remember(key, { name, namespace, count: 1, firstTimestamp: now });
    await this.client.create(EVENTS, namespace, event);
  }

  private remember(key: string, value: Remembered): void {
    this.seen.set(key, value);
    if (this.seen.size > MAX_REMEMBERED) this.seen.delete(this.seen.keys().next().value!);
  }
}
