/**
 * Container probes (startup, liveness, readiness) with Kubernetes' semantics:
 * exec (exit 0), httpGet (200..399), tcpSocket (connects); defaults period 10 s,
 * timeout 1 s, successThreshold 1, failureThreshold 3, no initial delay. A probe
 * loop reports only changes of its verdict. `countResult` is the pure threshold
 * logic; `runProbeLoop` the timer shell (clock injected).
 */
import { request as httpRequest } from 'node:http';
import { request as httpsRequest } from 'node:https';
import { connect } from 'node:net';
import { sleep, type Clock } from '../src/client/index.js';

/** Which probe. */
export type ProbeKind = 'startup' | 'liveness' | 'readiness';

/** A probe's thresholds and timing in ms, Kubernetes defaults applied. */
export interface ProbeTiming {
  initialDelayMs: number;
  periodMs: number;
  timeoutMs: number;
  successThreshold: number;
  failureThreshold: number;
}

/** Reads a probe's timing with Kubernetes' defaults. */
export function probeTiming(probe: any): ProbeTiming {
  return {
    initialDelayMs: (probe.initialDelaySeconds ?? 0) * 1000,
    periodMs: (probe.periodSeconds ?? 10) * 1000,
    timeoutMs: (probe.timeoutSeconds ?? 1) * 1000,
    successThreshold: probe.successThreshold ?? 1,
    failureThreshold: probe.failureThreshold ?? 3,
  };
}

/** Running tally of one probe. */
export interface ProbeTally {
  verdict: boolean;
  successes: number;
  failures: number;
}

/** Initial verdict: liveness starts healthy, readiness and startup start failing. */
export function initialTally(kind: ProbeKind): ProbeTally {
  return { verdict: kind === 'liveness', successes: 0, failures: 0 };
}

/** Counts one result; the verdict flips only when a threshold is reached. Pure. */
export function countResult(t: ProbeTally, ok: boolean, timing: Pick<ProbeTiming, 'successThreshold' | 'failureThreshold'>): ProbeTally {
  const successes = ok ? t.successes + 1 : 0;
  const failures = ok ? 0 : t.failures + 1;
  let verdict = t.verdict;
  if (ok && successes >= timing.successThreshold) verdict = true;
  if (!ok && failures >= timing.failureThreshold) verdict = false;
  return { verdict, successes, failures };
}

/** What a probe needs from its container. */
export interface ProbeTarget {
  podIP: string;
  ports: any[];
  exec(argv: string[], timeoutMs: number): Promise<{ exitCode: number; stdout: string; stderr: string; timedOut: boolean }>;
}

/** One probe result with the message Kubernetes puts in the Unhealthy event. */
export interface ProbeResult {
  ok: boolean;
  message: string;
}

function resolvePort(port: unknown, ports: any[]): number {
  if (typeof port === 'number') return port;
  const named = ports.find((p) => p.name === port)?.containerPort;
  return Number(named ?? port);
}

function httpProbe(h: any, target: ProbeTarget, timeoutMs: number): Promise<ProbeResult> {
  const port = resolvePort(h.port, target.ports);
  const scheme = String(h.scheme ?? 'HTTP').toLowerCase();
  const headers = Object.fromEntries((h.httpHeaders ?? []).map((x: any) => [x.name, x.value]));
  return new Promise((resolve) => {
    const send = scheme === 'https' ? httpsRequest : httpRequest;
    const req = send({ host: h.host ?? target.podIP, port, path: h.path ?? '/', method: 'GET', headers: { 'User-Agent': 'kube-probe/1.32', ...headers }, timeout: timeoutMs, rejectUnauthorized: false }, (res) => {
      res.resume();
      const code = res.statusCode ?? 0;
      resolve({ ok: code >= 200 && code < 400, message: `HTTP probe failed with statuscode: ${code}` });
    });
    req.on('timeout', () => req.destroy(new Error(`context deadline exceeded (Client.Timeout exceeded while awaiting headers)`)));
    req.on('error', (err) => resolve({ ok: false, message: `Get "${scheme}://${h.host ?? target.podIP}:${port}${h.path ?? '/'}": ${err.message}` }));
    req.end();
  });
}

function tcpProbe(t: any, target: ProbeTarget, timeoutMs: number): Promise<ProbeResult> {
  const port = resolvePort(t.port, target.ports);
  const host = t.host ?? target.podIP;
  return new Promise((resolve) => {
    const sock = connect({ host, port, timeout: timeoutMs });
    const done = (r: ProbeResult) => { sock.destroy(); resolve(r); };
    sock.once('connect', () => done({ ok: true, message: '' }));
    sock.once('timeout', () => done({ ok: false, message: `dial tcp ${host}:${port}: i/o timeout` }));
    sock.once('error', (err) => done({ ok: false, message: `dial tcp ${host}:${port}: ${err.message}` }));
  });
}

/** Runs a probe once. */
export async function runProbe(probe: any, target: ProbeTarget, timeoutMs: number): Promise<ProbeResult> {
  if (probe.exec) {
    const r = await target.exec(probe.exec.command ?? [], timeoutMs);
    if (r.timedOut) return { ok: false, message: `command timed out after ${timeoutMs / 1000}s` };
    return { ok: r.exitCode === 0, message: (r.stdout + r.stderr).trim() || `command exited with ${r.exitCode}` };
  }
  if (probe.httpGet) return httpProbe(probe.httpGet, target, timeoutMs);
  if (probe.tcpSocket) return tcpProbe(probe.tcpSocket, target, timeoutMs);
  return { ok: false, message: 'unsupported probe handler (redkube supports exec, httpGet and tcpSocket)' };
}

/**
 * Probes until `signal` aborts, calling `onChange` whenever the verdict flips and
 * `onFailure` for every failed attempt (for Unhealthy events).
 */
export async function runProbeLoop(
  kind: ProbeKind, probe: any, target: ProbeTarget, clock: Clock, signal: AbortSignal,
  onChange: (verdict: boolean, last: ProbeResult) => void, onFailure: (r: ProbeResult) => void,
): Promise<void> {
  const timing = probeTiming(probe);
  let tally = initialTally(kind);
  await sleep(clock, timing.initialDelayMs, signal);
  while (!signal.aborted) {
    const result = await runProbe(probe, target, timing.timeoutMs);
    if (signal.aborted) return;
    if (!result.ok) onFailure(result);
    const next = countResult(tally, result.ok, timing);
    if (next.verdict !== tally.verdict) onChange(next.verdict, result);
    tally = next;
    if (kind === 'startup' && tally.verdict) return;
    await sleep(clock, timing.periodMs, signal);
  }
}
