/**
 * The `:` prompt: parsing what was typed into a command, and completing a
 * partial resource alias. Pure, so the prompt's behaviour is table-tested.
 */
import { allAliases, specByAlias } from '../registry.js';
import { XRAY_ROOTS, type XrayRoot } from '../render/xray.js';

/** What a prompt line asks for. `all` selects every namespace. */
export type Command =
  | { type: 'quit' }
  | { type: 'view'; resource: string; namespace?: string }
  | { type: 'namespace'; name: string }
  | { type: 'xray'; root: XrayRoot }
  | { type: 'pulses' }
  | { type: 'error'; message: string };

const QUIT = new Set(['q', 'q!', 'quit', 'exit']);
const PULSES = new Set(['pulses', 'pulse', 'pu']);
const ALL_NAMESPACES = new Set(['all', '0', '-A']);

/** Parses a prompt line; `aliases` are the user's extra aliases (alias -> resource). */
export function parseCommand(text: string, aliases: Record<string, string> = {}): Command {
  const [word = '', arg] = text.trim().split(/\s+/);
  if (!word) return { type: 'error', message: 'empty command' };
  if (QUIT.has(word)) return { type: 'quit' };
  if (PULSES.has(word)) return { type: 'pulses' };
  if (word === 'xray' || word === 'x') {
    const root = specByAlias(arg ?? 'deploy', aliases)?.info.resource;
    if (!root || !(XRAY_ROOTS as readonly string[]).includes(root)) return { type: 'error', message: `xray shows ${XRAY_ROOTS.join(', ')}` };
    return { type: 'xray', root: root as XrayRoot };
  }
  const spec = specByAlias(word, aliases);
  if (!spec) return { type: 'error', message: `no resource named "${word}"` };
  if (spec.info.resource === 'namespaces' && arg) return { type: 'namespace', name: ALL_NAMESPACES.has(arg) ? '' : arg };
  if (arg && spec.info.namespaced) return { type: 'view', resource: spec.info.resource, namespace: ALL_NAMESPACES.has(arg) ? '' : arg };
  return { type: 'view', resource: spec.info.resource };
}

/** The shortest alias extending `text`'s first word (or the text itself when nothing, or more than the word, was typed). */
export function suggest(text: string, aliases: Record<string, string> = {}): string | undefined {
  if (!text || /\s/.test(text)) return undefined;
  const candidates = [...allAliases(aliases), 'quit', 'pulses', 'xray'].filter((a) => a.startsWith(text) && a !== text);
  candidates.sort((a, b) => a.length - b.length || (a < b ? -1 : 1));
  return candidates[0];
}
