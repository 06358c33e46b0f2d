/**
 * Lease-based leader election (coordination.k8s.io/v1 Lease), as Kubernetes'
 * controller-manager and scheduler do it, so several replicas can run and only
 * one acts.
 *
 * Safety (never two leaders), assuming clocks agree to within
 * `leaseDurationMs - renewDeadlineMs`:
 * - a candidate believes it leads only after its own conditional write
 *   (create, or update at the read resourceVersion) succeeded;
 * - others take over only when `renewTime + leaseDurationSeconds` has passed;
 * - the leader steps down (aborts the signal given to `onStartedLeading`) at
 *   `last successful renew + renewDeadlineMs`, which comes first, even while a
 *   renew request hangs; and at once if it sees another holder in the lease.
 */
import type { Lease } from 'kubernetes-types/coordination/v1.js';
import { findResource, type ResourceInfo } from '../api/resources.js';
import { realClock, sleep, type Clock, type Timer } from './clock.js';
import { ConnectionError, isAlreadyExists, isConflict, isNotFound } from './errors.js';
import { formatMicroTime, parseMicroTime } from './micro-time.js';
import type { CallOptions, KubeObject } from './types.js';

const LEASES: ResourceInfo = findResource('coordination.k8s.io', 'v1', 'leases')!;

/** The verbs the elector needs; `RestClient` provides them. */
export interface LeaseClient {
  get<T extends KubeObject>(info: ResourceInfo, namespace: string | undefined, name: string, opts?: CallOptions): Promise<T>;
  create<T extends KubeObject>(info: ResourceInfo, namespace: string | undefined, obj: T, opts?: CallOptions): Promise<T>;
  update<T extends KubeObject>(info: ResourceInfo, obj: T, opts?: CallOptions): Promise<T>;
}

/** Configuration of a `LeaderElector`; durations default to Kubernetes' 15 s / 10 s / 2 s. */
export interface LeaderElectorOptions {
  client: LeaseClient;
  lockName: string;
  /** Namespace of the Lease; `kube-system` by default. */
  namespace?: string;
  /** Unique per candidate (e.g. hostname + random suffix). */
  identity: string;
  leaseDurationMs?: number;
  renewDeadlineMs?: number;
  retryPeriodMs?: number;
  /** Called when leadership is won; `signal` aborts when it is lost, and the work must then stop. */
  onStartedLeading: (signal: AbortSignal) => void | Promise<void>;
  onStoppedLeading?: () => void;
  /** Called whenever the observed holder changes (including to this candidate). */
  onNewLeader?: (identity: string) => void;
  /** Give the lease up when `run`'s signal aborts, so a successor need not wait for expiry; default true. */
  releaseOnCancel?: boolean;
  clock?: Clock;
  random?: () => number;
  /** Receives failed attempts (they are retried); logs to stderr by default. */
  onError?: (err: unknown) => void;
}

/** Outcome of one acquire/renew attempt. */
type Attempt = 'acquired' | 'held-by-other' | 'failed';

/** Retry waits while a candidate are stretched by up to this factor, as in Kubernetes. */
const JITTER_FACTOR = 1.2;

/** One candidate for one lock. */
export class LeaderElector {
  private readonly opts: LeaderElectorOptions;
  private readonly namespace: string;
  private readonly leaseMs: number;
  private readonly renewDeadlineMs: number;
  private readonly retryMs: number;
  private readonly clock: Clock;
  private readonly random: () => number;
  /** The lease as last read or written by this candidate (carries the resourceVersion for the next write). */
  private observed?: Lease;
  private observedHolder?: string;
  private lastWriteAt = 0;
  private leading?: AbortController;

