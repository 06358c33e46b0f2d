/**
 * Pod spec defaults, shared by Pods and every pod template (Deployment,
 * ReplicaSet, StatefulSet, DaemonSet, Job, CronJob).
 *
 * The values are the ones kube-apiserver fills, so `kubectl get -o yaml` shows
 * the same object on redkube, and controllers comparing templates (rollout
 * history, ReplicaSet adoption) see identical defaulted specs.
 */
import { child, eachObj, existing, setDefault, type Obj } from './fields.js';

/** Mode bits 0644, Kubernetes' default for projected files. */
const DEFAULT_FILE_MODE = 420;

/** The tag of an image reference; `latest` when it has neither tag nor digest. */
export function imageTag(image: string): string {
  const [name, digest] = image.split('@');
  const lastPart = name.slice(name.lastIndexOf('/') + 1);
  const colon = lastPart.lastIndexOf(':');
  if (colon >= 0) return lastPart.slice(colon + 1);
  return digest === undefined ? 'latest' : '';
}

function defaultHttpGet(handler: Obj | undefined): void {
  const get = existing(handler, 'httpGet');
  if (!get) return;
  if (!get.path) get.path = '/';
  if (!get.scheme) get.scheme = 'HTTP';
}

function defaultProbe(probe: Obj | undefined): void {
  if (!probe) return;
  setDefault(probe, 'timeoutSeconds', 1);
  setDefault(probe, 'periodSeconds', 10);
  setDefault(probe, 'successThreshold', 1);
  setDefault(probe, 'failureThreshold', 3);
  defaultHttpGet(probe);
}

function defaultContainer(c: Obj, hostNetwork: boolean): void {
  if (!c.imagePullPolicy && typeof c.image === 'string') {
    c.imagePullPolicy = imageTag(c.image) === 'latest' ? 'Always' : 'IfNotPresent';
  }
  setDefault(c, 'terminationMessagePath', '/dev/termination-log');
  setDefault(c, 'terminationMessagePolicy', 'File');
  setDefault(c, 'resources', {});
  eachObj(c, 'ports', (p) => {
    if (!p.protocol) p.protocol = 'TCP';
    if (hostNetwork && !p.hostPort) p.hostPort = p.containerPort;
  });
  for (const name of ['livenessProbe', 'readinessProbe', 'startupProbe']) defaultProbe(existing(c, name));
  const lifecycle = existing(c, 'lifecycle');
  defaultHttpGet(existing(lifecycle, 'postStart'));
  defaultHttpGet(existing(lifecycle, 'preStop'));
  eachObj(c, 'env', (e) => {
    const fieldRef = existing(existing(e, 'valueFrom'), 'fieldRef');
    setDefault(fieldRef, 'apiVersion', 'v1');
  });
}

function defaultVolume(v: Obj): void {
  for (const source of ['secret', 'configMap', 'downwardAPI', 'projected']) {
    setDefault(existing(v, source), 'defaultMode', DEFAULT_FILE_MODE);
  }
  eachObj(existing(v, 'downwardAPI'), 'items', (item) => setDefault(existing(item, 'fieldRef'), 'apiVersion', 'v1'));
}

/** Fills a PodSpec's defaults in place. */
export function defaultPodSpec(spec: Obj | undefined): void {
  if (!spec) return;
  if (!spec.restartPolicy) spec.restartPolicy = 'Always';
  setDefault(spec, 'terminationGracePeriodSeconds', 30);
  if (!spec.dnsPolicy) spec.dnsPolicy = 'ClusterFirst';
  if (!spec.schedulerName) spec.schedulerName = 'default-scheduler';
  setDefault(spec, 'securityContext', {});
  setDefault(spec, 'enableServiceLinks', true);
  const hostNetwork = spec.hostNetwork === true;
  eachObj(spec, 'initContainers', (c) => defaultContainer(c, hostNetwork));
  eachObj(spec, 'containers', (c) => defaultContainer(c, hostNetwork));
  eachObj(spec, 'volumes', defaultVolume);
}

/** Fills the defaults of a PodTemplateSpec's spec, creating the spec as Go's value struct would. */
export function defaultPodTemplate(template: Obj | undefined): void {
  defaultPodSpec(child(template, 'spec'));
}
