/**
 * The objects `rk create <generator>` builds, as kubectl's generators build them
 * (labels `app=<name>`, container named after the image, service ports named
 * `<port>-<targetPort>`). Pure, so `--dry-run=client -o yaml` shows exactly what
 * would be sent.
 */
import { readFileSync } from 'node:fs';
import { basename } from 'node:path';
import { CliError } from './errors.js';

type Obj = Record<string, any>;

/** A namespace. */
export function namespaceObject(name: string): Obj {
  return { apiVersion: 'v1', kind: 'Namespace', metadata: { name } };
}

function splitKeyValue(s: string, what: string): [string, string] {
  const eq = s.indexOf('=');
  if (eq <= 0) throw new CliError(`invalid ${what} ${JSON.stringify(s)}: expected key=value`);
  return [s.slice(0, eq), s.slice(eq + 1)];
}

/** `--from-literal` and `--from-file` (`path` or `key=path`) entries, in order; a duplicate key is an error. */
export function dataEntries(literals: string[] = [], files: string[] = [], read: (p: string) => Buffer = (p) => readFileSync(p)): Map<string, Buffer> {
  const out = new Map<string, Buffer>();
  const put = (k: string, v: Buffer) => {
    if (out.has(k)) throw new CliError(`cannot add key ${k}, another key by that name already exists`);
    out.set(k, v);
  };
  for (const l of literals) { const [k, v] = splitKeyValue(l, 'literal'); put(k, Buffer.from(v)); }
  for (const f of files) {
    const eq = f.indexOf('=');
    const [k, path] = eq > 0 ? [f.slice(0, eq), f.slice(eq + 1)] : [basename(f), f];
    put(k, read(path));
  }
  return out;
}

/** A ConfigMap from data entries (text as `data`). */
export function configMapObject(name: string, data: Map<string, Buffer>): Obj {
  return { apiVersion: 'v1', kind: 'ConfigMap', metadata: { name }, data: Object.fromEntries([...data].map(([k, v]) => [k, v.toString('utf8')])) };
}

/** A generic Secret from data entries (base64 `data`). */
export function secretObject(name: string, data: Map<string, Buffer>, type = 'Opaque'): Obj {
  return { apiVersion: 'v1', kind: 'Secret', metadata: { name }, type, data: Object.fromEntries([...data].map(([k, v]) => [k, v.toString('base64')])) };
}

/** The container name kubectl derives from an image: last path segment without tag or digest. */
export function containerNameOf(image: string): string {
  const last = image.split('/').pop()!;
  return last.split('@')[0].split(':')[0].toLowerCase().replace(/[^a-z0-9-]/g, '-');
}

/** A Deployment running `images` (one container each), labelled `app=<name>`. */
export function deploymentObject(name: string, images: string[], replicas = 1, port?: number, command: string[] = []): Obj {
  const labels = { app: name };
  const containers = images.map((image) => ({
    name: containerNameOf(image), image,
    ...(command.length && images.length === 1 ? { command } : {}),
    ...(port ? { ports: [{ containerPort: port }] } : {}),
  }));
  return {
    apiVersion: 'apps/v1', kind: 'Deployment', metadata: { name, labels },
    spec: { replicas, selector: { matchLabels: labels }, template: { metadata: { labels }, spec: { containers } } },
  };
}

/** A Job running one container named after the job. */
export function jobObject(name: string, image: string, command: string[] = []): Obj {
  return {
    apiVersion: 'batch/v1', kind: 'Job', metadata: { name },
    spec: { template: { spec: { containers: [{ name, image, ...(command.length ? { command } : {}) }], restartPolicy: 'Never' } } },
  };
}

/** A Service selecting `app=<name>` with `--tcp=port[:targetPort]` ports. */
export function serviceObject(name: string, type: 'ClusterIP' | 'NodePort', tcp: string[], nodePort?: number): Obj {
  if (!tcp.length) throw new CliError('at least one --tcp port is required');
  const ports = tcp.map((spec) => {
    const [port, target] = spec.split(':');
    const p = Number(port);
    const t = target === undefined ? p : Number(target);
    if (!Number.isInteger(p) || !Number.isInteger(t)) throw new CliError(`invalid --tcp ${JSON.stringify(spec)}: expected port[:targetPort]`);
    return { name: `${p}-${t}`, port: p, protocol: 'TCP', targetPort: t, ...(nodePort ? { nodePort } : {}) };
  });
  return { apiVersion: 'v1', kind: 'Service', metadata: { name, labels: { app: name } }, spec: { ports, selector: { app: name }, type } };
}
