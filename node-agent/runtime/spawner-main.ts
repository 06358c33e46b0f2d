/**
 * The spawner process of the process runtime. Starting a process blocks the
 * caller for a few milliseconds (fork, then waiting for the exec), so a burst of
 * pods would stall the agent's event loop and with it every status write; this
 * small child of the agent does the spawning on another core instead. For each
 * request it starts the container (own process group), records it in the state
 * dir before answering (so a crash of the agent right after still leaves a
 * record), writes its output to the CRI log file, and reports its exit. It exits
 * when the agent goes away; containers live on and the next agent run cleans
 * them up from the records, as before.
 */
import { spawn } from 'node:child_process';
import { CriLogWriter } from '../logs/cri-log.js';
import { processStartTicks, ProcessRecords } from './state-dir.js';
import type { SpawnReply, SpawnRequest } from './spawner.js';

/** After the main process exited, how long to wait for its output pipes to close (a grandchild may hold them). */
const CLOSE_GRACE_MS = 200;

const records = new Map<string, ProcessRecords>();
const reply = (msg: SpawnReply) => process.send?.(msg);

function start(req: SpawnRequest): void {
  const log = new CriLogWriter(req.logPath, req.logMaxBytes);
  let done = false;
  let exit: { exitCode?: number; signal?: string } | undefined;
  const finish = (result: { exitCode?: number; signal?: string; error?: string }) => {
    if (done) return;
    done = true;
    log.close();
    reply({ op: 'exit', id: req.id, ...result });
  };
  const child = spawn(req.argv[0], req.argv.slice(1), { env: req.env, cwd: req.cwd, detached: true, stdio: ['ignore', 'pipe', 'pipe'] });
  child.stdout.on('data', (c: Buffer) => { if (!done) log.write('stdout', c.toString()); });
  child.stderr.on('data', (c: Buffer) => { if (!done) log.write('stderr', c.toString()); });
  child.on('error', (err) => finish({ error: err.message }));
  child.on('exit', (code, signal) => {
    exit = { exitCode: code ?? undefined, signal: signal ?? undefined };
    setTimeout(() => finish(exit!), CLOSE_GRACE_MS).unref();
  });
  child.on('close', () => { if (exit) finish(exit); });
  const pid = child.pid;
  if (pid) {
    let rec = records.get(req.stateDir);
    if (!rec) records.set(req.stateDir, rec = new ProcessRecords(req.stateDir));
    rec.add({ id: req.id, pid, startTicks: processStartTicks(pid), podUid: req.podUid, container: req.container });
  }
  reply({ op: 'spawned', id: req.id, pid });
}

process.on('message', (msg: SpawnRequest) => {
  if (msg.op === 'spawn') start(msg);
});
process.on('disconnect', () => process.exit(0));
