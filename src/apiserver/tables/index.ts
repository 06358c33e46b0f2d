/**
 * Server-side printing: turns a list of objects of one resource into the
 * `meta.k8s.io/v1 Table` kubectl asks for (`Accept: ...;as=Table`) and prints
 * as-is. A registry maps each resource plural to its renderer; resources
 * without one get NAME and AGE.
 */
import type { ObjectMeta } from 'kubernetes-types/meta/v1.js';
import * as configMaps from './config-maps.js';
import * as controllerRevisions from './controller-revisions.js';
import * as cronJobs from './cron-jobs.js';
import * as daemonSets from './daemon-sets.js';
import * as deployments from './deployments.js';
import * as endpointSlices from './endpoint-slices.js';
import * as endpoints from './endpoints.js';
import * as events from './events.js';
import * as generic from './generic.js';
import * as horizontalPodAutoscalers from './horizontal-pod-autoscalers.js';
import * as jobs from './jobs.js';
import * as leases from './leases.js';
import * as namespaces from './namespaces.js';
import * as nodes from './nodes.js';
import * as pods from './pods.js';
import * as replicaSets from './replica-sets.js';
import * as secrets from './secrets.js';
import * as serviceAccounts from './service-accounts.js';
import * as services from './services.js';
import * as statefulSets from './stateful-sets.js';
import type { Renderer } from './types.js';

export type { Cell, Renderer, TableColumn } from './types.js';
export { ageSince, formatAge, humanDuration } from './duration.js';
export { formatLabels, labelSelectorString } from './selector.js';

/** What each row carries besides its cells, as the `includeObject` query parameter asks. */
export type IncludeObject = 'None' | 'Metadata' | 'Object';

/** Options of `buildTable`; all optional. */
export interface TableOptions {
  /** Defaults to `Metadata`, the Kubernetes API default kubectl relies on for NAMESPACE and --show-labels. */
  includeObject?: IncludeObject;
  /** The list's resourceVersion, so `kubectl get --watch` can continue from it. */
  resourceVersion?: string;
  /** Continue token of a paginated list; omitted when empty. */
  continueToken?: string;
  /** Clock for AGE-like cells, in ms since the epoch; defaults to `Date.now()`. */
  now?: number;
}

/** Resource plural to renderer. Adding a printer is one entry here. */
const RENDERERS: ReadonlyMap<string, Renderer> = new Map<string, Renderer>([
  ['pods', pods],
  ['nodes', nodes],
  ['namespaces', namespaces],
  ['services', services],
  ['endpoints', endpoints],
  ['configmaps', configMaps],
  ['secrets', secrets],
  ['serviceaccounts', serviceAccounts],
  ['events', events],
  ['deployments', deployments],
  ['replicasets', replicaSets],
  ['daemonsets', daemonSets],
  ['statefulsets', statefulSets],
  ['controllerrevisions', controllerRevisions],
  ['jobs', jobs],
  ['cronjobs', cronJobs],
  ['horizontalpodautoscalers', horizontalPodAutoscalers],
  ['leases', leases],
  ['endpointslices', endpointSlices],
]);

/** The renderer for a resource plural; the NAME/AGE fallback for any other resource. */
export function rendererFor(resource: string): Renderer {
  return RENDERERS.get(resource) ?? generic;
}

/** Row `object` per `includeObject`: nothing, a PartialObjectMetadata, or the object itself. */
const ROW_OBJECT: Readonly<Record<IncludeObject, (obj: Record<string, any>) => Record<string, any> | undefined>> = {
  None: () => undefined,
  Metadata: (obj) => ({
    kind: 'PartialObjectMetadata',
    apiVersion: 'meta.k8s.io/v1',
    metadata: { ...(obj.metadata as ObjectMeta | undefined) },
  }),
  Object: (obj) => obj,
};

/**
 * A complete `meta.k8s.io/v1 Table` for `objects`, all of resource `resource`.
 * Pure: time comes from `opts.now`. Cells always include the wide (priority 1)
 * columns; kubectl hides them unless `-o wide`.
 */
export function buildTable(
  resource: string,
  objects: Record<string, any>[],
  opts: TableOptions = {},
): Record<string, any> {
  const renderer = rendererFor(resource);
  const now = opts.now ?? Date.now();
  const toObject = ROW_OBJECT[opts.includeObject ?? 'Metadata'];
  return {
    apiVersion: 'meta.k8s.io/v1',
    kind: 'Table',
    metadata: {
      resourceVersion: opts.resourceVersion ?? '',
      ...(opts.continueToken ? { continue: opts.continueToken } : {}),
    },
    columnDefinitions: renderer.columns.map((c) => ({ ...c })),
    rows: objects.map((obj) => {
      const object = toObject(obj);
      const cells = renderer.row(obj, now);
      return object === undefined ? { cells } : { cells, object };
    }),
  };
}
