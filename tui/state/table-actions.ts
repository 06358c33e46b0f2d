/**
 * What keys do in a resource table: moving, drilling down, sorting, marking,
 * and asking for actions (dialogs for the destructive ones, effects for I/O).
 */
import { specFor } from '../registry.js';
import type { SortColumn } from '../model/resource-table.js';
import type { ActionName } from './keymap.js';
import { flash, just, switchNamespace, withTop, type Action, type Effect, type ViewContext } from './step.js';
import { DEFAULT_DRAIN, tableFrame, top, type Dialog, type TableFrame, type Target, type TextFrame, type TextSource, type UiState } from './ui-state.js';

function frameOf(state: UiState): TableFrame {
  return top(state) as TableFrame;
}

function moveTo(state: UiState, ctx: ViewContext, cursor: (f: TableFrame, count: number) => number): UiState {
  const f = frameOf(state);
  const count = ctx.table(f, state.namespace).count;
  return withTop(state, { ...f, cursor: Math.max(0, Math.min(count - 1, cursor(f, count))) });
}

function targetOf(state: UiState, ctx: ViewContext): { target: Target; obj: Record<string, any> } | undefined {
  const f = frameOf(state);
  const row = ctx.table(f, state.namespace).at(f.cursor);
  if (!row) return undefined;
  return { target: { resource: f.resource, namespace: row.obj.metadata?.namespace, name: row.obj.metadata?.name }, obj: row.obj };
}

/** Runs `fn` on the row under the cursor, or flashes that there is none. */
function onRow(fn: (state: UiState, row: { target: Target; obj: Record<string, any> }, ctx: ViewContext) => ReturnType<Action>): Action {
  return (state, ctx) => {
    const row = targetOf(state, ctx);
    return row ? fn(state, row, ctx) : flash(state, 'no row selected', 'warn');
  };
}

function openText(state: UiState, source: TextSource, title: string, follow = false): ReturnType<Action> {
  const frame: TextFrame = { kind: 'text', id: state.nextId, title, source, top: 0, follow, wrap: false };
  return { state: { ...state, nextId: state.nextId + 1, frames: [...state.frames, frame] }, effects: [{ type: 'openText', frame }] };
}

function containerNames(pod: Record<string, any>): string[] {
  return ((pod.spec?.containers ?? []) as { name: string }[]).map((c) => c.name);
}

/** Opens the followed log view of one container (the others stay reachable with `c`). */
export function openLogs(state: UiState, target: Target, containers: string[], container: string | undefined): ReturnType<Action> {
  const log = { previous: false, timestamps: false, containers, container };
  return openText(state, { type: 'logs', target, log }, `logs ${target.name}`, true);
}

function sortBy(column: SortColumn): Action {
  return (state) => {
    const f = frameOf(state);
    const desc = f.sort.column === column ? !f.sort.desc : false;
    return just(withTop(state, { ...f, sort: { column, desc }, cursor: 0 }));
  };
}

function marked(state: UiState): Target[] {
  const f = frameOf(state);
  return f.marks.map((key) => {
    const slash = key.indexOf('/');
    return slash < 0 ? { resource: f.resource, name: key } : { resource: f.resource, namespace: key.slice(0, slash), name: key.slice(slash + 1) };
  });
}

const back: Action = (state) => {
  const f = frameOf(state);
  if (f.filter) return just(withTop(state, { ...f, filter: '', cursor: 0 }));
  if (f.marks.length) return just(withTop(state, { ...f, marks: [] }));
  if (state.frames.length > 1) return just({ ...state, frames: state.frames.slice(0, -1) });
  return just(state);
};

const enter = onRow((state, row) => {
  const drill = specFor(frameOf(state).resource).drill?.(row.obj);
  if (!drill) return flash(state, `nothing to drill into from ${row.target.name}`, 'warn');
  if ('containersOf' in drill) {
    const frame: TextFrame = { kind: 'text', id: state.nextId, title: drill.title, source: { type: 'containers', target: row.target }, top: 0, follow: false, wrap: false };
    return just({ ...state, nextId: state.nextId + 1, frames: [...state.frames, frame] });
  }
  return just({ ...state, frames: [...state.frames, tableFrame(drill.resource, drill.scope, drill.title)] });
});

const mark: Action = (state, ctx) => {
  const f = frameOf(state);
  const row = ctx.table(f, state.namespace).at(f.cursor);
  if (!row) return just(state);
  const marks = f.marks.includes(row.key) ? f.marks.filter((k) => k !== row.key) : [...f.marks, row.key];
  return just(moveTo(withTop(state, { ...f, marks }), ctx, (g) => g.cursor + 1));
};

