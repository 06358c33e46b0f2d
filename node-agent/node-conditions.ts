/**
 * The Node's conditions from real host readings, with the kubelet's default
 * eviction thresholds: MemoryPressure when less than 100 MiB is available,
 * DiskPressure when less than 10 % of the agent's filesystem is free,
 * PIDPressure when more than 90 % of pid_max is in use. `nodeConditions` is pure;
 * `readPressure` reads the host.
 */
import { readdirSync, readFileSync, statfsSync } from 'node:fs';
import { freemem } from 'node:os';

/** Host readings behind the pressure conditions. */
export interface PressureReadings {
  memoryAvailableBytes: number;
  diskFreeFraction: number;
  pidsInUse: number;
  pidMax: number;
}

/** Kubelet default thresholds. */
export const THRESHOLDS = { memoryAvailableBytes: 100 * 2 ** 20, diskFreeFraction: 0.1, pidFraction: 0.9 };

/** Reads the host now (falls back to safe values off Linux). */
export function readPressure(dir = '/'): PressureReadings {
  let memoryAvailableBytes = freemem();
  let pidsInUse = 0;
  let pidMax = 4_194_304;
  try {
    const m = /MemAvailable:\s+(\d+) kB/.exec(readFileSync('/proc/meminfo', 'utf8'));
    if (m) memoryAvailableBytes = Number(m[1]) * 1024;
    pidMax = Number(readFileSync('/proc/sys/kernel/pid_max', 'utf8').trim()) || pidMax;
    pidsInUse = readdirSync('/proc').filter((d) => /^\d+$/.test(d)).length;
  } catch {
    // not Linux: memory from os.freemem, no pid reading
  }
  const fs = statfsSync(dir);
  return { memoryAvailableBytes, diskFreeFraction: fs.blocks ? fs.bavail / fs.blocks : 1, pidsInUse, pidMax };
}

/** The four conditions the kubelet reports; transition times kept from `previous` when the status is unchanged. */
export function nodeConditions(r: PressureReadings, previous: any[], now: string): Record<string, string>[] {
  const mk = (type: string, bad: boolean, okReason: string, badReason: string, okMsg: string, badMsg: string, inverted = false) => {
    const status = inverted ? (bad ? 'False' : 'True') : (bad ? 'True' : 'False');
    const old = previous.find((c) => c.type === type);
    return {
      type, status, reason: bad ? badReason : okReason, message: bad ? badMsg : okMsg,
      lastHeartbeatTime: now, lastTransitionTime: old?.status === status ? old.lastTransitionTime : now,
    };
  };
  const mem = r.memoryAvailableBytes < THRESHOLDS.memoryAvailableBytes;
  const disk = r.diskFreeFraction < THRESHOLDS.diskFreeFraction;
  const pid = r.pidsInUse > r.pidMax * THRESHOLDS.pidFraction;
  return [
    mk('MemoryPressure', mem, 'KubeletHasSufficientMemory', 'KubeletHasInsufficientMemory', 'redkube agent has sufficient memory available', 'redkube agent has insufficient memory available'),
    mk('DiskPressure', disk, 'KubeletHasNoDiskPressure', 'KubeletHasDiskPressure', 'redkube agent has no disk pressure', 'redkube agent has disk pressure'),
    mk('PIDPressure', pid, 'KubeletHasSufficientPID', 'KubeletHasInsufficientPID', 'redkube agent has sufficient PID available', 'redkube agent has insufficient PID available'),
    mk('Ready', false, 'KubeletReady', 'KubeletNotReady', 'redkube node agent is posting ready status', '', true),
  ];
}

/** True when a condition's status changed (a write is due before the periodic refresh). */
export function conditionsChanged(previous: any[], next: Record<string, string>[]): boolean {
  return next.some((c) => previous.find((p) => p.type === c.type)?.status !== c.status);
}
