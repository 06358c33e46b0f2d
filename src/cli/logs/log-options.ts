/**
 * The pure part of `rk logs`: the `pods/<name>/log` query kubectl sends for the
 * flags, which container(s) to read, line prefixes for several streams, and
 * kubectl's cap on how many streams `-f` may follow at once.
 */
import { CliError } from '../errors.js';
import { parseDuration } from '../duration.js';

type Obj = Record<string, any>;

/** Flags of `rk logs` that shape the request. */
export interface LogFlags { follow?: boolean; previous?: boolean; tail?: number; since?: string; 'since-time'?: string; timestamps?: boolean; 'limit-bytes'?: number }

/** The query of one log request. */
export function logQuery(container: string, f: LogFlags): Record<string, string | number | boolean | undefined> {
  if (f.since && f['since-time']) throw new CliError('at most one of `sinceTime` or `sinceSeconds` may be specified');
  return {
    container,
    follow: f.follow || undefined,
    previous: f.previous || undefined,
    tailLines: f.tail !== undefined && f.tail >= 0 ? f.tail : undefined,
    sinceSeconds: f.since ? Math.max(1, Math.ceil(parseDuration(f.since) / 1000)) : undefined,
    sinceTime: f['since-time'],
    timestamps: f.timestamps || undefined,
    limitBytes: f['limit-bytes'],
  };
}

/** The containers to read: `-c`, all with `--all-containers`, else the default (annotated or first) one. */
export function containersToRead(pod: Obj, container: string | undefined, all: boolean): { names: string[]; notice?: string } {
  const names: string[] = (pod.spec?.containers ?? []).map((c: Obj) => c.name);
  if (container) {
    const known = [...names, ...(pod.spec?.initContainers ?? []).map((c: Obj) => c.name)];
    if (!known.includes(container)) throw new CliError(`container ${container} is not valid for pod ${pod.metadata?.name}`);
    return { names: [container] };
  }
  if (all) return { names: [...(pod.spec?.initContainers ?? []).map((c: Obj) => c.name), ...names] };
  const preferred = pod.metadata?.annotations?.['kubectl.kubernetes.io/default-container'];
  const chosen = preferred && names.includes(preferred) ? preferred : names[0];
  if (!chosen) throw new CliError(`pod ${pod.metadata?.name} has no containers`);
  return { names: [chosen], notice: names.length > 1 && !preferred ? `Defaulted container "${chosen}" out of: ${names.join(', ')}` : undefined };
}

/** Prefixes every complete line of a chunk with `[pod/name/container] ` (kubectl's --prefix); returns the text and the unfinished tail. */
export function prefixLines(prefix: string, carry: string, chunk: string): { text: string; carry: string } {
  const all = carry + chunk;
  const cut = all.lastIndexOf('\n') + 1;
  const text = all.slice(0, cut).split('\n').slice(0, -1).map((l) => `${prefix}${l}\n`).join('');
  return { text, carry: all.slice(cut) };
}

/** kubectl's default for `--max-log-requests`: how many streams `-f` follows concurrently. */
export const DEFAULT_MAX_LOG_REQUESTS = 5;

/**
 * How kubectl consumes several log requests: followed streams run concurrently,
 * capped at `maxRequests` (over the cap is an error before any request is sent);
 * anything else, including a single followed stream, is read one after another.
 */
export function consumeMode(streams: number, follow: boolean, maxRequests: number): { mode: 'sequential' | 'parallel'; error?: string } {
  if (!follow || streams <= 1) return { mode: 'sequential' };
  if (streams > maxRequests) {
    return { mode: 'parallel', error: `you are attempting to follow ${streams} log streams, but maximum allowed concurrency is ${maxRequests}, use --max-log-requests to increase the limit` };
  }
  return { mode: 'parallel' };
}
