/**
 * What keys do in a text view (describe, YAML, logs): scrolling, going back,
 * and the log view's toggles, which reopen the stream with new options.
 */
import type { ActionName } from './keymap.js';
import { LOG_WINDOWS } from './keymap.js';
import { just, withTop, type Action, type ViewContext } from './step.js';
import { top, type LogOptions, type TextFrame, type UiState } from './ui-state.js';

function frameOf(state: UiState): TextFrame {
  return top(state) as TextFrame;
}

function scroll(to: (f: TextFrame, lines: number, page: number) => number): Action {
  return (state, ctx: ViewContext) => {
    const f = frameOf(state);
    const lines = ctx.textLines(f);
    const max = Math.max(0, lines - ctx.pageSize);
    const next = Math.max(0, Math.min(max, to(f, lines, ctx.pageSize)));
    return just(withTop(state, { ...f, top: next, follow: f.follow && next >= max }));
  };
}

/** Reopens the log stream of the top frame with changed options, under a fresh id. */
function relog(change: (log: LogOptions, key: string) => LogOptions): Action {
  return (state, _ctx, key) => {
    const f = frameOf(state);
    if (f.source.type !== 'logs') return just(state);
    const frame: TextFrame = { ...f, id: state.nextId, top: 0, follow: true, source: { ...f.source, log: change(f.source.log, key) } };
    return {
      state: { ...withTop(state, frame), nextId: state.nextId + 1 },
      effects: [{ type: 'closeText', id: f.id }, { type: 'openText', frame }],
    };
  };
}

/** Text actions by name. */
export const TEXT_ACTIONS: Partial<Record<ActionName, Action>> = {
  down: scroll((f) => f.top + 1),
  up: scroll((f) => f.top - 1),
  pageDown: scroll((f, _l, page) => f.top + page),
  pageUp: scroll((f, _l, page) => f.top - page),
  first: scroll(() => 0),
  last: (state, ctx) => {
    const f = frameOf(state);
    return just(withTop(state, { ...f, top: Math.max(0, ctx.textLines(f) - ctx.pageSize), follow: true }));
  },
  back: (state) => {
    if (state.frames.length < 2) return just(state);
    return { state: { ...state, frames: state.frames.slice(0, -1) }, effects: [{ type: 'closeText', id: frameOf(state).id }] };
  },
  toggleWrap: (state) => just(withTop(state, { ...frameOf(state), wrap: !frameOf(state).wrap })),
  toggleFollow: (state) => just(withTop(state, { ...frameOf(state), follow: !frameOf(state).follow })),
  toggleTimestamps: relog((log) => ({ ...log, timestamps: !log.timestamps })),
  togglePrevious: relog((log) => ({ ...log, previous: !log.previous })),
  nextContainer: relog((log) => {
    const list = log.containers ?? [];
    return { ...log, container: list[(list.indexOf(log.container ?? '') + 1) % Math.max(1, list.length)] ?? log.container };
  }),
  logTail: relog((log) => ({ ...log, sinceSeconds: undefined })),
  logWindow: relog((log, key) => ({ ...log, sinceSeconds: LOG_WINDOWS[Number(key) - 1] })),
};
