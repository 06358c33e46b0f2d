/**
 * The user's UI configuration file (`rk ui --config FILE`, YAML): extra
 * aliases for the `:` prompt and key rebindings, e.g.
 *
 *     aliases: { dep: deployments, cm: configmaps }
 *     bindings: { ctrl-k: delete, x: describe }
 *
 * Aliases must name a resource the UI shows and bindings an action that
 * exists, so mistakes are reported at start instead of doing nothing.
 */
import { readFileSync } from 'node:fs';
import { parse } from 'yaml';
import { specByAlias } from './registry.js';
import { DEFAULT_BINDINGS, rebind, type Binding } from './state/keymap.js';

/** The parsed configuration. */
export interface UiConfig {
  aliases: Record<string, string>;
  bindings: Binding[];
}

function stringMap(value: unknown, where: string): Record<string, string> {
  if (value === undefined) return {};
  if (!value || typeof value !== 'object' || Array.isArray(value)) throw new Error(`config: ${where} must be a map`);
  for (const [k, v] of Object.entries(value)) if (typeof v !== 'string') throw new Error(`config: ${where}.${k} must be a string`);
  return value as Record<string, string>;
}

/** Parses configuration YAML; throws with the first problem found. */
export function parseConfig(text: string): UiConfig {
  const doc = (parse(text) ?? {}) as Record<string, unknown>;
  const aliases = stringMap(doc.aliases, 'aliases');
  for (const [alias, target] of Object.entries(aliases)) {
    const spec = specByAlias(target);
    if (!spec) throw new Error(`config: alias ${alias} names unknown resource ${target}`);
    aliases[alias] = spec.info.resource;
  }
  const overrides = stringMap(doc.bindings, 'bindings');
  const actions = new Set(DEFAULT_BINDINGS.map((b) => b.action as string));
  for (const [key, action] of Object.entries(overrides)) {
    if (!actions.has(action)) throw new Error(`config: key ${key} is bound to unknown action ${action}`);
  }
  return { aliases, bindings: rebind(DEFAULT_BINDINGS, overrides) };
}

/** Reads a configuration file; the defaults when none is given. */
export function loadConfig(path: string | undefined): UiConfig {
  return path ? parseConfig(readFileSync(path, 'utf8')) : { aliases: {}, bindings: [...DEFAULT_BINDINGS] };
}
