/**
 * Serialises objects so a Lua script can stamp the revision into them without
 * decoding JSON in Redis (Lua's cjson would turn `[]` into `{}` and cost time).
 *
 * The object is written with a sentinel as `metadata.resourceVersion`, and split
 * around it: Redis stores `before .. revision .. after`. The sentinel can only be
 * found as metadata's own key, because `canonicalMetadata` puts resourceVersion
 * before every user-controlled metadata field and JSON escapes quotes inside values.
 */

const SENTINEL = '\u0000rk-revision\u0000';
const MARKER = JSON.stringify(SENTINEL);

/** The order kube-apiserver writes ObjectMeta fields in; unknown fields follow. */
const META_ORDER = [
  'name', 'generateName', 'namespace', 'uid', 'resourceVersion', 'generation', 'creationTimestamp',
  'deletionTimestamp', 'deletionGracePeriodSeconds', 'labels', 'annotations', 'ownerReferences', 'finalizers', 'managedFields',
];

/** Top-level order: apiVersion, kind, metadata first, so the revision is found early and once. */
function canonicalObject(obj: Record<string, any>, metadata: Record<string, any>): Record<string, any> {
  const out: Record<string, any> = { apiVersion: obj.apiVersion, kind: obj.kind, metadata };
  for (const k of Object.keys(obj)) if (!(k in out)) out[k] = obj[k];
  return out;
}

/** Returns a copy of metadata in canonical order with the given resourceVersion. */
export function canonicalMetadata(meta: Record<string, any>, resourceVersion: string): Record<string, any> {
  const out: Record<string, any> = {};
  for (const k of META_ORDER) {
    if (k === 'resourceVersion') out[k] = resourceVersion;
    else if (meta[k] !== undefined) out[k] = meta[k];
  }
  for (const k of Object.keys(meta)) if (!(k in out)) out[k] = meta[k];
  return out;
}

/** The two halves of an object's JSON around its revision. */
export interface SplitJson {
  before: string;
  after: string;
}

/** Serialises an object for a write; the revision is filled in by the Lua script. */
export function splitForRevision(obj: Record<string, any>): SplitJson {
  const json = JSON.stringify(canonicalObject(obj, canonicalMetadata(obj.metadata ?? {}, SENTINEL)));
  const at = json.indexOf(MARKER);
  return { before: json.slice(0, at + 1), after: json.slice(at + MARKER.length - 1) };
}

/** The JSON Redis stored for a split object at a revision (so responses need no second stringify). */
export function joinWithRevision(split: SplitJson, revision: number): string {
  return split.before + revision + split.after;
}
