/**
 * One pod worker per pod bound to the node: it owns the pod's containers for the
 * pod's whole life on this node. Each round (`sync`) is level-triggered: it plans
 * from the latest pod and container records (pure `planPod`), applies the plan
 * through the runtime, and writes the status (pure `buildPodStatus`) when it
 * changed. Rounds never overlap; container exits, probe verdicts, pod updates and
 * back-off timers only request another round.
 */
import { findResource } from '../../src/api/resources.js';
import { ConnectionError, isNotFound, type Clock, type RestClient, type Timer } from '../../src/client/index.js';
import type { BackoffConfig } from './backoff.js';
import { buildArgv, buildEnv, ConfigError, type EnvSources } from './env.js';
import type { EventRecorder } from './events.js';
import type { Limiter } from './limiter.js';
import { planPod } from './plan.js';
import { parseQuantity } from './quantity.js';
import { containerMounts, materialiseVolumes, MountError, removePodVolumes } from './volumes.js';
import { recordExit, seedRecords } from './records.js';
import { buildPodStatus } from './status.js';
import { podHostname, writeHostsFile } from './hosts-file.js';
import { runProbe, runProbeLoop, type ProbeKind, type ProbeTarget } from '../probes.js';
import { CreateContainerError, type ContainerConfig, type ContainerHandle, type Runtime } from '../runtime/types.js';
import type { ContainerRecord, PodSpecLite } from './types.js';
import type { PodNetworks } from '../runtime/netns.js';

const PODS = findResource('', 'v1', 'pods')!;
/** Retry pause after a failed round (apiserver unreachable, conflict). */
const RETRY_MS = 1000;
/** Pause before retrying a container whose config is missing (ConfigMap/Secret not there yet). */
const CONFIG_RETRY_MS = 2000;

/** What every worker of an agent shares. */
export interface WorkerDeps {
  client: RestClient;
  runtime: Runtime;
  clock: Clock;
  backoff: BackoffConfig;
  events: EventRecorder;
  /** Sources for env vars; hollow nodes pass none and run containers without env. */
  envSources?: EnvSources;
  hostIP: string;
  log: (msg: string) => void;
  /** Bounds concurrent status writes across all workers. */
  writes: Limiter;
  /** Where pod volumes are materialised; hollow nodes have none. */
  volumeRoot?: string;
  /** Pod sandbox networks (unset: pods use the host network, pod IP = node IP). */
  network?: PodNetworks;
}

interface Live {
  handle: ContainerHandle;
  config: ContainerConfig;
  probes: AbortController;
  stopping: boolean;
}

/** The worker of one pod (one uid). Invariant: at most one live run per container name. */
export class PodWorker {
  private pod: any;
  private gone = false;
  private shuttingDown = false;
  private readonly records: Map<string, ContainerRecord>;
  private readonly live = new Map<string, Live>();
  private lastStatus = '';
  private sandbox?: { ip: string; netns: string };
  private wake?: () => void;
  private dirty = true;
  private timer?: Timer;
  /** Resolves when the worker has finished (pod removed, or agent shutdown). */
  readonly done: Promise<void>;

  constructor(pod: any, private readonly deps: WorkerDeps) {
    this.pod = pod;
    this.records = seedRecords(pod.spec as PodSpecLite, pod.status, deps.clock.now());
    this.done = this.loop();
  }

  /** The pod's newest version from the apiserver. */
  update(pod: any): void {
    this.pod = pod;
    this.kick();
  }

  /** The pod object no longer exists: stop everything at once and finish. */
  podGone(): void {
    this.gone = true;
    this.kick();
  }

  /** Agent shutdown: stop containers (SIGTERM, then SIGKILL after `graceMs`) and finish without touching the pod. */
  async shutdown(graceMs: number): Promise<void> {
    this.shuttingDown = true;
    this.kick();
    const stopped = new Set(this.live.values());
    await this.stopAll(graceMs, false);
    await this.done;
    // A start that was in flight when shutdown began registers its container only now.
    await this.stopAll(graceMs, false, (live) => !stopped.has(live));
  }

  /** Current container handle and config (for logs and exec). */
  container(name: string): { handle: ContainerHandle; config: ContainerConfig } | undefined {
    return this.live.get(name);
  }

