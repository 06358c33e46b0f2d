/**
 * Query and path parameters of the resource operations, as kube-apiserver
 * advertises them. kubectl reads these: finding `fieldValidation` on an
 * operation is how it learns that the server validates fields itself.
 */
import type { SchemaObject } from './schemas.js';

/** An OpenAPI parameter object. */
export type Parameter = Record<string, unknown>;

function query(name: string, type: 'string' | 'boolean' | 'integer', description: string): Parameter {
  return { name, in: 'query', description, schema: { type, uniqueItems: true } as SchemaObject };
}

function path(name: string, description: string): Parameter {
  return { name, in: 'path', description, required: true, schema: { type: 'string', uniqueItems: true } };
}

/** `{name}` of the object. */
export const NAME = path('name', 'name of the object');
/** `{namespace}` of the object. */
export const NAMESPACE = path('namespace', 'object name and auth scope, such as for teams and projects');
/** `pretty`, accepted on every operation. */
export const PRETTY = query('pretty', 'string', "If 'true', then the output is pretty printed.");

const DRY_RUN = query('dryRun', 'string', 'When present, indicates that modifications should not be persisted. The only valid value is "All": process the request fully without saving it.');
const FIELD_MANAGER = query('fieldManager', 'string', 'Name associated with the actor or entity making these changes, recorded in managedFields.');
const FIELD_VALIDATION = query('fieldValidation', 'string', 'How the server treats unknown fields in the request body: "Ignore" drops them silently, "Warn" drops them and returns a warning for each, "Strict" fails the request (the default).');
const FORCE = query('force', 'boolean', 'Force is going to "force" Apply requests: take ownership of fields owned by other managers. Only for apply patches.');

/** Parameters of create (POST) and replace (PUT). */
export const WRITE_PARAMS = [DRY_RUN, FIELD_MANAGER, FIELD_VALIDATION];
/** Parameters of patch. */
export const PATCH_PARAMS = [DRY_RUN, FIELD_MANAGER, FIELD_VALIDATION, FORCE];
/** Parameters of delete. */
export const DELETE_PARAMS = [
  DRY_RUN,
  query('gracePeriodSeconds', 'integer', 'The duration in seconds before the object should be deleted; zero means delete immediately.'),
  query('orphanDependents', 'boolean', 'Deprecated: use propagationPolicy. Whether dependents are orphaned.'),
  query('propagationPolicy', 'string', "Whether and how garbage collection is performed: 'Orphan', 'Background' or 'Foreground'."),
];
/** Parameters of list and watch. */
export const LIST_PARAMS = [
  query('allowWatchBookmarks', 'boolean', 'Requests watch events with type "BOOKMARK".'),
  query('continue', 'string', 'The continue token returned by a previous paginated list.'),
  query('fieldSelector', 'string', 'A selector to restrict the list of returned objects by their fields. Defaults to everything.'),
  query('labelSelector', 'string', 'A selector to restrict the list of returned objects by their labels. Defaults to everything.'),
  query('limit', 'integer', 'Maximum number of objects to return; the list metadata carries a continue token when more exist.'),
  query('resourceVersion', 'string', 'Which resource versions the request may be served from.'),
  query('resourceVersionMatch', 'string', 'How resourceVersion is applied to list calls.'),
  query('sendInitialEvents', 'boolean', 'Whether a watch starts with synthetic ADDED events for existing objects.'),
  query('timeoutSeconds', 'integer', 'Timeout for the list/watch call, regardless of any activity.'),
  query('watch', 'boolean', 'Watch for changes to the described resources and return them as a stream of add, update, and remove notifications.'),
];
