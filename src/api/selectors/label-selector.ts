/**
 * Label selectors: parsing the `labelSelector` query string, converting a
 * `metav1.LabelSelector` object, matching labels and printing a selector back.
 *
 * Requirements are kept sorted by key with sorted, de-duplicated values, as
 * Kubernetes keeps them, so `formatLabelSelector(parseLabelSelector(s))` is a
 * canonical form that can be compared and used as a cache key.
 */
import { badRequest } from '../errors.js';
import { isLabelValue, isQualifiedName } from '../validation/name-syntax.js';
import { tokenize, type Token } from './label-lexer.js';

/** One condition of a label selector; a selector matches when all of its requirements do. */
export type LabelRequirement = {
  key: string;
  operator: 'In' | 'NotIn' | 'Exists' | 'DoesNotExist' | 'Equals' | 'NotEquals' | 'Gt' | 'Lt';
  values: string[];
};

type Operator = LabelRequirement['operator'];

const BINARY: Partial<Record<Token['kind'], Operator>> = {
  in: 'In', notin: 'NotIn', equals: 'Equals', doubleEquals: 'Equals', notEquals: 'NotEquals', gt: 'Gt', lt: 'Lt',
};

/** Checks a requirement's key and values; returns the Kubernetes-worded problem or undefined. */
function requirementError(key: string, operator: Operator, values: string[]): string | undefined {
  const keyErrs = isQualifiedName(key);
  if (keyErrs.length) return `invalid label key "${key}": ${keyErrs.join('; ')}`;
  switch (operator) {
    case 'In': case 'NotIn':
      if (values.length === 0) return "for 'in', 'notin' operators, values set can't be empty";
      break;
    case 'Equals': case 'NotEquals':
      if (values.length !== 1) return 'exact-match compatibility requires one single value';
      break;
    case 'Exists': case 'DoesNotExist':
      if (values.length !== 0) return 'values set must be empty for exists and does not exist';
      break;
    case 'Gt': case 'Lt':
      if (values.length !== 1) return "for 'Gt', 'Lt' operators, exactly one value is required";
      if (!/^[+-]?\d+$/.test(values[0])) return "for 'Gt', 'Lt' operators, the value must be an integer";
      return undefined;
  }
  for (const v of values) {
    const errs = isLabelValue(v);
    if (errs.length) return `invalid label value: "${v}": at key: "${key}": ${errs.join('; ')}`;
  }
  return undefined;
}

function requirement(key: string, operator: Operator, values: Iterable<string>): LabelRequirement {
  const sorted = [...new Set(values)].sort();
  const err = requirementError(key, operator, sorted);
  if (err) throw new Error(err);
  return { key, operator, values: sorted };
}

/** Recursive-descent parser over the token list; throws plain Errors that `parseLabelSelector` wraps. */
class Parser {
  private pos = 0;
  constructor(private readonly tokens: Token[]) {}

  /** Next token; `in`/`notin` read as identifiers where keys and values are expected. */
  private peek(asValue = true): Token {
    const t = this.tokens[this.pos];
    return asValue && (t.kind === 'in' || t.kind === 'notin') ? { kind: 'identifier', text: t.text } : t;
  }

  private next(asValue = true): Token {
    const t = this.peek(asValue);
    this.pos++;
    return t;
  }

  parse(): LabelRequirement[] {
    const reqs: LabelRequirement[] = [];
    for (;;) {
      const t = this.peek();
      if (t.kind === 'end') return reqs;
      if (t.kind !== 'identifier' && t.kind !== 'bang') {
        throw new Error(`found '${t.text}', expected: !, identifier, or 'end of string'`);
      }
      try {
        reqs.push(this.requirement());
      } catch (e) {
        throw new Error(`unable to parse requirement: ${(e as Error).message}`);
      }
      const sep = this.next();
      if (sep.kind === 'end') return reqs;
      if (sep.kind !== 'comma') throw new Error(`found '${sep.text}', expected: ',' or 'end of string'`);
      const after = this.peek();
      if (after.kind !== 'identifier' && after.kind !== 'bang') {
        throw new Error(`found '${after.text}', expected: identifier after ','`);
      }
    }
  }

  private requirement(): LabelRequirement {
    let t = this.next();
    const negated = t.kind === 'bang';
    if (negated) t = this.next();
    if (t.kind !== 'identifier') throw new Error(`found '${t.text}', expected: identifier`);
    const key = t.text;
    const following = this.peek().kind;
    if (negated) return requirement(key, 'DoesNotExist', []);
    if (following === 'end' || following === 'comma') return requirement(key, 'Exists', []);
    const op = this.next(false);
    const operator = BINARY[op.kind];
    if (!operator) throw new Error(`found '${op.text}', expected: in, notin, =, ==, !=, gt, lt`);
    const values = operator === 'In' || operator === 'NotIn' ? this.valueSet() : [this.exactValue()];
    return requirement(key, operator, values);
  }

