/**
 * `RestClient`: the typed verbs of the Kubernetes REST API over one keep-alive
 * connection pool. Every redkube component reaches the apiserver through it;
 * failures are `ApiError` (the server's `Status`, reason and code preserved) or
 * `ConnectionError` (the server could not be reached).
 */
import type { ResourceInfo } from '../api/resources.js';
import { apiVersionOf } from '../api/resources.js';
import type { Status } from '../api/errors.js';
import { HttpTransport, type TransportOptions } from './http-transport.js';
import { queryString, resourcePath } from './paths.js';
import { decodeWatch } from './watch-stream.js';
import type {
  CallOptions, DeleteCollectionOptions, DeleteOptions, KubeList, KubeObject, ListOptions, PatchOptions,
  PatchType, Query, RawRequestOptions, WatchEvent, WatchOptions, WriteOptions,
} from './types.js';

/** How to reach the apiserver; see `TransportOptions` for each field. */
export type RestClientOptions = TransportOptions;

/** Content type of each patch flavour, as the apiserver expects it. */
export const PATCH_CONTENT_TYPES: Record<PatchType, string> = {
  merge: 'application/merge-patch+json',
  json: 'application/json-patch+json',
  strategic: 'application/strategic-merge-patch+json',
  apply: 'application/apply-patch+yaml',
};

/** Page size `listAll` asks for when the caller gives none. */
export const DEFAULT_PAGE_SIZE = 500;

/** Seconds a watch stream may stay silent beyond its `timeoutSeconds` before the client drops it as dead. */
const WATCH_GRACE_SECONDS = 30;

function nameOf(obj: KubeObject): { namespace?: string; name: string } {
  const name = obj.metadata?.name;
  if (!name) throw new TypeError(`object of kind ${obj.kind ?? 'unknown'} has no metadata.name`);
  return { namespace: obj.metadata?.namespace, name };
}

function writeQuery(opts: WriteOptions | undefined): Query {
  return { dryRun: opts?.dryRun ? 'All' : undefined, fieldManager: opts?.fieldManager };
}

function deleteBody(opts: DeleteOptions | undefined): object {
  return {
    kind: 'DeleteOptions', apiVersion: 'v1',
    propagationPolicy: opts?.propagationPolicy,
    gracePeriodSeconds: opts?.gracePeriodSeconds,
    preconditions: opts?.preconditions,
    dryRun: opts?.dryRun ? ['All'] : undefined,
  };
}

/** Client for one apiserver. Safe to share: it holds no per-call state. */
export class RestClient {
  private readonly transport: HttpTransport;

  constructor(options: RestClientOptions) {
    this.transport = new HttpTransport(options);
  }

  /** Base URL of the apiserver. */
  get server(): string {
    return this.transport.server;
  }

  /**
   * Raw request to any path (`/version`, `pods/x/log`, subresources). JSON
   * answers are parsed; any other media type is returned as text.
   */
  async request<T = unknown>(method: string, path: string, opts: RawRequestOptions = {}): Promise<T> {
    const body = opts.body === undefined || typeof opts.body === 'string' || Buffer.isBuffer(opts.body)
      ? opts.body : JSON.stringify(opts.body);
    const res = await this.transport.send({
      method, path: path + queryString(opts.query), body, contentType: opts.contentType, accept: opts.accept, signal: opts.signal,
    });
    if (!/[/+]json\b/.test(res.contentType)) return res.body as T;
    return (res.body ? JSON.parse(res.body) : undefined) as T;
  }

  /** Streams a text answer chunk by chunk (e.g. `pods/x/log?follow=true`) until the server ends it or `signal` aborts. */
  async *stream(path: string, opts: Omit<RawRequestOptions, 'body' | 'contentType'> = {}): AsyncGenerator<string> {
    const res = await this.transport.open({
      method: 'GET', path: path + queryString(opts.query), accept: opts.accept ?? '*/*', signal: opts.signal, idleTimeoutMs: 0,
    });
    res.setEncoding('utf8');
    try {
      for await (const chunk of res as AsyncIterable<string>) yield chunk;
    } catch (err) {
      if (!opts.signal?.aborted) throw err;
    } finally {
      res.destroy();
    }
  }

  /** Reads one object. */
  get<T extends KubeObject>(info: ResourceInfo, namespace: string | undefined, name: string, opts?: CallOptions): Promise<T> {
    return this.request<T>('GET', resourcePath(info, namespace, name), { signal: opts?.signal });
  }

  /** Reads one page of a collection; follow `metadata.continue` for the next (or use `listAll`). */
  list<T extends KubeObject>(info: ResourceInfo, namespace: string | undefined, opts: ListOptions = {}): Promise<KubeList<T>> {
    const { signal, ...query } = opts;
    return this.request<KubeList<T>>('GET', resourcePath(info, namespace), { query: { ...query }, signal });
  }

  /**
   * Reads a whole collection page by page (default pages of 500). The result's
   * `metadata.resourceVersion` is the first page's: all pages are one snapshot.
   */
  async listAll<T extends KubeObject>(info: ResourceInfo, namespace: string | undefined, opts: ListOptions = {}): Promise<KubeList<T>> {
    const limit = opts.limit ?? DEFAULT_PAGE_SIZE;
    const first = await this.list<T>(info, namespace, { ...opts, limit });
    const items = [...first.items];
    let next = first.metadata?.continue;
    while (next) {
      const page = await this.list<T>(info, namespace, { ...opts, limit, continue: next, resourceVersion: undefined });
      items.push(...page.items);
      next = page.metadata?.continue;
    }
    return { ...first, metadata: { ...first.metadata, continue: undefined }, items };
  }

