/**
 * Data access for the UI's actions, one method per capability (describe, YAML,
 * delete, scale, restart, rollback, cordon, drain, trigger, logs, edit). Every write goes
 * through the redkube client and the apiserver, exactly as kubectl would send
 * it, so what the UI does is what `kubectl` would have done; rollback and drain
 * run the `rk` CLI's own code.
 */
import { parse, stringify } from 'yaml';
import type { RestClient } from '../../src/client/index.js';
import { realClock, type Clock, type KubeObject } from '../../src/client/index.js';
import { describe, toYaml } from '../render/describe.js';
import { specFor } from '../registry.js';
import type { LogOptions, Target } from '../state/ui-state.js';
import { RESOURCES } from '../../src/api/resources.js';
import { Discovery } from '../../src/cli/discovery.js';
import type { Conn } from '../../src/cli/connection.js';
import type { Target as CliTarget } from '../../src/cli/targets.js';
import { controllerRevisionsOf, rolloutUndo } from '../../src/cli/rollout/run-rollout.js';
import { REVISION_KINDS } from '../../src/cli/rollout/controller-history.js';
import { controllerRevisionRows, revisionRows, type RevisionRow } from '../model/revisions.js';
import { drainNode, type DrainOutput } from '../../src/cli/nodes/run-nodes.js';
import { DRAIN_TIMEOUT_MS, type DrainOptions } from '../state/ui-state.js';
import { LOG_TAIL_LINES } from '../state/keymap.js';

type Obj = Record<string, any>;

const FIELD_MANAGER = 'rk-ui';

/** The CLI's view of the built-in kinds, for the rollout code the UI shares with `rk`. */
const DISCOVERY = Discovery.of(RESOURCES.map((r) => ({ ...r, verbs: [] })));

/** The UI's writes and reads beyond the informers. Errors propagate; the app shows them as flashes. */
export class Dao {
  constructor(private readonly client: RestClient, private readonly clock: Clock = realClock) {}

  /** Reads the current object. */
  get(t: Target): Promise<Obj> {
    return this.client.get<KubeObject>(specFor(t.resource).info, t.namespace, t.name) as Promise<Obj>;
  }

  /** Describe text: the object and the events about it (kubectl's field selector on involvedObject). */
  async describe(t: Target): Promise<string[]> {
    const obj = await this.get(t);
    const fieldSelector = [`involvedObject.name=${t.name}`, t.namespace ? `involvedObject.namespace=${t.namespace}` : '', `involvedObject.uid=${obj.metadata?.uid}`]
      .filter(Boolean).join(',');
    const events = await this.client.list(specFor('events').info, t.namespace, { fieldSelector }).then((l) => l.items as Obj[], () => []);
    return describe(obj, events, this.clock.now());
  }

  /** YAML text of the object. */
  async yaml(t: Target): Promise<string[]> {
    return toYaml(await this.get(t));
  }

  /** Deletes with a propagation policy; `force` is a zero grace period. */
  async delete(t: Target, propagationPolicy: 'Background' | 'Foreground' | 'Orphan', force: boolean): Promise<void> {
    await this.client.delete(specFor(t.resource).info, t.namespace, t.name, { propagationPolicy, gracePeriodSeconds: force ? 0 : undefined });
  }

  /** Sets replicas through the scale subresource (merge patch, as `kubectl scale`). */
  async scale(t: Target, replicas: number): Promise<void> {
    await this.client.patch(specFor(t.resource).info, t.namespace, t.name, 'merge', { spec: { replicas } }, { subresource: 'scale', fieldManager: FIELD_MANAGER });
  }

  /** Rolling restart: stamps the pod template like `kubectl rollout restart`. */
  async restart(t: Target): Promise<void> {
    const at = new Date(this.clock.now()).toISOString();
    const body = { spec: { template: { metadata: { annotations: { 'kubectl.kubernetes.io/restartedAt': at } } } } };
    await this.client.patch(specFor(t.resource).info, t.namespace, t.name, 'strategic', body, { fieldManager: FIELD_MANAGER });
  }