  private exactValue(): string {
    const t = this.peek();
    if (t.kind === 'end' || t.kind === 'comma') return '';
    this.pos++;
    if (t.kind !== 'identifier') throw new Error(`found '${t.text}', expected: identifier`);
    return t.text;
  }

  /** `( a, b )`; empty entries such as `()` or `(a,)` stand for the empty value, as in Kubernetes. */
  private valueSet(): string[] {
    const open = this.next();
    if (open.kind !== 'open') throw new Error(`found '${open.text}', expected: '('`);
    const values: string[] = [];
    let expectValue = true;
    for (;;) {
      const t = this.next();
      if (t.kind === 'close') {
        if (expectValue) values.push('');
        return values;
      }
      if (t.kind === 'comma') {
        if (expectValue) values.push('');
        expectValue = true;
      } else if (t.kind === 'identifier' && expectValue) {
        values.push(t.text);
        expectValue = false;
      } else {
        throw new Error(`found '${t.text}', expected: ',', ')' or identifier`);
      }
    }
  }
}

function byKey(a: LabelRequirement, b: LabelRequirement): number {
  return a.key < b.key ? -1 : a.key > b.key ? 1 : 0;
}

/**
 * Parses a `labelSelector` query value. The empty string selects everything.
 * Throws ApiError BadRequest with the Kubernetes parser's message on syntax errors.
 */
export function parseLabelSelector(s: string): LabelRequirement[] {
  try {
    return new Parser(tokenize(s)).parse().sort(byKey);
  } catch (e) {
    throw badRequest(`unable to parse labelSelector "${s}": ${(e as Error).message}`);
  }
}

function labelInt(v: string): number | undefined {
  return /^[+-]?\d+$/.test(v) ? Number(v) : undefined;
}

function matchesOne(r: LabelRequirement, labels: Record<string, string>): boolean {
  const has = Object.prototype.hasOwnProperty.call(labels, r.key);
  const value = has ? labels[r.key] : undefined;
  switch (r.operator) {
    case 'In': case 'Equals': return has && r.values.includes(value!);
    case 'NotIn': case 'NotEquals': return !has || !r.values.includes(value!);
    case 'Exists': return has;
    case 'DoesNotExist': return !has;
    case 'Gt': case 'Lt': {
      const have = has ? labelInt(value!) : undefined;
      const want = Number(r.values[0]);
      if (have === undefined) return false;
      return r.operator === 'Gt' ? have > want : have < want;
    }
  }
}

/** True when every requirement holds for the labels; an empty selector matches everything. */
export function matchesLabels(reqs: LabelRequirement[], labels: Record<string, string> | undefined): boolean {
  const set = labels ?? {};
  return reqs.every((r) => matchesOne(r, set));
}

const OBJECT_OPERATORS: Record<string, Operator> = { In: 'In', NotIn: 'NotIn', Exists: 'Exists', DoesNotExist: 'DoesNotExist' };

/** Shape of `metav1.LabelSelector` as stored in specs (Deployment, Service-like selectors, ...). */
export interface LabelSelectorObject {
  matchLabels?: Record<string, string> | null;
  matchExpressions?: { key: string; operator: string; values?: string[] | null }[] | null;
}

/**
 * Converts a `metav1.LabelSelector` to requirements. An empty selector selects
 * everything; callers treat a missing (null) selector as selecting nothing, as
 * Kubernetes does. Throws ApiError BadRequest for an invalid selector.
 */
export function labelSelectorFromObject(sel: LabelSelectorObject): LabelRequirement[] {
  try {
    const reqs = Object.entries(sel.matchLabels ?? {}).map(([k, v]) => requirement(k, 'Equals', [v]));
    for (const e of sel.matchExpressions ?? []) {
      const operator = OBJECT_OPERATORS[e.operator];
      if (!operator) throw new Error(`"${e.operator}" is not a valid label selector operator`);
      reqs.push(requirement(e.key, operator, e.values ?? []));
    }
    return reqs.sort(byKey);
  } catch (e) {
    throw badRequest((e as Error).message);
  }
}

const SYMBOL: Record<Operator, string> = {
  Equals: '=', NotEquals: '!=', In: ' in ', NotIn: ' notin ', Gt: '>', Lt: '<', Exists: '', DoesNotExist: '',
};

/** Prints requirements in Kubernetes' canonical string form (`a=b,c in (x,y),!d`). */
export function formatLabelSelector(reqs: LabelRequirement[]): string {
  return reqs.map((r) => {
    if (r.operator === 'DoesNotExist') return `!${r.key}`;
    if (r.operator === 'Exists') return r.key;
    const value = r.operator === 'In' || r.operator === 'NotIn' ? `(${r.values.join(',')})` : r.values[0];
    return `${r.key}${SYMBOL[r.operator]}${value}`;
  }).join(',');
}