  constructor(options: LeaderElectorOptions) {
    this.opts = options;
    this.namespace = options.namespace ?? 'kube-system';
    this.leaseMs = options.leaseDurationMs ?? 15_000;
    this.renewDeadlineMs = options.renewDeadlineMs ?? 10_000;
    this.retryMs = options.retryPeriodMs ?? 2_000;
    this.clock = options.clock ?? realClock;
    this.random = options.random ?? Math.random;
    if (!options.identity) throw new TypeError('leader election needs a non-empty identity');
    if (this.leaseMs <= this.renewDeadlineMs) throw new RangeError('leaseDurationMs must be greater than renewDeadlineMs');
    if (this.renewDeadlineMs <= JITTER_FACTOR * this.retryMs) throw new RangeError('renewDeadlineMs must be greater than 1.2 * retryPeriodMs');
    if (this.retryMs <= 0) throw new RangeError('retryPeriodMs must be positive');
  }

  /** True while this candidate holds the lease and has not passed its renew deadline. */
  isLeader(): boolean {
    return this.leading !== undefined && !this.leading.signal.aborted;
  }

  /** The holder last seen in the lease ('' when free), undefined before the first read. */
  get leader(): string | undefined {
    return this.observedHolder;
  }

  /**
   * Campaigns until `signal` aborts: acquire, lead while renewals succeed, and
   * after losing the lease become a candidate again. Resolves after `signal`
   * aborts and the lease has been released (when `releaseOnCancel`).
   */
  async run(signal: AbortSignal): Promise<void> {
    while (!signal.aborted) {
      if (await this.acquire(signal)) await this.lead(signal);
    }
  }

  /** Retries (with jitter) until this candidate wrote itself into the lease; false if `signal` aborted first. */
  private async acquire(signal: AbortSignal): Promise<boolean> {
    while (!signal.aborted) {
      if ((await this.attempt(signal)) === 'acquired') return true;
      await sleep(this.clock, this.retryMs * (1 + JITTER_FACTOR * this.random()), signal);
    }
    return false;
  }

  /** Leads until the renew deadline passes, another holder appears, or `signal` aborts. */
  private async lead(signal: AbortSignal): Promise<void> {
    const leading = new AbortController();
    this.leading = leading;
    const stop = AbortSignal.any([signal, leading.signal]);
    let deadline = this.armDeadline(leading);
    if (!stop.aborted) this.startWork(leading.signal);
    while (!stop.aborted) {
      await sleep(this.clock, this.retryMs, stop);
      if (stop.aborted) break;
      const result = await this.attempt(stop);
      if (result === 'acquired' && !stop.aborted) {
        deadline.cancel();
        deadline = this.armDeadline(leading);
      } else if (result === 'held-by-other') {
        break;
      }
    }
    deadline.cancel();
    leading.abort();
    this.leading = undefined;
    if (signal.aborted && (this.opts.releaseOnCancel ?? true)) await this.release();
    this.call(() => this.opts.onStoppedLeading?.());
  }

  /** Steps down when the last successful write is `renewDeadlineMs` old, whatever requests are still in flight. */
  private armDeadline(leading: AbortController): Timer {
    return this.clock.setTimer(() => leading.abort(), this.lastWriteAt + this.renewDeadlineMs - this.clock.now());
  }

  private startWork(signal: AbortSignal): void {
    Promise.resolve()
      .then(() => this.opts.onStartedLeading(signal))
      .catch((err: unknown) => this.report(err));
  }

  /** One read-modify-write of the lease, given at most `renewDeadlineMs`. Never throws. */
  private async attempt(outer: AbortSignal): Promise<Attempt> {
    const now = this.clock.now();
    const timeout = new AbortController();
    const timer = this.clock.setTimer(() => timeout.abort(new ConnectionError('lease request timed out')), this.renewDeadlineMs);
    const signal = AbortSignal.any([outer, timeout.signal]);
    try {
      if (this.isLeader() && this.observed && (await this.write(this.observed, now, signal))) return 'acquired';
      let lease: Lease;
      try {
        lease = await this.opts.client.get<Lease>(LEASES, this.namespace, this.opts.lockName, { signal });
      } catch (err) {
        if (!isNotFound(err)) throw err;
        return (await this.create(now, signal)) ? 'acquired' : 'failed';
      }
      this.observe(lease);
      const holder = lease.spec?.holderIdentity ?? '';
      if (holder !== this.opts.identity && (this.isLeader() || !this.expired(lease, now))) return 'held-by-other';
      return (await this.write(lease, now, signal)) ? 'acquired' : 'failed';
    } catch (err) {
      if (!outer.aborted) this.report(err);
      return 'failed';
    } finally {
      timer.cancel();
    }
  }

