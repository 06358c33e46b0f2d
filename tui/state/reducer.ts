/**
 * The key reducer: `(state, keys, context) -> state + effects`, pure. One Ink
 * input event can carry several keys (`jj`, `:deploy\r`), and every key is
 * applied in order against the state the previous one produced — the context
 * answers questions about the current frame's rows at that moment, so `:po\rj`
 * moves the cursor in the new pods view.
 */
import type { Key } from '../keys.js';
import { specFor } from '../registry.js';
import { parseCommand, suggest } from './commands.js';
import type { ActionName, Binding, Where } from './keymap.js';
import { TABLE_ACTIONS, openLogs } from './table-actions.js';
import { TEXT_ACTIONS } from './text-actions.js';
import { flash, just, switchNamespace, withTop, type Action, type Effect, type Step, type ViewContext } from './step.js';
import { tableFrame, top, type Dialog, type DrainOptions, type Frame, type Target, type TextFrame, type TextSource, type UiState } from './ui-state.js';

function whereOf(frame: Frame): Where[] {
  if (frame.kind === 'table') return ['any', 'table'];
  return frame.source.type === 'logs' ? ['any', 'text', 'logs'] : ['any', 'text'];
}

/** The bindings that apply to a frame, in help order (read-only hides writes). */
export function activeBindings(state: UiState, ctx: Pick<ViewContext, 'bindings'>): Binding[] {
  const frame = top(state);
  const where = whereOf(frame);
  const caps = frame.kind === 'table' ? specFor(frame.resource).capabilities : undefined;
  return ctx.bindings.filter((b) =>
    where.includes(b.where) && (!b.needs || caps?.has(b.needs)) && !(b.writes && state.readonly));
}

const COMMON: Partial<Record<ActionName, Action>> = {
  help: (s) => just({ ...s, mode: 'help' }),
  command: (s) => just({ ...s, mode: 'command', buffer: '' }),
  quit: (s) => ({ state: { ...s, quit: true }, effects: [{ type: 'quit' }] }),
};

function runBinding(state: UiState, ctx: ViewContext, key: Key): Step {
  const binding = activeBindings(state, ctx).find((b) => b.key === key);
  if (!binding) return just(state);
  const frame = top(state);
  const table = frame.kind === 'table' ? TABLE_ACTIONS : TEXT_ACTIONS;
  const action = COMMON[binding.action] ?? table[binding.action];
  return action ? action({ ...state, flash: undefined }, ctx, key) : just(state);
}

/** Pushes a live text frame (XRay, Pulses): its lines come from the model, so no effect is needed. */
function pushText(state: UiState, source: TextSource, title: string): UiState {
  const frame: TextFrame = { kind: 'text', id: state.nextId, title, source, top: 0, follow: false, wrap: false };
  return { ...state, nextId: state.nextId + 1, frames: [...state.frames, frame] };
}

/** Runs a prompt line. */
function runCommand(state: UiState, ctx: ViewContext): Step {
  const cmd = parseCommand(state.buffer, ctx.aliases);
  const s: UiState = { ...state, mode: 'normal', buffer: '' };
  switch (cmd.type) {
    case 'quit': return { state: { ...s, quit: true }, effects: [{ type: 'quit' }] };
    case 'error': return flash(s, cmd.message, 'error');
    case 'namespace': return just(switchNamespace({ ...s, frames: [tableFrame('pods')] }, cmd.name));
    case 'xray': return just(pushText(s, { type: 'xray', root: cmd.root }, `xray ${cmd.root}`));
    case 'pulses': return just(pushText(s, { type: 'pulses' }, 'pulses'));
    case 'view': {
      const next = { ...s, frames: [tableFrame(cmd.resource)] };
      return just(cmd.namespace === undefined ? next : switchNamespace(next, cmd.namespace));
    }
  }
}

function promptKey(state: UiState, ctx: ViewContext, key: Key): Step {
  const filtering = state.mode === 'filter';
  const setBuffer = (buffer: string): UiState => {
    const s = { ...state, buffer };
    const frame = top(s);
    return filtering && frame.kind === 'table' ? withTop(s, { ...frame, filter: buffer, cursor: 0 }) : s;
  };
  switch (key) {
    case 'esc': return just({ ...setBuffer(filtering ? '' : state.buffer), mode: 'normal', buffer: '' });
    case 'enter': return filtering ? just({ ...state, mode: 'normal', buffer: '' }) : runCommand(state, ctx);
    case 'backspace': return just(setBuffer(state.buffer.slice(0, -1)));
    case 'tab': return just(setBuffer(filtering ? state.buffer : suggest(state.buffer, ctx.aliases) ?? state.buffer));
    default: return key.length === 1 ? just(setBuffer(state.buffer + key)) : just(state);
  }
}

/** The container picker: j/k choose, enter opens the logs or the shell of that container. */
function containerKey(state: UiState, d: Extract<Dialog, { kind: 'container' }>, key: Key): Step {
  if (key === 'down' || key === 'j') return just({ ...state, dialog: { ...d, cursor: Math.min(d.containers.length - 1, d.cursor + 1) } });
  if (key === 'up' || key === 'k') return just({ ...state, dialog: { ...d, cursor: Math.max(0, d.cursor - 1) } });
  if (key !== 'enter') return just(state);
  const close = { ...state, dialog: undefined };
  const container = d.containers[d.cursor];
  if (d.purpose === 'logs') return openLogs(close, d.target, d.containers, container);
  return { state: close, effects: [{ type: 'shell', target: d.target, container }] };
}

