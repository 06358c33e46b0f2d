/**
 * OpenAPI path items of one resource: the collection (list, create,
 * deletecollection), the item (read, replace, patch, delete), its status and
 * scale subresources, and the all-namespaces list of namespaced resources.
 *
 * Every operation carries `x-kubernetes-action` and
 * `x-kubernetes-group-version-kind`, which is how kubectl maps a kind to its
 * operations (and so finds the `fieldValidation` parameter).
 */
import type { ResourceInfo } from '../resources.js';
import { definitionNameOfResource } from '../schema/index.js';
import { DELETE_PARAMS, LIST_PARAMS, NAME, NAMESPACE, PATCH_PARAMS, PRETTY, WRITE_PARAMS, type Parameter } from './params.js';
import { PATCH_SCHEMA, ref, type SchemaObject } from './schemas.js';

/** An OpenAPI path item: operations by HTTP method plus shared parameters. */
export type PathItem = Record<string, unknown>;

/** Schema names every group-version document needs beside its kinds. */
export const COMMON_SCHEMAS = [
  'io.k8s.apimachinery.pkg.apis.meta.v1.Status',
  'io.k8s.apimachinery.pkg.apis.meta.v1.DeleteOptions',
  'io.k8s.apimachinery.pkg.apis.meta.v1.WatchEvent',
  PATCH_SCHEMA,
];
/** The Scale subresource's schema. */
export const SCALE_SCHEMA = 'io.k8s.api.autoscaling.v1.Scale';

const STATUS = 'io.k8s.apimachinery.pkg.apis.meta.v1.Status';
const DELETE_OPTIONS = 'io.k8s.apimachinery.pkg.apis.meta.v1.DeleteOptions';
const PATCH_TYPES = ['application/apply-patch+yaml', 'application/json-patch+json', 'application/merge-patch+json', 'application/strategic-merge-patch+json'];

type Gvk = { group: string; kind: string; version: string };
type Action = 'get' | 'list' | 'post' | 'put' | 'patch' | 'delete' | 'deletecollection';

/** What varies between operations. */
interface OpSpec {
  id: string;
  action: Action;
  gvk: Gvk;
  description: string;
  params: Parameter[];
  body?: { schema: string; types: string[] };
  responses: Record<string, string>;
}

function content(schema: string, types: string[]): Record<string, unknown> {
  return Object.fromEntries(types.map((t) => [t, { schema: ref(schema) }]));
}

function operation(tag: string, op: OpSpec): SchemaObject {
  const result: SchemaObject = { description: op.description, operationId: op.id, tags: [tag] };
  if (op.params.length) result.parameters = op.params;
  if (op.body) result.requestBody = { content: content(op.body.schema, op.body.types), required: true };
  const responses: Record<string, unknown> = { 401: { description: 'Unauthorized' } };
  for (const [code, schema] of Object.entries(op.responses)) {
    responses[code] = { description: code === '201' ? 'Created' : code === '202' ? 'Accepted' : 'OK', content: content(schema, ['application/json', 'application/yaml']) };
  }
  result.responses = responses;
  result['x-kubernetes-action'] = op.action;
  result['x-kubernetes-group-version-kind'] = op.gvk;
  return result;
}

/** `apps` -> `AppsV1`, '' -> `CoreV1`, `coordination.k8s.io` -> `CoordinationV1`, as in Kubernetes operation ids. */
function groupPrefix(info: ResourceInfo): string {
  const label = info.group ? info.group.split('.')[0] : 'core';
  return `${label[0].toUpperCase()}${label.slice(1)}${info.version[0].toUpperCase()}${info.version.slice(1)}`;
}

/** Tag grouping a group-version's operations, e.g. `apps_v1`, `core_v1`. */
function tagOf(info: ResourceInfo): string {
  return `${info.group ? info.group.split('.')[0] : 'core'}_${info.version}`;
}

/** URL prefix of a group-version, e.g. `/apis/apps/v1`, `/api/v1`. */
export function urlPrefixOf(info: ResourceInfo): string {
  return info.group ? `/apis/${info.group}/${info.version}` : `/api/${info.version}`;
}