  /** A workload's revisions for the rollback picker, read as `rk rollout history` reads them. */
  async revisions(t: Target): Promise<RevisionRow[]> {
    if (REVISION_KINDS.has(specFor(t.resource).info.kind)) {
      const { obj, revisions } = await controllerRevisionsOf(this.conn(t), DISCOVERY, this.target(t));
      return controllerRevisionRows(obj, revisions);
    }
    const deployment = await this.get(t);
    const labelSelector = Object.entries(deployment.spec?.selector?.matchLabels ?? {}).map(([k, v]) => `${k}=${v}`).join(',');
    const rs = await this.client.listAll(specFor('replicasets').info, t.namespace, { labelSelector });
    return revisionRows(deployment, rs.items as Obj[]);
  }

  /** Rolls back to a revision with the very code of `rk rollout undo --to-revision`; returns its message. */
  async rollback(t: Target, revision: number): Promise<string> {
    return (await rolloutUndo(this.conn(t), DISCOVERY, this.target(t), revision, 'none')).trim();
  }

  private conn(t: Target): Conn {
    return { client: this.client, namespace: t.namespace ?? 'default', explicitNamespace: true, server: this.client.server };
  }

  private target(t: Target): CliTarget {
    return { resource: { ...specFor(t.resource).info, verbs: [] }, namespace: t.namespace, name: t.name };
  }

  /** Cordons or uncordons a node. */
  async cordon(t: Target, unschedulable: boolean): Promise<void> {
    await this.client.patch(specFor('nodes').info, undefined, t.name, 'strategic', { spec: { unschedulable } }, { fieldManager: FIELD_MANAGER });
  }

  /**
   * Drains a node with the very code of `rk drain` (its filters refuse what kubectl
   * refuses, evictions a disruption budget answers 429 are retried, and it waits
   * until the pods are gone); progress lines go to `output`. Resolves to how many
   * pods were evicted.
   */
  drain(t: Target, options: DrainOptions, output: DrainOutput): Promise<number> {
    return drainNode(this.conn(t), DISCOVERY, t.name, options, DRAIN_TIMEOUT_MS, output);
  }

  /** Runs a CronJob now: a Job from its template, owned by it, as `kubectl create job --from=cronjob/<name>`. */
  async trigger(t: Target): Promise<string> {
    const cj = await this.get(t);
    const name = `${t.name}-manual-${Math.floor(this.clock.now() / 1000).toString(36)}`.slice(0, 63);
    const tpl = cj.spec?.jobTemplate ?? {};
    const job = {
      metadata: {
        name, namespace: t.namespace, labels: tpl.metadata?.labels,
        annotations: { ...tpl.metadata?.annotations, 'cronjob.kubernetes.io/instantiate': 'manual' },
        ownerReferences: [{ apiVersion: 'batch/v1', kind: 'CronJob', name: t.name, uid: cj.metadata?.uid, controller: true, blockOwnerDeletion: true }],
      },
      spec: tpl.spec,
    };
    await this.client.create(specFor('jobs').info, t.namespace, job);
    return name;
  }

  /** The object as YAML for `$EDITOR` (read-only fields left in; the apiserver ignores or validates them). */
  async editable(t: Target): Promise<string> {
    const obj = await this.get(t);
    const { managedFields: _mf, ...metadata } = obj.metadata ?? {};
    return stringify({ ...obj, metadata });
  }

  /** Saves edited YAML with an update; the resourceVersion in it makes a concurrent change a Conflict. */
  async saveEdited(t: Target, text: string): Promise<void> {
    const obj = parse(text) as Obj;
    if (!obj || typeof obj !== 'object') throw new Error('edited text is not an object');
    await this.client.update(specFor(t.resource).info, obj as KubeObject);
  }

  /** Streams `pods/<name>/log` with the view's options until `signal` aborts or the server ends it. */
  logs(t: Target, log: LogOptions, signal: AbortSignal): AsyncGenerator<string> {
    const path = `/api/v1/namespaces/${encodeURIComponent(t.namespace ?? 'default')}/pods/${encodeURIComponent(t.name)}/log`;
    return this.client.stream(path, {
      signal,
      query: {
        follow: !log.previous, container: log.container, previous: log.previous || undefined,
        timestamps: log.timestamps || undefined, sinceSeconds: log.sinceSeconds, tailLines: log.sinceSeconds ? undefined : LOG_TAIL_LINES,
      },
    });
  }
}
