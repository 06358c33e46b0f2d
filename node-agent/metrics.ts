/**
 * Resource usage read from the OS for `kubectl top`: per container, the CPU time
 * and resident memory of every process in its process group (from /proc), and
 * node totals (/proc/stat busy time, MemTotal - MemAvailable). CPU is a rate, so
 * usage is the difference between two samples at least a second apart.
 * `cpuRate` and `parseProcStat` are pure.
 */
import { readdirSync, readFileSync } from 'node:fs';
import { totalmem, freemem } from 'node:os';

/** Clock ticks per second of /proc CPU counters (USER_HZ, 100 on Linux). */
const TICKS_PER_SECOND = 100;
const PAGE_SIZE = 4096;

/** Cumulative counters at one moment. */
export interface UsageSample {
  at: number;
  nodeBusyTicks: number;
  /** Process group id -> cumulative CPU ticks and resident bytes. */
  groups: Map<number, { ticks: number; rssBytes: number }>;
}

/** Fields of /proc/<pid>/stat we need (pure). */
export function parseProcStat(text: string): { pgrp: number; ticks: number; rssPages: number } {
  const f = text.slice(text.lastIndexOf(')') + 2).split(' ');
  return { pgrp: Number(f[2]), ticks: Number(f[11]) + Number(f[12]), rssPages: Number(f[21]) };
}

/** CPU cores used between two cumulative tick counts (pure). */
export function cpuRate(ticksBefore: number, ticksAfter: number, ms: number): number {
  return ms > 0 ? Math.max(0, ticksAfter - ticksBefore) / TICKS_PER_SECOND / (ms / 1000) : 0;
}

function nodeBusyTicks(): number {
  try {
    const cpu = readFileSync('/proc/stat', 'utf8').split('\n')[0].split(/\s+/).slice(1).map(Number);
    return cpu[0] + cpu[1] + cpu[2] + cpu[5] + cpu[6] + (cpu[7] ?? 0);
  } catch {
    return 0;
  }
}

/** Reads every process once and sums CPU and memory by process group. */
export function sampleUsage(now = Date.now()): UsageSample {
  const groups = new Map<number, { ticks: number; rssBytes: number }>();
  let pids: string[] = [];
  try {
    pids = readdirSync('/proc').filter((d) => /^\d+$/.test(d));
  } catch {
    pids = [];
  }
  for (const pid of pids) {
    try {
      const s = parseProcStat(readFileSync(`/proc/${pid}/stat`, 'utf8'));
      const g = groups.get(s.pgrp) ?? { ticks: 0, rssBytes: 0 };
      g.ticks += s.ticks;
      g.rssBytes += s.rssPages * PAGE_SIZE;
      groups.set(s.pgrp, g);
    } catch {
      // the process exited while we were reading
    }
  }
  return { at: now, nodeBusyTicks: nodeBusyTicks(), groups };
}

/** Node memory in use: total minus available (what `kubectl top node` calls memory). */
export function nodeMemoryBytes(): number {
  try {
    const avail = /MemAvailable:\s+(\d+) kB/.exec(readFileSync('/proc/meminfo', 'utf8'));
    if (avail) return totalmem() - Number(avail[1]) * 1024;
  } catch {
    // not Linux
  }
  return totalmem() - freemem();
}

/** Keeps the previous sample so each request reports usage over the last window (at least `minWindowMs`). */
export class UsageSampler {
  private previous?: UsageSample;

  constructor(private readonly minWindowMs = 1000) {}

  /** Two samples at least `minWindowMs` apart: the baseline and now. */
  async window(): Promise<{ before: UsageSample; after: UsageSample }> {
    let before = this.previous;
    if (!before || Date.now() - before.at < this.minWindowMs) {
      before = before ?? sampleUsage();
      await new Promise((r) => setTimeout(r, Math.max(0, this.minWindowMs - (Date.now() - before!.at))));
    }
    const after = sampleUsage();
    this.previous = after;
    return { before, after };
  }
}
