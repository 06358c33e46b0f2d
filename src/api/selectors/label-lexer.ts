/**
 * Tokenizer for label selector strings (`a=b,c in (x,y),!d`).
 *
 * Kept apart from the parser so the token rules (which characters end an
 * identifier, which keywords exist) live in one small place and match the
 * Kubernetes selector grammar: any run of characters other than whitespace and
 * `=!(),<>` is an identifier, and `in` / `notin` are keywords only where an
 * operator is expected.
 */

/** Kinds of token a label selector contains. */
export type TokenKind =
  | 'identifier' | 'in' | 'notin' | 'open' | 'close' | 'comma'
  | 'equals' | 'doubleEquals' | 'notEquals' | 'bang' | 'gt' | 'lt' | 'end';

/** One token and the exact text it came from (quoted back in error messages). */
export interface Token {
  kind: TokenKind;
  text: string;
}

const SYMBOLS: [string, TokenKind][] = [
  ['!=', 'notEquals'], ['==', 'doubleEquals'], ['!', 'bang'], ['=', 'equals'],
  ['(', 'open'], [')', 'close'], [',', 'comma'], ['>', 'gt'], ['<', 'lt'],
];
const SPECIAL = /[=!(),<>]/;
const SPACE = /\s/;

/** Splits a selector into tokens; always ends with an `end` token. */
export function tokenize(input: string): Token[] {
  const tokens: Token[] = [];
  let i = 0;
  while (i < input.length) {
    if (SPACE.test(input[i])) { i++; continue; }
    const symbol = SYMBOLS.find(([text]) => input.startsWith(text, i));
    if (symbol) {
      tokens.push({ kind: symbol[1], text: symbol[0] });
      i += symbol[0].length;
      continue;
    }
    let j = i;
    while (j < input.length && !SPACE.test(input[j]) && !SPECIAL.test(input[j])) j++;
    const text = input.slice(i, j);
    tokens.push({ kind: text === 'in' ? 'in' : text === 'notin' ? 'notin' : 'identifier', text });
    i = j;
  }
  tokens.push({ kind: 'end', text: '' });
  return tokens;
}
