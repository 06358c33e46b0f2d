/**
 * The root component. Thin on purpose: it turns Ink input into keys, runs the
 * pure reducer, hands effects to the effect runner, and draws the state. It
 * redraws when the model says something changed (at most ~10 times a second)
 * and once a second so ages move.
 */
import { Box, useApp, useInput, useStdin, useStdout } from 'ink';
import { useCallback, useEffect, useMemo, useRef, useState, useSyncExternalStore } from 'react';
import { keysFrom, type InkKeyFlags } from '../keys.js';
import type { ClusterModel } from '../model/cluster-model.js';
import type { TextStore } from '../model/text-store.js';
import type { Skin } from '../skin.js';
import { suggest } from '../state/commands.js';
import type { Binding } from '../state/keymap.js';
import { activeBindings, reduceKeys } from '../state/reducer.js';
import type { ViewContext } from '../state/step.js';
import { top, type Flash, type UiState } from '../state/ui-state.js';
import { BottomLine, Crumbs, DialogView, Help } from './chrome.js';
import { runEffect, type EffectHost } from './effects.js';
import { Header, type ClusterInfo } from './header.js';
import { TableView, queryOf } from './table-view.js';
import { TextView } from './text-view.js';
import { textContent } from './live-text.js';
import { PulseHistory } from '../model/pulses.js';
import { sumAmounts } from '../model/totals.js';
import { installInkLineCache } from './ink-line-cache.js';

// Before the first frame: Ink then keeps unchanged lines' cells across frames.
await installInkLineCache();

/** Everything the app is given. */
export interface AppProps {
  model: ClusterModel;
  texts: TextStore;
  info: ClusterInfo;
  skin: Skin;
  bindings: readonly Binding[];
  aliases: Record<string, string>;
  initial: UiState;
  host: Omit<EffectHost, 'flash' | 'quit' | 'texts' | 'setDialog'>;
  /** Fixed screen size (tests); the terminal's size otherwise. */
  size?: { columns: number; rows: number };
  /** How often ages are refreshed; 1 s by default. */
  tickMs?: number;
}

/** Lines taken by header (4), crumbs, title, column header and bottom line. */
const CHROME_LINES = 8;

function useScreenSize(fixed?: { columns: number; rows: number }): { columns: number; rows: number } {
  const { stdout } = useStdout();
  const read = (): { columns: number; rows: number } => fixed ?? { columns: stdout.columns || 100, rows: stdout.rows || 30 };
  const [size, setSize] = useState(read);
  useEffect(() => {
    if (fixed) return;
    const onResize = (): void => setSize(read());
    stdout.on('resize', onResize);
    return () => void stdout.off('resize', onResize);
  }, [stdout, fixed]);
  return size;
}

/** The redkube terminal UI. */
export function App(props: AppProps) {
  const { model, texts, skin } = props;
  const app = useApp();
  const { isRawModeSupported } = useStdin();
  const size = useScreenSize(props.size);
  const pageSize = Math.max(3, size.rows - CHROME_LINES);
  const [state, setState] = useState(props.initial);
  const stateRef = useRef(state);
  const pulses = useRef(new PulseHistory()).current;
  useSyncExternalStore(useCallback((fn: () => void) => model.subscribe(fn), [model]), () => model.flushes);

  const update = useCallback((fn: (s: UiState) => UiState) => {
    stateRef.current = fn(stateRef.current);
    setState(stateRef.current);
  }, []);

  const host: EffectHost = useMemo(() => ({
    ...props.host,
    texts,
    flash: (flash: Flash) => update((s) => ({ ...s, flash })),
    setDialog: (fn) => update((s) => ({ ...s, dialog: fn(s.dialog) })),
    quit: () => app.exit(),
  }), [props.host, texts, update, app]);

  const ctx: ViewContext = useMemo(() => ({
    pageSize,
    bindings: props.bindings,
    aliases: props.aliases,
    textLines: (frame) => textContent(frame, model, texts, stateRef.current.namespace, pulses).lines.length,
    table: (frame, namespace) => {
      const table = model.table(frame.resource);
      const q = queryOf(frame, namespace);
      return {
        count: table.query(q, 0, 0).total,
        at: (i) => table.query(q, i, 1).rows[0],
      };
    },
  }), [pageSize, props.bindings, props.aliases, texts, model, pulses]);

  const onInput = useCallback((input: string, key: InkKeyFlags) => {
    const before = stateRef.current;
    const step = reduceKeys(before, keysFrom(input, key), ctx);
    update(() => step.state);
    const frame = top(step.state);
    if (step.state.mode === 'filter' && before.mode !== 'filter' && frame.kind === 'table') {
      // After this frame is out, while the user types: index the rows for the filter.
      setTimeout(() => model.table(frame.resource).prepareSearch(frame.sort), 10);
    }
    for (const effect of step.effects) void runEffect(effect, host);
  }, [ctx, host, update, model]);
  useInput(onInput, { isActive: isRawModeSupported === true });

  useEffect(() => {
    const timer = setInterval(() => model.changed(), props.tickMs ?? 1000);
    return () => clearInterval(timer);
  }, [model, props.tickMs]);

  const frame = top(state);
  const now = model.clock.now();
  const pods = model.synced('pods') ? model.table('pods').size : undefined;
  return (
    <Box flexDirection="column" width={size.columns}>
      <Header info={props.info} connection={model.connection}
        counts={{
          nodes: model.table('nodes').size, pods, allocatable: model.totals.allocatable, requested: pods === undefined ? undefined : model.totals.requested,
          used: model.usage.nodes.size ? sumAmounts(model.usage.nodes.values()) : undefined, store: model.storeInfo.facts,
        }}
        namespace={state.namespace} favorites={state.favorites} skin={skin} />
      <Crumbs frames={state.frames} skin={skin} />
      {state.mode === 'help'
        ? <Help bindings={activeBindings(state, ctx)} skin={skin} width={size.columns} height={pageSize + 2} />
        : frame.kind === 'table'
          ? <TableView model={model} frame={frame} namespace={state.namespace} pageSize={pageSize} width={size.columns} now={now} skin={skin} />
          : <TextView frame={frame} content={textContent(frame, model, texts, state.namespace, pulses)} pageSize={pageSize + 1} skin={skin} />}
      {state.dialog ? <DialogView dialog={state.dialog} skin={skin} /> : null}
      <BottomLine mode={state.mode} buffer={state.buffer} flash={state.flash} readonly={state.readonly} skin={skin}
        suggestion={state.mode === 'command' ? suggest(state.buffer, props.aliases) : undefined} />
    </Box>
  );
}
