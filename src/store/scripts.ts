/**
 * Loads the Lua scripts (one file per atomic operation) and maps their negative
 * return codes to typed API errors, in one place.
 */
import { readFileSync, existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { dirname, join } from 'node:path';
import type { Redis } from 'ioredis';
import { ApiError, alreadyExists, conflict, notFound } from '../api/errors.js';

/** Script return codes (see each Lua file's header). */
export const ScriptCode = {
  NameTaken: -1,
  NamespaceMissing: -2,
  NamespaceTerminating: -3,
  NotFound: -4,
  Conflict: -5,
  ClaimTaken: -6,
} as const;

/** Finds the lua/ folder both from sources and from the compiled tree. */
function luaDir(): string {
  const here = dirname(fileURLToPath(import.meta.url));
  const candidates = [join(here, 'lua'), join(here, '..', '..', '..', 'src', 'store', 'lua')];
  const found = candidates.find((d) => existsSync(join(d, 'create.lua')));
  if (!found) throw new Error(`Lua scripts not found in ${candidates.join(' or ')}`);
  return found;
}

/** The Redis commands redkube's scripts add to an ioredis client. */
export interface StoreCommands {
  rkCreate(...args: (string | number)[]): Promise<number>;
  rkUpdate(...args: (string | number)[]): Promise<number>;
  rkDelete(...args: (string | number)[]): Promise<number>;
}

/** Registers the scripts on a client (EVALSHA with automatic EVAL fallback). */
export function defineStoreCommands(redis: Redis): Redis & StoreCommands {
  const dir = luaDir();
  const scripts: [string, string, number][] = [['rkCreate', 'create.lua', 7], ['rkUpdate', 'update.lua', 5], ['rkDelete', 'delete.lua', 6]];
  for (const [name, file, numberOfKeys] of scripts) {
    redis.defineCommand(name, { numberOfKeys, lua: readFileSync(join(dir, file), 'utf8') });
  }
  return redis as Redis & StoreCommands;
}

/** A unique allocation (ClusterIP, NodePort) another object holds; callers pick another or report it. */
export class ClaimTakenError extends ApiError {
  constructor(name: string) {
    super('Conflict', `an allocation requested for "${name}" is already taken`);
  }
}

/** Identifies the object a failed script call was about, for the error message. */
export interface Target {
  resource: string;
  group: string;
  name: string;
  namespace: string;
}

/** Maps a negative script result to the ApiError clients must see. */
export function errorForCode(code: number, t: Target): ApiError {
  switch (code) {
    case ScriptCode.NameTaken: return alreadyExists(t.resource, t.group, t.name);
    case ScriptCode.NamespaceMissing: return notFound('namespaces', '', t.namespace);
    case ScriptCode.NamespaceTerminating:
      return new ApiError('Forbidden', `${t.resource} "${t.name}" is forbidden: unable to create new content in namespace ${t.namespace} because it is being terminated`, { name: t.name, group: t.group, kind: t.resource });
    case ScriptCode.NotFound: return notFound(t.resource, t.group, t.name);
    case ScriptCode.Conflict: return conflict(t.resource, t.group, t.name);
    case ScriptCode.ClaimTaken: return new ClaimTakenError(t.name);
    default: return new ApiError('InternalError', `store script returned unknown code ${code}`);
  }
}
