/**
 * The node snapshot in kernel memory: the host side of the WASM boundary.
 *
 * Nodes occupy slots 0..N-1 (a removed node's slot is filled by the last one).
 * Labels, taints, topology values, resources and images are interned to integers
 * here; the kernel sees only integers and f64 amounts. `sync` re-encodes only the
 * nodes the cache marks dirty; growth past a capacity (or a new resource name)
 * re-encodes everything into a bigger layout.
 *
 * Invariant: after `sync`, every slot holds exactly what the cache says about its
 * node (assumed pods included), and every registered matcher/hold column counts
 * the cache's pods. The kernel's own updates during a batch keep that invariant,
 * because the caller assumes each placed pod into the cache with `accounted`.
 */
import * as abi from '../kernel/abi.js';
import type { Kernel } from '../kernel/types.js';
import type { SchedulerCache } from '../cache.js';
import type { SchedulerProfile } from '../config.js';
import type { NodeInfo, Taint } from '../model/node-info.js';
import type { PodInfo } from '../model/pod-info.js';
import { TermRegistry } from './terms.js';
import { ImageTable, LabelTable, labelOf } from './interning.js';
import { computeLayout, grown, INITIAL_CAPACITIES, type Capacities, type Layout } from './layout.js';

export { NAME_KEY } from './interning.js';
/** Resources every snapshot has, at fixed indices (abi RES_*). */
const FIXED_RESOURCES = ['cpu', 'memory', 'ephemeral-storage', 'pods'];
const PROTOCOLS: Record<string, number> = { TCP: 0, UDP: 1, SCTP: 2 };
const EFFECTS: Record<string, number> = {
  NoSchedule: abi.EFFECT_NO_SCHEDULE, PreferNoSchedule: abi.EFFECT_PREFER_NO_SCHEDULE, NoExecute: abi.EFFECT_NO_EXECUTE,
};
/** The kernel reports insufficient resources as a 32-bit mask. */
const MAX_RESOURCES = 32;
/** Past this many matchers a rebuild starts the registry afresh (dropping ones no pending pod uses). */
const MATCHER_GC_THRESHOLD = 512;

/** Encodes a protocol and port the way the kernel compares them. */
export function protocolPort(protocol: string, port: number): number {
  return ((PROTOCOLS[protocol] ?? 0) << 16) | (port & 0xffff);
}

/** Interned state and kernel memory of one scheduler. */
export class Snapshot {
  readonly terms: TermRegistry;
  /** Node slots written and full re-encodes, for tests and benchmarks. */
  readonly stats = { slotWrites: 0, rebuilds: 0 };
  caps: Capacities = { ...INITIAL_CAPACITIES };
  layout?: Layout;
  I = new Int32Array(0);
  F = new Float64Array(0);
  /** Header start as an i32 index. */
  h = 0;
  readonly slotNames: string[] = [];
  readonly slotOf = new Map<string, number>();
  private slotInfo: (NodeInfo | undefined)[] = [];
  private slotPorts: boolean[] = [];
  readonly resources: string[] = [...FIXED_RESOURCES];
  private resourceIndex = new Map(FIXED_RESOURCES.map((r, i) => [r, i]));
  readonly labels = new LabelTable();
  readonly images = new ImageTable();
  readonly taints: Taint[] = [];
  private taintIds = new Map<string, number>();
  private taintHeapUsed = 0;
  private ipIds = new Map<string, number>([['', 0]]);
  private portEntries = 0;
  private portsDirty = false;
  private encoded = { matchers: 0, holds: 0, values: 0, taints: 0 };
  private buffer?: ArrayBuffer;
  private base = 0;

  constructor(
    readonly kernel: Kernel,
    readonly cache: SchedulerCache,
    readonly profile: SchedulerProfile,
    nsLabels: (ns: string) => Record<string, string> | undefined = () => undefined,
  ) {
    this.terms = new TermRegistry(nsLabels);
    this.caps.batch = grown(this.caps.batch, profile.batchSize);
    for (const r of [...profile.fitResources, ...profile.balancedResources]) this.resource(r.name);
  }

  /** Host-port entries in the used-port table. */
  get portEntryCount(): number {
    return this.portEntries;
  }

  /** Number of node slots in use. */
  get nodeCount(): number {
    return this.slotNames.length;
  }

