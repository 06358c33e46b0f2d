/**
 * Decodes the query parameters of Kubernetes list, watch and write requests.
 */
import { badRequest } from '../../api/errors.js';

/** List and watch options. */
export interface ListQuery {
  labelSelector: string;
  fieldSelector: string;
  limit: number;
  continueToken: string;
  resourceVersion: string;
  watch: boolean;
  allowWatchBookmarks: boolean;
  timeoutSeconds: number;
  includeObject: 'None' | 'Metadata' | 'Object';
}

/** Write options. */
export interface WriteQuery {
  dryRun: boolean;
  fieldValidation: 'Strict' | 'Warn' | 'Ignore';
  fieldManager: string;
  force: boolean;
}

function intParam(q: URLSearchParams, name: string): number {
  const v = q.get(name);
  if (v === null || v === '') return 0;
  if (!/^\d+$/.test(v)) throw badRequest(`invalid ${name}: "${v}" is not a non-negative integer`);
  return parseInt(v, 10);
}

/** Parses list/watch options. */
export function parseListQuery(q: URLSearchParams): ListQuery {
  const includeObject = (q.get('includeObject') ?? 'Metadata') as ListQuery['includeObject'];
  if (!['None', 'Metadata', 'Object'].includes(includeObject)) throw badRequest(`invalid includeObject "${includeObject}"`);
  return {
    labelSelector: q.get('labelSelector') ?? '',
    fieldSelector: q.get('fieldSelector') ?? '',
    limit: intParam(q, 'limit'),
    continueToken: q.get('continue') ?? '',
    resourceVersion: q.get('resourceVersion') ?? '',
    watch: q.get('watch') === 'true' || q.get('watch') === '1',
    allowWatchBookmarks: q.get('allowWatchBookmarks') === 'true',
    timeoutSeconds: intParam(q, 'timeoutSeconds'),
    includeObject,
  };
}

/** Parses write options; an unknown fieldValidation is a 400 as in Kubernetes. */
export function parseWriteQuery(q: URLSearchParams, defaultValidation: WriteQuery['fieldValidation'] = 'Warn'): WriteQuery {
  const dry = q.getAll('dryRun');
  for (const d of dry) if (d !== 'All') throw badRequest(`unsupported dryRun value "${d}": only "All" is supported`);
  const fv = q.get('fieldValidation') ?? defaultValidation;
  if (fv !== 'Strict' && fv !== 'Warn' && fv !== 'Ignore') throw badRequest(`invalid fieldValidation "${fv}": must be one of Strict, Warn, Ignore`);
  return { dryRun: dry.length > 0, fieldValidation: fv, fieldManager: q.get('fieldManager') ?? '', force: q.get('force') === 'true' };
}

/** A continue token: where the next page starts and the revision the first page was read at. */
export interface ContinueToken {
  rv: number;
  start: string;
}

/** Encodes a continue token (opaque base64 JSON, as Kubernetes' is). */
export function encodeContinue(t: ContinueToken): string {
  return Buffer.from(JSON.stringify({ v: 'rk/1', rv: t.rv, start: t.start })).toString('base64url');
}

/** Decodes a continue token, 400 when malformed. */
export function decodeContinue(s: string): ContinueToken {
  try {
    const t = JSON.parse(Buffer.from(s, 'base64url').toString('utf8'));
    if (t.v !== 'rk/1' || typeof t.rv !== 'number' || typeof t.start !== 'string') throw new Error('bad');
    return { rv: t.rv, start: t.start };
  } catch {
    throw badRequest('continue key is not valid');
  }
}
