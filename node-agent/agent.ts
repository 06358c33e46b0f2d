/**
 * The node agent: registers its Node(s), renews their Leases, and runs one pod
 * worker per pod bound to them. A process-runtime agent is one node watching
 * `spec.nodeName=<node>`; a sim agent hosts `--count K` hollow nodes from one
 * process and one pod watch. On start it first kills whatever a previous run of
 * itself left behind (state dir), so no container ever runs twice.
 */
import { setMaxListeners } from 'node:events';
import { findResource } from '../src/api/resources.js';
import { Informer, keyOf, realClock, type Clock, type RestClient } from '../src/client/index.js';
import { DEFAULT_BACKOFF, type BackoffConfig } from './pod/backoff.js';
import type { EnvSources } from './pod/env.js';
import { apiEventRecorder, NO_EVENTS } from './pod/events.js';
import { Limiter } from './pod/limiter.js';
import type { PodNetworks } from './runtime/netns.js';
import { PodWorker, type WorkerDeps } from './pod/worker.js';
import type { HostFacts } from './host-facts.js';
import { heartbeat, registerNode, reportNodeStatus } from './registration.js';
import { MIRROR_ANNOTATION, syncStaticPods } from './static-pods.js';
import type { Runtime } from './runtime/types.js';

const PODS = findResource('', 'v1', 'pods')!;
const CONFIGMAPS = findResource('', 'v1', 'configmaps')!;
const SECRETS = findResource('', 'v1', 'secrets')!;
const SERVICES = findResource('', 'v1', 'services')!;
/** Pod status writes in flight at once (all workers together). */
const STATUS_WRITE_CONCURRENCY = 32;

/** How an agent runs. */
export interface AgentOptions {
  client: RestClient;
  /** The nodes this process serves (one, or K hollow ones). */
  nodeNames: string[];
  runtime: Runtime;
  facts: HostFacts;
  backoff?: BackoffConfig;
  clock?: Clock;
  log: (msg: string) => void;
  /** Port of the agent API to advertise (0: none). */
  agentPort?: number;
  /** Grace given to containers when the agent itself stops. */
  shutdownGraceMs?: number;
  /** Lease duration of its nodes, renewed every quarter of it (default LEASE_DURATION_S, 40 s). */
  leaseDurationSeconds?: number;
  /** Where pod volumes are materialised (process runtime). */
  volumeRoot?: string;
  /** Directory of static pod manifests (first node only). */
  podManifestPath?: string;
  /** Pod sandbox networks on the node's pod CIDR (process runtime as root). */
  network?: PodNetworks;
  /**
   * Pod networks on the CIDR the control plane assigns (node IPAM): `start` waits
   * until the Node has a spec.podCIDR and builds the networks from it.
   */
  networkFromNode?: (podCIDR: string) => PodNetworks;
}

/** How often the agent re-reads its Node while waiting for a spec.podCIDR. */
const POD_CIDR_POLL_MS = 500;

/** A running agent. Invariant: at most one worker per pod uid, and only for pods bound to its nodes. */
export class NodeAgent {
  private readonly workers = new Map<string, PodWorker>();
  /** `namespace/name` -> uid of the worker that owns that name now. */
  private readonly byKey = new Map<string, string>();
  private readonly informers: Informer<any>[] = [];
  private readonly pods: Informer<any>;
  private readonly nodes: Set<string>;
  private readonly stopping = new AbortController();
  private readonly deps: WorkerDeps;
  private heartbeats: Promise<void>[] = [];

  constructor(private readonly opts: AgentOptions) {
    this.nodes = new Set(opts.nodeNames);
    setMaxListeners(0, this.stopping.signal);
    const single = opts.nodeNames.length === 1;
    this.pods = new Informer<any>({
      client: opts.client, info: PODS, fieldSelector: single ? `spec.nodeName=${opts.nodeNames[0]}` : undefined,
      onError: (err) => opts.log(`pod watch: ${(err as Error).message}`),
    });
    this.informers.push(this.pods);
    this.deps = {
      client: opts.client, runtime: opts.runtime, clock: opts.clock ?? realClock, backoff: opts.backoff ?? DEFAULT_BACKOFF,
      events: opts.runtime.real ? apiEventRecorder(opts.client, opts.nodeNames[0], opts.log) : NO_EVENTS,
      envSources: opts.runtime.real ? this.envSources() : undefined, hostIP: opts.facts.internalIP, log: opts.log,
      writes: new Limiter(STATUS_WRITE_CONCURRENCY), volumeRoot: opts.volumeRoot, network: opts.network,
    };
  }

  private envSources(): EnvSources {
    const watch = (info: typeof PODS) => {
      const inf = new Informer<any>({ client: this.opts.client, info, onError: (err) => this.opts.log(`${info.resource} watch: ${(err as Error).message}`) });
      this.informers.push(inf);
      return inf;
    };
    const cms = watch(CONFIGMAPS);
    const secrets = watch(SECRETS);
    const refresh = (obj: any) => {
      for (const w of this.workers.values()) if (w.current.metadata.namespace === obj.metadata.namespace) w.refresh();
    };
    for (const inf of [cms, secrets]) inf.on('add', refresh).on('update', (_o, n) => refresh(n));
    const services = watch(SERVICES);
    return {
      configMap: (ns, name) => {
        const cm = cms.cache.get(`${ns}/${name}`);
        return cm ? { ...cm.data, ...Object.fromEntries(Object.entries(cm.binaryData ?? {}).map(([k, v]) => [k, Buffer.from(String(v), 'base64').toString()])) } : undefined;
      },
      secret: (ns, name) => {
        const s = secrets.cache.get(`${ns}/${name}`);
        if (!s) return undefined;
        const data = Object.fromEntries(Object.entries(s.data ?? {}).map(([k, v]) => [k, Buffer.from(String(v), 'base64').toString()]));
        return { ...data, ...s.stringData };
      },
      services: (ns) => services.cache.list().filter((s) => s.metadata.namespace === ns),
      nodeAllocatable: { cpu: String(this.opts.facts.cpuCount), memory: String(this.opts.facts.memoryBytes) },
    };
  }

