/**
 * Typed API errors and their one mapping to HTTP codes and Kubernetes `Status` objects.
 *
 * Every layer (store, validation, patching, handlers) throws an `ApiError`; only the
 * HTTP layer turns it into a response, so the code and reason for a failure are
 * decided in exactly one table.
 */

/** Kubernetes `StatusReason` values used by redkube, with the HTTP code each maps to. */
export const REASON_CODES = {
  BadRequest: 400,
  Unauthorized: 401,
  Forbidden: 403,
  NotFound: 404,
  MethodNotAllowed: 405,
  NotAcceptable: 406,
  AlreadyExists: 409,
  Conflict: 409,
  Gone: 410,
  Expired: 410,
  RequestEntityTooLarge: 413,
  UnsupportedMediaType: 415,
  Invalid: 422,
  TooManyRequests: 429,
  InternalError: 500,
  ServiceUnavailable: 503,
  Timeout: 504,
} as const;

/** A Kubernetes status reason redkube can report. */
export type StatusReason = keyof typeof REASON_CODES;

/** One field-level problem, as in `Status.details.causes`. */
export interface StatusCause {
  reason: string;
  message: string;
  field?: string;
}

/** Names the object an error is about, as in `Status.details`. */
export interface StatusDetails {
  name?: string;
  group?: string;
  kind?: string;
  causes?: StatusCause[];
  retryAfterSeconds?: number;
}

/** An error that the apiserver reports to clients as a `Status` with `reason` and its HTTP code. */
export class ApiError extends Error {
  readonly reason: StatusReason;
  readonly details?: StatusDetails;
  constructor(reason: StatusReason, message: string, details?: StatusDetails) {
    super(message);
    this.name = 'ApiError';
    this.reason = reason;
    this.details = details;
  }
  /** HTTP status code for this error. */
  get code(): number {
    return REASON_CODES[this.reason];
  }
}

/** The `metav1.Status` wire shape. */
export interface Status {
  kind: 'Status';
  apiVersion: 'v1';
  metadata: Record<string, never>;
  status: 'Success' | 'Failure';
  message?: string;
  reason?: string;
  details?: StatusDetails;
  code: number;
}

/** Builds the failure `Status` body for an error (unknown errors become InternalError). */
export function toStatus(err: unknown): Status {
  const e = err instanceof ApiError ? err : new ApiError('InternalError', `Internal error occurred: ${(err as Error)?.message ?? String(err)}`);
  const status: Status = { kind: 'Status', apiVersion: 'v1', metadata: {}, status: 'Failure', message: e.message, reason: e.reason, code: e.code };
  if (e.details) status.details = e.details;
  return status;
}

/** The success `Status` returned by deletes of objects that are gone at once and by deletecollection. */
export function successStatus(details?: StatusDetails): Status {
  const status: Status = { kind: 'Status', apiVersion: 'v1', metadata: {}, status: 'Success', code: 200 };
  if (details) status.details = details;
  return status;
}

/** `<resource>.<group>` as Kubernetes prints it in messages (`deployments.apps`, `pods`). */
function qualified(resource: string, group: string): string {
  return group ? `${resource}.${group}` : resource;
}

/** NotFound for a named object, worded like Kubernetes: `pods "x" not found`. */
export function notFound(resource: string, group: string, name: string): ApiError {
  return new ApiError('NotFound', `${qualified(resource, group)} "${name}" not found`, { name, group, kind: resource });
}

/** AlreadyExists for a taken name. */
export function alreadyExists(resource: string, group: string, name: string): ApiError {
  return new ApiError('AlreadyExists', `${qualified(resource, group)} "${name}" already exists`, { name, group, kind: resource });
}

/** Conflict for a stale resourceVersion precondition. */
export function conflict(resource: string, group: string, name: string, why = 'the object has been modified; please apply your changes to the latest version and try again'): ApiError {
  return new ApiError('Conflict', `Operation cannot be fulfilled on ${qualified(resource, group)} "${name}": ${why}`, { name, group, kind: resource });
}

/** Invalid (422) with field causes, worded like Kubernetes' aggregate validation error. */
export function invalid(kind: string, group: string, name: string, causes: StatusCause[]): ApiError {
  const list = causes.map((c) => (c.field ? `${c.field}: ${c.message}` : c.message));
  const summary = list.length === 1 ? list[0] : `[${list.join(', ')}]`;
  return new ApiError('Invalid', `${group ? `${kind}.${group}` : kind} "${name}" is invalid: ${summary}`, { name, group, kind, causes });
}

/** BadRequest with a message. */
export function badRequest(message: string): ApiError {
  return new ApiError('BadRequest', message);
}

/** Gone (410): the watch must relist (e.g. the watch cache was reloaded). */
export function gone(message: string): ApiError {
  return new ApiError('Gone', message);
}

/**
 * Expired (410) for a watch or list from a resourceVersion, or a continue token,
 * older than the retained history: the reason Kubernetes gives, which clients
 * (client-go's reflector, the Python client) look for besides the code.
 */
export function expired(message: string): ApiError {
  return new ApiError('Expired', message);
}
