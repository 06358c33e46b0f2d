/**
 * Terminal UI benchmark: the real `App` (Ink + React, the real model, tables
 * and renderers) over 100,000 pods on 1,000 nodes, fed by an in-process
 * list/watch source so the figures are the UI's own, not the apiserver's
 * (see bench:apiserver for that). Ink writes to a fake 160x50 terminal.
 *
 * Measures: start to first full frame; keypress-to-frame latency (p50/p99)
 * for scrolling, typing a filter and switching views; frame time while 1,000
 * pods/s change; RSS. Prints the figures, then one JSON line (the last line).
 *
 *   npm run bench:tui [-- --pods 100000 --churn-seconds 5]
 */
import { EventEmitter } from 'node:events';
import { createElement } from 'react';
import type { ResourceInfo } from '../src/api/resources.js';
import { RestClient, type KubeList, type KubeObject, type ListOptions, type WatchEvent, type WatchOptions } from '../src/client/index.js';
import { Dao } from '../tui/dao/dao.js';
import { ClusterModel, type ModelClient } from '../tui/model/cluster-model.js';
import { TextStore } from '../tui/model/text-store.js';
import { DEFAULT_SKIN } from '../tui/skin.js';
import { DEFAULT_BINDINGS } from '../tui/state/keymap.js';
import { initialState } from '../tui/state/ui-state.js';
import { App } from '../tui/view/app.js';

const arg = (name: string, def: number): number => {
  const i = process.argv.indexOf(`--${name}`);
  return i > 0 ? Number(process.argv[i + 1]) : def;
};
const PODS = arg('pods', 100_000);
const NODES = arg('nodes', 1000);
const NAMESPACES = 20;
const CHURN_PER_SECOND = arg('churn', 1000);
const CHURN_SECONDS = arg('churn-seconds', 5);

function makePod(i: number, rv: number, restarts = 0): KubeObject {
  const ns = `ns-${i % NAMESPACES}`;
  const name = `app-${i % 500}-${i.toString(36)}`;
  return {
    apiVersion: 'v1', kind: 'Pod',
    metadata: {
      name, namespace: ns, uid: `uid-${i}`, resourceVersion: String(rv), creationTimestamp: new Date(Date.now() - i * 1000).toISOString(),
      labels: { app: `app-${i % 500}`, tier: i % 3 ? 'web' : 'db' },
      ownerReferences: [{ apiVersion: 'apps/v1', kind: 'ReplicaSet', name: `app-${i % 500}-rs`, uid: `rs-${i % 500}`, controller: true }],
    },
    spec: { nodeName: `sim-${i % NODES}`, containers: [{ name: 'main', image: 'registry.local/app:1' }] },
    status: {
      phase: 'Running', podIP: `10.${(i >> 16) & 255}.${(i >> 8) & 255}.${i & 255}`, startTime: new Date().toISOString(),
      conditions: [{ type: 'Ready', status: 'True' }],
      containerStatuses: [{ name: 'main', ready: true, restartCount: restarts, image: 'registry.local/app:1', imageID: '', state: { running: { startedAt: new Date().toISOString() } } }],
    },
  } as KubeObject;
}

/** An async queue of watch events the benchmark pushes into. */
class EventQueue implements AsyncIterable<WatchEvent> {
  private items: WatchEvent[] = [];
  private wake?: () => void;
  private ended = false;
  push(...events: WatchEvent[]): void {
    this.items.push(...events);
    this.wake?.();
  }
  end(): void {
    this.ended = true;
    this.wake?.();
  }
  async *[Symbol.asyncIterator](): AsyncIterator<WatchEvent> {
    for (;;) {
      while (!this.items.length && !this.ended) await new Promise<void>((r) => (this.wake = r));
      if (this.ended) return;
      const batch = this.items;
      this.items = [];
      yield* batch;
    }
  }
}

class FakeCluster implements ModelClient {
  readonly podWatch = new EventQueue();
  private readonly watches: EventQueue[] = [];
  constructor(private readonly pods: KubeObject[], private readonly nodes: KubeObject[]) {}
  async listAll<T extends KubeObject>(info: ResourceInfo, _ns: string | undefined, _opts?: ListOptions): Promise<KubeList<T>> {
    const items = info.resource === 'pods' ? this.pods : info.resource === 'nodes' ? this.nodes : [];
    return { metadata: { resourceVersion: '1' }, items: items as T[] };
  }
  watch<T extends KubeObject>(info: ResourceInfo, _ns: string | undefined, opts?: WatchOptions): AsyncIterable<WatchEvent<T>> {
    const q = info.resource === 'pods' ? this.podWatch : new EventQueue();
    this.watches.push(q);
    opts?.signal?.addEventListener('abort', () => q.end());
    return q as unknown as AsyncIterable<WatchEvent<T>>;
  }
  async request<T>(): Promise<T> {
    return { gitVersion: 'v1.32.0' } as T;
  }
}