  /** Brings the encoded snapshot up to date with the cache. */
  sync(): void {
    if (!this.layout) return this.rebuild();
    for (const name of this.cache.dirty) {
      const info = this.cache.nodes.get(name);
      const slot = this.slotOf.get(name);
      if (!info) {
        if (slot !== undefined && !this.removeSlot(slot)) return this.rebuild();
        continue;
      }
      if (slot === undefined && this.slotNames.length >= this.caps.nodes) return this.rebuild();
      const pods = [...this.cache.podsOn(name)];
      if (!this.prepareNode(info, pods) || !this.flushInterned()) return this.rebuild();
      this.writeSlot(slot ?? this.addSlot(name), info, pods);
    }
    this.cache.dirty.clear();
    if (this.portsDirty && !this.writePorts(0)) return this.rebuild();
    this.writeCounts();
  }

  /** Re-encodes everything into a layout sized for the current state; `gc` may drop unused matchers first. */
  rebuild(gc = true): void {
    const I = this.I;
    this.stats.rebuilds++;
    const saved = this.layout ? { start: I[this.h + abi.H_START], rng: I[this.h + abi.H_RNG] } : { start: 0, rng: this.profile.seed | 0 || 1 };
    if (gc && this.terms.matchers.length > MATCHER_GC_THRESHOLD) this.terms.reset();
    this.labels.reset();
    this.images.reset();
    this.taints.length = 0;
    this.taintIds.clear();
    this.slotNames.length = 0;
    this.slotOf.clear();
    this.slotInfo = [];
    this.slotPorts = [];
    this.taintHeapUsed = 0;
    let taintEntries = 0;
    let portEntries = 0;
    for (const [name, info] of this.cache.nodes) {
      const pods = [...this.cache.podsOn(name)];
      this.prepareNode(info, pods);
      this.addSlot(name);
      this.countKeys(info, 1);
      taintEntries += info.taints.length;
      for (const p of pods) portEntries += p.ports.length;
    }
    const c = this.caps;
    c.nodes = grown(c.nodes, this.slotNames.length + 1);
    c.resources = grown(c.resources, this.resources.length);
    c.columns = grown(c.columns, this.labels.columns.length);
    c.values = grown(c.values, this.labels.valueNums.length + 1);
    c.images = grown(c.images, this.images.columns.length);
    c.matchers = grown(c.matchers, this.terms.matchers.length);
    c.holds = grown(c.holds, this.terms.holds.length);
    c.taints = grown(c.taints, this.taints.length + 1);
    c.taintHeap = grown(c.taintHeap, 2 * taintEntries + 1);
    c.ports = grown(c.ports, 2 * portEntries + 1);
    this.allocate();
    for (const name of this.slotNames) {
      const info = this.cache.nodes.get(name)!;
      this.writeSlot(this.slotOf.get(name)!, info, [...this.cache.podsOn(name)], false);
    }
    this.I[this.h + abi.H_START] = saved.start;
    this.I[this.h + abi.H_RNG] = saved.rng;
    this.cache.dirty.clear();
    this.writePorts(0);
    this.writeCounts();
  }

  /** The column of a label key (created on first use); -1 when no node has the key. */
  column(key: string): number {
    const existing = this.labels.columnOf(key);
    if (existing !== undefined) return existing;
    const id = this.labels.create(key);
    if (id >= 0 && id < this.caps.columns && this.layout) {
      const base = this.addr(abi.A_COLS, 4) + id * this.caps.nodes;
      for (let s = 0; s < this.slotNames.length; s++) {
        const v = labelOf(this.slotInfo[s]!, key);
        this.I[base + s] = v === undefined ? -1 : this.labels.valueId(key, v);
      }
    }
    return id;
  }

  /** The id of an existing label value, or VALUE_UNKNOWN when no node has it. */
  knownValue(key: string, value: string): number {
    return this.labels.knownValue(key, value) ?? abi.VALUE_UNKNOWN;
  }

  /** The label value of a value id (undefined for -1 and unknown ids). */
  valueName(id: number): string | undefined {
    return this.labels.valueName(id);
  }

  /** The column of an image some node holds (created on first use); -1 otherwise. */
  imageColumn(name: string): number {
    const existing = this.images.columnOf(name);
    if (existing !== undefined) return existing;
    const id = this.images.create(name);
    if (id >= 0 && id < this.caps.images && this.layout) {
      const base = this.addr(abi.A_IMG, 8) + id * this.caps.nodes;
      for (let s = 0; s < this.slotNames.length; s++) this.F[base + s] = this.slotInfo[s]!.images.get(name) ?? 0;
    }
    return id;
  }