  /**
   * Which run of a container a log request means (the current one, or with
   * `previous` the one before), and whether that run is still going.
   */
  logAttempt(name: string, previous: boolean): { attempt: number; running: () => boolean } | undefined {
    const r = this.records.get(name);
    if (!r || r.attempts === 0) return undefined;
    const attempt = r.attempts - 1 - (previous ? 1 : 0);
    if (attempt < 0) return undefined;
    return { attempt, running: () => Boolean(r.running) && r.attempts - 1 === attempt };
  }

  /** Running containers with their main pid (for resource metrics). */
  runningContainers(): { name: string; pid?: number }[] {
    return [...this.live.entries()].map(([name, l]) => ({ name, pid: l.handle.pid }));
  }

  /** The latest pod object. */
  get current(): any {
    return this.pod;
  }

  private kick(): void {
    this.dirty = true;
    this.wake?.();
  }

  private async loop(): Promise<void> {
    for (;;) {
      if (!this.dirty) await new Promise<void>((r) => { this.wake = r; });
      this.wake = undefined;
      this.dirty = false;
      if (this.shuttingDown) return;
      try {
        if (await this.sync()) return;
      } catch (err) {
        this.deps.log(`pod ${this.key}: ${(err as Error).message}`);
        this.schedule(this.deps.clock.now() + RETRY_MS);
      }
    }
  }

  private get key(): string {
    return `${this.pod.metadata.namespace}/${this.pod.metadata.name}`;
  }

  private schedule(at: number): void {
    this.timer?.cancel();
    this.timer = this.deps.clock.setTimer(() => this.kick(), at - this.deps.clock.now());
  }

  /** One round; true when the worker is finished. */
  private async sync(): Promise<boolean> {
    if (this.gone) {
      await this.stopAll((this.pod.metadata.deletionGracePeriodSeconds ?? 0) * 1000, false);
      this.cleanup();
      return true;
    }
    if (this.pod.metadata.deletionTimestamp) return this.terminate();
    this.refreshVolumes();
    if (this.deps.network && !this.sandbox) this.sandbox = await this.deps.network.attach(this.pod.metadata.uid);
    const now = this.deps.clock.now();
    const plan = planPod(this.pod.spec, this.records, now);
    for (const a of plan.actions) {
      if (this.shuttingDown || this.gone) break;
      if (a.type === 'start') await this.startContainer(a.name);
      else this.killUnhealthy(a.name);
    }
    const wakes = [...this.records.values()].map((r) => r.waiting && !r.running ? r.backoffUntil : undefined).filter((x): x is number => x !== undefined && x > now);
    const next = Math.min(plan.wakeAt ?? Infinity, ...wakes);
    if (Number.isFinite(next)) this.schedule(next);
    await this.writeStatus(plan.initFailed);
    return false;
  }

  /**
   * The pod as the downward API sees it: the first container can start before the
   * status carrying podIP/hostIP has been written, so the addresses this worker
   * already knows are filled in (fieldRef status.podIP must never be empty).
   */
  private podWithAddresses(): any {
    const podIP = this.podIP;
    const hostIP = this.deps.hostIP;
    return { ...this.pod, status: { ...this.pod.status, podIP, podIPs: [{ ip: podIP }], hostIP, hostIPs: [{ ip: hostIP }] } };
  }

  /** The pod's address: its sandbox's, or the node's for a host-network pod. */
  private get podIP(): string {
    return this.sandbox?.ip ?? this.deps.hostIP;
  }

  private containerSpec(name: string): any {
    return [...(this.pod.spec.initContainers ?? []), ...this.pod.spec.containers].find((c: any) => c.name === name);
  }

