/**
 * kubectl's JSONPath templates (`-o jsonpath=...`, custom columns, `--sort-by`):
 * text with `{...}` actions — fields `.a.b`, `['key']`, recursive `..name`, `[*]`,
 * indexes and slices `[0]`, `[-1]`, `[1:3]`, filters `[?(@.type=="Ready")]`
 * (==, !=, <, <=, >, >=, or existence), string literals `{"\n"}`, and
 * `{range ...}...{end}`. Pure; values print as kubectl prints them (strings raw,
 * several results separated by a space, objects as JSON).
 */

type Segment =
  | { t: 'field'; name: string }
  | { t: 'recursive'; name: string }
  | { t: 'wildcard' }
  | { t: 'index'; start?: number; end?: number; single: boolean }
  | { t: 'filter'; left: Segment[]; op?: string; right?: Operand };

type Operand = { path: Segment[] } | { value: unknown };

type Node =
  | { t: 'text'; text: string }
  | { t: 'expr'; root: '$' | '@'; path: Segment[] }
  | { t: 'literal'; text: string }
  | { t: 'range'; root: '$' | '@'; path: Segment[]; body: Node[] };

/** A malformed template, reported as kubectl does: `error parsing jsonpath ...`. */
export class JsonPathError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'JsonPathError';
  }
}

const FIELD_CHARS = /[A-Za-z0-9_\-/$]/;

function parseBracket(src: string, i: number): [Segment, number] {
  const close = matchingBracket(src, i);
  const inner = src.slice(i + 1, close).trim();
  if (inner === '*') return [{ t: 'wildcard' }, close + 1];
  if (/^'.*'$|^".*"$/.test(inner)) return [{ t: 'field', name: inner.slice(1, -1) }, close + 1];
  if (inner.startsWith('?(') && inner.endsWith(')')) return [parseFilter(inner.slice(2, -1).trim()), close + 1];
  const slice = /^(-?\d*)\s*(:\s*(-?\d*))?$/.exec(inner);
  if (!slice) throw new JsonPathError(`unrecognized array index ${JSON.stringify(inner)}`);
  const num = (s: string | undefined) => (s === undefined || s === '' ? undefined : Number(s));
  return [{ t: 'index', start: num(slice[1]), end: num(slice[3]), single: slice[2] === undefined }, close + 1];
}

function matchingBracket(src: string, open: number): number {
  let depth = 0;
  let quote = '';
  for (let i = open; i < src.length; i++) {
    const c = src[i];
    if (quote) { if (c === quote) quote = ''; continue; }
    if (c === '"' || c === "'") quote = c;
    else if (c === '[') depth++;
    else if (c === ']' && --depth === 0) return i;
  }
  throw new JsonPathError(`unterminated array index in ${JSON.stringify(src)}`);
}

function parseFilter(expr: string): Segment {
  const m = /^(@[^=!<>]*?)\s*(==|!=|<=|>=|<|>)\s*(.+)$/.exec(expr);
  if (!m) return { t: 'filter', left: parsePath(expr.replace(/^@/, '')) };
  const rhs = m[3].trim();
  let right: Operand;
  if (/^'.*'$|^".*"$/.test(rhs)) right = { value: rhs.slice(1, -1) };
  else if (rhs.startsWith('@') || rhs.startsWith('$')) right = { path: parsePath(rhs.slice(1)) };
  else if (rhs === 'true' || rhs === 'false') right = { value: rhs === 'true' };
  else if (!Number.isNaN(Number(rhs))) right = { value: Number(rhs) };
  else throw new JsonPathError(`unrecognized filter operand ${JSON.stringify(rhs)}`);
  return { t: 'filter', left: parsePath(m[1].replace(/^@/, '')), op: m[2], right };
}

/** Parses a path such as `.items[*].metadata.name` (after its `$`/`@`, if any). */
export function parsePath(src: string): Segment[] {
  const segs: Segment[] = [];
  let i = 0;
  while (i < src.length) {
    const c = src[i];
    if (c === ' ') { i++; continue; }
    if (c === '[') { const [seg, next] = parseBracket(src, i); segs.push(seg); i = next; continue; }
    if (c !== '.') throw new JsonPathError(`unrecognized character in action: ${JSON.stringify(src.slice(i))}`);
    const recursive = src[i + 1] === '.';
    i += recursive ? 2 : 1;
    if (src[i] === '*') { segs.push({ t: 'wildcard' }); i++; continue; }
    let name = '';
    while (i < src.length && FIELD_CHARS.test(src[i])) name += src[i++];
    if (recursive) segs.push({ t: 'recursive', name });
    else if (name) segs.push({ t: 'field', name });
  }
  return segs;
}

function splitRoot(action: string): { root: '$' | '@'; path: Segment[] } {
  const a = action.trim();
  if (a.startsWith('$')) return { root: '$', path: parsePath(a.slice(1)) };
  if (a.startsWith('@')) return { root: '@', path: parsePath(a.slice(1)) };
  return { root: '@', path: parsePath(a) };
}

function actions(template: string): string[] {
  const parts: string[] = [];
  let i = 0;
  while (i < template.length) {
    const open = template.indexOf('{', i);
    if (open < 0) { parts.push(template.slice(i)); break; }
    if (open > i) parts.push(template.slice(i, open));
    let quote = '';
    let j = open + 1;
    for (; j < template.length; j++) {
      const c = template[j];
      if (quote) { if (c === '\\') j++; else if (c === quote) quote = ''; } else if (c === '"') quote = c; else if (c === '}') break;
    }
    if (j >= template.length) throw new JsonPathError(`unclosed action in ${JSON.stringify(template)}`);
    parts.push(template.slice(open, j + 1));
    i = j + 1;
  }
  return parts;
}