  /** Resource index; registers new names (which forces a rebuild at the next check). */
  resource(name: string): number {
    let r = this.resourceIndex.get(name);
    if (r === undefined) {
      if (this.resources.length >= MAX_RESOURCES) throw new Error(`scheduler snapshot: more than ${MAX_RESOURCES} resource names requested (${name})`);
      r = this.resources.length;
      this.resources.push(name);
      this.resourceIndex.set(name, r);
    }
    return r;
  }

  /** Id of a host IP (0: every address). */
  ipId(ip: string): number {
    let id = this.ipIds.get(ip);
    if (id === undefined) {
      id = this.ipIds.size;
      this.ipIds.set(ip, id);
    }
    return id;
  }

  /** True when everything interned so far fits the current layout (`extraPorts` more port entries too). */
  fits(extraPorts = 0): boolean {
    const c = this.caps;
    return this.layout !== undefined
      && this.resources.length <= this.encodedResources()
      && this.labels.columns.length <= c.columns && this.labels.valueNums.length <= c.values && this.images.columns.length <= c.images
      && this.terms.matchers.length <= c.matchers && this.terms.holds.length <= c.holds && this.taints.length <= c.taints
      && this.portEntries + extraPorts <= c.ports;
  }

  /** Writes matcher/hold columns registered since the last call, and new values and taints; false when over capacity. */
  flushInterned(): boolean {
    if (!this.fits()) return false;
    const { matchers, holds } = this.terms;
    const n = this.caps.nodes;
    for (let m = this.encoded.matchers; m < matchers.length; m++) {
      const base = this.addr(abi.A_CNT, 4) + m * n;
      for (let s = 0; s < this.slotNames.length; s++) {
        let count = 0;
        for (const p of this.cache.podsOn(this.slotNames[s])) if (this.terms.matches(m, p)) count++;
        this.I[base + s] = count;
      }
    }
    for (let h = this.encoded.holds; h < holds.length; h++) {
      const base = this.addr(abi.A_HOLD, 4) + h * n;
      for (let s = 0; s < this.slotNames.length; s++) {
        let count = 0;
        for (const p of this.cache.podsOn(this.slotNames[s])) if (this.terms.holdsOf(p, this.profile.hardPodAffinityWeight).includes(h)) count++;
        this.I[base + s] = count;
      }
    }
    const valnum = this.addr(abi.A_VALNUM, 8);
    const nums = this.labels.valueNums;
    for (let v = this.encoded.values; v < nums.length; v++) this.F[valnum + v] = nums[v];
    const effects = this.addr(abi.A_TAINT_EFFECT, 4);
    for (let t = this.encoded.taints; t < this.taints.length; t++) this.I[effects + t] = EFFECTS[this.taints[t].effect] ?? 0;
    this.encoded = { matchers: matchers.length, holds: holds.length, values: nums.length, taints: this.taints.length };
    this.I[this.h + abi.H_V] = nums.length;
    return true;
  }

  /** Element index (i32 or f64 by `size`) of a region. */
  addr(word: number, size: 4 | 8): number {
    return this.layout!.addr.get(word)! / size;
  }

  /** Re-creates the typed-array views when the kernel's memory was replaced (growth detaches views). */
  views(): void {
    if (this.buffer !== this.kernel.buffer) {
      this.buffer = this.kernel.buffer;
      this.I = new Int32Array(this.buffer);
      this.F = new Float64Array(this.buffer);
    }
  }

  private taintId(t: Taint): number {
    const k = `${t.key}\0${t.value}\0${t.effect}`;
    let id = this.taintIds.get(k);
    if (id === undefined) {
      id = this.taints.length;
      this.taints.push(t);
      this.taintIds.set(k, id);
    }
    return id;
  }

  private encodedResources(): number {
    return this.layout ? this.I[this.h + abi.H_R] : 0;
  }

