/**
 * Test fixture for the terminal UI: mounts the real `App` with
 * ink-testing-library against a real apiserver, types keys into its stdin and
 * polls `lastFrame()` for what a person would see.
 */
import { render } from 'ink-testing-library';
import { RestClient } from '../../src/client/index.js';
import { Dao } from '../../tui/dao/dao.js';
import { ClusterModel } from '../../tui/model/cluster-model.js';
import { TextStore } from '../../tui/model/text-store.js';
import { DEFAULT_SKIN } from '../../tui/skin.js';
import { DEFAULT_BINDINGS, type Binding } from '../../tui/state/keymap.js';
import { initialState, type InitialOptions } from '../../tui/state/ui-state.js';
import { App } from '../../tui/view/app.js';

/** A mounted UI. */
export interface MountedUi {
  model: ClusterModel;
  client: RestClient;
  frame(): string;
  /** Writes raw input, as a terminal would send it. */
  press(input: string): void;
  /** Polls the screen until `pred` holds; throws with the last screen after `timeoutMs`. */
  waitFor(pred: (screen: string) => boolean, what: string, timeoutMs?: number): Promise<string>;
  unmount(): Promise<void>;
}

/** Options of `mountUi`. */
export interface MountOptions extends InitialOptions {
  bindings?: Binding[];
  aliases?: Record<string, string>;
  editor?: string;
  /** The `rk` command line (with connection flags) used for shells. */
  rk?: string[];
  rows?: number;
}

/** Mounts the UI against `server` (plain HTTP, no token, as `startTestCluster` serves). */
export function mountUi(server: string, opts: MountOptions = {}): MountedUi {
  const client = new RestClient({ server });
  const model = new ClusterModel({ client, maxFps: 50, probeMs: 200 });
  const texts = new TextStore(() => model.changed());
  const info = { context: 'test-ctx', server, user: 'tester', redkubeVersion: '0.1.0', serverVersion: 'v1.32.0' };
  const host = { dao: new Dao(client), suspend: (fn: () => void) => fn(), editor: opts.editor ?? 'true', rk: opts.rk ?? ['false'] };
  const ui = render(
    <App model={model} texts={texts} info={info} skin={DEFAULT_SKIN} bindings={opts.bindings ?? DEFAULT_BINDINGS}
      aliases={opts.aliases ?? {}} initial={initialState(opts)} host={host} size={{ columns: 140, rows: opts.rows ?? 30 }} tickMs={200} />,
  );
  const frame = (): string => ui.lastFrame() ?? '';
  return {
    model, client, frame,
    press: (input) => ui.stdin.write(input),
    async waitFor(pred, what, timeoutMs = 10_000) {
      const deadline = Date.now() + timeoutMs;
      for (;;) {
        const screen = frame();
        if (pred(screen)) return screen;
        if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}; screen:\n${screen}`);
        await new Promise((r) => setTimeout(r, 20));
      }
    },
    async unmount() {
      ui.unmount();
      ui.cleanup();
      texts.closeAll();
      await model.stop();
      client.close();
    },
  };
}
