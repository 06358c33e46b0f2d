/**
 * Builds the watch-cache filter for a list or watch from its namespace and selectors.
 */
import { assertSupportedFields, matchesFields, matchesLabels, parseFieldSelector, parseLabelSelector } from '../../api/selectors/index.js';
import type { EntryFilter } from '../../store/watch-cache.js';

/** A filter that checks the namespace first (no parsing), then labels and fields on the decoded object; `resource` is the plural name. Unsupported fields are a 400 even when nothing would match. */
export function buildFilter(resource: string, namespace: string, labelSelector: string, fieldSelector: string): EntryFilter {
  const labels = labelSelector ? parseLabelSelector(labelSelector) : [];
  const fields = fieldSelector ? parseFieldSelector(fieldSelector) : [];
  assertSupportedFields(resource, fields);
  if (!labels.length && !fields.length) return namespace ? (e) => e.namespace === namespace : () => true;
  return (e) => {
    if (namespace && e.namespace !== namespace) return false;
    const obj = e.object;
    if (labels.length && !matchesLabels(labels, obj.metadata?.labels)) return false;
    return !fields.length || matchesFields(fields, resource, obj);
  };
}
