/**
 * The scheduling queue, as kube-scheduler's PriorityQueue:
 * - activeQ: pods ready to schedule, highest priority first, then oldest first;
 * - backoffQ: pods waiting out their backoff (1 s doubling per attempt, capped at 10 s);
 * - unschedulable: pods no node fits, parked until a cluster event that could
 *   make them fit (a node added or changed, an assigned pod deleted or added) moves
 *   them to backoffQ (still backing off) or activeQ, or until they have waited
 *   `maxUnschedulableMs` (kube-scheduler's podMaxInUnschedulablePodsDuration).
 *
 * Invariants: a pod is in at most one of activeQ, backoffQ, unschedulable and
 * in-flight; a move event seen while a pod is in flight sends that pod to backoffQ
 * rather than unschedulable when its attempt fails, so no event is missed.
 */
import { realClock, type Clock, type Timer } from '../client/clock.js';
import { KeyedHeap, type HeapItem } from './heap.js';
import type { PodInfo } from './model/pod-info.js';

/** Cluster changes the queue reacts to. */
export type ClusterEvent = 'NodeAdd' | 'NodeUpdate' | 'AssignedPodAdd' | 'AssignedPodUpdate' | 'AssignedPodDelete';

/** The plugins whose rejection each event can undo ('all': any pod may now fit). */
const EVENT_HELPS: Record<ClusterEvent, ReadonlySet<string> | 'all'> = {
  NodeAdd: 'all',
  NodeUpdate: 'all',
  AssignedPodAdd: new Set(['InterPodAffinity', 'PodTopologySpread']),
  AssignedPodUpdate: new Set(['InterPodAffinity', 'PodTopologySpread']),
  AssignedPodDelete: new Set(['NodeResourcesFit', 'NodePorts', 'InterPodAffinity', 'PodTopologySpread']),
};

/** A pod in the queue and its scheduling history. */
export interface QueuedPod extends HeapItem {
  key: string;
  info: PodInfo;
  priority: number;
  /** When the pod entered the queue (order among equal priorities; `seq` breaks ties). */
  timestamp: number;
  seq: number;
  attempts: number;
  lastAttempt: number;
  /** Plugins that rejected the last attempt. */
  rejectors: ReadonlySet<string>;
  unschedulableSince: number;
  /** Move-event sequence number when the pod was popped. */
  popSeq: number;
}

/** Tuning of the queue; defaults are kube-scheduler's. */
export interface QueueOptions {
  clock?: Clock;
  initialBackoffMs?: number;
  maxBackoffMs?: number;
  maxUnschedulableMs?: number;
  /** The pod's priority (spec.priority or its PriorityClass). */
  priorityOf?: (info: PodInfo) => number;
}

/** How often parked unschedulable pods are checked for overstaying. */
const LEFTOVER_CHECK_MS = 30_000;

/** Pending pods by priority, with backoff and event-driven requeueing. */
export class SchedulingQueue {
  private readonly clock: Clock;
  private readonly initialBackoffMs: number;
  private readonly maxBackoffMs: number;
  private readonly maxUnschedulableMs: number;
  private readonly priorityOf: (info: PodInfo) => number;
  private readonly active = new KeyedHeap<QueuedPod>((q) => q.key, (a, b) => a.priority > b.priority
    || (a.priority === b.priority && (a.timestamp < b.timestamp || (a.timestamp === b.timestamp && a.seq < b.seq))));
  private readonly backoff = new KeyedHeap<QueuedPod>((q) => q.key, (a, b) => this.backoffExpiry(a) < this.backoffExpiry(b));
  private readonly unschedulable = new Map<string, QueuedPod>();
  private readonly inFlight = new Map<string, QueuedPod>();
  private waiters: (() => void)[] = [];
  private backoffTimer?: Timer;
  private backoffTimerDue = Infinity;
  private leftoverTimer?: Timer;
  private moveSeq = 0;
  private addSeq = 0;
  private closed = false;

  constructor(options: QueueOptions = {}) {
    this.clock = options.clock ?? realClock;
    this.initialBackoffMs = options.initialBackoffMs ?? 1000;
    this.maxBackoffMs = options.maxBackoffMs ?? 10_000;
    this.maxUnschedulableMs = options.maxUnschedulableMs ?? 5 * 60_000;
    this.priorityOf = options.priorityOf ?? ((info) => info.specPriority ?? 0);
    this.scheduleLeftoverCheck();
  }

  /** Sizes of the sub-queues. */
  stats(): { active: number; backoff: number; unschedulable: number; inFlight: number } {
    return { active: this.active.size, backoff: this.backoff.size, unschedulable: this.unschedulable.size, inFlight: this.inFlight.size };
  }

  /** True when the pod is anywhere in the queue, or being scheduled. */
  has(key: string): boolean {
    return this.active.has(key) || this.backoff.has(key) || this.unschedulable.has(key) || this.inFlight.has(key);
  }

  /**
   * A pending pod appeared or changed. An unschedulable pod whose spec or labels
   * changed (`changed`) gets another chance after its backoff; a status-only update
   * just refreshes what the queue holds.
   */
  addOrUpdate(info: PodInfo, changed = true): void {
    if (this.closed) return;
    const key = info.key;
    const flying = this.inFlight.get(key);
    if (flying) {
      flying.info = info;
      return;
    }
    const queued = this.active.get(key) ?? this.backoff.get(key);
    if (queued) {
      queued.info = info;
      queued.priority = this.priorityOf(info);
      if (this.active.has(key)) this.active.push(queued);
      return;
    }
    const parked = this.unschedulable.get(key);
    if (parked && !changed) {
      parked.info = info;
      return;
    }
    if (parked) {
      this.unschedulable.delete(key);
      parked.info = info;
      parked.priority = this.priorityOf(info);
      this.toBackoffOrActive(parked);
      return;
    }
    const now = this.clock.now();
    this.active.push({ key, info, priority: this.priorityOf(info), timestamp: now, seq: this.addSeq++, attempts: 0, lastAttempt: now, rejectors: new Set(), unschedulableSince: 0, popSeq: 0, heapIndex: -1 });
    this.wake();
  }

