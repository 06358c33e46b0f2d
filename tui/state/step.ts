/**
 * The vocabulary of the reducer: what it may ask the model (`ViewContext`),
 * what it asks the app to do (`Effect`), and the small helpers every action
 * uses to produce a `Step`.
 */
import type { Key } from '../keys.js';
import type { Binding } from './keymap.js';
import type { DrainOptions, Frame, TableFrame, Target, TextFrame, UiState } from './ui-state.js';

/** Reads the rows of a table frame as they are right now. */
export interface TableAccess {
  count: number;
  at(index: number): { key: string; obj: Record<string, any> } | undefined;
}

/** What the reducer may ask about the world; all answers are synchronous reads of the model. */
export interface ViewContext {
  /** Rows visible per page. */
  pageSize: number;
  table(frame: TableFrame, namespace: string): TableAccess;
  /** Lines a text frame currently has. */
  textLines(frame: TextFrame): number;
  bindings: readonly Binding[];
  /** User aliases (alias -> resource). */
  aliases: Record<string, string>;
}

/** I/O the app performs after a key: the reducer only asks for it. */
export type Effect =
  | { type: 'quit' }
  | { type: 'openText'; frame: TextFrame }
  | { type: 'closeText'; id: number }
  | { type: 'delete'; targets: Target[]; propagation: 'Background' | 'Foreground' | 'Orphan'; force: boolean }
  | { type: 'scale'; target: Target; replicas: number }
  | { type: 'restart' | 'trigger' | 'edit'; target: Target }
  | { type: 'drain'; target: Target; options: DrainOptions }
  | { type: 'shell'; target: Target; container?: string }
  | { type: 'cordon'; target: Target; unschedulable: boolean }
  | { type: 'loadRevisions'; target: Target }
  | { type: 'rollback'; target: Target; revision: number };

/** The result of one action or key. */
export interface Step {
  state: UiState;
  effects: Effect[];
}

/** An action's implementation. */
export type Action = (state: UiState, ctx: ViewContext, key: Key) => Step;

/** Replaces the top frame. */
export function withTop(state: UiState, frame: Frame): UiState {
  return { ...state, frames: [...state.frames.slice(0, -1), frame] };
}

/** A step that only changes state. */
export function just(state: UiState): Step {
  return { state, effects: [] };
}

/** A step that shows a flash line. */
export function flash(state: UiState, text: string, level: 'info' | 'warn' | 'error' = 'info'): Step {
  return just({ ...state, flash: { level, text } });
}

/** Sets the global namespace and remembers it on keys 1-9. */
export function switchNamespace(state: UiState, name: string): UiState {
  const favorites = name ? [name, ...state.favorites.filter((n) => n !== name)].slice(0, 9) : state.favorites;
  const frames = state.frames.map((f) => (f.kind === 'table' ? { ...f, cursor: 0, marks: [] } : f));
  return { ...state, namespace: name, favorites, frames };
}

