/**
 * How the client reports failures: an answer from the apiserver becomes the same
 * `ApiError` the server threw (so `reason` and `code` compare the same on both
 * sides), and a failure to reach the server becomes a `ConnectionError`.
 * Callers branch on these two classes and on the `is*` helpers, never on messages.
 */
import { ApiError, REASON_CODES, type Status, type StatusReason } from '../api/errors.js';

/** The apiserver could not be reached or the connection broke; retrying later may succeed. */
export class ConnectionError extends Error {
  constructor(message: string, options?: { cause?: unknown }) {
    super(message, options);
    this.name = 'ConnectionError';
  }
}

/**
 * An `ApiError` rebuilt from a `Status` the apiserver returned. `code` is the
 * HTTP code actually received and `status` the whole body, so a reason redkube
 * does not know (e.g. Kubernetes' `Expired`) is kept while `reason` is still one
 * of redkube's, chosen from the code.
 */
export class StatusError extends ApiError {
  readonly status: Partial<Status>;
  private readonly httpCode: number;
  constructor(status: Partial<Status>, httpCode: number) {
    super(reasonFor(status.reason, httpCode), status.message ?? `the server answered ${httpCode}`, status.details);
    this.name = 'StatusError';
    this.status = status;
    this.httpCode = httpCode;
  }
  /** The HTTP code the apiserver answered with. */
  override get code(): number {
    return this.httpCode;
  }
}

/** Preferred reason for codes several reasons share (409 is usually a write conflict). */
const CODE_REASONS = new Map<number, StatusReason>([[409, 'Conflict']]);
for (const [reason, code] of Object.entries(REASON_CODES)) {
  if (!CODE_REASONS.has(code)) CODE_REASONS.set(code, reason as StatusReason);
}

function reasonFor(reason: string | undefined, code: number): StatusReason {
  if (reason && reason in REASON_CODES) return reason as StatusReason;
  return CODE_REASONS.get(code) ?? (code >= 500 ? 'InternalError' : 'BadRequest');
}

/** Builds the error for a non-2xx answer from its body, which is a `Status` unless a proxy answered. */
export function errorFromResponse(httpCode: number, body: string): StatusError {
  try {
    const parsed = JSON.parse(body) as Partial<Status>;
    if (parsed && parsed.kind === 'Status') return new StatusError(parsed, parsed.code ?? httpCode);
  } catch {
    // Not JSON: fall through and wrap the text.
  }
  return new StatusError({ code: httpCode, message: body.trim() || `the server answered ${httpCode}` }, httpCode);
}

function hasCode(err: unknown, code: number): boolean {
  return err instanceof ApiError && err.code === code;
}

/** The object does not exist. */
export function isNotFound(err: unknown): boolean {
  return hasCode(err, 404);
}

/** A write lost an optimistic-concurrency race (stale resourceVersion): re-read and retry. */
export function isConflict(err: unknown): boolean {
  return err instanceof ApiError && err.reason === 'Conflict';
}

/** A create found the name taken. */
export function isAlreadyExists(err: unknown): boolean {
  return err instanceof ApiError && err.reason === 'AlreadyExists';
}

/** The requested resourceVersion is older than the server's history: the caller must relist. */
export function isGone(err: unknown): boolean {
  return hasCode(err, 410);
}
