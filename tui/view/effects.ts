/**
 * The I/O shell of the reducer: runs each `Effect` against the dao and the
 * text store and reports the outcome on the flash line. Failures never throw
 * out of here: an apiserver error is a red flash, not a crash.
 */
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Dao } from '../dao/dao.js';
import type { TextStore } from '../model/text-store.js';
import type { Effect } from '../state/step.js';
import type { Dialog, Flash, Target, TextFrame } from '../state/ui-state.js';
import { defaultRevisionIndex } from '../model/revisions.js';

/** What effects need from the app. */
export interface EffectHost {
  dao: Dao;
  texts: TextStore;
  flash(flash: Flash): void;
  /** Replaces the open dialog (async results such as the rollback picker's revisions). */
  setDialog(fn: (dialog: Dialog | undefined) => Dialog | undefined): void;
  quit(): void;
  /** Runs `fn` with the terminal handed over (raw mode off, screen left alone), then takes it back. */
  suspend(fn: () => void): void;
  /** The editor command line, `$EDITOR` by default. */
  editor: string;
  /** This `rk` binary (node and its main.js) with the connection flags (`--kubeconfig`, `--context`), for `exec -it` like k9s; no kubectl needed. */
  rk: string[];
}

function message(err: unknown): string {
  return (err as Error)?.message ?? String(err);
}

function name(t: Target): string {
  return `${t.resource}/${t.name}`;
}

async function openText(frame: TextFrame, host: EffectHost): Promise<void> {
  const { dao, texts } = host;
  const signal = texts.open(frame.id);
  const src = frame.source;
  try {
    if (src.type === 'logs') {
      for await (const chunk of dao.logs(src.target, src.log, signal)) texts.append(frame.id, chunk);
      if (!signal.aborted) texts.end(frame.id, '--- log stream ended ---');
      return;
    }
    if (src.type === 'describe') texts.set(frame.id, await dao.describe(src.target));
    else if (src.type === 'yaml') texts.set(frame.id, await dao.yaml(src.target));
  } catch (err) {
    if (signal.aborted) return;
    texts.end(frame.id, `error: ${message(err)}`);
    host.flash({ level: 'error', text: message(err) });
  }
}

async function edit(t: Target, host: EffectHost): Promise<string> {
  const dir = mkdtempSync(join(tmpdir(), 'rk-edit-'));
  const file = join(dir, `${t.name}.yaml`);
  try {
    const before = await host.dao.editable(t);
    writeFileSync(file, before);
    let status: number | null = null;
    host.suspend(() => {
      status = spawnSync('sh', ['-c', `${host.editor} "$1"`, 'sh', file], { stdio: 'inherit' }).status;
    });
    if (status !== 0) return `editor exited with ${status}; ${name(t)} not changed`;
    const after = readFileSync(file, 'utf8');
    if (after === before) return `edit cancelled, no changes to ${name(t)}`;
    await host.dao.saveEdited(t, after);
    return `${name(t)} edited`;
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

/** `rk exec -it` into the container with the terminal handed over; bash when the image has it, else sh. */
function shell(t: Target, container: string | undefined, host: EffectHost): string {
  const [cmd, ...flags] = host.rk;
  const args = [...flags, 'exec', '-it', '-n', t.namespace ?? 'default', t.name, ...(container ? ['-c', container] : []),
    '--', 'sh', '-c', 'command -v bash >/dev/null && exec bash || exec sh'];
  let status: number | null = null;
  host.suspend(() => {
    status = spawnSync(cmd!, args, { stdio: 'inherit' }).status;
  });
  return status === 0 ? `shell in ${t.name} ended` : `shell in ${t.name} exited with ${status}`;
}

/** Fills the rollback picker with the revisions, unless the user closed it meanwhile. */
async function loadRevisions(t: Target, host: EffectHost): Promise<void> {
  const same = (d: Dialog | undefined): d is Extract<Dialog, { kind: 'rollback' }> =>
    d?.kind === 'rollback' && !d.revisions && d.target.name === t.name && d.target.namespace === t.namespace;
  try {
    const rows = await host.dao.revisions(t);
    if (!rows.length) {
      host.setDialog((d) => (same(d) ? undefined : d));
      host.flash({ level: 'warn', text: `no rollout history found for ${name(t)}` });
      return;
    }
    host.setDialog((d) => (same(d) ? { ...d, revisions: rows, cursor: defaultRevisionIndex(rows) } : d));
  } catch (err) {
    host.setDialog((d) => (same(d) ? undefined : d));
    host.flash({ level: 'error', text: message(err) });
  }
}

async function write(effect: Exclude<Effect, { type: 'quit' | 'openText' | 'closeText' | 'loadRevisions' }>, host: EffectHost): Promise<string> {
  const { dao } = host;
  switch (effect.type) {
    case 'delete':
      for (const t of effect.targets) await dao.delete(t, effect.propagation, effect.force);
      return `deleted ${effect.targets.map(name).join(', ')} (${effect.propagation}${effect.force ? ', force' : ''})`;
    case 'scale':
      await dao.scale(effect.target, effect.replicas);
      return `scaled ${name(effect.target)} to ${effect.replicas}`;
    case 'restart':
      await dao.restart(effect.target);
      return `restarted ${name(effect.target)}`;
    case 'rollback':
      return dao.rollback(effect.target, effect.revision);
    case 'cordon':
      await dao.cordon(effect.target, effect.unschedulable);
      return `${effect.unschedulable ? 'cordoned' : 'uncordoned'} ${effect.target.name}`;
    case 'drain': {
      const t = effect.target;
      const evicted = await dao.drain(t, effect.options, {
        out: (line) => host.flash({ level: 'info', text: `${t.name}: ${line}` }),
        warn: (line) => host.flash({ level: 'warn', text: `${t.name}: ${line}` }),
      });
      return `drained ${t.name}: ${evicted} pod(s) evicted`;
    }
    case 'trigger':
      return `triggered ${name(effect.target)}: job ${await dao.trigger(effect.target)} created`;
    case 'edit':
      return edit(effect.target, host);
    case 'shell':
      return shell(effect.target, effect.container, host);
  }
}

/** Runs one effect; resolves when it has finished (streams resolve when they end). */
export async function runEffect(effect: Effect, host: EffectHost): Promise<void> {
  switch (effect.type) {
    case 'quit': return host.quit();
    case 'openText': return openText(effect.frame, host);
    case 'closeText': return host.texts.close(effect.id);
    case 'loadRevisions': return loadRevisions(effect.target, host);
    default:
      try {
        host.flash({ level: 'info', text: await write(effect, host) });
      } catch (err) {
        host.flash({ level: 'error', text: message(err) });
      }
  }
}
