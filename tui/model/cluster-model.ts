/**
 * `ClusterModel`: the UI's view of the cluster. It owns one all-namespaces
 * informer per resource the user opened (started on first use, kept running so
 * switching back is instant), folds informer events into sorted
 * `ResourceTable`s, and tells listeners at most `maxFps` times a second that
 * something changed — a burst of 1,000 pod updates is one redraw.
 *
 * It also tracks reachability: any informer failure marks the model
 * disconnected (the tables keep their last data); a probe of `/version` every
 * `probeMs` marks it connected again while the informers relist on their own.
 */
import { Informer, NAMESPACE_INDEX, NODE_NAME_INDEX, OWNER_INDEX, keyOf, realClock, type Clock, type KubeObject, type ListWatchClient, type Timer } from '../../src/client/index.js';
import { specFor } from '../registry.js';
import { ResourceTable } from './resource-table.js';
import { toRow } from './row.js';
import { ClusterTotals } from './totals.js';
import { UsagePoller } from './usage.js';
import { StoreInfoPoller } from './store-info.js';

/**
 * The informers' built-in secondary indexes (namespace, node, owner) switched
 * off: the UI answers those questions from its own sorted tables, and at
 * 100,000 pods the three indexes cost ~15 MB and a Set insert per index per event.
 */
const NO_INDEXES = { [NAMESPACE_INDEX]: () => [], [NODE_NAME_INDEX]: () => [], [OWNER_INDEX]: () => [] };

/** The client verbs the model needs: list+watch for informers, `request` for the reachability probe. */
export interface ModelClient extends ListWatchClient {
  request<T = unknown>(method: string, path: string): Promise<T>;
}

/** Construction options; only `client` is required. */
export interface ClusterModelOptions {
  client: ModelClient;
  clock?: Clock;
  /** Upper bound on change notifications per second (10 by default). */
  maxFps?: number;
  /** How often to probe the apiserver while disconnected (1 s by default). */
  probeMs?: number;
  /** How often to poll the metrics API (5 s by default). */
  metricsMs?: number;
}

/** Whether the apiserver answers; `error` is the last failure seen while disconnected. */
export interface Connection {
  connected: boolean;
  error?: string;
}

/** Live tables of the cluster. Invariant: each table mirrors its informer's cache. */
export class ClusterModel {
  readonly clock: Clock;
  private readonly client: ModelClient;
  private readonly informers = new Map<string, Informer>();
  private readonly tables = new Map<string, ResourceTable>();
  private readonly listeners = new Set<() => void>();
  private readonly minGapMs: number;
  private readonly probeMs: number;
  private flushTimer?: Timer;
  private probeTimer?: Timer;
  private lastFlush = -Infinity;
  private stopped = false;
  /** Reachability of the apiserver, as last observed. */
  connection: Connection = { connected: true };
  /** CPU/memory requested by scheduled pods against node allocatable (pods count once the pods view was opened). */
  readonly totals = new ClusterTotals();
  /** CPU/memory usage from the metrics API, per pod and per node. */
  readonly usage: UsagePoller;
  /** Redis address and memory from the apiserver's info endpoint. */
  readonly storeInfo: StoreInfoPoller;
  /** Number of notifications sent; the benchmark counts frames with it. */
  flushes = 0;

  constructor(options: ClusterModelOptions) {
    this.client = options.client;
    this.clock = options.clock ?? realClock;
    this.minGapMs = 1000 / (options.maxFps ?? 10);
    this.probeMs = options.probeMs ?? 1000;
    this.usage = new UsagePoller(this.client, this.clock, () => this.usageChanged(), options.metricsMs);
    this.usage.start();
    this.storeInfo = new StoreInfoPoller(this.client, this.clock, () => this.changed(), options.metricsMs);
    this.storeInfo.start();
  }

  /** The table of a resource, starting its informer on first use. */
  table(resource: string): ResourceTable {
    let table = this.tables.get(resource);
    if (!table) {
      table = new ResourceTable();
      this.tables.set(resource, table);
      this.attachUsage(resource, table);
      this.startInformer(resource, table);
    }
    return table;
  }

  /** True once the resource's first list has arrived. */
  synced(resource: string): boolean {
    return this.informers.get(resource)?.hasSynced() ?? false;
  }

  /** Registers a change listener; returns its unsubscribe function. */
  subscribe(fn: () => void): () => void {
    this.listeners.add(fn);
    return () => this.listeners.delete(fn);
  }

  /** Marks the model changed; listeners hear of it within one frame interval, once per burst. */
  changed(): void {
    if (this.flushTimer || this.stopped) return;
    const wait = Math.max(0, this.lastFlush + this.minGapMs - this.clock.now());
    this.flushTimer = this.clock.setTimer(() => this.flush(), wait);
  }

  /** Stops every informer and timer; tables keep their data. */
  async stop(): Promise<void> {
    this.stopped = true;
    this.flushTimer?.cancel();
    this.probeTimer?.cancel();
    this.usage.stop();
    this.storeInfo.stop();
    await Promise.all([...this.informers.values()].map((i) => i.stop()));
  }

  /** New metrics: pods and nodes sorted by usage must re-sort. */
  private usageChanged(): void {
    for (const resource of ['pods', 'nodes']) {
      const table = this.tables.get(resource);
      if (table) this.attachUsage(resource, table);
    }
    this.changed();
  }

  /** Points a pods or nodes table at the current metrics (by `namespace/name` for pods, name for nodes). */
  private attachUsage(resource: string, table: ResourceTable): void {
    if (resource === 'pods') table.setUsage((row) => this.usage.pods.get(row.key));
    else if (resource === 'nodes') table.setUsage((row) => this.usage.nodes.get(row.name));
  }

  private flush(): void {
    this.flushTimer = undefined;
    this.lastFlush = this.clock.now();
    this.flushes++;
    for (const fn of this.listeners) fn();
  }

  private startInformer(resource: string, table: ResourceTable): void {
    const spec = specFor(resource);
    const informer = new Informer<KubeObject>({
      client: this.client, info: spec.info, clock: this.clock, onError: (err) => this.disconnected(err), indexers: NO_INDEXES,
    });
    const account = resource === 'pods' ? this.totals.pod.bind(this.totals) : resource === 'nodes' ? this.totals.node.bind(this.totals) : undefined;
    const put = (obj: KubeObject): void => {
      account?.(table.get(keyOf(obj))?.obj, obj as Record<string, any>);
      const row = toRow(spec, keyOf(obj), obj as Record<string, any>, this.clock.now());
      if (informer.hasSynced()) table.upsert(row);
      else table.stage({ ...row, changedAt: 0 });
      this.seen();
    };
    informer.on('add', put);
    informer.on('update', (_old, obj) => put(obj));
    informer.on('delete', (obj) => {
      account?.(table.get(keyOf(obj))?.obj, undefined);
      table.delete(keyOf(obj));
      this.seen();
    });
    this.informers.set(resource, informer);
    informer.start();
    void informer.waitForSync().then(() => this.changed());
  }

  private seen(): void {
    if (!this.connection.connected) this.connection = { connected: true };
    this.changed();
  }

  private disconnected(err: unknown): void {
    if (this.stopped) return;
    this.connection = { connected: false, error: (err as Error)?.message ?? String(err) };
    this.changed();
    this.scheduleProbe();
  }

  private scheduleProbe(): void {
    if (this.probeTimer || this.stopped) return;
    this.probeTimer = this.clock.setTimer(() => {
      this.probeTimer = undefined;
      this.client.request('GET', '/version').then(
        () => this.seen(),
        () => this.scheduleProbe(),
      );
    }, this.probeMs);
  }
}
