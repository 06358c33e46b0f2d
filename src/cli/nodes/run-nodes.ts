/**
 * The I/O shell of `rk cordon|uncordon|drain|taint`. Drain cordons the node,
 * evicts through the eviction API (retrying while a disruption budget says 429),
 * and waits until the evicted pods are gone. `rk ui` drains with this same code,
 * its progress lines going to the flash line instead of stdout and stderr.
 */
import type { Conn } from '../connection.js';
import type { Discovery } from '../discovery.js';
import { CliError } from '../errors.js';
import { applyTaints, planDrain, type DrainFlags, type Taint } from './plan.js';

type Obj = Record<string, any>;

/** How long drain waits before retrying an eviction refused with 429. */
const EVICTION_RETRY_MS = 5000;
const POLL_MS = 500;

/** Where drain's progress goes, one line at a time (no newline): kubectl's stdout lines to `out`, its stderr lines to `warn`. */
export interface DrainOutput { out(line: string): void; warn(line: string): void }

/** `rk drain`'s output: stdout and stderr. */
const STDIO: DrainOutput = {
  out: (line) => void process.stdout.write(`${line}\n`),
  warn: (line) => void process.stderr.write(`${line}\n`),
};

/** Sets `spec.unschedulable`; returns kubectl's line. */
export async function setUnschedulable(conn: Conn, discovery: Discovery, node: string, value: boolean, dryRun: boolean): Promise<string> {
  const nodes = discovery.resolve('nodes');
  const n = await conn.client.get(nodes, undefined, node) as Obj;
  const word = value ? 'cordoned' : 'uncordoned';
  if (!!n.spec?.unschedulable === value) return `node/${node} already ${word}\n`;
  if (!dryRun) await conn.client.patch(nodes, undefined, node, 'strategic', { spec: { unschedulable: value ? true : null } });
  return `node/${node} ${word}${dryRun ? ' (dry run)' : ''}\n`;
}

async function evict(conn: Conn, discovery: Discovery, pod: Obj, deadline: number, output: DrainOutput): Promise<void> {
  const pods = discovery.resolve('pods');
  const body = { apiVersion: 'policy/v1', kind: 'Eviction', metadata: { name: pod.metadata.name, namespace: pod.metadata.namespace } };
  for (;;) {
    try {
      await conn.client.createSubresource(pods, pod.metadata.namespace, pod.metadata.name, 'eviction', body);
      return;
    } catch (err) {
      const code = (err as { code?: number }).code;
      if (code === 404) return;
      if (code !== 429 || Date.now() > deadline) throw err;
      output.warn(`error when evicting pods/"${pod.metadata.name}" -n "${pod.metadata.namespace}" (will retry after 5s): ${(err as Error).message}`);
      await new Promise((r) => setTimeout(r, EVICTION_RETRY_MS));
    }
  }
}

/**
 * Drains a node and resolves to the number of pods evicted; throws (after
 * cordoning) when pods are refused or the wait times out.
 */
export async function drainNode(conn: Conn, discovery: Discovery, node: string, flags: DrainFlags, timeoutMs: number, output: DrainOutput = STDIO): Promise<number> {
  output.out((await setUnschedulable(conn, discovery, node, true, false)).trimEnd());
  const podsRes = discovery.resolve('pods');
  const pods = (await conn.client.listAll(podsRes, undefined, { fieldSelector: `spec.nodeName=${node}` })).items as Obj[];
  const plan = planDrain(pods, flags);
  if (plan.errors.length) throw new CliError(`unable to drain node "${node}" due to error: ${plan.errors.join(', ')}, continuing command...`);
  for (const w of plan.warnings) output.warn(`Warning: ${w}`);
  const deadline = Date.now() + (timeoutMs > 0 ? timeoutMs : 7 * 24 * 3600_000);
  await Promise.all(plan.evict.map(async (p) => {
    output.out(`evicting pod ${p.metadata.namespace}/${p.metadata.name}`);
    await evict(conn, discovery, p, deadline, output);
    for (;;) {
      try {
        const cur = await conn.client.get(podsRes, p.metadata.namespace, p.metadata.name);
        if (cur.metadata?.uid !== p.metadata.uid) break;
      } catch (err) {
        if ((err as { code?: number }).code === 404) break;
        throw err;
      }
      if (Date.now() > deadline) throw new CliError(`drain did not complete within ${timeoutMs / 1000}s`);
      await new Promise((r) => setTimeout(r, POLL_MS));
    }
    output.out(`pod/${p.metadata.name} evicted`);
  }));
  output.out(`node/${node} drained`);
  return plan.evict.length;
}

/** Applies taint specs to a node with the full list in one patch, as kubectl sends it. */
export async function taintNode(conn: Conn, discovery: Discovery, node: string, specs: string[], overwrite: boolean): Promise<string> {
  const nodes = discovery.resolve('nodes');
  const n = await conn.client.get(nodes, undefined, node) as Obj;
  const { taints, verb } = applyTaints((n.spec?.taints ?? []) as Taint[], specs, overwrite);
  await conn.client.patch(nodes, undefined, node, 'strategic', { spec: { taints } });
  return `node/${node} ${verb}\n`;
}
