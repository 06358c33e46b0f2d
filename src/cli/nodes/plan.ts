/**
 * The pure core of `rk drain` and `rk taint`: which pods a drain evicts, skips or
 * refuses (kubectl's filters: DaemonSet-managed, mirror, emptyDir, unmanaged), and
 * the node's taint list after `key=value:Effect` / `key:Effect-` / `key-` specs.
 */
import { CliError } from '../errors.js';

type Obj = Record<string, any>;

/** Drain flags that relax the filters. */
export interface DrainFlags { ignoreDaemonSets?: boolean; deleteEmptyDirData?: boolean; force?: boolean }

/** The drain plan: pods to evict, warnings to print, and refusals (non-empty: nothing is evicted). */
export interface DrainPlan { evict: Obj[]; warnings: string[]; errors: string[] }

const key = (p: Obj) => `${p.metadata?.namespace}/${p.metadata?.name}`;

/** Decides each pod on the node, as kubectl's drain filters do. */
export function planDrain(pods: Obj[], flags: DrainFlags): DrainPlan {
  const evict: Obj[] = [];
  const skipped = { daemonSet: [] as string[], unmanaged: [] as string[], emptyDir: [] as string[] };
  const refused = { daemonSet: [] as string[], unmanaged: [] as string[], emptyDir: [] as string[] };
  for (const p of pods) {
    const phase = p.status?.phase;
    if (phase === 'Succeeded' || phase === 'Failed') { evict.push(p); continue; }
    if (p.metadata?.annotations?.['kubernetes.io/config.mirror']) continue;
    const owner = (p.metadata?.ownerReferences ?? []).find((o: Obj) => o.controller);
    if (owner?.kind === 'DaemonSet') {
      (flags.ignoreDaemonSets ? skipped : refused).daemonSet.push(key(p));
      continue;
    }
    if (!owner) {
      if (!flags.force) { refused.unmanaged.push(key(p)); continue; }
      skipped.unmanaged.push(key(p));
    }
    if ((p.spec?.volumes ?? []).some((v: Obj) => v.emptyDir)) {
      if (!flags.deleteEmptyDirData) { refused.emptyDir.push(key(p)); continue; }
      skipped.emptyDir.push(key(p));
    }
    evict.push(p);
  }
  const warnings: string[] = [];
  if (skipped.daemonSet.length) warnings.push(`ignoring DaemonSet-managed Pods: ${skipped.daemonSet.join(', ')}`);
  if (skipped.unmanaged.length) warnings.push(`deleting Pods that declare no controller: ${skipped.unmanaged.join(', ')}`);
  if (skipped.emptyDir.length) warnings.push(`deleting Pods with local storage: ${skipped.emptyDir.join(', ')}`);
  const errors: string[] = [];
  if (refused.unmanaged.length) errors.push(`cannot delete Pods that declare no controller (use --force to override): ${refused.unmanaged.join(', ')}`);
  if (refused.daemonSet.length) errors.push(`cannot delete DaemonSet-managed Pods (use --ignore-daemonsets to ignore): ${refused.daemonSet.join(', ')}`);
  if (refused.emptyDir.length) errors.push(`cannot delete Pods with local storage (use --delete-emptydir-data to override): ${refused.emptyDir.join(', ')}`);
  return { evict, warnings, errors };
}

/** One taint. */
export interface Taint { key: string; value?: string; effect?: string }

const EFFECTS = ['NoSchedule', 'PreferNoSchedule', 'NoExecute'];

/** Parses `key=value:Effect`, `key:Effect`, `key:Effect-`, `key-`. */
export function parseTaintSpec(spec: string): { remove: boolean; taint: Taint } {
  const remove = spec.endsWith('-');
  const body = remove ? spec.slice(0, -1) : spec;
  const colon = body.lastIndexOf(':');
  const effect = colon >= 0 ? body.slice(colon + 1) : undefined;
  const kv = colon >= 0 ? body.slice(0, colon) : body;
  const eq = kv.indexOf('=');
  const taint: Taint = { key: eq >= 0 ? kv.slice(0, eq) : kv, ...(eq >= 0 ? { value: kv.slice(eq + 1) } : {}), ...(effect ? { effect } : {}) };
  if (!taint.key) throw new CliError(`invalid taint spec: ${spec}`);
  if (effect && !EFFECTS.includes(effect)) throw new CliError(`invalid taint effect: ${effect}, unsupported taint effect`);
  if (!remove && !effect) throw new CliError(`invalid taint spec: ${spec}, unknown taint effect`);
  return { remove, taint };
}

/** The new taint list and the word kubectl prints (`tainted`, `untainted`, `modified`). */
export function applyTaints(current: Taint[], specs: string[], overwrite: boolean): { taints: Taint[]; verb: string } {
  let taints = [...current];
  let added = false;
  let removed = false;
  for (const s of specs) {
    const { remove, taint } = parseTaintSpec(s);
    if (remove) {
      const before = taints.length;
      taints = taints.filter((t) => !(t.key === taint.key && (!taint.effect || t.effect === taint.effect)));
      if (taints.length === before) throw new CliError(`taint "${s.slice(0, -1)}" not found`);
      removed = true;
      continue;
    }
    const i = taints.findIndex((t) => t.key === taint.key && t.effect === taint.effect);
    if (i >= 0) {
      if (!overwrite) throw new CliError(`node already has ${taint.key} taint(s) with same effect(s) and --overwrite is false`);
      taints[i] = taint;
    } else taints.push(taint);
    added = true;
  }
  return { taints, verb: added && removed ? 'modified' : removed ? 'untainted' : 'tainted' };
}
