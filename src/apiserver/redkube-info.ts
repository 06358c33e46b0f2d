/**
 * `GET /redkube/v1/info`: read-only facts about this apiserver's backing store
 * that Kubernetes' own endpoints cannot carry — the Redis address (never its
 * password) and its memory use — so dashboards such as `rk ui` can show them
 * without holding Redis credentials. Authenticated like every resource path.
 */
import type { IncomingMessage, ServerResponse } from 'node:http';
import { ApiError } from '../api/errors.js';
import type { ApiContext } from './context.js';
import { sendJson } from './http/respond.js';

/** The path this handler serves. */
export const REDKUBE_INFO_PATH = '/redkube/v1/info';

/** The response body. */
export interface RedkubeInfo {
  kind: 'Info';
  apiVersion: 'redkube/v1';
  redkubeVersion: string;
  store: {
    /** `host:port` or a unix socket path. */
    address: string;
    redisVersion: string;
    usedMemoryBytes: number;
    /** Redis' own rendering, e.g. `1.52M`. */
    usedMemoryHuman: string;
  };
}

/** Parses the `field:value` lines of a Redis `INFO` reply; pure. */
export function parseRedisInfo(text: string): Record<string, string> {
  const out: Record<string, string> = {};
  for (const line of text.split(/\r?\n/)) {
    const i = line.indexOf(':');
    if (i > 0 && !line.startsWith('#')) out[line.slice(0, i)] = line.slice(i + 1).trim();
  }
  return out;
}

/** Where the store's Redis connection points, without credentials. */
export function redisAddress(options: { host?: string; port?: number; path?: string }): string {
  return options.path || `${options.host ?? 'localhost'}:${options.port ?? 6379}`;
}

/** Answers the info endpoint; any method but GET is a 405 Status. */
export async function handleRedkubeInfo(ctx: ApiContext, req: IncomingMessage, res: ServerResponse, redkubeVersion: string): Promise<void> {
  if ((req.method ?? 'GET') !== 'GET') {
    throw new ApiError('MethodNotAllowed', `the server does not allow this method on the requested resource (${req.method} ${REDKUBE_INFO_PATH})`);
  }
  const redis = ctx.store.redis;
  const [memory, server] = await Promise.all([redis.info('memory'), redis.info('server')]).catch((err) => {
    throw new ApiError('ServiceUnavailable', `store unavailable: ${(err as Error).message}`);
  });
  const mem = parseRedisInfo(memory);
  const body: RedkubeInfo = {
    kind: 'Info',
    apiVersion: 'redkube/v1',
    redkubeVersion,
    store: {
      address: redisAddress(redis.options),
      redisVersion: parseRedisInfo(server).redis_version ?? 'unknown',
      usedMemoryBytes: Number(mem.used_memory ?? 0),
      usedMemoryHuman: mem.used_memory_human ?? 'unknown',
    },
  };
  sendJson(res, 200, body);
}