  /** A lease is free when it has no holder or its holder missed renewing it for `leaseDurationSeconds`. */
  private expired(lease: Lease, now: number): boolean {
    const spec = lease.spec ?? {};
    if (!spec.holderIdentity) return true;
    const renewed = parseMicroTime(spec.renewTime ?? spec.acquireTime);
    if (!Number.isFinite(renewed)) return true;
    return renewed + (spec.leaseDurationSeconds ?? this.leaseMs / 1000) * 1000 < now;
  }

  /** Writes this candidate as holder, conditional on `lease`'s resourceVersion; false on a lost race. */
  private async write(lease: Lease, now: number, signal: AbortSignal): Promise<boolean> {
    const spec = lease.spec ?? {};
    const kept = spec.holderIdentity === this.opts.identity;
    const next: Lease = {
      ...lease,
      spec: {
        ...spec,
        holderIdentity: this.opts.identity,
        leaseDurationSeconds: Math.ceil(this.leaseMs / 1000),
        acquireTime: kept && spec.acquireTime ? spec.acquireTime : formatMicroTime(now),
        renewTime: formatMicroTime(now),
        leaseTransitions: (spec.leaseTransitions ?? 0) + (kept ? 0 : 1),
      },
    };
    try {
      this.written(await this.opts.client.update<Lease>(LEASES, next, { signal }), now);
      return true;
    } catch (err) {
      if (isConflict(err)) return false;
      throw err;
    }
  }

  private async create(now: number, signal: AbortSignal): Promise<boolean> {
    const lease: Lease = {
      apiVersion: 'coordination.k8s.io/v1', kind: 'Lease',
      metadata: { name: this.opts.lockName, namespace: this.namespace },
      spec: {
        holderIdentity: this.opts.identity, leaseDurationSeconds: Math.ceil(this.leaseMs / 1000),
        acquireTime: formatMicroTime(now), renewTime: formatMicroTime(now), leaseTransitions: 0,
      },
    };
    try {
      this.written(await this.opts.client.create<Lease>(LEASES, this.namespace, lease, { signal }), now);
      return true;
    } catch (err) {
      if (isAlreadyExists(err)) return false;
      throw err;
    }
  }

  private written(lease: Lease, now: number): void {
    this.lastWriteAt = now;
    this.observe(lease);
  }

  private observe(lease: Lease): void {
    this.observed = lease;
    const holder = lease.spec?.holderIdentity ?? '';
    if (holder === this.observedHolder) return;
    this.observedHolder = holder;
    if (holder) this.call(() => this.opts.onNewLeader?.(holder));
  }

  /** Empties the holder so a successor can take over at once; a lost race means someone already did. */
  private async release(): Promise<void> {
    const lease = this.observed;
    if (!lease || lease.spec?.holderIdentity !== this.opts.identity) return;
    const now = formatMicroTime(this.clock.now());
    const freed: Lease = { ...lease, spec: { ...lease.spec, holderIdentity: '', leaseDurationSeconds: 1, acquireTime: now, renewTime: now } };
    try {
      this.observe(await this.opts.client.update<Lease>(LEASES, freed, { signal: AbortSignal.timeout(this.renewDeadlineMs) }));
    } catch (err) {
      if (!isConflict(err)) this.report(err);
    }
  }

  private call(fn: () => void): void {
    try {
      fn();
    } catch (err) {
      this.report(err);
    }
  }

  private report(err: unknown): void {
    if (this.opts.onError) return this.opts.onError(err);
    console.warn(`redkube leader election (${this.namespace}/${this.opts.lockName}, ${this.opts.identity}): ${(err as Error)?.message ?? String(err)}`);
  }
}
