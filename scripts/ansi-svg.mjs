/**
 * A small terminal-screen-to-image renderer for the docs' screenshots: parses
 * the SGR colour codes `tmux capture-pane -e` emits (16, 256 and 24-bit
 * colours, bold, dim, inverse) into cells and lays them out as an SVG on a
 * fixed monospace grid, which @resvg/resvg-js rasterises to PNG offline.
 * Pure except `svgToPng`.
 */

const BASE16 = [
  '#1e1e1e', '#e05561', '#8cc265', '#d18f52', '#4aa5f0', '#c162de', '#42b3c2', '#d7dae0',
  '#5c6370', '#ff616e', '#a5e075', '#f0a45d', '#4dc4ff', '#de73ff', '#4cd1e0', '#ffffff',
];
/** Screen background and default foreground. */
export const THEME = { background: '#16181d', foreground: '#d7dae0' };

/** The xterm 256-colour palette entry `n` as `#rrggbb`. */
export function xterm256(n) {
  if (n < 16) return BASE16[n];
  if (n < 232) {
    const i = n - 16;
    const level = (v) => (v === 0 ? 0 : 55 + v * 40);
    return rgb(level(Math.floor(i / 36)), level(Math.floor(i / 6) % 6), level(i % 6));
  }
  const g = 8 + (n - 232) * 10;
  return rgb(g, g, g);
}

function rgb(r, g, b) {
  return `#${[r, g, b].map((v) => v.toString(16).padStart(2, '0')).join('')}`;
}

/** Applies one SGR parameter list to a style; returns the new style. */
export function applySgr(style, params) {
  const s = { ...style };
  const p = params.length ? params : [0];
  for (let i = 0; i < p.length; i++) {
    const c = p[i];
    if (c === 0) Object.assign(s, { fg: undefined, bg: undefined, bold: false, dim: false, inverse: false, underline: false });
    else if (c === 1) s.bold = true;
    else if (c === 2) s.dim = true;
    else if (c === 4) s.underline = true;
    else if (c === 7) s.inverse = true;
    else if (c === 22) Object.assign(s, { bold: false, dim: false });
    else if (c === 24) s.underline = false;
    else if (c === 27) s.inverse = false;
    else if (c >= 30 && c <= 37) s.fg = BASE16[c - 30];
    else if (c >= 90 && c <= 97) s.fg = BASE16[c - 90 + 8];
    else if (c >= 40 && c <= 47) s.bg = BASE16[c - 40];
    else if (c >= 100 && c <= 107) s.bg = BASE16[c - 100 + 8];
    else if (c === 39) s.fg = undefined;
    else if (c === 49) s.bg = undefined;
    else if (c === 38 || c === 48) {
      const key = c === 38 ? 'fg' : 'bg';
      if (p[i + 1] === 5) {
        s[key] = xterm256(p[i + 2] ?? 0);
        i += 2;
      } else if (p[i + 1] === 2) {
        s[key] = rgb(p[i + 2] ?? 0, p[i + 3] ?? 0, p[i + 4] ?? 0);
        i += 4;
      }
    }
  }
  return s;
}

/** Splits screen text with escape codes into lines of runs `{ text, style }` (other escapes are dropped). */
export function parseAnsi(text) {
  const lines = [];
  let style = {};
  for (const raw of text.replace(/\n$/, '').split('\n')) {
    const runs = [];
    const re = /\x1b\[([\d;:]*)([A-Za-z])|\x1b[()][A-Z0-9]|\x1b./g;
    let last = 0;
    let m;
    while ((m = re.exec(raw))) {
      if (m.index > last) runs.push({ text: raw.slice(last, m.index), style });
      if (m[2] === 'm') style = applySgr(style, m[1] ? m[1].split(/[;:]/).map(Number) : []);
      last = re.lastIndex;
    }
    if (last < raw.length) runs.push({ text: raw.slice(last), style });
    lines.push(runs);
  }
  return lines;
}

function esc(s) {
  return s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');
}

/** Renders a captured screen as SVG on a `columns` x `rows` grid (runs are pinned to their columns). */
export function ansiToSvg(text, opts = {}) {
  const fontSize = opts.fontSize ?? 14;
  const cw = fontSize * 0.6021;
  const lh = Math.round(fontSize * 1.3);
  const pad = 12;
  const lines = parseAnsi(text);
  const columns = opts.columns ?? Math.max(...lines.map((l) => l.reduce((n, r) => n + [...r.text].length, 0)));
  const rows = opts.rows ?? lines.length;
  const width = Math.ceil(columns * cw + 2 * pad);
  const height = rows * lh + 2 * pad;
  const out = [
    `<svg xmlns="http://www.w3.org/2000/svg" width="${width}" height="${height}" viewBox="0 0 ${width} ${height}">`,
    `<rect width="100%" height="100%" fill="${THEME.background}"/>`,
    `<g font-family="DejaVu Sans Mono, monospace" font-size="${fontSize}" xml:space="preserve">`,
  ];
  lines.slice(0, rows).forEach((runs, row) => {
    let col = 0;
    const y = pad + row * lh;
    for (const run of runs) {
      const chars = [...run.text];
      const { fg = THEME.foreground, bg, bold, dim, inverse, underline } = run.style;
      const [front, back] = inverse ? [bg ?? THEME.background, fg] : [fg, bg];
      const x = pad + col * cw;
      const w = chars.length * cw;
      if (back) out.push(`<rect x="${x.toFixed(1)}" y="${y}" width="${w.toFixed(1)}" height="${lh}" fill="${back}"/>`);
      if (run.text.trim()) {
        const attrs = [`x="${x.toFixed(1)}"`, `y="${(y + fontSize).toFixed(1)}"`, `fill="${front}"`, `textLength="${w.toFixed(1)}"`, 'lengthAdjust="spacingAndGlyphs"'];
        if (bold) attrs.push('font-weight="bold"');
        if (dim) attrs.push('fill-opacity="0.6"');
        if (underline) attrs.push('text-decoration="underline"');
        out.push(`<text ${attrs.join(' ')}>${esc(run.text)}</text>`);
      }
      col += chars.length;
    }
  });
  out.push('</g></svg>');
  return out.join('\n');
}

/** Rasterises an SVG to PNG bytes with the system's fonts. */
export async function svgToPng(svg) {
  const { Resvg } = await import('@resvg/resvg-js');
  return new Resvg(svg, { font: { loadSystemFonts: true, defaultFontFamily: 'DejaVu Sans Mono', monospaceFamily: 'DejaVu Sans Mono' } }).render().asPng();
}
