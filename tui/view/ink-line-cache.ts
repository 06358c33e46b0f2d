/**
 * Keeps Ink's per-line work across frames. Ink 6 turns every screen line into
 * styled cells (`tokenize` + `styledCharsFromTokens`) on every frame, with a
 * cache that lives for one frame only; at 10 frames/s over a full-screen table
 * that is most of a frame's time, although moving the cursor changes two lines.
 * This installs a bounded cross-frame cache on Ink's output caches. The cached
 * cells are only read by Ink, never mutated. If Ink's internals ever differ
 * from what is expected, nothing is patched and Ink works as shipped.
 */
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { pathToFileURL } from 'node:url';

/**
 * Lines remembered; past this the cache starts over. A line's cells cost ~60 bytes
 * per column, so 320 lines of 160 columns are ~3 MB: a few screens' worth, which
 * is what scrolling and redraws reuse.
 */
const MAX_LINES = 320;

type Caches = { getStyledChars(line: string): unknown; getStringWidth(text: string): number };

let installed: boolean | undefined;

/** Installs the cache once; returns whether Ink's output caches were found and patched. */
export async function installInkLineCache(): Promise<boolean> {
  if (installed !== undefined) return installed;
  installed = false;
  try {
    const inkMain = createRequire(import.meta.url).resolve('ink');
    const mod = (await import(pathToFileURL(join(dirname(inkMain), 'output.js')).href)) as { default?: new (o: { width: number; height: number }) => { caches?: Caches } };
    const proto = mod.default ? (Object.getPrototypeOf(new mod.default({ width: 0, height: 0 }).caches ?? null) as Caches | null) : null;
    if (!proto || typeof proto.getStyledChars !== 'function' || typeof proto.getStringWidth !== 'function') return false;
    const styled = new Map<string, unknown>();
    const widths = new Map<string, number>();
    const original = { chars: proto.getStyledChars, width: proto.getStringWidth };
    proto.getStyledChars = function getStyledChars(this: Caches, line: string) {
      let cells = styled.get(line);
      if (cells === undefined) {
        if (styled.size >= MAX_LINES) styled.clear();
        cells = original.chars.call(this, line);
        styled.set(line, cells);
      }
      return cells;
    };
    proto.getStringWidth = function getStringWidth(this: Caches, text: string) {
      let w = widths.get(text);
      if (w === undefined) {
        if (widths.size >= MAX_LINES * 8) widths.clear();
        w = original.width.call(this, text);
        widths.set(text, w);
      }
      return w;
    };
    installed = true;
  } catch {
    installed = false;
  }
  return installed;
}