/** A terminal: records when each frame was written. */
class FakeStdout extends EventEmitter {
  columns = 160;
  rows = 50;
  isTTY = true;
  write = (s: string): boolean => {
    this.emit('frame', s);
    return true;
  };
}

/** A keyboard, as ink-testing-library models one. */
class FakeStdin extends EventEmitter {
  isTTY = true;
  private data: string | null = null;
  write(data: string): void {
    this.data = data;
    this.emit('readable');
  }
  read(): string | null {
    const d = this.data;
    this.data = null;
    return d;
  }
  setEncoding(): void {}
  setRawMode(): void {}
  resume(): void {}
  pause(): void {}
  ref(): void {}
  unref(): void {}
}

function nextFrame(out: FakeStdout, match?: (s: string) => boolean, timeoutMs = 10_000): Promise<number> {
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error('no frame')), timeoutMs);
    const on = (s: string): void => {
      if (match && !match(s)) return;
      clearTimeout(timer);
      out.off('frame', on);
      resolve(performance.now());
    };
    out.on('frame', on);
  });
}

function pct(xs: number[], p: number): number {
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.min(s.length - 1, Math.floor((p / 100) * s.length))] ?? NaN;
}

const renderTimes: number[] = [];
const sleep = (ms: number): Promise<void> => new Promise((r) => setTimeout(r, ms));

async function press(stdin: FakeStdin, out: FakeStdout, keys: string, match?: (s: string) => boolean): Promise<number> {
  await sleep(40); // a person's typing pace: frames from the previous key have settled
  const t0 = performance.now();
  const frame = nextFrame(out, match);
  stdin.write(keys);
  return (await frame) - t0;
}

/** Keypress-to-frame latencies: scrolling, typing filters, switching views. */
async function keyLatencies(stdin: FakeStdin, stdout: FakeStdout): Promise<{ scroll: number[]; filter: number[]; views: number[] }> {
  const scroll: number[] = [];
  for (let i = 0; i < 60; i++) scroll.push(await press(stdin, stdout, i % 10 === 9 ? '\x1b[6~' : 'j'));
  const filter: number[] = [];
  for (const round of [0, 1, 2]) {
    filter.push(await press(stdin, stdout, '/'));
    for (const ch of `app-${round + 7}`) filter.push(await press(stdin, stdout, ch));
    filter.push(await press(stdin, stdout, '\r'));
    filter.push(await press(stdin, stdout, '\x1b'));
  }
  const views: number[] = [];
  for (let i = 0; i < 10; i++) {
    views.push(await press(stdin, stdout, ':no\r', (s) => s.includes('nodes[')));
    views.push(await press(stdin, stdout, ':po\r', (s) => s.includes('pods(all)[')));
    views.push(await press(stdin, stdout, ':deploy\r', (s) => s.includes('deployments(all)[')));
    views.push(await press(stdin, stdout, ':po\r', (s) => s.includes('pods(all)[')));
  }
  return { scroll, filter, views };
}

/** 1,000 pod updates per second in 10 batches: each frame's time from the model's notification, and event-to-screen delay. */
async function churn(cluster: FakeCluster, model: ClusterModel, stdout: FakeStdout): Promise<{ frameTimes: number[]; eventToFrame: number[]; frames: number }> {
  const frameTimes: number[] = [];
  const eventToFrame: number[] = [];
  let flushAt = 0;
  const unsubscribe = model.subscribe(() => { flushAt = performance.now(); });
  const onFrame = (): void => {
    if (flushAt) frameTimes.push(performance.now() - flushAt);
    flushAt = 0;
  };
  stdout.on('frame', onFrame);
  let rv = PODS + 10;
  const framesBefore = renderTimes.length;
  for (let tick = 0; tick < CHURN_SECONDS * 10; tick++) {
    const batch: WatchEvent[] = [];
    for (let k = 0; k < CHURN_PER_SECOND / 10; k++) batch.push({ type: 'MODIFIED', object: makePod(Math.floor(Math.random() * PODS), rv++, tick + 1) });
    const pushed = performance.now();
    const seen = nextFrame(stdout);
    cluster.podWatch.push(...batch);
    eventToFrame.push((await seen) - pushed);
    await sleep(Math.max(0, 100 - (performance.now() - pushed)));
  }
  stdout.off('frame', onFrame);
  unsubscribe();
  return { frameTimes, eventToFrame, frames: renderTimes.length - framesBefore };
}

