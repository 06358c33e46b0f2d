/**
 * Validation of `metav1.LabelSelector` fields and of the rule every controller
 * relies on: a workload's selector must select its own pod template.
 */
import { labelSelectorFromObject, matchesLabels } from '../selectors/index.js';
import { at, forbidden, idx, invalidValue, required, syntaxErrors, type FieldError } from './field-errors.js';
import { isLabelValue, isQualifiedName } from './name-syntax.js';
import { validateLabels } from './object-meta.js';
import { type Obj, isObj } from './json.js';

function validateExpression(e: Obj, path: string): FieldError[] {
  const errs: FieldError[] = [];
  if (typeof e.key === 'string') errs.push(...syntaxErrors(at(path, 'key'), e.key, isQualifiedName(e.key)));
  const values: unknown[] = Array.isArray(e.values) ? e.values : [];
  switch (e.operator) {
    case 'In': case 'NotIn':
      if (values.length === 0) errs.push(required(at(path, 'values'), "must be specified when `operator` is 'In' or 'NotIn'"));
      break;
    case 'Exists': case 'DoesNotExist':
      if (values.length > 0) errs.push(forbidden(at(path, 'values'), "may not be specified when `operator` is 'Exists' or 'DoesNotExist'"));
      break;
    default:
      if (e.operator) errs.push(invalidValue(at(path, 'operator'), e.operator, 'not a valid selector operator'));
  }
  values.forEach((v, i) => {
    if (typeof v === 'string') errs.push(...syntaxErrors(idx(at(path, 'values'), i), v, isLabelValue(v)));
  });
  return errs;
}

/** Checks a LabelSelector's keys, values and operators. */
function validateLabelSelector(sel: unknown, path: string): FieldError[] {
  if (!isObj(sel)) return [];
  const errs = validateLabels(sel.matchLabels, at(path, 'matchLabels'));
  if (Array.isArray(sel.matchExpressions)) {
    sel.matchExpressions.forEach((e, i) => {
      if (isObj(e)) errs.push(...validateExpression(e, idx(at(path, 'matchExpressions'), i)));
    });
  }
  return errs;
}

function isEmptySelector(sel: Obj): boolean {
  const labels = isObj(sel.matchLabels) ? Object.keys(sel.matchLabels).length : 0;
  const exprs = Array.isArray(sel.matchExpressions) ? sel.matchExpressions.length : 0;
  return labels + exprs === 0;
}

/**
 * Checks `spec.selector` of a workload: present, non-empty, valid, and matching
 * `spec.template.metadata.labels` (otherwise the controller would create pods
 * it can never see and create more forever).
 */
export function validateWorkloadSelector(spec: Obj, specPath: string, kind: string): FieldError[] {
  const path = at(specPath, 'selector');
  const sel = spec.selector;
  if (!isObj(sel)) return sel === undefined || sel === null ? [required(path)] : [];
  if (isEmptySelector(sel)) return [invalidValue(path, sel, `empty selector is invalid for ${kind.toLowerCase()}`)];
  const errs = validateLabelSelector(sel, path);
  if (errs.length) return errs;
  const labels = spec.template?.metadata?.labels;
  const reqs = labelSelectorFromObject(sel);
  if (isObj(spec.template) && !matchesLabels(reqs, isObj(labels) ? labels : {})) {
    errs.push(invalidValue(at(specPath, 'template.metadata.labels'), labels ?? {}, '`selector` does not match template `labels`'));
  }
  return errs;
}
