/**
 * A pod template as kubectl's `DescribePodTemplate` writes it for
 * `rollout history --revision=N` and `rollout undo --dry-run=client`: lines
 * indented two spaces per level with raw tabs between label and value (no
 * column alignment), so the text is byte for byte what kubectl prints. Pure.
 */

type Obj = Record<string, any>;

/** Longest annotation line before kubectl folds or shortens it. */
const MAX_ANNOTATION_LEN = 140;
const LAST_APPLIED = 'kubectl.kubernetes.io/last-applied-configuration';

/** kubectl's PrefixWriter: `write(level, text)` indents by two spaces per level. */
class PrefixWriter {
  private out = '';
  write(level: number, text: string): void { this.out += '  '.repeat(level) + text; }
  line(text: string): void { this.out += `${text}\n`; }
  toString(): string { return this.out; }
}

const byteOrder = (a: string, b: string) => (a < b ? -1 : a > b ? 1 : 0);
const str = (v: unknown) => (v === undefined || v === null ? '' : String(v));

function labelsMultiline(w: PrefixWriter, title: string, labels: Record<string, string> | undefined): void {
  w.write(0, `${title}:\t`);
  const keys = Object.keys(labels ?? {}).sort(byteOrder);
  if (!keys.length) return w.line('<none>');
  keys.forEach((k, i) => {
    if (i) w.write(0, '\t');
    w.write(0, `${k}=${labels![k]}\n`);
  });
}

function annotationsMultiline(w: PrefixWriter, title: string, annotations: Record<string, string>): void {
  w.write(0, `${title}:\t`);
  const keys = Object.keys(annotations).filter((k) => k !== LAST_APPLIED).sort(byteOrder);
  if (!keys.length) return w.line('<none>');
  keys.forEach((k, i) => {
    if (i) w.write(0, '\t');
    const value = str(annotations[k]).replace(/\n$/, '');
    if (value.length + k.length + 2 > MAX_ANNOTATION_LEN || value.includes('\n')) {
      w.write(0, `${k}:\n`);
      for (const s of value.split('\n')) w.write(0, `\t  ${s.length > MAX_ANNOTATION_LEN - 2 ? `${s.slice(0, MAX_ANNOTATION_LEN - 2)}...` : s}\n`);
    } else w.write(0, `${k}: ${value}\n`);
  });
}

function tolerationsMultiline(w: PrefixWriter, title: string, tolerations: Obj[] | undefined): void {
  w.write(0, `${title}:\t`);
  if (!tolerations?.length) return w.line('<none>');
  [...tolerations].sort((a, b) => byteOrder(str(a.key), str(b.key))).forEach((t, i) => {
    if (i) w.write(0, '\t');
    let text = str(t.key);
    if (t.value) text += `=${t.value}`;
    if (t.effect) text += `:${t.effect}`;
    if (t.operator === 'Exists' && !t.value) text += t.key || t.effect ? ' op=Exists' : 'op=Exists';
    if (t.tolerationSeconds !== undefined && t.tolerationSeconds !== null) text += ` for ${t.tolerationSeconds}s`;
    w.write(0, `${text}\n`);
  });
}

/** kubectl's `DescribeProbe`: kind, target and the timing attributes. */
export function probeText(p: Obj): string {
  const attrs = `delay=${p.initialDelaySeconds ?? 0}s timeout=${p.timeoutSeconds ?? 0}s period=${p.periodSeconds ?? 0}s #success=${p.successThreshold ?? 0} #failure=${p.failureThreshold ?? 0}`;
  if (p.exec) return `exec [${(p.exec.command ?? []).join(' ')}] ${attrs}`;
  if (p.httpGet) {
    const h = p.httpGet;
    const port = str(h.port);
    const host = port ? (String(h.host ?? '').includes(':') ? `[${h.host}]:${port}` : `${h.host ?? ''}:${port}`) : str(h.host);
    return `http-get ${String(h.scheme ?? 'HTTP').toLowerCase()}://${host}${h.path ?? ''} ${attrs}`;
  }
  if (p.tcpSocket) return `tcp-socket ${str(p.tcpSocket.host)}:${str(p.tcpSocket.port)} ${attrs}`;
  if (p.grpc) return `grpc <pod>:${p.grpc.port} ${str(p.grpc.service)} ${attrs}`;
  return `unknown ${attrs}`;
}

