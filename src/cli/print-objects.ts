/**
 * Prints API objects with a machine-readable `-o` format. One object prints as
 * itself, several (or a list request) as a `v1 List`, exactly as kubectl does,
 * so `-o jsonpath='{.items[*]...}'` scripts written for kubectl work unchanged.
 */
import { kindPrefix, type ApiResource } from './discovery.js';
import type { OutputFormat } from './output-format.js';
import { alignRows } from './printers/tabwriter.js';
import { asList, toJson, toYaml } from './printers/objects.js';
import { executeTemplate } from './printers/jsonpath.js';
import { customColumnRows, parseCustomColumns } from './printers/custom-columns.js';

/** An object and the resource it belongs to. */
export interface Printed { resource: ApiResource; object: Record<string, any> }

/** The object with `apiVersion` and `kind` filled in (list items come without them). */
export function withTypeMeta({ resource, object }: Printed): Record<string, any> {
  return { apiVersion: resource.group ? `${resource.group}/${resource.version}` : resource.version, kind: resource.kind, ...object };
}

/** `kind.group/name`, what `-o name` prints. */
export function objectName(p: Printed): string {
  return `${kindPrefix(p.resource)}/${p.object.metadata?.name ?? ''}`;
}

/**
 * Renders the objects in a machine format. `asSingle`: the request named exactly one
 * object, so json/yaml/jsonpath see the object itself rather than a List.
 */
export function renderObjects(format: Exclude<OutputFormat, { kind: 'table' }>, items: Printed[], asSingle: boolean, noHeaders = false): string {
  const objects = items.map(withTypeMeta);
  const data = asSingle && objects.length === 1 ? objects[0] : asList(objects);
  switch (format.kind) {
    case 'json': return toJson(data);
    case 'yaml': return toYaml(data);
    case 'name': return items.map((p) => `${objectName(p)}\n`).join('');
    case 'jsonpath': return executeTemplate(format.template, data);
    case 'custom-columns': {
      const { header, rows } = customColumnRows(parseCustomColumns(format.spec), objects);
      return alignRows(noHeaders ? rows : [header, ...rows]);
    }
  }
}