  /** Interns what a node's encoding needs; false when it no longer fits the layout. */
  private prepareNode(info: NodeInfo, pods: PodInfo[]): boolean {
    for (const t of info.taints) this.taintId(t);
    for (const key of this.labels.columns) {
      const v = labelOf(info, key);
      if (v !== undefined) this.labels.valueId(key, v);
    }
    for (const p of pods) {
      for (const r of Object.keys(p.requests)) this.resource(r);
      this.terms.holdsOf(p, this.profile.hardPodAffinityWeight);
    }
    return this.fits() && this.taintHeapUsed + info.taints.length <= this.caps.taintHeap;
  }

  private addSlot(name: string): number {
    const slot = this.slotNames.length;
    this.slotNames.push(name);
    this.slotOf.set(name, slot);
    this.slotInfo.push(undefined);
    this.slotPorts.push(false);
    if (this.layout) this.I[this.h + abi.H_N] = this.slotNames.length;
    return slot;
  }

  /** Frees a slot by moving the last node into it; false when the move needs a rebuild. */
  private removeSlot(slot: number): boolean {
    const last = this.slotNames.length - 1;
    const gone = this.slotNames[slot];
    this.countKeys(this.slotInfo[slot], -1);
    if (this.slotPorts[slot]) this.portsDirty = true;
    this.slotOf.delete(gone);
    if (slot !== last) {
      const moved = this.slotNames[last];
      this.slotNames[slot] = moved;
      this.slotOf.set(moved, slot);
      this.slotInfo[slot] = this.slotInfo[last];
      this.slotPorts[slot] = this.slotPorts[last];
      const info = this.slotInfo[slot]!;
      const pods = [...this.cache.podsOn(moved)];
      if (!this.prepareNode(info, pods)) return false;
      this.writeSlot(slot, info, pods);
    }
    this.slotNames.pop();
    this.slotInfo.pop();
    this.slotPorts.pop();
    this.I[this.h + abi.H_N] = this.slotNames.length;
    return true;
  }

  private countKeys(info: NodeInfo | undefined, delta: number): void {
    this.labels.count(info, delta);
    this.images.count(info, delta);
  }

  /** Writes one node slot from its NodeInfo and pods. */
  private writeSlot(slot: number, info: NodeInfo, pods: PodInfo[], count = true): void {
    this.stats.slotWrites++;
    const I = this.I;
    const F = this.F;
    const n = this.caps.nodes;
    if (count) {
      this.countKeys(this.slotInfo[slot], -1);
      this.countKeys(info, 1);
    }
    this.slotInfo[slot] = info;
    const alloc = this.addr(abi.A_ALLOC, 8);
    const req = this.addr(abi.A_REQ, 8);
    for (let r = 0; r < this.resources.length; r++) {
      F[alloc + r * n + slot] = info.allocatable[this.resources[r]] ?? 0;
      F[req + r * n + slot] = 0;
    }
    let nzCpu = 0;
    let nzMem = 0;
    let ports = false;
    for (const p of pods) {
      for (const [name, amount] of Object.entries(p.requests)) F[req + this.resourceIndex.get(name)! * n + slot] += amount;
      F[req + abi.RES_PODS * n + slot] += 1;
      nzCpu += p.nonZeroCpu;
      nzMem += p.nonZeroMemory;
      if (p.ports.length) ports = true;
    }
    const nz = this.addr(abi.A_NZ, 8);
    F[nz + slot] = nzCpu;
    F[nz + n + slot] = nzMem;
    if (ports || this.slotPorts[slot]) this.portsDirty = true;
    this.slotPorts[slot] = ports;
    I[this.addr(abi.A_NFLAGS, 4) + slot] = info.unschedulable ? abi.NODE_UNSCHEDULABLE : 0;
    const heap = this.addr(abi.A_TAINT_HEAP, 4);
    I[this.addr(abi.A_TAINT_OFF, 4) + slot] = this.taintHeapUsed;
    I[this.addr(abi.A_TAINT_LEN, 4) + slot] = info.taints.length;
    for (const t of info.taints) I[heap + this.taintHeapUsed++] = this.taintId(t);
    const cols = this.addr(abi.A_COLS, 4);
    const keys = this.labels.columns;
    for (let c = 0; c < keys.length; c++) {
      const v = labelOf(info, keys[c]);
      I[cols + c * n + slot] = v === undefined ? -1 : this.labels.valueId(keys[c], v);
    }
    const img = this.addr(abi.A_IMG, 8);
    const images = this.images.columns;
    for (let i = 0; i < images.length; i++) F[img + i * n + slot] = info.images.get(images[i]) ?? 0;
    const cnt = this.addr(abi.A_CNT, 4);
    for (let m = 0; m < this.encoded.matchers; m++) {
      let c = 0;
      for (const p of pods) if (this.terms.matches(m, p)) c++;
      I[cnt + m * n + slot] = c;
    }
    const hold = this.addr(abi.A_HOLD, 4);
    for (let h = 0; h < this.encoded.holds; h++) I[hold + h * n + slot] = 0;
    for (const p of pods) {
      for (const h of this.terms.holdsOf(p, this.profile.hardPodAffinityWeight)) if (h < this.encoded.holds) I[hold + h * n + slot]++;
    }
  }