function envValueFrom(c: Obj, e: Obj): string {
  const from = e.valueFrom;
  if (from.fieldRef) return `${e.name}:\t (${str(from.fieldRef.apiVersion)}:${str(from.fieldRef.fieldPath)})`;
  if (from.resourceFieldRef) {
    const resource = str(from.resourceFieldRef.resource);
    const [section, name] = resource.split('.');
    let value = str(c.resources?.[section]?.[name]);
    if (!value && (resource === 'limits.cpu' || resource === 'limits.memory')) value = 'node allocatable';
    return `${e.name}:\t${value} (${resource})`;
  }
  if (from.secretKeyRef) return `${e.name}:\t<set to the key '${str(from.secretKeyRef.key)}' in secret '${str(from.secretKeyRef.name)}'>\tOptional: ${!!from.secretKeyRef.optional}`;
  if (from.configMapKeyRef) return `${e.name}:\t<set to the key '${str(from.configMapKeyRef.key)}' of config map '${str(from.configMapKeyRef.name)}'>\tOptional: ${!!from.configMapKeyRef.optional}`;
  return '';
}

function container(w: PrefixWriter, c: Obj): void {
  w.write(1, ` ${c.name}:\n`);
  w.write(2, `Image:\t${str(c.image)}\n`);
  const ports = ((c.ports ?? []) as Obj[]).map((p) => `${p.containerPort ?? 0}/${str(p.protocol)}`).join(', ');
  w.write(2, ports.includes(',') ? `Ports:\t${ports}\n` : `Port:\t${ports || '<none>'}\n`);
  const hostPorts = ((c.ports ?? []) as Obj[]).map((p) => `${p.hostPort ?? 0}/${str(p.protocol)}`).join(', ');
  w.write(2, hostPorts.includes(',') ? `Host Ports:\t${hostPorts}\n` : `Host Port:\t${hostPorts || '<none>'}\n`);
  const seccomp = c.securityContext?.seccompProfile;
  if (seccomp) {
    w.write(2, `SeccompProfile:\t${str(seccomp.type)}\n`);
    if (seccomp.type === 'Localhost') w.write(3, `LocalhostProfile:\t${str(seccomp.localhostProfile)}\n`);
  }
  for (const [title, list] of [['Command', c.command], ['Args', c.args]] as const) {
    if (!list?.length) continue;
    w.write(2, `${title}:\n`);
    for (const item of list as string[]) for (const s of String(item).split('\n')) w.write(3, `${s}\n`);
  }
  for (const [title, section] of [['Limits', c.resources?.limits], ['Requests', c.resources?.requests]] as const) {
    const names = Object.keys(section ?? {}).sort(byteOrder);
    if (names.length) w.write(2, `${title}:\n`);
    for (const n of names) w.write(3, `${n}:\t${str(section[n])}\n`);
  }
  for (const [title, probe] of [['Liveness', c.livenessProbe], ['Readiness', c.readinessProbe], ['Startup', c.startupProbe]] as const) {
    if (probe) w.write(2, `${title}:\t${probeText(probe)}\n`);
  }
  if (c.envFrom?.length) {
    w.write(2, 'Environment Variables from:\n');
    for (const e of c.envFrom as Obj[]) {
      const ref = e.configMapRef ?? e.secretRef ?? {};
      const from = e.configMapRef ? 'ConfigMap' : e.secretRef ? 'Secret' : '';
      w.write(3, `${str(ref.name)}\t${from}${e.prefix ? ` with prefix '${e.prefix}'` : ''}\tOptional: ${!!ref.optional}\n`);
    }
  }
  w.write(2, `Environment:${c.env?.length ? '' : '\t<none>'}\n`);
  for (const e of (c.env ?? []) as Obj[]) {
    if (!e.valueFrom) str(e.value).split('\n').forEach((s, i) => w.write(3, i ? `\t${s}\n` : `${e.name}:\t${s}\n`));
    else if (envValueFrom(c, e)) w.write(3, `${envValueFrom(c, e)}\n`);
  }
  w.write(2, `Mounts:${c.volumeMounts?.length ? '' : '\t<none>'}\n`);
  for (const m of [...((c.volumeMounts ?? []) as Obj[])].sort((a, b) => byteOrder(str(a.mountPath), str(b.mountPath)))) {
    const flags = [m.readOnly ? 'ro' : 'rw', ...(m.subPath ? [`path=${JSON.stringify(m.subPath)}`] : [])];
    w.write(3, `${str(m.mountPath)} from ${str(m.name)} (${flags.join(',')})\n`);
  }
  if (c.volumeDevices?.length) {
    w.write(2, 'Devices:\n');
    for (const d of [...(c.volumeDevices as Obj[])].sort((a, b) => byteOrder(str(a.devicePath), str(b.devicePath)))) w.write(3, `${str(d.devicePath)} from ${str(d.name)}\n`);
  }
}

