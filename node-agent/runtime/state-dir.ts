/**
 * The agent's record of the process groups it started, one small JSON file per
 * container in `<stateDir>/containers/`. It is written right after a spawn and
 * removed after the group is dead, so after a `kill -9` of the agent the next
 * run finds exactly the groups that may still be alive and kills them before it
 * starts anything: never two copies of a container, never an orphan.
 */
import { existsSync, mkdirSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';

/** What is recorded for one running container. */
export interface ProcessRecord {
  id: string;
  pid: number;
  /** Kernel start time of the pid (clock ticks since boot), to tell a reused pid from ours; undefined off Linux. */
  startTicks?: number;
  podUid: string;
  container: string;
}

/** Start time of a pid from /proc (field 22 of stat), or undefined when unknown or gone. */
export function processStartTicks(pid: number): number | undefined {
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
    return Number(fields[19]);
  } catch {
    return undefined;
  }
}

/** Records of one agent's containers. */
export class ProcessRecords {
  private readonly dir: string;

  constructor(stateDir: string) {
    this.dir = join(stateDir, 'containers');
    mkdirSync(this.dir, { recursive: true });
  }

  /** Records a freshly spawned container. */
  add(record: ProcessRecord): void {
    writeFileSync(join(this.dir, `${record.id}.json`), JSON.stringify(record));
  }

  /** Forgets a container whose process group is dead. */
  remove(id: string): void {
    rmSync(join(this.dir, `${id}.json`), { force: true });
  }

  /** Every record left on disk. */
  list(): ProcessRecord[] {
    if (!existsSync(this.dir)) return [];
    return readdirSync(this.dir).filter((f) => f.endsWith('.json')).flatMap((f) => {
      try {
        return [JSON.parse(readFileSync(join(this.dir, f), 'utf8')) as ProcessRecord];
      } catch {
        return [];
      }
    });
  }
}

/** Sends a signal to a whole process group; false when the group no longer exists. */
export function signalGroup(pgid: number, signal: NodeJS.Signals | 0): boolean {
  try {
    process.kill(-pgid, signal);
    return true;
  } catch {
    return false;
  }
}

/**
 * True when killing the group of this record may hit only what we started: the
 * leader is ours (same start time) or gone (then only its former group members
 * can carry that group id, since Linux does not hand out a live group's id).
 */
export function safeToKill(record: ProcessRecord, currentTicks: number | undefined): boolean {
  if (currentTicks === undefined) return true;
  return record.startTicks === undefined || record.startTicks === currentTicks;
}
