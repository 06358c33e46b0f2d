/**
 * The resource registry of the UI: one entry per resource view says which API
 * resource it shows, how users name it on the `:` prompt, which server-side
 * renderer prints its rows, how rows are coloured, what actions it supports and
 * where enter drills to. Views, the reducer and the help screen all read this
 * table; nothing else branches on the resource name.
 */
import { RESOURCES, type ResourceInfo } from '../src/api/resources.js';
import { rendererFor, type Renderer } from '../src/apiserver/tables/index.js';
import { labelSelectorString } from '../src/apiserver/tables/index.js';
import {
  eventState, genericState, hpaState, jobState, namespaceState, nodeState, podState, workloadState, type StateFunc,
} from './render/state.js';

/** What a view can do to its rows (k9s-style dao capabilities). */
export type Capability = 'describe' | 'yaml' | 'edit' | 'delete' | 'logs' | 'shell' | 'scale' | 'restart' | 'rollback' | 'cordon' | 'drain' | 'trigger';

/** Which rows a table frame shows, besides the namespace and the user's filter. */
export interface Scope {
  /** A label selector string, e.g. a deployment's `spec.selector`. */
  selector?: string;
  /** Pods bound to this node. */
  nodeName?: string;
  /** Objects controlled by this uid. */
  ownerUid?: string;
  /** Pins the namespace, whatever the global namespace is (drill-downs). */
  namespace?: string;
}

/** Where enter on a row goes: another resource, scoped, or (pods) the live list of its containers. */
export type Drill =
  | { resource: string; scope: Scope; title: string }
  | { containersOf: { namespace?: string; name: string }; title: string };

/** One resource view. */
export interface ResourceSpec {
  info: ResourceInfo;
  /** Names accepted on the `:` prompt; the first is the canonical one. */
  aliases: string[];
  renderer: Renderer;
  /** Renderer column names shown, besides priority-0 ones (e.g. pods' IP and Node). */
  extraColumns: string[];
  state: StateFunc;
  capabilities: ReadonlySet<Capability>;
  drill?: (obj: Record<string, any>) => Drill | undefined;
  /** Whose metrics-API usage to show as CPU/MEM columns (pods against requests, nodes against allocatable). */
  usage?: 'pods' | 'nodes';
}

const READ: Capability[] = ['describe', 'yaml', 'edit', 'delete'];

function selectorDrill(title: string) {
  return (obj: Record<string, any>): Drill | undefined => {
    const selector = labelSelectorString(obj.spec?.selector);
    if (!selector || selector === '<none>') return undefined;
    return { resource: 'pods', title: `${title} ${obj.metadata?.name}`, scope: { namespace: obj.metadata?.namespace, selector } };
  };
}

function serviceDrill(svc: Record<string, any>): Drill | undefined {
  const sel = svc.spec?.selector as Record<string, string> | undefined;
  if (!sel || !Object.keys(sel).length) return undefined;
  const selector = Object.entries(sel).map(([k, v]) => `${k}=${v}`).join(',');
  return { resource: 'pods', title: `svc ${svc.metadata?.name}`, scope: { namespace: svc.metadata?.namespace, selector } };
}

function info(resource: string): ResourceInfo {
  const found = RESOURCES.find((r) => r.resource === resource);
  if (!found) throw new Error(`resource ${resource} is not served`);
  return found;
}

function spec(
  resource: string, extra: Partial<Omit<ResourceSpec, 'info' | 'renderer' | 'capabilities'>> & { caps?: Capability[] } = {},
): ResourceSpec {
  const i = info(resource);
  return {
    info: i,
    aliases: extra.aliases ?? [i.resource, i.singular, ...i.shortNames],
    renderer: rendererFor(resource),
    extraColumns: extra.extraColumns ?? [],
    state: extra.state ?? genericState,
    capabilities: new Set([...READ, ...(extra.caps ?? [])]),
    drill: extra.drill,
    usage: extra.usage,
  };
}

/** Every resource view. */
const SPECS: readonly ResourceSpec[] = [
  spec('pods', {
    aliases: ['pods', 'pod', 'po'], extraColumns: ['IP', 'Node'], state: podState, caps: ['logs', 'shell'], usage: 'pods',
    drill: (pod) => ({ containersOf: { namespace: pod.metadata?.namespace, name: pod.metadata?.name }, title: `containers ${pod.metadata?.name}` }),
  }),
  spec('deployments', { aliases: ['deployments', 'deployment', 'deploy', 'dp'], state: workloadState, caps: ['scale', 'restart', 'rollback'], drill: selectorDrill('deploy') }),
  spec('replicasets', { state: workloadState, caps: ['scale'], drill: selectorDrill('rs') }),
  spec('statefulsets', { state: workloadState, caps: ['scale', 'restart', 'rollback'], drill: selectorDrill('sts') }),
  spec('daemonsets', { state: workloadState, caps: ['restart', 'rollback'], drill: selectorDrill('ds') }),
  spec('jobs', { state: jobState, drill: selectorDrill('job') }),
  spec('cronjobs', { caps: ['trigger'], drill: (cj) => ({ resource: 'jobs', title: `cj ${cj.metadata?.name}`, scope: { namespace: cj.metadata?.namespace, ownerUid: cj.metadata?.uid } }) }),
  spec('services', { drill: serviceDrill }),
  spec('endpoints'),
  spec('nodes', {
    state: nodeState, caps: ['cordon', 'drain'], usage: 'nodes',
    drill: (node) => ({ resource: 'pods', title: `node ${node.metadata?.name}`, scope: { nodeName: node.metadata?.name } }),
  }),
  spec('namespaces', {
    state: namespaceState,
    drill: (ns) => ({ resource: 'pods', title: `ns ${ns.metadata?.name}`, scope: { namespace: ns.metadata?.name } }),
  }),
  spec('configmaps'),
  spec('secrets'),
  spec('events', { state: eventState }),
  spec('horizontalpodautoscalers', { state: hpaState }),
  spec('leases'),
];

const BY_RESOURCE = new Map(SPECS.map((s) => [s.info.resource, s]));
const BY_ALIAS = new Map(SPECS.flatMap((s) => s.aliases.map((a) => [a, s] as const)));

/** The spec of a resource plural; throws for one the UI does not show (a programming error). */
export function specFor(resource: string): ResourceSpec {
  const found = BY_RESOURCE.get(resource);
  if (!found) throw new Error(`no view for ${resource}`);
  return found;
}

/** Resolves a name typed on the prompt (alias, plural, singular, short name); undefined when unknown. */
export function specByAlias(name: string, extraAliases: Record<string, string> = {}): ResourceSpec | undefined {
  const wanted = name.toLowerCase();
  const target = extraAliases[wanted] ?? wanted;
  return BY_ALIAS.get(target) ?? BY_RESOURCE.get(target);
}

/** Every alias, for prompt completion. */
export function allAliases(extraAliases: Record<string, string> = {}): string[] {
  return [...new Set([...BY_ALIAS.keys(), ...Object.keys(extraAliases)])].sort();
}
