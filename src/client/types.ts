/**
 * Wire shapes and option bags shared by the redkube client: objects, lists,
 * watch events and the per-verb options of `RestClient`.
 *
 * Objects are typed loosely (`KubeObject`) so that every resource, including
 * the typed ones from `kubernetes-types`, flows through one client.
 */
import type { ObjectMeta, ListMeta } from 'kubernetes-types/meta/v1.js';

/** Any API object: what the client needs is its metadata; the rest is opaque. */
export interface KubeObject {
  apiVersion?: string;
  kind?: string;
  metadata?: ObjectMeta;
}

/** A `<Kind>List` answer; `metadata.resourceVersion` is the revision the list was read at. */
export interface KubeList<T extends KubeObject = KubeObject> {
  apiVersion?: string;
  kind?: string;
  metadata?: ListMeta;
  items: T[];
}

/**
 * One event of a watch stream. `ERROR` events never reach callers: the stream
 * throws them as `ApiError` instead, so a consumer sees either an event or a failure.
 */
export interface WatchEvent<T extends KubeObject = KubeObject> {
  type: 'ADDED' | 'MODIFIED' | 'DELETED' | 'BOOKMARK';
  object: T;
}

/** Options every verb accepts. */
export interface CallOptions {
  /** Aborting cancels the HTTP request; the call then rejects with the abort reason. */
  signal?: AbortSignal;
}

/** Filters shared by list, watch and deletecollection. */
export interface SelectorOptions {
  labelSelector?: string;
  fieldSelector?: string;
}

/** Options of a single list page. */
export interface ListOptions extends SelectorOptions, CallOptions {
  limit?: number;
  continue?: string;
  resourceVersion?: string;
}

/** Options of a watch. */
export interface WatchOptions extends SelectorOptions, CallOptions {
  /** Watch changes after this revision; omitted means "from now" on the server. */
  resourceVersion?: string;
  allowWatchBookmarks?: boolean;
  /** The server ends the stream after this many seconds; the client also gives up on a silent stream shortly after. */
  timeoutSeconds?: number;
}

/** Options of writes that may be dry-run and attributed to a field manager. */
export interface WriteOptions extends CallOptions {
  dryRun?: boolean;
  fieldManager?: string;
}

/** The patch flavours the apiserver accepts, by their short names. */
export type PatchType = 'merge' | 'json' | 'strategic' | 'apply';

/** Options of a patch. `force` only applies to server-side apply. */
export interface PatchOptions extends WriteOptions {
  subresource?: string;
  force?: boolean;
}

/** Kubernetes' `DeleteOptions` fields that redkube honours. */
export interface DeleteOptions extends CallOptions {
  propagationPolicy?: 'Foreground' | 'Background' | 'Orphan';
  gracePeriodSeconds?: number;
  preconditions?: { uid?: string; resourceVersion?: string };
  dryRun?: boolean;
}

/** Options of deletecollection: which objects (selectors) and how (delete options). */
export interface DeleteCollectionOptions extends DeleteOptions, SelectorOptions {}

/** Query parameters; `undefined` values are left out. */
export type Query = Record<string, string | number | boolean | undefined>;

/** The raw request escape hatch's options. */
export interface RawRequestOptions extends CallOptions {
  query?: Query;
  /** Objects are sent as JSON; strings and buffers as they are. */
  body?: unknown;
  contentType?: string;
  accept?: string;
}