function containers(w: PrefixWriter, label: string, list: Obj[]): void {
  w.write(0, `  ${label}:${list.length ? '' : ' <none>'}\n`);
  for (const c of list) container(w, c);
}

/** The volume kinds kubectl describes in detail; the rest print `<unknown>` as kubectl does for kinds it lacks. */
const VOLUME_TEXT: Record<string, (v: Obj) => string> = {
  hostPath: (v) => `Type:\tHostPath (bare host directory volume)\n    Path:\t${str(v.path)}\n    HostPathType:\t${v.type ?? '<none>'}\n`,
  emptyDir: (v) => `Type:\tEmptyDir (a temporary directory that shares a pod's lifetime)\n    Medium:\t${str(v.medium)}\n    SizeLimit:\t${v.sizeLimit && v.sizeLimit !== '0' ? v.sizeLimit : '<unset>'}\n`,
  secret: (v) => `Type:\tSecret (a volume populated by a Secret)\n    SecretName:\t${str(v.secretName)}\n    Optional:\t${!!v.optional}\n`,
  configMap: (v) => `Type:\tConfigMap (a volume populated by a ConfigMap)\n    Name:\t${str(v.name)}\n    Optional:\t${!!v.optional}\n`,
  persistentVolumeClaim: (v) => `Type:\tPersistentVolumeClaim (a reference to a PersistentVolumeClaim in the same namespace)\n    ClaimName:\t${str(v.claimName)}\n    ReadOnly:\t${!!v.readOnly}\n`,
  nfs: (v) => `Type:\tNFS (an NFS mount that lasts the lifetime of a pod)\n    Server:\t${str(v.server)}\n    Path:\t${str(v.path)}\n    ReadOnly:\t${!!v.readOnly}\n`,
};

function volumes(w: PrefixWriter, list: Obj[]): void {
  if (!list.length) return w.write(0, '  Volumes:\t<none>\n');
  w.write(0, '  Volumes:\n');
  for (const v of list) {
    w.write(1, ` ${v.name}:\n`);
    const kind = Object.keys(VOLUME_TEXT).find((k) => v[k]);
    w.write(kind ? 2 : 1, kind ? VOLUME_TEXT[kind](v[kind]) : '<unknown>\n');
  }
}

function selectorText(sel: Obj | undefined): string {
  const parts = Object.entries(sel?.matchLabels ?? {}).map(([k, v]) => `${k}=${v}`);
  for (const e of (sel?.matchExpressions ?? []) as Obj[]) {
    const values = (e.values ?? []).join(',');
    parts.push(e.operator === 'Exists' ? e.key : e.operator === 'DoesNotExist' ? `!${e.key}` : `${e.key} ${String(e.operator).toLowerCase()} (${values})`);
  }
  return parts.length ? parts.join(',') : '<none>';
}

function spreadConstraints(w: PrefixWriter, list: Obj[] | undefined): void {
  if (!list?.length) return;
  w.write(0, '  Topology Spread Constraints:\t');
  [...list].sort((a, b) => byteOrder(str(a.topologyKey), str(b.topologyKey))).forEach((t, i) => {
    if (i) w.write(0, '  \t');
    w.write(0, `${str(t.topologyKey)}:${str(t.whenUnsatisfiable)} when max skew ${t.maxSkew ?? 0} is exceeded${t.labelSelector ? ` for selector ${selectorText(t.labelSelector)}` : ''}\n`);
  });
}

/** The template's description, starting with `Pod Template:` and ending in a newline. */
export function describePodTemplate(template: Obj | undefined): string {
  const w = new PrefixWriter();
  w.write(0, 'Pod Template:\n');
  if (!template) {
    w.write(1, '<unset>');
    return w.toString();
  }
  const spec = template.spec ?? {};
  labelsMultiline(w, '  Labels', template.metadata?.labels);
  if (Object.keys(template.metadata?.annotations ?? {}).length) annotationsMultiline(w, '  Annotations', template.metadata.annotations);
  if (spec.serviceAccountName) w.write(1, `Service Account:\t${spec.serviceAccountName}\n`);
  if (spec.initContainers?.length) containers(w, 'Init Containers', spec.initContainers);
  containers(w, 'Containers', spec.containers ?? []);
  volumes(w, spec.volumes ?? []);
  spreadConstraints(w, spec.topologySpreadConstraints);
  if (spec.priorityClassName) w.write(1, `Priority Class Name:\t${spec.priorityClassName}\n`);
  labelsMultiline(w, '  Node-Selectors', spec.nodeSelector);
  tolerationsMultiline(w, '  Tolerations', spec.tolerations);
  return w.toString();
}
