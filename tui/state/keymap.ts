/**
 * Key bindings as data: which key runs which action in which view. The reducer
 * looks keys up here, the help screen lists the rows that apply, and a user's
 * config can rebind keys (`rebind`) without touching code.
 */
import type { Capability } from '../registry.js';
import type { Key } from '../keys.js';

/** Every action a key can run. */
export type ActionName =
  | 'down' | 'up' | 'pageDown' | 'pageUp' | 'first' | 'last' | 'back' | 'enter' | 'command' | 'filter' | 'help'
  | 'describe' | 'yaml' | 'edit' | 'logs' | 'shell' | 'delete' | 'scale' | 'restart' | 'cordon' | 'uncordon' | 'drain' | 'trigger'
  | 'rollback' | 'mark' | 'sortName' | 'sortAge' | 'sortStatus' | 'sortRestarts' | 'sortCpu' | 'sortMemory' | 'quit'
  | 'namespace' | 'toggleWrap' | 'toggleFollow' | 'toggleTimestamps' | 'togglePrevious' | 'nextContainer' | 'logTail' | 'logWindow';

/** Where a binding applies: every view, tables, text views, or only log views. */
export type Where = 'any' | 'table' | 'text' | 'logs';

/** One binding. `needs` limits it to resources with that capability; `writes` hides it in read-only mode. */
export interface Binding {
  key: Key;
  action: ActionName;
  help: string;
  where: Where;
  needs?: Capability;
  writes?: boolean;
}

function b(key: Key, action: ActionName, help: string, where: Where = 'any', needs?: Capability, writes = false): Binding {
  return { key, action, help, where, needs, writes };
}

/**
 * Lines a log view asks for when it opens and on `0`: the last 1000, then new
 * ones as they come (older lines are not fetched). k9s's `0` ("tail") asks the
 * same way, with its `logger.tail` count.
 */
export const LOG_TAIL_LINES = 1000;

/** Time windows of keys 1-6 in the log view, in seconds. */
export const LOG_WINDOWS = [60, 300, 900, 1800, 3600, 86400] as const;
const LOG_WINDOW_LABELS = ['1m', '5m', '15m', '30m', '1h', '24h'];

/** The default bindings, k9s-style. Order is the help screen's order. */
export const DEFAULT_BINDINGS: readonly Binding[] = [
  b('?', 'help', 'Help'),
  b(':', 'command', 'Command'),
  b('/', 'filter', 'Filter (regex, !inverse, -l selector)', 'table'),
  b('esc', 'back', 'Back / clear filter'),
  b('ctrl-c', 'quit', 'Quit'),
  b('j', 'down', 'Down'), b('down', 'down', 'Down'),
  b('k', 'up', 'Up'), b('up', 'up', 'Up'),
  b('pagedown', 'pageDown', 'Page down'), b('ctrl-f', 'pageDown', 'Page down'),
  b('pageup', 'pageUp', 'Page up'), b('ctrl-b', 'pageUp', 'Page up'),
  b('g', 'first', 'Top'), b('home', 'first', 'Top'),
  b('G', 'last', 'Bottom'), b('end', 'last', 'Bottom'),
  b('enter', 'enter', 'Drill down', 'table'),
  ...['0', '1', '2', '3', '4', '5', '6', '7', '8', '9'].map((k) => b(k, 'namespace', k === '0' ? 'All namespaces' : `Namespace #${k}`, 'table')),
  b(' ', 'mark', 'Mark row', 'table'),
  b('N', 'sortName', 'Sort by name', 'table'),
  b('A', 'sortAge', 'Sort by age', 'table'),
  b('S', 'sortStatus', 'Sort by status', 'table'),
  b('R', 'sortRestarts', 'Sort by restarts', 'table'),
  b('C', 'sortCpu', 'Sort by CPU usage', 'table'),
  b('M', 'sortMemory', 'Sort by memory usage', 'table'),
  b('d', 'describe', 'Describe', 'table', 'describe'),
  b('y', 'yaml', 'YAML', 'table', 'yaml'),
  b('e', 'edit', 'Edit in $EDITOR', 'table', 'edit', true),
  b('l', 'logs', 'Logs (picks the container)', 'table', 'logs'),
  b('s', 'shell', 'Shell (picks the container)', 'table', 'shell', true),
  b('ctrl-d', 'delete', 'Delete', 'table', 'delete', true),
  b('s', 'scale', 'Scale', 'table', 'scale', true),
  b('r', 'restart', 'Restart', 'table', 'restart', true),
  b('h', 'rollback', 'Rollback to a revision (history)', 'table', 'rollback', true),
  b('c', 'cordon', 'Cordon', 'table', 'cordon', true),
  b('u', 'uncordon', 'Uncordon', 'table', 'cordon', true),
  b('r', 'drain', 'Drain', 'table', 'drain', true),
  b('t', 'trigger', 'Trigger job now', 'table', 'trigger', true),
  b('w', 'toggleWrap', 'Wrap lines', 'text'),
  b('s', 'toggleFollow', 'Autoscroll', 'logs'),
  b('t', 'toggleTimestamps', 'Timestamps', 'logs'),
  b('p', 'togglePrevious', 'Previous container', 'logs'),
  b('c', 'nextContainer', 'Next container', 'logs'),
  b('0', 'logTail', `Tail (last ${LOG_TAIL_LINES} lines, then follow)`, 'logs'),
  ...['1', '2', '3', '4', '5', '6'].map((k) => b(k, 'logWindow', `Last ${LOG_WINDOW_LABELS[Number(k) - 1]}`, 'logs')),
];

/** Bindings with some keys moved: `{ "ctrl-k": "delete" }` binds ctrl-k to delete (the old key of that action stays). */
export function rebind(bindings: readonly Binding[], overrides: Record<string, string>): Binding[] {
  const extra: Binding[] = [];
  for (const [key, action] of Object.entries(overrides)) {
    const model = bindings.find((x) => x.action === action);
    if (model) extra.push({ ...model, key });
  }
  const rebound = new Set(extra.map((x) => `${x.key}|${x.where}`));
  return [...extra, ...bindings.filter((x) => !rebound.has(`${x.key}|${x.where}`))];
}
