/**
 * `rk ui` entry: builds the client, model, dao and stores, renders the Ink app
 * and tears everything down when it exits. Loaded lazily by the CLI so other
 * commands never pay for importing Ink and React.
 */
import { render } from 'ink';
import { RestClient, loadKubeconfig } from '../src/client/index.js';
import { contextUser, clusterInfo } from './cluster-info.js';
import { loadConfig } from './config.js';
import { Dao } from './dao/dao.js';
import { ClusterModel } from './model/cluster-model.js';
import { TextStore } from './model/text-store.js';
import { specByAlias } from './registry.js';
import { rkCommand } from './rk-command.js';
import { loadSkin } from './skin.js';
import { initialState } from './state/ui-state.js';
import { App } from './view/app.js';

/** Options of `rk ui`. */
export interface UiOptions {
  kubeconfig?: string;
  context?: string;
  namespace?: string;
  allNamespaces?: boolean;
  resource?: string;
  readonly?: boolean;
  skin?: string;
  config?: string;
  /** Highest redraw rate, frames per second. */
  fps?: number;
}

/** Runs the UI until the user quits. Throws before drawing anything when the kubeconfig, skin or config is bad. */
export async function runUi(opts: UiOptions): Promise<void> {
  if (!process.stdin.isTTY) throw new Error('needs an interactive terminal (stdin is not a TTY)');
  const cfg = loadKubeconfig(opts.kubeconfig, { context: opts.context });
  const client = new RestClient({ server: cfg.server, token: cfg.token, ca: cfg.ca, cert: cfg.cert, key: cfg.key, insecure: cfg.insecure, userAgent: 'rk-ui' });
  const skin = loadSkin(opts.skin);
  const config = loadConfig(opts.config);
  const resource = opts.resource ? specByAlias(opts.resource, config.aliases)?.info.resource : 'pods';
  if (!resource) throw new Error(`no resource named "${opts.resource}"`);
  const kubeconfigPath = opts.kubeconfig ?? process.env.KUBECONFIG?.split(':')[0] ?? `${process.env.HOME}/.kube/config`;
  const info = await clusterInfo(client, cfg.contextName, contextUser(kubeconfigPath, cfg.contextName));
  const model = new ClusterModel({ client, maxFps: opts.fps });
  const texts = new TextStore(() => model.changed());
  const initial = initialState({ resource, namespace: opts.allNamespaces ? '' : opts.namespace ?? cfg.namespace, readonly: opts.readonly });
  let instance: ReturnType<typeof render> | undefined;
  // Like k9s, draw on the terminal's alternate screen so quitting gives the shell its screen back.
  const altScreen = (on: boolean): void => void process.stdout.write(on ? '\x1b[?1049h\x1b[H' : '\x1b[?1049l');
  const suspend = (fn: () => void): void => {
    process.stdin.setRawMode(false);
    altScreen(false);
    try {
      fn();
    } finally {
      altScreen(true);
      process.stdin.setRawMode(true);
      instance?.clear();
      model.changed();
    }
  };
  const host = { dao: new Dao(client), suspend, editor: process.env.EDITOR || process.env.VISUAL || 'vi', rk: rkCommand(opts.kubeconfig, cfg.contextName) };
  altScreen(true);
  instance = render(
    <App model={model} texts={texts} info={info} skin={skin} bindings={config.bindings} aliases={config.aliases} initial={initial} host={host} />,
    { exitOnCtrlC: false },
  );
  try {
    await instance.waitUntilExit();
  } finally {
    altScreen(false);
    texts.closeAll();
    await model.stop();
    client.close();
  }
}
