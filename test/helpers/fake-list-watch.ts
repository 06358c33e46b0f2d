/**
 * A scripted `ListWatchClient` for informer unit tests: lists are answered from
 * a queue, and every watch is a channel the test pushes events into, ends or fails.
 */
import type { ResourceInfo } from '../../src/api/resources.js';
import { ConnectionError } from '../../src/client/errors.js';
import type { ListWatchClient } from '../../src/client/informer.js';
import type { KubeList, KubeObject, ListOptions, WatchEvent, WatchOptions } from '../../src/client/types.js';

/** An async iterable fed by the test; ends when its signal aborts. */
export class Channel<T> implements AsyncIterable<T> {
  private readonly items: (IteratorResult<T> | Error)[] = [];
  private wake?: () => void;

  constructor(signal?: AbortSignal) {
    signal?.addEventListener('abort', () => this.end());
  }

  push(value: T): void {
    this.enqueue({ value, done: false });
  }

  end(): void {
    this.enqueue({ value: undefined, done: true });
  }

  fail(err: Error): void {
    this.enqueue(err);
  }

  async *[Symbol.asyncIterator](): AsyncIterator<T> {
    for (;;) {
      while (!this.items.length) await new Promise<void>((resolve) => (this.wake = resolve));
      const item = this.items.shift()!;
      if (item instanceof Error) throw item;
      if (item.done) return;
      yield item.value;
    }
  }

  private enqueue(item: IteratorResult<T> | Error): void {
    this.items.push(item);
    this.wake?.();
  }
}

/** Records every list and watch call; `lists` holds the scripted answers (an Error is thrown). */
export class FakeListWatch implements ListWatchClient {
  readonly lists: (KubeList | Error)[] = [];
  readonly listCalls: ListOptions[] = [];
  readonly watches: { opts: WatchOptions; channel: Channel<WatchEvent> }[] = [];

  async listAll<T extends KubeObject>(_info: ResourceInfo, _ns: string | undefined, opts: ListOptions = {}): Promise<KubeList<T>> {
    this.listCalls.push(opts);
    const next = this.lists.shift() ?? new ConnectionError('no list scripted');
    if (next instanceof Error) throw next;
    return structuredClone(next) as KubeList<T>;
  }

  watch<T extends KubeObject>(_info: ResourceInfo, _ns: string | undefined, opts: WatchOptions = {}): AsyncIterable<WatchEvent<T>> {
    const channel = new Channel<WatchEvent>(opts.signal);
    this.watches.push({ opts, channel });
    return channel as AsyncIterable<WatchEvent<T>>;
  }

  /** The most recent watch. */
  get current(): Channel<WatchEvent> {
    return this.watches[this.watches.length - 1].channel;
  }
}

/** A minimal object with a resourceVersion. */
export function obj(name: string, rv: string, ns = 'default'): KubeObject {
  return { apiVersion: 'v1', kind: 'ConfigMap', metadata: { name, namespace: ns, resourceVersion: rv } };
}

/** A list answer at `rv`. */
export function list(rv: string, ...items: KubeObject[]): KubeList {
  return { kind: 'ConfigMapList', apiVersion: 'v1', metadata: { resourceVersion: rv }, items };
}

/** Lets pending promise chains and async generators run. */
export async function flush(): Promise<void> {
  for (let i = 0; i < 10; i++) await new Promise((resolve) => setImmediate(resolve));
}
