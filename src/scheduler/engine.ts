/**
 * The scheduling engine: cache + snapshot + kernel. `schedule` decides a batch
 * of pods in one kernel call (more only when a pod fits nowhere, to read its
 * per-node reasons) and reports each decision; deciding is separate from
 * applying (binding, events, queue), which the host does.
 */
import * as abi from './kernel/abi.js';
import type { Kernel } from './kernel/types.js';
import type { SchedulerCache } from './cache.js';
import type { SchedulerProfile } from './config.js';
import type { PodInfo } from './model/pod-info.js';
import { PLUGIN_OF, reasonsOf, type Diagnosis, type ReasonNames } from './reasons.js';
import { BatchBuilder, compilePod, registerBatch } from './snapshot/compile.js';
import { grown } from './snapshot/layout.js';
import { Snapshot } from './snapshot/snapshot.js';

/** The outcome for one pod. */
export interface Decision {
  pod: PodInfo;
  /** The chosen node; undefined when the pod fits nowhere. */
  node?: string;
  /** Weighted total score of the chosen node. */
  score: number;
  /** Feasible nodes found before scoring. */
  feasible: number;
  /** Nodes examined. */
  examined: number;
  /** Why no node fits (only when `node` is undefined). */
  diagnosis?: Diagnosis;
}

/** One node's filter outcome for the last pod examined. */
export interface NodeOutcome {
  node: string;
  reason: number;
  detail: number;
}

/** Decides batches of pods against the cache's nodes. */
export class SchedulingEngine {
  readonly snapshot: Snapshot;
  /** Milliseconds spent inside the kernel and in the host (encoding, compiling, reading results). */
  readonly time = { kernelMs: 0, hostMs: 0 };
  private readonly builder = new BatchBuilder();

  constructor(readonly kernel: Kernel, readonly cache: SchedulerCache, profile: SchedulerProfile, nsLabels?: (ns: string) => Record<string, string> | undefined) {
    this.snapshot = new Snapshot(kernel, cache, profile, nsLabels);
  }

  /**
   * Decides `pods` in order, each seeing the earlier ones placed. The placed pods
   * are already counted in kernel memory: the caller must `cache.assume(pod, node, true)`
   * each of them before the next call.
   */
  schedule(pods: PodInfo[]): Decision[] {
    const started = performance.now();
    const s = this.snapshot;
    s.sync();
    this.compile(pods);
    this.write();
    const I = s.I;
    const recs = s.addr(abi.A_PODS, 4);
    const decisions: Decision[] = [];
    let kernelMs = 0;
    for (let next = 0; next < pods.length;) {
      const t = performance.now();
      const upto = this.kernel.schedule(s.layout!.base, next, pods.length - next);
      kernelMs += performance.now() - t;
      for (let p = next; p < upto; p++) {
        const rec = recs + p * abi.POD_WORDS;
        const node = I[rec + abi.P_OUT_NODE];
        decisions.push({
          pod: pods[p],
          node: node >= 0 ? s.slotNames[node] : undefined,
          score: I[rec + abi.P_OUT_SCORE],
          feasible: I[rec + abi.P_OUT_FEAS],
          examined: I[rec + abi.P_OUT_PROCESSED],
          diagnosis: node >= 0 ? undefined : this.diagnose(),
        });
      }
      next = upto;
    }
    this.time.kernelMs += kernelMs;
    this.time.hostMs += performance.now() - started - kernelMs;
    return decisions;
  }

  /** Per-node outcomes of the last pod (valid for the nodes it examined: all of them when it fit nowhere). */
  lastOutcomes(): NodeOutcome[] {
    const s = this.snapshot;
    const reason = s.addr(abi.A_S_REASON, 4);
    const detail = s.addr(abi.A_S_DETAIL, 4);
    return s.slotNames.map((node, n) => ({ node, reason: s.I[reason + n], detail: s.I[detail + n] }));
  }

  /** Feasible nodes of the last pod with their total scores (when more than one was feasible). */
  lastScores(): { node: string; score: number }[] {
    const s = this.snapshot;
    const found = s.I[s.h + abi.H_LAST_FEAS];
    const feas = s.addr(abi.A_S_FEAS, 4);
    const total = s.addr(abi.A_S_TOTAL, 8);
    return Array.from({ length: found }, (_, k) => ({ node: s.slotNames[s.I[feas + k]], score: found > 1 ? s.F[total + k] : 0 }));
  }

  /** Names for reason details. */
  get names(): ReasonNames {
    const s = this.snapshot;
    return { resource: (r) => s.resources[r], taint: (id) => s.taints[id] };
  }

  private diagnose(): Diagnosis {
    const reasons = new Map<string, number>();
    const plugins = new Set<string>();
    const names = this.names;
    for (const o of this.lastOutcomes()) {
      if (o.reason === abi.R_OK) continue;
      for (const r of reasonsOf(o.reason, o.detail, names)) reasons.set(r, (reasons.get(r) ?? 0) + 1);
      plugins.add(PLUGIN_OF[o.reason]);
    }
    return { numNodes: this.snapshot.nodeCount, reasons, plugins };
  }

  /** Compiles the batch, growing the layout (and compiling again) when it does not fit. */
  private compile(pods: PodInfo[]): void {
    const s = this.snapshot;
    for (let attempt = 0; ; attempt++) {
      this.builder.reset();
      registerBatch(s, pods);
      for (const pod of pods) compilePod(s, this.builder, pod);
      const b = this.builder;
      const c = s.caps;
      const heapFits = b.count <= c.batch && b.i32.length <= c.podI32 && b.f64.length <= c.podF64;
      if (heapFits && s.fits(b.ports) && s.flushInterned()) return;
      if (attempt > 2) throw new Error('scheduler snapshot: batch does not fit after growing the layout');
      c.batch = grown(c.batch, b.count);
      c.podI32 = grown(c.podI32, b.i32.length);
      c.podF64 = grown(c.podF64, b.f64.length);
      c.ports = grown(c.ports, s.portEntryCount + b.ports + 1);
      s.rebuild(false);
    }
  }

  private write(): void {
    const s = this.snapshot;
    const b = this.builder;
    s.writeCounts();
    s.I.set(b.recs, s.addr(abi.A_PODS, 4));
    s.I.set(b.i32, s.addr(abi.A_PI32, 4));
    s.F.set(b.f64, s.addr(abi.A_PF64, 8));
  }
}