/** Starts the app over the fake cluster; resolves with it once the first frame shows every pod. */
async function startApp(cluster: FakeCluster, stdout: FakeStdout, stdin: FakeStdin) {
  const { render } = await import('ink');
  const start = performance.now();
  const model = new ClusterModel({ client: cluster });
  const texts = new TextStore(() => model.changed());
  const info = { context: 'bench', server: 'in-process', user: 'bench', redkubeVersion: '0.1.0', serverVersion: 'v1.32.0' };
  const firstFrame = nextFrame(stdout, (s) => s.includes(`[${PODS}]`), 60_000);
  // No action key is pressed in the benchmark, so the dao's client never connects anywhere.
  const host = { dao: new Dao(new RestClient({ server: 'http://127.0.0.1:9' })), suspend: (fn: () => void) => fn(), editor: 'true', rk: ['false'] };
  const instance = render(createElement(App, {
    model, texts, info, skin: DEFAULT_SKIN, bindings: DEFAULT_BINDINGS, aliases: {}, initial: initialState({ namespace: '' }), host,
  }), {
    stdout: stdout as never, stdin: stdin as never, exitOnCtrlC: false, patchConsole: false, maxFps: 60,
    onRender: ({ renderTime }: { renderTime: number }) => void renderTimes.push(renderTime),
  });
  return { model, instance, firstFrameMs: (await firstFrame) - start };
}

const ms = (xs: number[], p: number): number => +pct(xs, p).toFixed(1);

async function main(): Promise<void> {
  const t0 = performance.now();
  const pods = Array.from({ length: PODS }, (_, i) => makePod(i, 2 + i));
  const nodes = Array.from({ length: NODES }, (_, i) => ({
    apiVersion: 'v1', kind: 'Node', metadata: { name: `sim-${i}`, resourceVersion: '1', creationTimestamp: new Date().toISOString() },
    status: { conditions: [{ type: 'Ready', status: 'True' }] },
  }));
  console.log(`generated ${PODS} pod objects in ${(performance.now() - t0).toFixed(0)} ms (not counted)`);
  const cluster = new FakeCluster(pods, nodes);
  const stdout = new FakeStdout();
  const stdin = new FakeStdin();
  const { model, instance, firstFrameMs } = await startApp(cluster, stdout, stdin);
  const { scroll, filter, views } = await keyLatencies(stdin, stdout);
  const c = await churn(cluster, model, stdout);
  global.gc?.();
  const mem = process.memoryUsage();
  const keyAll = [...scroll, ...filter, ...views];
  const result = {
    pods: PODS, nodes: NODES, first_frame_ms: Math.round(firstFrameMs),
    scroll_p50_ms: ms(scroll, 50), scroll_p99_ms: ms(scroll, 99), filter_p50_ms: ms(filter, 50), filter_p99_ms: ms(filter, 99),
    view_switch_p50_ms: ms(views, 50), view_switch_p99_ms: ms(views, 99), key_p50_ms: ms(keyAll, 50), key_p99_ms: ms(keyAll, 99),
    frame_ms_under_churn: ms(c.frameTimes, 50), frame_p99_ms_under_churn: ms(c.frameTimes, 99),
    event_to_frame_p50_ms: ms(c.eventToFrame, 50), event_to_frame_p99_ms: ms(c.eventToFrame, 99),
    churn_updates_per_s: CHURN_PER_SECOND, churn_frames_per_s: +(c.frames / CHURN_SECONDS).toFixed(1),
    rss_mb: Math.round(mem.rss / 2 ** 20), heap_used_mb: Math.round(mem.heapUsed / 2 ** 20), heap_total_mb: Math.round(mem.heapTotal / 2 ** 20), external_mb: Math.round(mem.external / 2 ** 20),
  };
  console.log(`first full frame:         ${result.first_frame_ms} ms`);
  console.log(`scroll key -> frame:      p50 ${result.scroll_p50_ms} ms, p99 ${result.scroll_p99_ms} ms`);
  console.log(`filter key -> frame:      p50 ${result.filter_p50_ms} ms, p99 ${result.filter_p99_ms} ms`);
  console.log(`view switch -> frame:     p50 ${result.view_switch_p50_ms} ms, p99 ${result.view_switch_p99_ms} ms`);
  console.log(`frame under ${CHURN_PER_SECOND}/s churn:  p50 ${result.frame_ms_under_churn} ms, p99 ${result.frame_p99_ms_under_churn} ms (${result.churn_frames_per_s} frames/s)`);
  console.log(`event -> frame:           p50 ${result.event_to_frame_p50_ms} ms, p99 ${result.event_to_frame_p99_ms} ms`);
  console.log(`ink render alone:         p50 ${ms(renderTimes, 50)} ms, p99 ${ms(renderTimes, 99)} ms`);
  console.log(`RSS ${result.rss_mb} MB, heap ${result.heap_used_mb} MB used of ${result.heap_total_mb} MB, external ${result.external_mb} MB`);
  instance.unmount();
  await model.stop();
  console.log(JSON.stringify(result));
}

await main();
