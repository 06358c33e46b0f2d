/**
 * apimachinery meta/v1 messages shared by every kind: ObjectMeta and LabelSelector.
 * Field numbers: k8s.io/apimachinery/pkg/apis/meta/v1/generated.proto.
 */
import { KEEP_ZERO, POINTER, bool, dict, field, int64, list, message, str } from './schema.js';
import { TIME } from './well-known.js';

/** metav1.OwnerReference; apiVersion, kind, name and uid have no `omitempty`. */
export const OWNER_REFERENCE = message('OwnerReference', [
  [5, str('apiVersion', KEEP_ZERO)],
  [1, str('kind', KEEP_ZERO)],
  [3, str('name', KEEP_ZERO)],
  [4, str('uid', KEEP_ZERO)],
  [6, bool('controller', POINTER)],
  [7, bool('blockOwnerDeletion', POINTER)],
]);

/** metav1.ObjectMeta; managedFields (17) is server-owned and skipped. */
export const OBJECT_META = message('ObjectMeta', [
  [1, str('name')],
  [2, str('generateName')],
  [3, str('namespace')],
  [4, str('selfLink')],
  [5, str('uid')],
  [6, str('resourceVersion')],
  [7, int64('generation')],
  [8, field('creationTimestamp', TIME)],
  [9, field('deletionTimestamp', TIME, POINTER)],
  [10, int64('deletionGracePeriodSeconds', POINTER)],
  [11, dict('labels', 'string')],
  [12, dict('annotations', 'string')],
  [13, list('ownerReferences', OWNER_REFERENCE)],
  [14, list('finalizers', 'string')],
]);

/** metav1.LabelSelectorRequirement; key and operator have no `omitempty`. */
export const LABEL_SELECTOR_REQUIREMENT = message('LabelSelectorRequirement', [
  [1, str('key', KEEP_ZERO)],
  [2, str('operator', KEEP_ZERO)],
  [3, list('values', 'string')],
]);

/** metav1.LabelSelector, used by Deployment and Job selectors. */
export const LABEL_SELECTOR = message('LabelSelector', [
  [1, dict('matchLabels', 'string')],
  [2, list('matchExpressions', LABEL_SELECTOR_REQUIREMENT)],
]);