  /** Rewrites the used host-port table from the cache; false when over capacity. */
  private writePorts(reserve: number): boolean {
    const I = this.I;
    const base = this.addr(abi.A_PORTS, 4);
    let e = 0;
    for (let s = 0; s < this.slotNames.length; s++) {
      if (!this.slotPorts[s]) continue;
      for (const p of this.cache.podsOn(this.slotNames[s])) {
        for (const port of p.ports) {
          if (e + reserve >= this.caps.ports) return false;
          I[base + e * 3] = s;
          I[base + e * 3 + 1] = protocolPort(port.protocol, port.port);
          I[base + e * 3 + 2] = this.ipId(port.ip);
          e++;
        }
      }
    }
    this.portEntries = e;
    I[this.h + abi.H_PORT_N] = e;
    this.portsDirty = false;
    return true;
  }

  /** Refreshes cluster-wide numbers: node count, values, image holders. */
  writeCounts(): void {
    const I = this.I;
    I[this.h + abi.H_N] = this.slotNames.length;
    I[this.h + abi.H_V] = this.labels.valueNums.length;
    const imgNodes = this.addr(abi.A_IMG_NODES, 4);
    const images = this.images.columns;
    for (let i = 0; i < images.length; i++) I[imgNodes + i] = this.images.holders(images[i]);
  }

  /** Lays out memory for `caps`, zeroes it and writes the header and the static tables. */
  private allocate(): void {
    this.base = this.kernel.reserve(0);
    const layout = computeLayout(this.caps, this.base);
    this.kernel.reserve(layout.bytes);
    this.views();
    this.layout = layout;
    new Uint8Array(this.buffer!, this.base, layout.bytes).fill(0);
    const I = this.I;
    const h = (this.h = this.base >> 2);
    const p = this.profile;
    I[h + abi.H_NCAP] = this.caps.nodes;
    I[h + abi.H_R] = this.resources.length;
    I[h + abi.H_PERCENT] = p.percentageOfNodesToScore;
    I[h + abi.H_STRATEGY] = p.strategy === 'MostAllocated' ? abi.STRATEGY_MOST : abi.STRATEGY_LEAST;
    I[h + abi.H_W_FIT] = p.weights.NodeResourcesFit;
    I[h + abi.H_W_BAL] = p.weights.NodeResourcesBalancedAllocation;
    I[h + abi.H_W_NODEAFF] = p.weights.NodeAffinity;
    I[h + abi.H_W_TAINT] = p.weights.TaintToleration;
    I[h + abi.H_W_IPA] = p.weights.InterPodAffinity;
    I[h + abi.H_W_SPREAD] = p.weights.PodTopologySpread;
    I[h + abi.H_W_IMAGE] = p.weights.ImageLocality;
    I[h + abi.H_TAINT_WORDS] = Math.ceil(this.caps.taints / 32);
    I[h + abi.H_PORT_CAP] = this.caps.ports;
    for (const [word, at] of layout.addr) I[h + word] = at;
    const logw = this.addr(abi.A_LOGW, 8);
    for (let k = 0; k <= this.caps.nodes; k++) this.F[logw + k] = Math.log(k + 2);
    const fitW = this.addr(abi.A_FIT_W, 4);
    const balW = this.addr(abi.A_BAL_W, 4);
    for (const r of p.fitResources) I[fitW + this.resourceIndex.get(r.name)!] = r.weight;
    for (const r of p.balancedResources) I[balW + this.resourceIndex.get(r.name)!] = r.weight || 1;
    this.encoded = { matchers: this.terms.matchers.length, holds: this.terms.holds.length, values: 0, taints: 0 };
    this.flushInterned();
  }
}