/** Parses a whole template into its nodes. */
export function parseTemplate(template: string): Node[] {
  const stack: Node[][] = [[]];
  const ranges: Extract<Node, { t: 'range' }>[] = [];
  for (const part of actions(template)) {
    const top = stack[stack.length - 1];
    if (!part.startsWith('{')) { top.push({ t: 'text', text: part }); continue; }
    const inner = part.slice(1, -1).trim();
    if (inner.startsWith('"')) top.push({ t: 'literal', text: JSON.parse(inner) as string });
    else if (inner === 'end') {
      if (!ranges.length) throw new JsonPathError('not in range, nothing to end');
      ranges.pop();
      stack.pop();
    } else if (inner.startsWith('range ')) {
      const node = { t: 'range' as const, ...splitRoot(inner.slice(6)), body: [] as Node[] };
      top.push(node);
      ranges.push(node);
      stack.push(node.body);
    } else top.push({ t: 'expr', ...splitRoot(inner) });
  }
  if (ranges.length) throw new JsonPathError('unclosed range');
  return stack[0];
}

function children(v: unknown): unknown[] {
  if (Array.isArray(v)) return v;
  if (v && typeof v === 'object') return Object.values(v);
  return [];
}

function recurse(v: unknown, name: string, out: unknown[]): void {
  if (v && typeof v === 'object' && !Array.isArray(v) && name in v) out.push((v as Record<string, unknown>)[name]);
  for (const c of children(v)) if (c && typeof c === 'object') recurse(c, name, out);
}

function compare(a: unknown, op: string, b: unknown): boolean {
  switch (op) {
    case '==': return a === b || String(a) === String(b);
    case '!=': return !(a === b || String(a) === String(b));
    case '<': return (a as number) < (b as number);
    case '<=': return (a as number) <= (b as number);
    case '>': return (a as number) > (b as number);
    default: return (a as number) >= (b as number);
  }
}

function applySegment(values: unknown[], seg: Segment, root: unknown): unknown[] {
  const out: unknown[] = [];
  for (const v of values) {
    if (seg.t === 'field') {
      if (v && typeof v === 'object' && !Array.isArray(v) && seg.name in v) out.push((v as Record<string, unknown>)[seg.name]);
    } else if (seg.t === 'recursive') recurse(v, seg.name, out);
    else if (seg.t === 'wildcard') out.push(...children(v));
    else if (seg.t === 'index') {
      if (!Array.isArray(v)) continue;
      const norm = (n: number) => (n < 0 ? Math.max(0, v.length + n) : Math.min(n, v.length));
      if (seg.single) { const idx = (seg.start ?? 0) < 0 ? v.length + seg.start! : seg.start ?? 0; if (idx >= 0 && idx < v.length) out.push(v[idx]); } else out.push(...v.slice(norm(seg.start ?? 0), norm(seg.end ?? v.length)));
    } else {
      for (const item of Array.isArray(v) ? v : [v]) {
        const left = evalPath([item], seg.left, root);
        if (!seg.op) { if (left.length) out.push(item); continue; }
        const right = 'value' in seg.right! ? [seg.right!.value] : evalPath([item], seg.right!.path, root);
        if (left.length && right.length && compare(left[0], seg.op, right[0])) out.push(item);
      }
    }
  }
  return out;
}

function evalPath(values: unknown[], path: Segment[], root: unknown): unknown[] {
  return path.reduce((vals, seg) => applySegment(vals, seg, root), values);
}

/** JSON with object keys sorted, as Go prints maps. */
function sortedJson(v: unknown): string {
  return JSON.stringify(v, (_k, val: unknown) => (val && typeof val === 'object' && !Array.isArray(val)
    ? Object.fromEntries(Object.keys(val).sort().map((k) => [k, (val as Record<string, unknown>)[k]]))
    : val));
}

/** Renders one value the way kubectl's JSONPath printer does (maps with sorted keys). */
export function printValue(v: unknown): string {
  if (v === null || v === undefined) return '';
  if (typeof v === 'string') return v;
  if (typeof v === 'object') return sortedJson(v);
  return String(v);
}

function render(nodes: Node[], current: unknown, root: unknown): string {
  let out = '';
  for (const n of nodes) {
    if (n.t === 'text' || n.t === 'literal') out += n.text;
    else if (n.t === 'expr') out += evalPath([n.root === '$' ? root : current], n.path, root).map(printValue).join(' ');
    else for (const item of evalPath([n.root === '$' ? root : current], n.path, root)) out += render(n.body, item, root);
  }
  return out;
}

/** Executes a template against `data`. */
export function executeTemplate(template: string, data: unknown): string {
  return render(parseTemplate(template), data, data);
}

/** The values one path expression (`{.a.b}` or `.a.b`) selects, for custom columns and sorting. */
export function selectValues(expression: string, data: unknown): unknown[] {
  const inner = relaxed(expression).slice(1, -1);
  const { path } = splitRoot(inner);
  return evalPath([data], path, data);
}

/** kubectl's relaxed expression: `metadata.name`, `.metadata.name` and `{.metadata.name}` all mean `{.metadata.name}`. */
export function relaxed(expression: string): string {
  let e = expression.trim();
  if (e.startsWith('{') && e.endsWith('}')) e = e.slice(1, -1).trim();
  if (!e.startsWith('.') && !e.startsWith('$') && !e.startsWith('@') && !e.startsWith('[')) e = `.${e}`;
  return `{${e}}`;
}