  /** Creates an object; `namespace` defaults to the object's own. */
  create<T extends KubeObject>(info: ResourceInfo, namespace: string | undefined, obj: T, opts?: WriteOptions): Promise<T> {
    const body = { apiVersion: apiVersionOf(info), kind: info.kind, ...obj };
    const path = resourcePath(info, namespace ?? obj.metadata?.namespace);
    return this.request<T>('POST', path, { body, query: writeQuery(opts), signal: opts?.signal });
  }

  /** Replaces an object; its `metadata.resourceVersion`, when set, makes the write conditional (Conflict if stale). */
  update<T extends KubeObject>(info: ResourceInfo, obj: T, opts?: WriteOptions): Promise<T> {
    return this.putTo(info, obj, undefined, opts);
  }

  /** Replaces an object's status through the `/status` subresource, leaving its spec alone. */
  updateStatus<T extends KubeObject>(info: ResourceInfo, obj: T, opts?: WriteOptions): Promise<T> {
    return this.putTo(info, obj, 'status', opts);
  }

  /** Patches an object (or a subresource of it). `apply` is server-side apply and needs a `fieldManager`. */
  patch<T extends KubeObject>(
    info: ResourceInfo, namespace: string | undefined, name: string, patchType: PatchType, body: unknown, opts: PatchOptions = {},
  ): Promise<T> {
    if (patchType === 'apply' && !opts.fieldManager) throw new TypeError('server-side apply needs a fieldManager');
    const query = { ...writeQuery(opts), force: patchType === 'apply' && opts.force ? true : undefined };
    return this.request<T>('PATCH', resourcePath(info, namespace, name, opts.subresource), {
      body, contentType: PATCH_CONTENT_TYPES[patchType], query, signal: opts.signal,
    });
  }

  /** Deletes an object. Answers the object while finalizers or a grace period hold it, else a success `Status`. */
  delete<T extends KubeObject>(info: ResourceInfo, namespace: string | undefined, name: string, opts?: DeleteOptions): Promise<T | Status> {
    return this.request<T | Status>('DELETE', resourcePath(info, namespace, name), { body: deleteBody(opts), signal: opts?.signal });
  }

  /** Deletes every object of a collection that matches the selectors. */
  deleteCollection(info: ResourceInfo, namespace: string | undefined, opts: DeleteCollectionOptions = {}): Promise<Status | KubeList> {
    return this.request<Status | KubeList>('DELETE', resourcePath(info, namespace), {
      body: deleteBody(opts), query: { labelSelector: opts.labelSelector, fieldSelector: opts.fieldSelector }, signal: opts.signal,
    });
  }

  /** Reads a subresource, e.g. `scale`. */
  getSubresource<T = unknown>(info: ResourceInfo, namespace: string | undefined, name: string, subresource: string, opts?: CallOptions): Promise<T> {
    return this.request<T>('GET', resourcePath(info, namespace, name, subresource), { signal: opts?.signal });
  }

  /** POSTs to a subresource, e.g. `pods/<name>/binding` or `eviction`. */
  createSubresource<T = unknown>(
    info: ResourceInfo, namespace: string | undefined, name: string, subresource: string, body: unknown, opts?: WriteOptions,
  ): Promise<T> {
    return this.request<T>('POST', resourcePath(info, namespace, name, subresource), { body, query: writeQuery(opts), signal: opts?.signal });
  }

  /** PUTs a subresource, e.g. `scale`. */
  updateSubresource<T = unknown>(
    info: ResourceInfo, namespace: string | undefined, name: string, subresource: string, body: unknown, opts?: WriteOptions,
  ): Promise<T> {
    return this.request<T>('PUT', resourcePath(info, namespace, name, subresource), { body, query: writeQuery(opts), signal: opts?.signal });
  }

  /**
   * Watches a collection. Iteration ends when the server closes the stream or
   * `signal` aborts; it throws `ApiError` for an ERROR event or an error answer
   * (code 410: relist) and `ConnectionError` when the connection breaks.
   */
  async *watch<T extends KubeObject>(info: ResourceInfo, namespace: string | undefined, opts: WatchOptions = {}): AsyncGenerator<WatchEvent<T>> {
    const { signal, ...rest } = opts;
    const query: Query = { ...rest, watch: true };
    const idleTimeoutMs = opts.timeoutSeconds ? (opts.timeoutSeconds + WATCH_GRACE_SECONDS) * 1000 : 0;
    const res = await this.transport.open({ method: 'GET', path: resourcePath(info, namespace) + queryString(query), signal, idleTimeoutMs });
    yield* decodeWatch<T>(res, signal);
  }

  /** Closes idle pooled connections so the process can exit. */
  close(): void {
    this.transport.close();
  }

  private putTo<T extends KubeObject>(info: ResourceInfo, obj: T, subresource: string | undefined, opts?: WriteOptions): Promise<T> {
    const { namespace, name } = nameOf(obj);
    const body = { apiVersion: apiVersionOf(info), kind: info.kind, ...obj };
    return this.request<T>('PUT', resourcePath(info, namespace, name, subresource), { body, query: writeQuery(opts), signal: opts?.signal });
  }
}
