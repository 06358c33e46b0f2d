/**
 * Reading Tables and objects for `get`: the server renders human columns
 * (`Accept: ...;as=Table;v=v1;g=meta.k8s.io`), lists are read page by page, and
 * watch streams are decoded line by line whatever their object shape.
 */
import type { RestClient } from '../client/index.js';
import { resourcePath } from '../client/index.js';
import type { ApiResource } from './discovery.js';
import type { ServerTable } from './printers/table.js';

/** The Accept kubectl sends for human output. */
export const TABLE_ACCEPT = 'application/json;as=Table;v=v1;g=meta.k8s.io,application/json';

/** Selectors and scope of a read. */
export interface ReadScope {
  namespace?: string;
  labelSelector?: string;
  fieldSelector?: string;
  /** Ask for whole objects in table rows (needed by `--sort-by`). */
  includeObject?: boolean;
}

const PAGE = 500;

/** The Table for a collection, all pages merged. */
export async function listTable(client: RestClient, r: ApiResource, scope: ReadScope): Promise<ServerTable> {
  const query = {
    labelSelector: scope.labelSelector, fieldSelector: scope.fieldSelector, limit: PAGE,
    includeObject: scope.includeObject ? 'Object' : undefined,
  };
  const path = resourcePath(r, scope.namespace);
  const first = await client.request<ServerTable & { metadata?: { continue?: string } }>('GET', path, { accept: TABLE_ACCEPT, query });
  let next = first.metadata?.continue;
  while (next) {
    const page = await client.request<ServerTable & { metadata?: { continue?: string } }>('GET', path, { accept: TABLE_ACCEPT, query: { ...query, continue: next } });
    first.rows.push(...page.rows);
    next = page.metadata?.continue;
  }
  return first;
}

/** The one-row Table of a named object. */
export function getTable(client: RestClient, r: ApiResource, namespace: string | undefined, name: string, includeObject = false): Promise<ServerTable> {
  return client.request<ServerTable>('GET', resourcePath(r, namespace, name), {
    accept: TABLE_ACCEPT, query: { includeObject: includeObject ? 'Object' : undefined },
  });
}

/** One decoded watch event (object is a one-row Table or an object, by the Accept sent). */
export interface RawWatchEvent { type: string; object: any }

/**
 * Streams a watch's events. Ends when the server closes the stream; throws the
 * server's error for an ERROR event (410: relist) and a connection error when it breaks.
 */
export async function* watchRaw(
  client: RestClient, r: ApiResource, scope: ReadScope & { resourceVersion?: string }, accept: string, signal?: AbortSignal,
): AsyncGenerator<RawWatchEvent> {
  const { StatusError } = await import('../client/index.js');
  const query = {
    watch: 'true', resourceVersion: scope.resourceVersion, labelSelector: scope.labelSelector, fieldSelector: scope.fieldSelector,
    allowWatchBookmarks: 'true', includeObject: scope.includeObject ? 'Object' : undefined,
  };
  let buffer = '';
  for await (const chunk of client.stream(resourcePath(r, scope.namespace), { accept, query, signal })) {
    buffer += chunk;
    let nl: number;
    while ((nl = buffer.indexOf('\n')) >= 0) {
      const line = buffer.slice(0, nl).trim();
      buffer = buffer.slice(nl + 1);
      if (!line) continue;
      const ev = JSON.parse(line) as RawWatchEvent;
      if (ev.type === 'ERROR') throw new StatusError(ev.object ?? {}, ev.object?.code ?? 500);
      yield ev;
    }
  }
}