  private async startContainer(name: string): Promise<void> {
    const r = this.records.get(name)!;
    const spec = this.containerSpec(name);
    const now = this.deps.clock.now();
    let config: ContainerConfig;
    try {
      const env = this.deps.envSources ? buildEnv(this.podWithAddresses(), spec, this.deps.envSources) : {};
      config = {
        podUid: this.pod.metadata.uid, podNamespace: this.pod.metadata.namespace, podName: this.pod.metadata.name, name,
        argv: buildArgv(spec, env), env, workingDir: spec.workingDir, attempt: r.attempts, mounts: this.mounts(spec), netns: this.sandbox?.netns,
        hostname: podHostname(this.pod), hostsFile: this.sandbox && this.deps.volumeRoot ? writeHostsFile(this.deps.volumeRoot, this.pod, this.sandbox.ip) : undefined,
        limits: { memoryBytes: parseQuantity(spec.resources?.limits?.memory) || undefined, cpuCores: parseQuantity(spec.resources?.limits?.cpu) || undefined },
      };
    } catch (err) {
      if (err instanceof MountError) return this.createFailed(r, 'ContainerCreating', `MountVolume.SetUp failed: ${err.message}`, now + CONFIG_RETRY_MS, 'FailedMount');
      if (!(err instanceof ConfigError)) throw err;
      return this.createFailed(r, 'CreateContainerConfigError', err.message, now + CONFIG_RETRY_MS);
    }
    let handle: ContainerHandle;
    try {
      handle = await this.deps.runtime.start(config);
    } catch (err) {
      if (!(err instanceof CreateContainerError)) throw err;
      return this.createFailed(r, err.reason, err.message, now + CONFIG_RETRY_MS);
    }
    r.attempts++;
    r.waiting = undefined;
    r.running = { containerID: handle.id, startedAt: handle.startedAt };
    r.started = !spec.startupProbe || !this.deps.runtime.real;
    r.ready = !spec.readinessProbe || !this.deps.runtime.real;
    const live: Live = { handle, config, probes: new AbortController(), stopping: false };
    this.live.set(name, live);
    this.deps.events.record(this.pod, 'Normal', 'Created', `Created container ${name}`, name);
    this.deps.events.record(this.pod, 'Normal', 'Started', `Started container ${name}`, name);
    void handle.exited.then((exit) => {
      live.probes.abort();
      if (this.live.get(name) === live) this.live.delete(name);
      recordExit(r, { containerID: handle.id, startedAt: handle.startedAt, ...exit }, this.pod.spec.restartPolicy, this.deps.backoff);
      if (r.backoffUntil !== undefined && r.backoffUntil > exit.finishedAt && !live.stopping) {
        this.deps.events.record(this.pod, 'Warning', 'BackOff', `Back-off restarting failed container ${name} in pod ${this.pod.metadata.name}`, name);
      }
      this.kick();
    });
    if (this.deps.runtime.real && !r.init) this.startProbes(name, spec, live, r);
  }

  /** Materialises the pod's volumes and resolves the container's mounts (MountError when a source is missing). */
  private mounts(spec: any): ContainerConfig['mounts'] {
    if (!this.deps.volumeRoot || !this.deps.envSources || !this.pod.spec.volumes?.length) return undefined;
    return containerMounts(spec, materialiseVolumes(this.deps.volumeRoot, this.pod, this.deps.envSources));
  }

  /** Rewrites configMap/secret/downwardAPI files of a running pod so changes reach its containers. */
  private refreshVolumes(): void {
    if (!this.live.size || !this.deps.volumeRoot || !this.deps.envSources) return;
    if (!(this.pod.spec.volumes ?? []).some((v: any) => v.configMap || v.secret || v.downwardAPI)) return;
    try {
      materialiseVolumes(this.deps.volumeRoot, this.pod, this.deps.envSources);
    } catch (err) {
      this.deps.log(`pod ${this.key}: volume refresh failed: ${(err as Error).message}`);
    }
  }

  /** Another round soon (a ConfigMap or Secret this pod may use has changed). */
  refresh(): void {
    this.kick();
  }

  private createFailed(r: ContainerRecord, reason: string, message: string, retryAt: number, event = 'Failed'): void {
    if (r.waiting?.message !== message) this.deps.events.record(this.pod, 'Warning', event, event === 'Failed' ? `Error: ${message}` : message, r.name);
    r.waiting = { reason, message };
    r.backoffUntil = retryAt;
  }

  private probeTarget(spec: any, live: Live): ProbeTarget {
    return {
      podIP: this.podIP, ports: spec.ports ?? [],
      exec: (argv, timeoutMs) => this.deps.runtime.exec(live.config, argv, timeoutMs),
    };
  }