  /** The pod is gone or no longer ours to schedule. */
  delete(key: string): void {
    this.active.delete(key);
    this.backoff.delete(key);
    this.unschedulable.delete(key);
    this.inFlight.delete(key);
  }

  /** Waits until a pod is active, then takes up to `max` of them, best first. Resolves empty when closed or aborted. */
  async popBatch(max: number, signal?: AbortSignal): Promise<QueuedPod[]> {
    while (this.active.size === 0) {
      if (this.closed || signal?.aborted) return [];
      await new Promise<void>((resolve) => {
        const done = (): void => {
          signal?.removeEventListener('abort', done);
          resolve();
        };
        this.waiters.push(done);
        signal?.addEventListener('abort', done, { once: true });
      });
    }
    const out: QueuedPod[] = [];
    while (out.length < max && this.active.size > 0) {
      const qp = this.active.pop()!;
      qp.popSeq = this.moveSeq;
      this.inFlight.set(qp.key, qp);
      out.push(qp);
    }
    return out;
  }

  /** The attempt found no node: park the pod until an event may help (or back off, if one came meanwhile). */
  unschedulableAttempt(qp: QueuedPod, rejectors: ReadonlySet<string>): void {
    if (this.inFlight.get(qp.key) !== qp) return;
    this.inFlight.delete(qp.key);
    qp.attempts++;
    qp.lastAttempt = this.clock.now();
    qp.rejectors = rejectors;
    if (qp.popSeq !== this.moveSeq) return this.toBackoffOrActive(qp);
    qp.unschedulableSince = qp.lastAttempt;
    this.unschedulable.set(qp.key, qp);
  }

  /** The attempt failed for another reason (the bind was rejected): retry after the backoff. */
  failedAttempt(qp: QueuedPod): void {
    if (this.inFlight.get(qp.key) !== qp) return;
    this.inFlight.delete(qp.key);
    qp.attempts++;
    qp.lastAttempt = this.clock.now();
    this.toBackoffOrActive(qp);
  }

  /** The pod was scheduled: it leaves the queue. */
  done(key: string): void {
    this.inFlight.delete(key);
  }

  /** A cluster event: unschedulable pods it may help move to backoffQ or activeQ. */
  move(event: ClusterEvent): void {
    this.moveSeq++;
    const helps = EVENT_HELPS[event];
    for (const [key, qp] of this.unschedulable) {
      const relevant = helps === 'all' || qp.rejectors.size === 0 || [...qp.rejectors].some((p) => helps.has(p));
      if (!relevant) continue;
      this.unschedulable.delete(key);
      this.toBackoffOrActive(qp);
    }
  }

  /** The backoff of a pod after `attempts` failed attempts: 1 s doubling, capped. */
  backoffDuration(attempts: number): number {
    if (attempts <= 0) return 0;
    return Math.min(this.maxBackoffMs, this.initialBackoffMs * 2 ** Math.min(attempts - 1, 30));
  }

  /** Stops timers and releases waiting poppers. */
  close(): void {
    this.closed = true;
    this.backoffTimer?.cancel();
    this.leftoverTimer?.cancel();
    this.wake();
  }

  private backoffExpiry(qp: QueuedPod): number {
    return qp.lastAttempt + this.backoffDuration(qp.attempts);
  }

  private toBackoffOrActive(qp: QueuedPod): void {
    if (this.backoffExpiry(qp) > this.clock.now()) {
      this.backoff.push(qp);
      this.armBackoffTimer();
    } else {
      this.active.push(qp);
      this.wake();
    }
  }

  /** Moves pods whose backoff expired to activeQ and re-arms the timer for the next one. */
  private flushBackoff(): void {
    const now = this.clock.now();
    for (let head = this.backoff.peek(); head && this.backoffExpiry(head) <= now; head = this.backoff.peek()) {
      this.backoff.pop();
      this.active.push(head);
    }
    this.wake();
    this.armBackoffTimer();
  }

  private armBackoffTimer(): void {
    const head = this.backoff.peek();
    if (!head || this.closed) return;
    const due = this.backoffExpiry(head);
    if (this.backoffTimer && due >= this.backoffTimerDue) return;
    this.backoffTimer?.cancel();
    this.backoffTimerDue = due;
    this.backoffTimer = this.clock.setTimer(() => {
      this.backoffTimer = undefined;
      this.backoffTimerDue = Infinity;
      this.flushBackoff();
    }, due - this.clock.now());
  }

  private scheduleLeftoverCheck(): void {
    this.leftoverTimer = this.clock.setTimer(() => {
      if (this.closed) return;
      const now = this.clock.now();
      for (const [key, qp] of this.unschedulable) {
        if (now - qp.unschedulableSince < this.maxUnschedulableMs) continue;
        this.unschedulable.delete(key);
        this.toBackoffOrActive(qp);
      }
      this.scheduleLeftoverCheck();
    }, LEFTOVER_CHECK_MS);
  }

  private wake(): void {
    if (this.active.size === 0 && !this.closed) return;
    const waiters = this.waiters;
    this.waiters = [];
    for (const w of waiters) w();
  }
}