function itemOperations(info: ResourceInfo, names: { id: string; suffix: string; schema: string; gvk: Gvk; what: string }): Record<string, SchemaObject> {
  const tag = tagOf(info);
  const { id, suffix, schema, gvk, what } = names;
  const ops: Record<string, SchemaObject> = {
    get: operation(tag, { id: `read${id}${suffix}`, action: 'get', gvk, description: `read ${what}`, params: [], responses: { 200: schema } }),
    put: operation(tag, { id: `replace${id}${suffix}`, action: 'put', gvk, description: `replace ${what}`, params: WRITE_PARAMS, body: { schema, types: ['*/*'] }, responses: { 200: schema, 201: schema } }),
    patch: operation(tag, { id: `patch${id}${suffix}`, action: 'patch', gvk, description: `partially update ${what}`, params: PATCH_PARAMS, body: { schema: PATCH_SCHEMA, types: PATCH_TYPES }, responses: { 200: schema, 201: schema } }),
  };
  if (!suffix) {
    ops.delete = operation(tag, { id: `delete${id}`, action: 'delete', gvk, description: `delete ${what}`, params: DELETE_PARAMS, body: { schema: DELETE_OPTIONS, types: ['*/*'] }, responses: { 200: STATUS, 202: STATUS } });
  }
  return ops;
}

function collectionOperations(info: ResourceInfo, id: string, schema: string, gvk: Gvk): Record<string, SchemaObject> {
  const tag = tagOf(info);
  const list = `${schema}List`;
  return {
    get: operation(tag, { id: `list${id}`, action: 'list', gvk, description: `list or watch objects of kind ${info.kind}`, params: LIST_PARAMS, responses: { 200: list } }),
    post: operation(tag, { id: `create${id}`, action: 'post', gvk, description: `create a ${info.kind}`, params: WRITE_PARAMS, body: { schema, types: ['*/*'] }, responses: { 200: schema, 201: schema, 202: schema } }),
    delete: operation(tag, { id: `deleteCollection${id}`, action: 'deletecollection', gvk, description: `delete collection of ${info.kind}`, params: [...DELETE_PARAMS, ...LIST_PARAMS], body: { schema: DELETE_OPTIONS, types: ['*/*'] }, responses: { 200: STATUS } }),
  };
}

/** All path items of one resource, keyed by URL template. */
export function resourcePaths(info: ResourceInfo): Record<string, PathItem> {
  const schema = definitionNameOfResource(info);
  const gvk: Gvk = { group: info.group, kind: info.kind, version: info.version };
  const scope = info.namespaced ? 'Namespaced' : '';
  const id = `${groupPrefix(info)}${scope}${info.kind}`;
  const base = `${urlPrefixOf(info)}${info.namespaced ? '/namespaces/{namespace}' : ''}/${info.resource}`;
  const scopeParams = info.namespaced ? [NAMESPACE, PRETTY] : [PRETTY];
  const itemParams = [NAME, ...scopeParams];
  const what = `the specified ${info.kind}`;
  const paths: Record<string, PathItem> = {
    [base]: { ...collectionOperations(info, id, schema, gvk), parameters: scopeParams },
    [`${base}/{name}`]: { ...itemOperations(info, { id, suffix: '', schema, gvk, what }), parameters: itemParams },
  };
  if (info.subresources.includes('status')) {
    paths[`${base}/{name}/status`] = { ...itemOperations(info, { id, suffix: 'Status', schema, gvk, what: `status of ${what}` }), parameters: itemParams };
  }
  if (info.subresources.includes('scale')) {
    const scaleGvk: Gvk = { group: 'autoscaling', kind: 'Scale', version: 'v1' };
    paths[`${base}/{name}/scale`] = { ...itemOperations(info, { id, suffix: 'Scale', schema: SCALE_SCHEMA, gvk: scaleGvk, what: `scale of ${what}` }), parameters: itemParams };
  }
  if (info.namespaced) {
    const tag = tagOf(info);
    const listAll = operation(tag, { id: `list${groupPrefix(info)}${info.kind}ForAllNamespaces`, action: 'list', gvk, description: `list or watch objects of kind ${info.kind}`, params: LIST_PARAMS, responses: { 200: `${schema}List` } });
    paths[`${urlPrefixOf(info)}/${info.resource}`] = { get: listAll, parameters: [PRETTY] };
  }
  return paths;
}
