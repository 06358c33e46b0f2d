/**
 * Label and field selectors, as used by list/watch filtering, controllers and the CLI.
 *
 * One entry point so callers never depend on how parsing and matching are split
 * across files.
 */
export {
  type LabelRequirement, type LabelSelectorObject,
  parseLabelSelector, matchesLabels, labelSelectorFromObject, formatLabelSelector,
} from './label-selector.js';
export {
  type FieldRequirement,
  parseFieldSelector, matchesFields, supportedFields, assertSupportedFields, formatFieldSelector, selectableProjection,
} from './field-selector.js';
