/**
 * The OpenAPI v3 documents served at `/openapi/v3` and `/openapi/v3/<group-version>`.
 *
 * kubectl fetches these before `apply` and `create -f`: without them it refuses
 * to send anything under its default strict validation, and with them (a
 * `fieldValidation` parameter on the kind's operations) it leaves validation to
 * the server. They also feed `kubectl explain`.
 *
 * Documents are built once, on first use, from the generated schema; the hash in
 * each root entry is a content hash, so clients may cache a document for as long
 * as its URL is unchanged.
 */
import { createHash } from 'node:crypto';
import { RESOURCES, type ResourceInfo } from '../resources.js';
import { definitionNameOfResource } from '../schema/index.js';
import { COMMON_SCHEMAS, SCALE_SCHEMA, resourcePaths, urlPrefixOf, type PathItem } from './paths.js';
import { componentSchemas } from './schemas.js';

/** Kubernetes release whose API the documents describe. */
const API_VERSION = 'v1.30.0';

interface Built {
  docs: Map<string, object>;
  root: object;
}

let built: Built | undefined;

function groupVersionDocument(resources: ResourceInfo[]): object {
  const roots = [...COMMON_SCHEMAS];
  const paths: Record<string, PathItem> = {};
  for (const info of resources) {
    const kind = definitionNameOfResource(info);
    roots.push(kind, `${kind}List`);
    if (info.subresources.includes('scale')) roots.push(SCALE_SCHEMA);
    Object.assign(paths, resourcePaths(info));
  }
  return {
    openapi: '3.0.0',
    info: { title: 'Kubernetes', version: API_VERSION },
    paths,
    components: { schemas: componentSchemas(roots) },
  };
}

function hashOf(doc: object): string {
  return createHash('sha512').update(JSON.stringify(doc)).digest('hex').toUpperCase();
}

function build(): Built {
  const byGroupVersion = new Map<string, ResourceInfo[]>();
  for (const info of RESOURCES) {
    const key = urlPrefixOf(info).slice(1);
    byGroupVersion.set(key, [...(byGroupVersion.get(key) ?? []), info]);
  }
  const docs = new Map<string, object>();
  const paths: Record<string, { serverRelativeURL: string }> = {};
  for (const [key, resources] of byGroupVersion) {
    const doc = groupVersionDocument(resources);
    docs.set(key, doc);
    paths[key] = { serverRelativeURL: `/openapi/v3/${key}?hash=${hashOf(doc)}` };
  }
  return { docs, root: { paths } };
}

function documents(): Built {
  built ??= build();
  return built;
}

/** The `/openapi/v3` discovery document: one entry per group-version (`api/v1`, `apis/apps/v1`, ...). */
export function openapiRoot(): object {
  return documents().root;
}

/**
 * The document of one group-version, addressed as in the root (`api/v1`,
 * `apis/apps/v1`, leading slash tolerated); undefined for unknown ones.
 * The same object is returned on every call: callers must not modify it.
 */
export function openapiGroupVersion(groupVersionPath: string): object | undefined {
  return documents().docs.get(groupVersionPath.replace(/^\/+/, ''));
}
