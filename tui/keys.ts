/**
 * Turns what Ink's `useInput` hands over into a list of key names. Ink passes
 * a run of plain characters typed or pasted together as ONE `input` string
 * (only escape sequences are split), so the reducer must see every key of it,
 * in order: `jj\r` is down, down, enter.
 */

/** A key as the reducer sees it: a printable character (`j`, `G`, ` `) or a name (`enter`, `esc`, `up`, `ctrl-d`...). */
export type Key = string;

/** The subset of Ink's key flags we read; tests and the benchmark build it by hand. */
export interface InkKeyFlags {
  upArrow?: boolean;
  downArrow?: boolean;
  leftArrow?: boolean;
  rightArrow?: boolean;
  pageUp?: boolean;
  pageDown?: boolean;
  home?: boolean;
  end?: boolean;
  return?: boolean;
  escape?: boolean;
  ctrl?: boolean;
  tab?: boolean;
  backspace?: boolean;
  delete?: boolean;
}

const NAMED: readonly [keyof InkKeyFlags, Key][] = [
  ['upArrow', 'up'], ['downArrow', 'down'], ['leftArrow', 'left'], ['rightArrow', 'right'],
  ['pageUp', 'pageup'], ['pageDown', 'pagedown'], ['home', 'home'], ['end', 'end'],
  ['return', 'enter'], ['escape', 'esc'], ['tab', 'tab'], ['backspace', 'backspace'], ['delete', 'backspace'],
];

/** One raw character to a key name: control bytes become `enter`, `backspace`, `ctrl-x`. */
function charKey(ch: string): Key {
  const code = ch.charCodeAt(0);
  if (ch === '\r' || ch === '\n') return 'enter';
  if (ch === '\t') return 'tab';
  if (code === 0x7f || code === 0x08) return 'backspace';
  if (code === 0x1b) return 'esc';
  if (code >= 1 && code <= 26) return `ctrl-${String.fromCharCode(code + 96)}`;
  return ch;
}

/** Every key in one Ink input event, in order. Empty input with no flag set yields nothing. */
export function keysFrom(input: string, flags: InkKeyFlags): Key[] {
  if (flags.ctrl && input.length === 1 && /[a-z]/.test(input)) return [`ctrl-${input}`];
  if (input.length <= 1 || flags.escape) {
    for (const [flag, name] of NAMED) if (flags[flag]) return [name];
  }
  return [...input].map(charKey);
}
