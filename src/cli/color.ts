/**
 * Terminal colour, used sparingly as kubectl does (cluster-info, rollout): only
 * when the stream is a TTY and never when `NO_COLOR` is set, so scripts and pipes
 * always get plain text.
 */

/** Whether output to a stream should be coloured. Pure: the caller passes the facts. */
export function colorEnabled(isTTY: boolean | undefined, env: NodeJS.ProcessEnv): boolean {
  return isTTY === true && env.NO_COLOR === undefined && env.TERM !== 'dumb';
}

const CODES = { green: 32, yellow: 33, red: 31, cyan: 36, bold: 1 } as const;

/** A painter for one stream: `paint('green', text)` is `text` itself when colour is off. */
export function painter(stream: { isTTY?: boolean } = process.stdout, env: NodeJS.ProcessEnv = process.env): (c: keyof typeof CODES, text: string) => string {
  const on = colorEnabled(stream.isTTY, env);
  return (c, text) => (on ? `\x1b[${CODES[c]}m${text}\x1b[0m` : text);
}
