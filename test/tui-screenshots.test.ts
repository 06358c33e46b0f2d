/**
 * The docs' screenshot renderer (scripts/ansi-svg.mjs): SGR parsing of what
 * `tmux capture-pane -e` emits, the SVG grid, and rasterising a committed
 * capture to a real PNG with @resvg/resvg-js.
 */
import { readFileSync } from 'node:fs';
import { test } from 'uvu';
import * as assert from 'uvu/assert';

type Style = { fg?: string; bg?: string; bold?: boolean; inverse?: boolean; dim?: boolean };
interface Renderer {
  xterm256(n: number): string;
  applySgr(style: Style, params: number[]): Style;
  parseAnsi(text: string): { text: string; style: Style }[][];
  ansiToSvg(text: string, opts?: { columns?: number; rows?: number }): string;
  svgToPng(svg: string): Promise<Uint8Array>;
}

const root = new URL('../../', import.meta.url);
const load = async (): Promise<Renderer> => (await import(new URL('scripts/ansi-svg.mjs', root).href)) as Renderer;

test('SGR codes: 16, 256 and 24-bit colours, bold, inverse, resets', async () => {
  const r = await load();
  assert.is(r.xterm256(196), '#ff0000');
  assert.is(r.xterm256(244), '#808080');
  let s = r.applySgr({}, [1, 31]);
  assert.ok(s.bold);
  assert.is(s.fg, r.xterm256(1));
  s = r.applySgr(s, [38, 2, 1, 2, 3, 48, 5, 21, 7]);
  assert.equal([s.fg, s.bg, s.inverse], ['#010203', '#0000ff', true]);
  s = r.applySgr(s, [39, 22, 27]);
  assert.equal([s.fg, s.bold, s.inverse, s.bg], [undefined, false, false, '#0000ff']);
  assert.equal(r.applySgr(s, []), { fg: undefined, bg: undefined, bold: false, dim: false, inverse: false, underline: false }, 'ESC[m resets');
  const lines = r.parseAnsi('\x1b[33mCtx: \x1b[37mredkube\x1b[0m end\nnext');
  assert.equal(lines[0]!.map((run) => run.text), ['Ctx: ', 'redkube', ' end']);
  assert.is(lines[0]![0]!.style.fg, r.xterm256(3));
  assert.is(lines[1]![0]!.text, 'next');
});

test('a committed capture renders to SVG text on the grid and to a PNG of the right size', async () => {
  const r = await load();
  const capture = readFileSync(new URL('docs/screenshots/pods.txt', root), 'utf8');
  const svg = r.ansiToSvg(capture, { columns: 130, rows: 34 });
  assert.match(svg, /<svg [^>]*width="\d+" height="\d+"/);
  assert.match(svg, />Context: </);
  assert.match(svg, /pods\(shop\)/);
  const png = Buffer.from(await r.svgToPng(svg));
  assert.equal([...png.subarray(0, 8)], [0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a], 'PNG signature');
  const width = png.readUInt32BE(16);
  const height = png.readUInt32BE(20);
  assert.is(width, Number(/width="(\d+)"/.exec(svg)![1]));
  assert.is(height, Number(/height="(\d+)"/.exec(svg)![1]));
  assert.ok(png.length > 10_000, 'the text was drawn, not a blank image');
});

test.run();
