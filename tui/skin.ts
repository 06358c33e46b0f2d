/**
 * Skins: the colours of row states and of the UI's chrome, from a YAML file
 * (`rk ui --skin FILE`), e.g.
 *
 *     states: { ok: green, error: magenta }
 *     chrome: { crumb: blue }
 *
 * Unknown keys are rejected so a typo does not silently do nothing.
 */
import { readFileSync } from 'node:fs';
import { parse } from 'yaml';
import type { RowState } from './render/state.js';

/** Colour names or `#rrggbb`, as Ink's `color` prop takes them. */
export interface Skin {
  states: Record<RowState, string>;
  chrome: { header: string; label: string; crumb: string; title: string; cursor: string; mark: string; info: string; warn: string; error: string; dim: string };
}

/** The default skin, close to k9s' defaults. */
export const DEFAULT_SKIN: Skin = {
  states: { ok: 'cyan', pending: 'yellow', error: 'red', terminating: 'gray', completed: 'gray' },
  chrome: {
    header: 'white', label: 'yellow', crumb: 'blue', title: 'cyan', cursor: 'blue', mark: 'magenta', info: 'green', warn: 'yellow', error: 'red', dim: 'gray',
  },
};

function merge<T extends Record<string, string>>(base: T, over: unknown, where: string): T {
  if (over === undefined) return base;
  if (!over || typeof over !== 'object') throw new Error(`skin: ${where} must be a map`);
  for (const [k, v] of Object.entries(over)) {
    if (!(k in base)) throw new Error(`skin: unknown key ${where}.${k}`);
    if (typeof v !== 'string') throw new Error(`skin: ${where}.${k} must be a colour name`);
  }
  return { ...base, ...(over as Partial<T>) };
}

/** Parses skin YAML over the defaults. */
export function parseSkin(text: string): Skin {
  const doc = (parse(text) ?? {}) as Record<string, unknown>;
  for (const k of Object.keys(doc)) if (k !== 'states' && k !== 'chrome') throw new Error(`skin: unknown key ${k}`);
  return { states: merge(DEFAULT_SKIN.states, doc.states, 'states'), chrome: merge(DEFAULT_SKIN.chrome, doc.chrome, 'chrome') };
}

/** Reads a skin file; the default skin when no file is given. */
export function loadSkin(path: string | undefined): Skin {
  return path ? parseSkin(readFileSync(path, 'utf8')) : DEFAULT_SKIN;
}