  /** Registers nodes, cleans up after a previous run, and starts watching pods. Resolves once the pod list is synced. */
  async start(): Promise<void> {
    const { client, runtime, log } = this.opts;
    for (const name of this.nodes) await this.register(name);
    const killed = await runtime.cleanupOrphans();
    if (killed) log(`killed ${killed} container process group(s) left by a previous agent run`);
    this.heartbeats = [...this.nodes].map((name) => heartbeat(client, name, this.stopping.signal, log, this.opts.leaseDurationSeconds));
    this.heartbeats.push(reportNodeStatus(client, [...this.nodes], this.stopping.signal, log));
    if (!this.opts.network && this.opts.networkFromNode) {
      // The Lease is renewed meanwhile, so a node waiting for its range is not taken for dead.
      const cidr = await this.awaitPodCIDR(this.opts.nodeNames[0]);
      if (!cidr) return;
      this.opts.network = this.deps.network = this.opts.networkFromNode(cidr);
      log(`pod network ${cidr} (bridge ${this.opts.network.bridge})`);
    }
    await this.opts.network?.setup();
    const manifests = this.opts.podManifestPath;
    if (manifests) {
      const node = this.opts.nodeNames[0];
      const mirrors = () => this.pods.cache.list().filter((p) => p.spec?.nodeName === node && p.metadata?.annotations?.[MIRROR_ANNOTATION]);
      this.heartbeats.push(this.pods.waitForSync(this.stopping.signal).then(() => syncStaticPods(client, manifests, node, mirrors, this.stopping.signal, log)));
    }
    this.pods.on('add', (p) => this.onPod(p)).on('update', (_o, p) => this.onPod(p)).on('delete', (p) => this.onDelete(p));
    for (const inf of this.informers) inf.start();
    await Promise.all(this.informers.map((i) => i.waitForSync(this.stopping.signal)));
    const network = this.opts.network;
    if (network) {
      const live = new Set(this.pods.cache.list().map((p) => p.metadata.uid));
      for (const uid of network.attachedUids()) if (!live.has(uid)) await network.detach(uid);
    }
  }

  private async register(name: string): Promise<void> {
    for (let delay = 500; !this.stopping.signal.aborted; delay = Math.min(delay * 2, 10_000)) {
      try {
        await registerNode(this.opts.client, name, this.opts.runtime.name, { agentPort: this.opts.agentPort, podCIDR: this.opts.network?.cidr }, this.opts.facts);
        return;
      } catch (err) {
        this.opts.log(`registration of ${name} failed (${(err as Error).message}); retrying`);
        await new Promise((r) => setTimeout(r, delay));
      }
    }
  }

  /** The Node's spec.podCIDR once set (node IPAM), or undefined when the agent stops first. */
  private async awaitPodCIDR(name: string): Promise<string | undefined> {
    let told = false;
    while (!this.stopping.signal.aborted) {
      try {
        const node = await this.opts.client.get<any>(findResource('', 'v1', 'nodes')!, undefined, name);
        if (node.spec?.podCIDR) return node.spec.podCIDR;
      } catch (err) {
        this.opts.log(`reading node ${name}: ${(err as Error).message}`);
      }
      if (!told) this.opts.log(`waiting for node ${name} to get a spec.podCIDR (the controller-manager assigns it with --allocate-node-cidrs)`);
      told = true;
      await new Promise((r) => setTimeout(r, POD_CIDR_POLL_MS));
    }
    return undefined;
  }

  private onPod(pod: any): void {
    if (!this.nodes.has(pod.spec?.nodeName)) return;
    const worker = this.workers.get(pod.metadata.uid);
    if (worker) return worker.update(pod);
    if (pod.status?.phase === 'Succeeded' || pod.status?.phase === 'Failed') return;
    const key = keyOf(pod);
    const stale = this.byKey.get(key);
    if (stale) this.workers.get(stale)?.podGone();
    const uid = pod.metadata.uid;
    const created = new PodWorker(pod, this.deps);
    this.workers.set(uid, created);
    this.byKey.set(key, uid);
    void created.done.then(() => {
      if (this.workers.get(uid) === created) this.workers.delete(uid);
      if (this.byKey.get(key) === uid) this.byKey.delete(key);
    });
  }

  private onDelete(pod: any): void {
    this.workers.get(pod.metadata.uid)?.podGone();
  }

  /** The worker running a pod, for the agent API (logs, exec). */
  workerFor(namespace: string, name: string): PodWorker | undefined {
    const uid = this.byKey.get(`${namespace}/${name}`);
    return uid ? this.workers.get(uid) : undefined;
  }

  /** Every live pod worker. */
  allWorkers(): PodWorker[] {
    return [...this.workers.values()];
  }

  /** Names of the nodes this agent serves. */
  get nodeNames(): string[] {
    return [...this.nodes];
  }

  /** Number of live pod workers. */
  get workerCount(): number {
    return this.workers.size;
  }

  /** Stops watching, stops every container (grace `shutdownGraceMs`), and stops heartbeats. */
  async stop(): Promise<void> {
    this.stopping.abort();
    await Promise.all(this.informers.map((i) => i.stop()));
    await Promise.all([...this.workers.values()].map((w) => w.shutdown(this.opts.shutdownGraceMs ?? 2000)));
    await this.opts.network?.teardown();
    await Promise.all(this.heartbeats);
  }
}