const namespace: Action = (state, _ctx, key) => {
  if (!specFor(frameOf(state).resource).info.namespaced) return just(state);
  if (key === '0') return flash(switchNamespace(state, ''), 'all namespaces');
  const name = state.favorites[Number(key) - 1];
  return name ? flash(switchNamespace(state, name), `namespace ${name}`) : just(state);
};

/** Runs `fn` on every marked row (space), else on the row under the cursor. */
function onTargets(fn: (t: Target) => Effect, verb?: string): Action {
  return (state, ctx) => {
    if (frameOf(state).marks.length) {
      const targets = marked(state);
      const flashed = verb ? { ...state, flash: { level: 'info' as const, text: `${verb} ${targets.length} ${frameOf(state).resource}...` } } : state;
      return { state: flashed, effects: targets.map(fn) };
    }
    return onRow((s, row) => ({ state: verb ? { ...s, flash: { level: 'info', text: `${verb} ${row.target.name}...` } } : s, effects: [fn(row.target)] }))(state, ctx, ' ');
  };
}

function effectOnRow(type: 'trigger', verb: string): Action {
  return onTargets((target) => ({ type, target }), verb);
}

/** The marked rows (space), else the row under the cursor; empty when the table has none. */
function targetsOf(state: UiState, ctx: ViewContext): Target[] {
  return frameOf(state).marks.length ? marked(state) : [targetOf(state, ctx)?.target].filter((t): t is Target => !!t);
}

/** Opens a confirmation dialog for the marked rows or the cursor row, as k9s asks before a restart or a drain. */
function confirmOn(dialog: (targets: Target[]) => Dialog): Action {
  return (state, ctx) => {
    const targets = targetsOf(state, ctx);
    return targets.length ? just({ ...state, dialog: dialog(targets) }) : flash(state, 'no row selected', 'warn');
  };
}

function cordon(unschedulable: boolean): Action {
  return onTargets((target) => ({ type: 'cordon', target, unschedulable }));
}

/** Table actions by name. */
export const TABLE_ACTIONS: Partial<Record<ActionName, Action>> = {
  down: (s, ctx) => just(moveTo(s, ctx, (f) => f.cursor + 1)),
  up: (s, ctx) => just(moveTo(s, ctx, (f) => f.cursor - 1)),
  pageDown: (s, ctx) => just(moveTo(s, ctx, (f) => f.cursor + ctx.pageSize)),
  pageUp: (s, ctx) => just(moveTo(s, ctx, (f) => f.cursor - ctx.pageSize)),
  first: (s, ctx) => just(moveTo(s, ctx, () => 0)),
  last: (s, ctx) => just(moveTo(s, ctx, (_f, count) => count - 1)),
  back,
  enter,
  mark,
  namespace,
  filter: (s) => just({ ...s, mode: 'filter', buffer: frameOf(s).filter }),
  sortName: sortBy('name'),
  sortAge: sortBy('age'),
  sortStatus: sortBy('status'),
  sortRestarts: sortBy('restarts'),
  sortCpu: sortBy('cpu'),
  sortMemory: sortBy('memory'),
  describe: onRow((s, row) => openText(s, { type: 'describe', target: row.target }, `describe ${row.target.name}`)),
  yaml: onRow((s, row) => openText(s, { type: 'yaml', target: row.target }, `yaml ${row.target.name}`)),
  logs: onRow((s, row) => {
    const containers = containerNames(row.obj);
    if (containers.length > 1) return just({ ...s, dialog: { kind: 'container', target: row.target, containers, cursor: 0, purpose: 'logs' } });
    return openLogs(s, row.target, containers, containers[0]);
  }),
  edit: onRow((state, row) => ({ state: { ...state, flash: { level: 'info', text: `editing ${row.target.name}...` } }, effects: [{ type: 'edit', target: row.target }] })),
  shell: onRow((state, row) => {
    const containers = containerNames(row.obj);
    if (containers.length > 1) return just({ ...state, dialog: { kind: 'container', target: row.target, containers, cursor: 0, purpose: 'shell' } });
    return { state, effects: [{ type: 'shell', target: row.target, container: containers[0] }] };
  }),
  restart: confirmOn((targets) => ({ kind: 'restart', targets })),
  trigger: effectOnRow('trigger', 'triggering'),
  drain: confirmOn((targets) => ({ kind: 'drain', targets, options: DEFAULT_DRAIN })),
  cordon: cordon(true),
  uncordon: cordon(false),
  delete: confirmOn((targets) => ({ kind: 'delete', targets, propagation: 0, force: false })),
  rollback: onRow((state, row) => ({
    state: { ...state, dialog: { kind: 'rollback', target: row.target, cursor: 0, confirm: false } },
    effects: [{ type: 'loadRevisions', target: row.target }],
  })),
  scale: onRow((state, row) => just({ ...state, dialog: { kind: 'scale', target: row.target, value: '', current: row.obj.spec?.replicas ?? 1 } })),
};
