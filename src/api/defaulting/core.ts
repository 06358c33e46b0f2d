/**
 * Defaults for core, autoscaling and discovery kinds other than workloads.
 */
import { child, eachObj, existing, setDefault, type Obj } from './fields.js';

/** Seconds a ClientIP session sticks to one endpoint when not set (3 hours). */
const CLIENT_IP_AFFINITY_SECONDS = 10800;

function externallyAccessible(spec: Obj): boolean {
  return spec.type === 'LoadBalancer' || spec.type === 'NodePort' ||
    (spec.type === 'ClusterIP' && Array.isArray(spec.externalIPs) && spec.externalIPs.length > 0);
}

function defaultServicePort(port: Obj): void {
  if (!port.protocol) port.protocol = 'TCP';
  if (port.targetPort === undefined || port.targetPort === null || port.targetPort === 0 || port.targetPort === '') {
    port.targetPort = port.port;
  }
}

/** Service: ClusterIP, no affinity, TCP ports targeting the same port, single-stack IPv4, Cluster traffic policies. */
export function defaultService(obj: Obj): void {
  const spec = child(obj, 'spec');
  if (!spec) return;
  if (!spec.sessionAffinity) spec.sessionAffinity = 'None';
  if (spec.sessionAffinity === 'None') delete spec.sessionAffinityConfig;
  if (spec.sessionAffinity === 'ClientIP') {
    setDefault(child(child(spec, 'sessionAffinityConfig'), 'clientIP'), 'timeoutSeconds', CLIENT_IP_AFFINITY_SECONDS);
  }
  if (!spec.type) spec.type = 'ClusterIP';
  eachObj(spec, 'ports', defaultServicePort);
  if (externallyAccessible(spec) && !spec.externalTrafficPolicy) spec.externalTrafficPolicy = 'Cluster';
  if (spec.type === 'ExternalName') return;
  setDefault(spec, 'internalTrafficPolicy', 'Cluster');
  if (spec.type === 'LoadBalancer') setDefault(spec, 'allocateLoadBalancerNodePorts', true);
  if (!spec.ipFamilyPolicy) spec.ipFamilyPolicy = 'SingleStack';
  if (!Array.isArray(spec.ipFamilies) || spec.ipFamilies.length === 0) spec.ipFamilies = ['IPv4'];
}

/**
 * Secret: type Opaque, and `stringData` folded into base64 `data`, which is
 * how Kubernetes stores it (stringData is write-only and never read back).
 * Left alone when stringData holds non-strings, so validation reports them.
 */
export function defaultSecret(obj: Obj): void {
  if (!obj.type) obj.type = 'Opaque';
  const stringData = existing(obj, 'stringData');
  if (!stringData || !Object.values(stringData).every((v) => typeof v === 'string')) return;
  const data = child(obj, 'data');
  if (!data) return;
  for (const [k, v] of Object.entries(stringData)) data[k] = Buffer.from(v as string, 'utf8').toString('base64');
  delete obj.stringData;
}

/**
 * Namespace: the `kubernetes` finalizer (so deletion waits for the namespace's
 * contents to be removed) and phase Active. The finalizer is added only when
 * `spec.finalizers` is absent, so an emptied list stays empty.
 */
export function defaultNamespace(obj: Obj): void {
  setDefault(child(obj, 'spec'), 'finalizers', ['kubernetes']);
  const status = child(obj, 'status');
  if (status && !status.phase) status.phase = 'Active';
}

function defaultScalingRules(rules: Obj | undefined, policies: Obj[], stabilization?: number): void {
  if (!rules) return;
  setDefault(rules, 'selectPolicy', 'Max');
  setDefault(rules, 'policies', policies);
  if (stabilization !== undefined) setDefault(rules, 'stabilizationWindowSeconds', stabilization);
}

/** HorizontalPodAutoscaler (v2): at least one replica, 80% CPU target, and the standard scaling behaviour when one is given. */
export function defaultHorizontalPodAutoscaler(obj: Obj): void {
  const spec = child(obj, 'spec');
  if (!spec) return;
  setDefault(spec, 'minReplicas', 1);
  if (!Array.isArray(spec.metrics) || spec.metrics.length === 0) {
    spec.metrics = [{ type: 'Resource', resource: { name: 'cpu', target: { type: 'Utilization', averageUtilization: 80 } } }];
  }
  const behavior = existing(spec, 'behavior');
  if (!behavior) return;
  defaultScalingRules(child(behavior, 'scaleUp'), [
    { type: 'Pods', value: 4, periodSeconds: 15 },
    { type: 'Percent', value: 100, periodSeconds: 15 },
  ], 0);
  defaultScalingRules(child(behavior, 'scaleDown'), [{ type: 'Percent', value: 100, periodSeconds: 15 }]);
}

/** EndpointSlice: ports are TCP and unnamed unless said otherwise. */
export function defaultEndpointSlice(obj: Obj): void {
  eachObj(obj, 'ports', (p) => {
    setDefault(p, 'name', '');
    if (!p.protocol) p.protocol = 'TCP';
  });
}

/** Endpoints: subset ports are TCP unless said otherwise. */
export function defaultEndpoints(obj: Obj): void {
  eachObj(obj, 'subsets', (subset) => eachObj(subset, 'ports', (p) => {
    if (!p.protocol) p.protocol = 'TCP';
  }));
}
