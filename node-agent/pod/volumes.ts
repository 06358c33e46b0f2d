/**
 * Pod volumes materialised on the host, per pod, under
 * `<stateDir>/pods/<uid>/volumes/<name>`: emptyDir (an empty directory),
 * configMap, secret and downwardAPI (one file per key, rewritten by rename
 * whenever the source changes, so readers never see half a file), and hostPath
 * (the host directory itself). A missing required ConfigMap/Secret is a
 * `MountError` (the kubelet's FailedMount). `planVolumeFiles` is pure.
 */
import { existsSync, mkdirSync, readFileSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fieldRefValue, type EnvSources } from './env.js';

/** A volume cannot be set up (reported as a FailedMount event and a waiting container). */
export class MountError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'MountError';
  }
}

/** Where one volume lives on the host. */
export interface VolumePath {
  name: string;
  hostPath: string;
}

/** A volume mount of a container, resolved to host paths. */
export interface Mount {
  source: string;
  target: string;
  readOnly: boolean;
}

function keyed(kind: string, data: Record<string, string> | undefined, src: any): Record<string, string> | undefined {
  if (!data) {
    if (src.optional) return {};
    throw new MountError(`${kind} "${src.name}" not found`);
  }
  if (!src.items) return data;
  const out: Record<string, string> = {};
  for (const item of src.items) {
    if (!(item.key in data)) {
      if (src.optional) continue;
      throw new MountError(`configmap references non-existent config key: ${item.key}`);
    }
    out[item.path] = data[item.key];
  }
  return out;
}

/** The files of a configMap/secret/downwardAPI volume (relative path -> content); undefined for other kinds. Pure. */
export function planVolumeFiles(pod: any, volume: any, sources: EnvSources): Record<string, string> | undefined {
  const ns = pod.metadata.namespace;
  if (volume.configMap) return keyed('configmap', sources.configMap(ns, volume.configMap.name), volume.configMap);
  if (volume.secret) return keyed('secret', sources.secret(ns, volume.secret.secretName), { ...volume.secret, name: volume.secret.secretName });
  if (volume.downwardAPI) {
    return Object.fromEntries((volume.downwardAPI.items ?? []).filter((i: any) => i.fieldRef).map((i: any) => [i.path, fieldRefValue(pod, i.fieldRef.fieldPath)]));
  }
  return undefined;
}

function writeIfChanged(path: string, content: string): void {
  if (existsSync(path) && readFileSync(path, 'utf8') === content) return;
  mkdirSync(dirname(path), { recursive: true });
  const tmp = `${path}.rk-tmp`;
  writeFileSync(tmp, content);
  renameSync(tmp, path);
}

/** Creates or refreshes every volume of the pod; returns where each one lives. */
export function materialiseVolumes(stateDir: string, pod: any, sources: EnvSources): VolumePath[] {
  const root = join(stateDir, 'pods', pod.metadata.uid, 'volumes');
  return (pod.spec.volumes ?? []).flatMap((v: any): VolumePath[] => {
    if (v.hostPath) {
      if (v.hostPath.type === 'DirectoryOrCreate') mkdirSync(v.hostPath.path, { recursive: true });
      if (!existsSync(v.hostPath.path) && v.hostPath.type && v.hostPath.type !== 'FileOrCreate') throw new MountError(`hostPath type check failed: ${v.hostPath.path} does not exist`);
      return [{ name: v.name, hostPath: v.hostPath.path }];
    }
    const dir = join(root, v.name);
    mkdirSync(dir, { recursive: true });
    const files = planVolumeFiles(pod, v, sources);
    if (files === undefined && !v.emptyDir) return [];
    for (const [rel, content] of Object.entries(files ?? {})) {
      if (rel.split('/').includes('..')) throw new MountError(`invalid path ${rel} in volume ${v.name}`);
      writeIfChanged(join(dir, rel), content);
    }
    return [{ name: v.name, hostPath: dir }];
  });
}

/** A container's mounts resolved against the pod's volumes (unknown volume names are skipped: validation rejects them). */
export function containerMounts(container: any, volumes: VolumePath[]): Mount[] {
  return (container.volumeMounts ?? []).flatMap((m: any) => {
    const v = volumes.find((x) => x.name === m.name);
    return v ? [{ source: m.subPath ? join(v.hostPath, m.subPath) : v.hostPath, target: m.mountPath, readOnly: Boolean(m.readOnly) }] : [];
  });
}

/** Removes a pod's volume directories (hostPath volumes are never touched). */
export function removePodVolumes(stateDir: string, uid: string): void {
  rmSync(join(stateDir, 'pods', uid), { recursive: true, force: true });
}