/** The rollback picker: move with j/k, enter picks, then enter or y confirms (n goes back to picking). */
function rollbackKey(state: UiState, d: Extract<Dialog, { kind: 'rollback' }>, key: Key): Step {
  const rows = d.revisions ?? [];
  const set = (patch: Partial<typeof d>): Step => just({ ...state, dialog: { ...d, ...patch } });
  if (d.confirm) {
    if (key === 'enter' || key === 'y') {
      const revision = rows[d.cursor]!.revision;
      return { state: { ...state, dialog: undefined, flash: { level: 'info', text: `rolling back ${d.target.name} to revision ${revision}...` } }, effects: [{ type: 'rollback', target: d.target, revision }] };
    }
    return key === 'n' ? set({ confirm: false }) : just(state);
  }
  if (!rows.length) return just(state);
  if (key === 'down' || key === 'j') return set({ cursor: Math.min(rows.length - 1, d.cursor + 1) });
  if (key === 'up' || key === 'k') return set({ cursor: Math.max(0, d.cursor - 1) });
  if (key !== 'enter') return just(state);
  if (rows[d.cursor]!.current) return flash({ ...state, dialog: undefined }, `${d.target.name} already runs revision ${rows[d.cursor]!.revision}`, 'warn');
  return set({ confirm: true });
}

/** `restarting web...` for one target, `restarting 2 deployments...` for several. */
function progress(verb: string, targets: readonly Target[]): string {
  return targets.length === 1 ? `${verb} ${targets[0]!.name}...` : `${verb} ${targets.length} ${targets[0]!.resource}...`;
}

/** The restart confirmation: enter or y restarts every target, n cancels. */
function restartKey(state: UiState, d: Extract<Dialog, { kind: 'restart' }>, key: Key): Step {
  if (key === 'n') return flash({ ...state, dialog: undefined }, 'cancelled');
  if (key !== 'enter' && key !== 'y') return just(state);
  const close: UiState = { ...state, dialog: undefined, flash: { level: 'info', text: progress('restarting', d.targets) } };
  return { state: close, effects: d.targets.map((target) => ({ type: 'restart', target })) };
}

/** Keys of the drain dialog that toggle one of its options. */
const DRAIN_TOGGLES: Partial<Record<Key, keyof DrainOptions>> = { d: 'ignoreDaemonSets', e: 'deleteEmptyDirData', f: 'force' };

/** The drain dialog: d, e and f toggle the options, enter or y drains every target with them, n cancels. */
function drainKey(state: UiState, d: Extract<Dialog, { kind: 'drain' }>, key: Key): Step {
  const toggle = DRAIN_TOGGLES[key];
  if (toggle) return just({ ...state, dialog: { ...d, options: { ...d.options, [toggle]: !d.options[toggle] } } });
  if (key === 'n') return flash({ ...state, dialog: undefined }, 'cancelled');
  if (key !== 'enter' && key !== 'y') return just(state);
  const close: UiState = { ...state, dialog: undefined, flash: { level: 'info', text: progress('draining', d.targets) } };
  return { state: close, effects: d.targets.map((target) => ({ type: 'drain', target, options: d.options })) };
}

function dialogKey(state: UiState, key: Key): Step {
  const d = state.dialog!;
  const close = { ...state, dialog: undefined };
  if (key === 'esc') return flash(close, 'cancelled');
  if (d.kind === 'rollback') return rollbackKey(state, d, key);
  if (d.kind === 'container') return containerKey(state, d, key);
  if (d.kind === 'restart') return restartKey(state, d, key);
  if (d.kind === 'drain') return drainKey(state, d, key);
  if (d.kind === 'delete') {
    if (key === 'enter') {
      const propagation = (['Background', 'Foreground', 'Orphan'] as const)[d.propagation]!;
      return { state: close, effects: [{ type: 'delete', targets: d.targets, propagation, force: d.force }] };
    }
    if (key === 'tab' || key === 'down' || key === 'right' || key === 'j') return just({ ...state, dialog: { ...d, propagation: (d.propagation + 1) % 3 } });
    if (key === 'up' || key === 'left' || key === 'k') return just({ ...state, dialog: { ...d, propagation: (d.propagation + 2) % 3 } });
    if (key === 'f') return just({ ...state, dialog: { ...d, force: !d.force } });
    return just(state);
  }
  if (key === 'enter') {
    const replicas = Number(d.value);
    if (!/^\d+$/.test(d.value)) return flash(close, `invalid replica count "${d.value}"`, 'error');
    return { state: close, effects: [{ type: 'scale', target: d.target, replicas }] };
  }
  if (key === 'backspace') return just({ ...state, dialog: { ...d, value: d.value.slice(0, -1) } });
  if (/^\d$/.test(key)) return just({ ...state, dialog: { ...d, value: d.value + key } });
  return just(state);
}

/** Applies one key. */
function reduceKey(state: UiState, key: Key, ctx: ViewContext): Step {
  if (state.dialog) return dialogKey(state, key);
  if (state.mode === 'help') return just({ ...state, mode: 'normal' });
  if (state.mode === 'command' || state.mode === 'filter') return promptKey(state, ctx, key);
  return runBinding(state, ctx, key);
}

/** Applies every key of one input event in order, collecting effects. Stops after a quit. */
export function reduceKeys(state: UiState, keys: readonly Key[], ctx: ViewContext): Step {
  let current = state;
  const effects: Effect[] = [];
  for (const key of keys) {
    const step = reduceKey(current, key, ctx);
    current = step.state;
    effects.push(...step.effects);
    if (current.quit) break;
  }
  return { state: current, effects };
}
