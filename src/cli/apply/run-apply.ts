/**
 * The I/O shell of `rk apply`: for each manifest, read the live object, then
 * create it (first apply) or send the three-way patch (later applies). Each
 * object succeeds or fails on its own; any failure makes the exit code 1.
 */
import { patchSchemaOfKind } from '../../apiserver/patch/merge-keys.js';
import { applyPatch } from '../../apiserver/patch/index.js';
import type { ApplyArgs } from '../commands/apply.js';
import { connect, type Conn } from '../connection.js';
import { Discovery, type ApiResource } from '../discovery.js';
import { CliError, reportError } from '../errors.js';
import { readManifests } from '../manifests.js';
import { sortKeys } from '../printers/objects.js';
import { dryRunOf, ResultPrinter } from '../write-results.js';
import type { DryRun } from '../write-support.js';
import { threeWayPatch } from './three-way.js';

/** The annotation client-side apply keeps the applied configuration in. */
export const LAST_APPLIED = 'kubectl.kubernetes.io/last-applied-configuration';

type Obj = Record<string, any>;

/**
 * The manifest with its last-applied annotation set to itself (without that annotation), byte for
 * byte as kubectl stores it (sorted keys, `annotations: {}` kept, trailing newline), so either tool
 * sees the other's applies as "unchanged".
 */
export function withLastApplied(obj: Obj): Obj {
  const copy = structuredClone(obj);
  const annotations = { ...(copy.metadata?.annotations ?? {}) };
  delete annotations[LAST_APPLIED];
  copy.metadata = { ...copy.metadata, annotations };
  const applied = `${JSON.stringify(sortKeys(copy))}\n`;
  return { ...copy, metadata: { ...copy.metadata, annotations: { ...annotations, [LAST_APPLIED]: applied } } };
}

/**
 * The namespace a manifest is written to: its own, else `-n`/the context's. A
 * manifest naming another namespace than an explicit `-n` is refused, as by kubectl.
 */
export function namespaceFor(r: ApiResource, obj: Obj, conn: Pick<Conn, 'namespace' | 'explicitNamespace'>): string | undefined {
  if (!r.namespaced) return undefined;
  const own = obj.metadata?.namespace as string | undefined;
  if (own && conn.explicitNamespace && own !== conn.namespace) {
    throw new CliError(`the namespace from the provided object "${own}" does not match the namespace "${conn.namespace}". You must pass '--namespace=${own}' to perform this operation.`);
  }
  return own ?? conn.namespace;
}

async function applyOne(conn: Conn, r: ApiResource, manifest: Obj, args: ApplyArgs, dryRun: DryRun, out: ResultPrinter): Promise<void> {
  const ns = namespaceFor(r, manifest, conn);
  const name = manifest.metadata?.name as string | undefined;
  if (!name) throw new CliError(`error when retrieving current configuration of ${r.kind}: resource name may not be empty`);
  const obj = { ...manifest, metadata: { ...manifest.metadata, ...(ns ? { namespace: ns } : {}) } };
  const write = { dryRun: dryRun === 'server', fieldManager: args['field-manager'] };
  if (args['server-side']) {
    const res = dryRun === 'client' ? obj : await conn.client.patch(r, ns, name, 'apply', obj, { ...write, force: args['force-conflicts'] });
    out.add({ resource: r, object: res }, 'serverside-applied');
    return;
  }
  const modified = withLastApplied(obj);
  let live: Obj | undefined;
  try {
    live = await conn.client.get(r, ns, name);
  } catch (err) {
    if ((err as { code?: number }).code !== 404) throw err;
  }
  if (!live) {
    const created = dryRun === 'client' ? modified : await conn.client.create(r, ns, modified, write);
    out.add({ resource: r, object: created }, 'created');
    return;
  }
  const lastText = live.metadata?.annotations?.[LAST_APPLIED] as string | undefined;
  const original = lastText ? JSON.parse(lastText) as Obj : undefined;
  const schema = patchSchemaOfKind(r.kind);
  const patch = threeWayPatch(original, modified, live, schema);
  if (!Object.keys(patch).length) {
    out.add({ resource: r, object: live }, 'unchanged');
    return;
  }
  const type = schema ? 'strategic' : 'merge';
  const result = dryRun === 'client'
    ? applyPatch(type === 'strategic' ? 'application/strategic-merge-patch+json' : 'application/merge-patch+json', live, JSON.stringify(patch), r.kind)
    : await conn.client.patch(r, ns, name, type, patch, write);
  out.add({ resource: r, object: result }, 'configured');
}

/**
 * The live object and the object an apply of `manifest` would store, computed by the
 * server (dry run), for `rk diff`. `before` is undefined when the object does not exist.
 */
export async function plannedApply(conn: Conn, r: ApiResource, manifest: Obj, serverSide: boolean): Promise<{ before?: Obj; after: Obj }> {
  const ns = namespaceFor(r, manifest, conn);
  const name = manifest.metadata?.name as string;
  const obj = { ...manifest, metadata: { ...manifest.metadata, ...(ns ? { namespace: ns } : {}) } };
  let before: Obj | undefined;
  try {
    before = await conn.client.get(r, ns, name);
  } catch (err) {
    if ((err as { code?: number }).code !== 404) throw err;
  }
  const write = { dryRun: true, fieldManager: 'rk' };
  if (serverSide) return { before, after: await conn.client.patch(r, ns, name, 'apply', obj, write) };
  const modified = withLastApplied(obj);
  if (!before) return { before, after: await conn.client.create(r, ns, modified, write) };
  const lastText = before.metadata?.annotations?.[LAST_APPLIED] as string | undefined;
  const schema = patchSchemaOfKind(r.kind);
  const patch = threeWayPatch(lastText ? JSON.parse(lastText) as Obj : undefined, modified, before, schema);
  if (!Object.keys(patch).length) return { before, after: before };
  return { before, after: await conn.client.patch(r, ns, name, schema ? 'strategic' : 'merge', patch, write) };
}

/** Runs `rk apply`. */
export async function runApply(args: ApplyArgs): Promise<void> {
  const dryRun = dryRunOf(args);
  const manifests = readManifests(args.filename, !!args.recursive);
  const conn = await connect(args);
  const discovery = await Discovery.load(conn.client);
  const out = new ResultPrinter(args.output, dryRun);
  for (const m of manifests) {
    try {
      await applyOne(conn, discovery.byKind(m.object.apiVersion, m.object.kind), m.object, args, dryRun, out);
    } catch (err) {
      reportError(err);
    }
  }
  out.flush();
}
