/**
 * Writes responses: JSON bodies, `Status` errors, and the content negotiation
 * kubectl relies on (Tables when asked, JSON when protobuf is preferred).
 */
import type { IncomingMessage, ServerResponse } from 'node:http';
import { toStatus } from '../../api/errors.js';

/** Sends a JSON body (given as a string to avoid re-serialising stored objects). */
export function sendJsonText(res: ServerResponse, code: number, json: string, warnings: string[] = []): void {
  if (res.headersSent) return;
  const headers: Record<string, string | string[] | number> = { 'Content-Type': 'application/json', 'Content-Length': Buffer.byteLength(json) };
  if (warnings.length) headers.Warning = warnings.map((w) => `299 - ${JSON.stringify(w)}`);
  res.writeHead(code, headers);
  res.end(json);
}

/** Sends a JSON-serialisable value. */
export function sendJson(res: ServerResponse, code: number, value: unknown, warnings: string[] = []): void {
  sendJsonText(res, code, JSON.stringify(value), warnings);
}

/** Sends an error as a Kubernetes Status with its HTTP code. */
export function sendError(res: ServerResponse, err: unknown): number {
  const status = toStatus(err);
  if (res.headersSent) {
    res.destroy();
    return status.code;
  }
  sendJson(res, status.code, status);
  return status.code;
}

/** Whether the client asked for a `meta.k8s.io/v1 Table` (server-side printing). */
export function wantsTable(req: IncomingMessage): boolean {
  const accept = req.headers.accept ?? '';
  return accept.split(',').some((part) => /;\s*as=Table/.test(part) && /g=meta\.k8s\.io/.test(part));
}