  private startProbes(name: string, spec: any, live: Live, r: ContainerRecord): void {
    const target = this.probeTarget(spec, live);
    const signal = live.probes.signal;
    const label: Record<ProbeKind, string> = { startup: 'Startup', liveness: 'Liveness', readiness: 'Readiness' };
    const onFailure = (kind: ProbeKind) => (res: { message: string }) => {
      this.deps.events.record(this.pod, 'Warning', 'Unhealthy', `${label[kind]} probe failed: ${res.message}`, name);
    };
    const run = (kind: ProbeKind, probe: any, onChange: (v: boolean) => void) => {
      void runProbeLoop(kind, probe, target, this.deps.clock, signal, (v) => { if (!signal.aborted) { onChange(v); this.kick(); } }, onFailure(kind));
    };
    const afterStartup = () => {
      if (spec.livenessProbe) run('liveness', spec.livenessProbe, (ok) => { if (!ok) r.unhealthy = true; });
      if (spec.readinessProbe) run('readiness', spec.readinessProbe, (ok) => { r.ready = ok; });
    };
    if (!spec.startupProbe) return afterStartup();
    run('startup', spec.startupProbe, (ok) => {
      if (ok) { r.started = true; afterStartup(); } else r.unhealthy = true;
    });
  }

  private killUnhealthy(name: string): void {
    const live = this.live.get(name);
    if (!live || live.stopping) return;
    live.stopping = true;
    const r = this.records.get(name)!;
    const why = r.started ? 'liveness' : 'startup';
    this.deps.events.record(this.pod, 'Normal', 'Killing', `Container ${name} failed ${why} probe, will be restarted`, name);
    live.probes.abort();
    void this.deps.runtime.stop(live.handle, this.graceMs());
  }

  private graceMs(): number {
    return (this.pod.metadata.deletionGracePeriodSeconds ?? this.pod.spec.terminationGracePeriodSeconds ?? 30) * 1000;
  }

  /** preStop hook, then SIGTERM/SIGKILL for every live container, all within `graceMs`. */
  private async stopAll(graceMs: number, announce: boolean, only?: (live: Live) => boolean): Promise<void> {
    const deadline = this.deps.clock.now() + graceMs;
    await Promise.all([...this.live.entries()].filter(([, live]) => !only || only(live)).map(async ([name, live]) => {
      live.probes.abort();
      if (announce) this.deps.events.record(this.pod, 'Normal', 'Killing', `Stopping container ${name}`, name);
      const preStop = this.containerSpec(name)?.lifecycle?.preStop;
      if (preStop && graceMs > 0 && this.deps.runtime.real) {
        await runProbe(preStop, this.probeTarget(this.containerSpec(name), live), graceMs).catch(() => undefined);
      }
      live.stopping = true;
      await this.deps.runtime.stop(live.handle, Math.max(0, deadline - this.deps.clock.now()));
    }));
    this.timer?.cancel();
  }

  /** Graceful deletion: stop containers within the grace period, report the final status, remove the pod object. */
  private async terminate(): Promise<boolean> {
    await this.stopAll(this.graceMs(), true);
    const spec = { ...this.pod.spec, restartPolicy: 'Never' };
    await this.writeStatus(false, spec).catch(() => undefined);
    try {
      await this.deps.client.delete(PODS, this.pod.metadata.namespace, this.pod.metadata.name, { gracePeriodSeconds: 0, preconditions: { uid: this.pod.metadata.uid } });
    } catch (err) {
      if (err instanceof ConnectionError) throw err;
    }
    this.cleanup();
    return true;
  }

  private cleanup(): void {
    if (this.deps.volumeRoot) removePodVolumes(this.deps.volumeRoot, this.pod.metadata.uid);
    void this.deps.network?.detach(this.pod.metadata.uid);
  }

  private async writeStatus(initFailed: boolean, spec: PodSpecLite = this.pod.spec): Promise<void> {
    const status = buildPodStatus({
      spec, records: this.records, previous: this.pod.status, now: this.deps.clock.now(),
      hostIP: this.deps.hostIP, podIP: this.podIP, runtime: this.deps.runtime.name, initFailed,
    });
    const text = JSON.stringify(status);
    if (text === this.lastStatus) return;
    try {
      const updated = await this.deps.writes.run(() => this.deps.client.patch<any>(PODS, this.pod.metadata.namespace, this.pod.metadata.name, 'merge', { status }, { subresource: 'status' }));
      if (updated.metadata?.uid === this.pod.metadata.uid) this.pod = { ...this.pod, status: updated.status };
      this.lastStatus = text;
    } catch (err) {
      if (!isNotFound(err)) throw err;
      this.gone = true;
      this.kick();
    }
  }
}
