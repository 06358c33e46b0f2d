/**
 * Finds fields a request body sets twice, which JSON.parse and the YAML parser
 * silently resolve to the last value. `fieldValidation=Strict` refuses such a body
 * and `Warn` reports each duplicate, so these run only when one of those is asked.
 *
 * Messages are worded as kube-apiserver's strict decoders word them:
 * `duplicate field "spec.replicas"` (JSON, with the field's path) and
 * `yaml: unmarshal errors:\n  line 4: key "data" already set in map` (YAML).
 */
import { isScalar, visit, type Document, type LineCounter } from 'yaml';

/** Index of the quote closing the string that opens at `open` (the text's end if unterminated). */
function stringEnd(text: string, open: number): number {
  for (let j = text.indexOf('"', open + 1); ; j = text.indexOf('"', j + 1)) {
    if (j < 0) return text.length;
    let slashes = 0;
    while (text.charCodeAt(j - 1 - slashes) === 92) slashes++;
    if (slashes % 2 === 0) return j;
  }
}

/**
 * Counts `:` outside strings: in valid JSON, exactly one per object member. Strings
 * are skipped with indexOf (fast on long values); only the short gaps between
 * strings are read character by character.
 */
function memberCount(text: string): number {
  let n = 0;
  for (let i = 0; ;) {
    const open = text.indexOf('"', i);
    const gapEnd = open < 0 ? text.length : open;
    for (let k = i; k < gapEnd; k++) if (text.charCodeAt(k) === 58) n++;
    if (open < 0) return n;
    i = stringEnd(text, open) + 1;
  }
}

/** Counts the members of every object in a parsed value (duplicates were merged into one). */
function keyCount(value: unknown): number {
  if (!value || typeof value !== 'object') return 0;
  if (Array.isArray(value)) {
    let n = 0;
    for (const v of value) n += keyCount(v);
    return n;
  }
  let n = 0;
  for (const k of Object.keys(value)) n += 1 + keyCount((value as Record<string, unknown>)[k]);
  return n;
}

/** One open object or array while scanning, with the path of the value it is. */
interface Frame {
  path: string;
  /** Keys seen so far (objects only). */
  keys?: Set<string>;
  /** The key whose value comes next (objects), or the next element's index (arrays). */
  key: string;
  index: number;
  expectKey: boolean;
}

function childPath(parent: Frame | undefined): string {
  if (!parent) return '';
  if (!parent.keys) return `${parent.path}[${parent.index}]`;
  return parent.path ? `${parent.path}.${parent.key}` : parent.key;
}

/** Walks valid JSON text and reports every repeated key with its path, once each. */
function scanDuplicates(text: string): string[] {
  const found = new Set<string>();
  const stack: Frame[] = [];
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    const top = stack[stack.length - 1];
    if (c === 34) {
      const j = stringEnd(text, i);
      if (top?.keys && top.expectKey) {
        const key = JSON.parse(text.slice(i, j + 1)) as string;
        if (top.keys.has(key)) found.add(`duplicate field "${top.path ? `${top.path}.${key}` : key}"`);
        top.keys.add(key);
        top.key = key;
        top.expectKey = false;
      }
      i = j;
    } else if (c === 123 || c === 91) {
      stack.push({ path: childPath(top), keys: c === 123 ? new Set() : undefined, key: '', index: 0, expectKey: c === 123 });
    } else if (c === 125 || c === 93) {
      stack.pop();
    } else if (c === 44 && top) {
      if (top.keys) top.expectKey = true;
      else top.index++;
    }
  }
  return [...found];
}

/**
 * Duplicate fields of a JSON body, given its text and what JSON.parse made of it. The
 * common case (none) costs one pass over the text without allocating: member counts
 * of text and value agree exactly when no key repeats.
 */
export function duplicateJsonFields(text: string, parsed: unknown): string[] {
  if (memberCount(text) === keyCount(parsed)) return [];
  return scanDuplicates(text);
}

/**
 * Duplicate keys of a parsed YAML document (parsed with `uniqueKeys: false` and
 * `lineCounter`), as one strict decoding error listing each repeat by line, or none.
 */
export function duplicateYamlKeys(doc: Document, lines: LineCounter): string[] {
  const repeats: string[] = [];
  visit(doc, {
    Map(_, map) {
      const seen = new Set<string>();
      for (const pair of map.items) {
        if (!isScalar(pair.key)) continue;
        const value = pair.key.value;
        const id = `${typeof value}:${String(value)}`;
        if (seen.has(id)) {
          const line = pair.key.range ? lines.linePos(pair.key.range[0]).line : 0;
          repeats.push(`line ${line}: key ${JSON.stringify(String(value))} already set in map`);
        }
        seen.add(id);
      }
    },
  });
  return repeats.length ? [`yaml: unmarshal errors:\n  ${repeats.join('\n  ')}`] : [];
}
