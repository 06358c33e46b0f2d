/**
 * The UI's whole state as plain data: a stack of frames (the breadcrumb), the
 * global namespace and favourites (keys 0-9), the input mode and its buffer,
 * an optional dialog and the flash line. The reducer is the only writer; the
 * view draws it; effects carry everything that needs I/O.
 */
import type { SortSpec } from '../model/resource-table.js';
import type { Scope } from '../registry.js';
import type { XrayRoot } from '../render/xray.js';
import type { RevisionRow } from '../model/revisions.js';
import type { DrainFlags } from '../../src/cli/nodes/plan.js';

/** An object an action applies to. */
export interface Target {
  resource: string;
  namespace?: string;
  name: string;
}

/** A resource table. `marks` are keys selected with space. */
export interface TableFrame {
  kind: 'table';
  resource: string;
  scope: Scope;
  title: string;
  cursor: number;
  sort: SortSpec;
  filter: string;
  marks: string[];
}

/** Log stream options the log view's keys toggle. */
export interface LogOptions {
  container?: string;
  /** Containers of the pod, for the `c` key's picker. */
  containers?: string[];
  previous: boolean;
  timestamps: boolean;
  /** Only lines newer than this many seconds; undefined = from the tail. */
  sinceSeconds?: number;
}

/** What a text frame shows. */
export type TextSource =
  | { type: 'describe' | 'yaml'; target: Target }
  | { type: 'logs'; target: Target; log: LogOptions }
  | { type: 'xray'; root: XrayRoot }
  | { type: 'containers'; target: Target }
  | { type: 'pulses' };

/** A scrollable text (describe, YAML, logs). Content lives outside the state, keyed by `id`. */
export interface TextFrame {
  kind: 'text';
  id: number;
  title: string;
  source: TextSource;
  /** First line shown. */
  top: number;
  /** Stick to the end as lines arrive (logs' autoscroll). */
  follow: boolean;
  wrap: boolean;
}

/** A breadcrumb entry. */
export type Frame = TableFrame | TextFrame;

/** What keys currently go to. */
export type Mode = 'normal' | 'command' | 'filter' | 'help';

/** Propagation policies offered by the delete dialog, in order. */
export const PROPAGATIONS = ['Background', 'Foreground', 'Orphan'] as const;

/** The drain dialog's choices: `rk drain`'s (and kubectl's) --ignore-daemonsets, --delete-emptydir-data and --force, each set. */
export type DrainOptions = Required<DrainFlags>;

/** What the drain dialog opens with: `kubectl drain --ignore-daemonsets --delete-emptydir-data`, unmanaged pods refused. */
export const DEFAULT_DRAIN: DrainOptions = { ignoreDaemonSets: true, deleteEmptyDirData: true, force: false };

/** How long a drain from the UI waits for its pods to go before it gives up (the node stays cordoned), like k9s's drain timeout. */
export const DRAIN_TIMEOUT_MS = 120_000;

/** A modal dialog; it takes every key until confirmed or cancelled. */
export type Dialog =
  | { kind: 'delete'; targets: Target[]; propagation: number; force: boolean }
  /** Drain confirmation with the options of `kubectl drain`, toggled before confirming. */
  | { kind: 'drain'; targets: Target[]; options: DrainOptions }
  /** Rolling-restart confirmation. */
  | { kind: 'restart'; targets: Target[] }
  | { kind: 'scale'; target: Target; value: string; current: number }
  /** Which container of a multi-container pod to show logs of or shell into. */
  | { kind: 'container'; target: Target; containers: string[]; cursor: number; purpose: 'logs' | 'shell' }
  /** The rollback picker: `revisions` is undefined while loading; `confirm` is the second step. */
  | { kind: 'rollback'; target: Target; revisions?: RevisionRow[]; cursor: number; confirm: boolean };

/** The flash line: the last confirmation or error. */
export interface Flash {
  level: 'info' | 'warn' | 'error';
  text: string;
}

/** The UI state. Invariant: `frames` is never empty. */
export interface UiState {
  frames: Frame[];
  /** '' = all namespaces. */
  namespace: string;
  /** Namespaces on keys 1-9 (0 is all). */
  favorites: string[];
  mode: Mode;
  buffer: string;
  dialog?: Dialog;
  flash?: Flash;
  readonly: boolean;
  nextId: number;
  /** Set by `:q`; the app exits. */
  quit: boolean;
}

/** Options of the first state. */
export interface InitialOptions {
  resource?: string;
  namespace?: string;
  readonly?: boolean;
}

/** A new table frame with the default sort. */
export function tableFrame(resource: string, scope: Scope = {}, title = resource): TableFrame {
  return { kind: 'table', resource, scope, title, cursor: 0, sort: { column: 'name', desc: false }, filter: '', marks: [] };
}

/** The state the UI opens with: pods in the kubeconfig's namespace. */
export function initialState(opts: InitialOptions = {}): UiState {
  const namespace = opts.namespace ?? 'default';
  return {
    frames: [tableFrame(opts.resource ?? 'pods')],
    namespace,
    favorites: namespace ? [namespace] : [],
    mode: 'normal',
    buffer: '',
    readonly: opts.readonly ?? false,
    nextId: 1,
    quit: false,
  };
}

/** The frame on top of the stack. */
export function top(state: UiState): Frame {
  return state.frames[state.frames.length - 1]!;
}
