/**
 * The strategic-merge schema of the built-in kinds: for each field that Kubernetes tags with
 * `patchStrategy:"merge"` (k8s.io/api core/v1, apps/v1, batch/v1, autoscaling/v2 and
 * metav1.ObjectMeta), whether the list merges and by which `patchMergeKey`, plus the
 * nested types to descend into. Every field not listed is a plain map (merged key by key)
 * or an atomic list (replaced wholesale), which is also what Kubernetes does for fields
 * without tags.
 *
 * Notable untagged lists, replaced by a patch exactly as in Kubernetes: `spec.tolerations`,
 * node `spec.taints` (why `kubectl taint` sends the whole list), `readinessGates`,
 * `envFrom`, `containerStatuses`, node `status.images`, and every `matchExpressions`.
 * `retainKeys` strategies (volumes, resourceClaims, Deployment `spec.strategy`) need no
 * entry: the `$retainKeys` directive is honoured wherever a patch carries it.
 */

/** The nested types the schema descends into. */
type NestedType = 'ObjectMeta' | 'PodTemplateSpec' | 'PodSpec' | 'Container' | 'PodStatus' | 'ConditionedStatus'
  | 'NodeSpec' | 'NodeStatus' | 'ServiceSpec' | 'WorkloadSpec' | 'CronJobSpec' | 'JobTemplateSpec';

/** How one field is patched. */
export interface FieldPatchMeta {
  /** For lists: `patchStrategy: merge` — merge by `mergeKey`, or as an ordered set of primitives when there is no key. */
  readonly merge?: boolean;
  /** The `patchMergeKey` identifying list elements (maps only). */
  readonly mergeKey?: string;
  /** The schema of the value, or of each list element. */
  readonly type?: NestedType;
}

/** The patch metadata of one object type's fields, by JSON field name. */
export type PatchSchema = Readonly<Record<string, FieldPatchMeta>>;

const listBy = (mergeKey: string, type?: NestedType): FieldPatchMeta => ({ merge: true, mergeKey, type });
const primitiveSet: FieldPatchMeta = { merge: true };
const nested = (type: NestedType): FieldPatchMeta => ({ type });

/** Top-level fields shared by every object: `metadata`, plus the kind's own. */
const object = (fields: PatchSchema = {}): PatchSchema => ({ metadata: nested('ObjectMeta'), ...fields });
/** Spec and status of the workload kinds: a pod template and status conditions by `type`. */
const workload = object({ spec: nested('WorkloadSpec'), status: nested('ConditionedStatus') });

const TYPES: Readonly<Record<NestedType, PatchSchema>> = {
  ObjectMeta: { ownerReferences: listBy('uid'), finalizers: primitiveSet },
  PodTemplateSpec: { metadata: nested('ObjectMeta'), spec: nested('PodSpec') },
  PodSpec: {
    volumes: listBy('name'),
    initContainers: listBy('name', 'Container'),
    containers: listBy('name', 'Container'),
    ephemeralContainers: listBy('name', 'Container'),
    imagePullSecrets: listBy('name'),
    hostAliases: listBy('ip'),
    topologySpreadConstraints: listBy('topologyKey'),
    schedulingGates: listBy('name'),
    resourceClaims: listBy('name'),
  },
  Container: {
    ports: listBy('containerPort'),
    env: listBy('name'),
    volumeMounts: listBy('mountPath'),
    volumeDevices: listBy('devicePath'),
  },
  PodStatus: {
    conditions: listBy('type'),
    podIPs: listBy('ip'),
    hostIPs: listBy('ip'),
    resourceClaimStatuses: listBy('name'),
  },
  ConditionedStatus: { conditions: listBy('type') },
  NodeSpec: { podCIDRs: primitiveSet },
  NodeStatus: { conditions: listBy('type'), addresses: listBy('type') },
  ServiceSpec: { ports: listBy('port') },
  WorkloadSpec: { template: nested('PodTemplateSpec') },
  CronJobSpec: { jobTemplate: nested('JobTemplateSpec') },
  JobTemplateSpec: { metadata: nested('ObjectMeta'), spec: nested('WorkloadSpec') },
};

/** The schema root of every kind strategic merge patch supports: the registry's kinds plus `Scale`. */
const KINDS: Readonly<Record<string, PatchSchema>> = {
  Namespace: object({ status: nested('ConditionedStatus') }),
  Pod: object({ spec: nested('PodSpec'), status: nested('PodStatus') }),
  Node: object({ spec: nested('NodeSpec'), status: nested('NodeStatus') }),
  Service: object({ spec: nested('ServiceSpec'), status: nested('ConditionedStatus') }),
  Endpoints: object(),
  ConfigMap: object(),
  Secret: object(),
  Event: object(),
  ServiceAccount: object({ secrets: listBy('name') }),
  Deployment: workload,
  ReplicaSet: workload,
  DaemonSet: workload,
  StatefulSet: workload,
  ControllerRevision: object(),
  Job: workload,
  CronJob: object({ spec: nested('CronJobSpec') }),
  HorizontalPodAutoscaler: object({ status: nested('ConditionedStatus') }),
  Lease: object(),
  EndpointSlice: object(),
  PriorityClass: object(),
  Scale: object(),
};

const NO_META: FieldPatchMeta = {};

/**
 * The schema root for a kind, or undefined when the kind has none (custom resources),
 * in which case strategic merge patch is refused as Kubernetes does.
 */
export function patchSchemaOfKind(kind: string): PatchSchema | undefined {
  return Object.hasOwn(KINDS, kind) ? KINDS[kind] : undefined;
}

/** Patch metadata of `field` within `schema`; fields the schema does not list have none. */
export function fieldMeta(schema: PatchSchema | undefined, field: string): FieldPatchMeta {
  return schema !== undefined && Object.hasOwn(schema, field) ? schema[field] : NO_META;
}

/** The schema of a field's value (or list elements), when the field has nested patch metadata. */
export function schemaOf(meta: FieldPatchMeta): PatchSchema | undefined {
  return meta.type === undefined ? undefined : TYPES[meta.type];
}
