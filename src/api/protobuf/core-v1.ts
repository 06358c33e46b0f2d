/**
 * core/v1 messages that `kubectl create` sends as protobuf, and the pod template
 * pieces apps/v1 and batch/v1 embed. Field numbers: k8s.io/api/core/v1/generated.proto.
 * Volumes, probes, affinity and other fields no generator sets are left out: the
 * decoder skips them like any unknown field.
 */
import { KEEP_ZERO, POINTER, bool, dict, field, int32, int64, list, message, str } from './schema.js';
import { OBJECT_META } from './meta-v1.js';
import { INT_OR_STRING, QUANTITY } from './well-known.js';

/** core/v1 NamespaceSpec. */
const NAMESPACE_SPEC = message('NamespaceSpec', [[1, list('finalizers', 'string')]]);

/** core/v1 NamespaceStatus; conditions are server-written and skipped. */
const NAMESPACE_STATUS = message('NamespaceStatus', [[1, str('phase')]]);

/** core/v1 Namespace. */
export const NAMESPACE = message('Namespace', [
  [1, field('metadata', OBJECT_META)],
  [2, field('spec', NAMESPACE_SPEC)],
  [3, field('status', NAMESPACE_STATUS)],
]);

/** core/v1 ConfigMap; binaryData values are bytes, so base64 in JSON. */
export const CONFIG_MAP = message('ConfigMap', [
  [1, field('metadata', OBJECT_META)],
  [4, bool('immutable', POINTER)],
  [2, dict('data', 'string')],
  [3, dict('binaryData', 'bytes')],
]);

/** core/v1 Secret; data values are bytes, so base64 in JSON. */
export const SECRET = message('Secret', [
  [1, field('metadata', OBJECT_META)],
  [5, bool('immutable', POINTER)],
  [2, dict('data', 'bytes')],
  [4, dict('stringData', 'string')],
  [3, str('type')],
]);

/** core/v1 ObjectReference, as listed in ServiceAccount.secrets and CronJobStatus.active. */
export const OBJECT_REFERENCE = message('ObjectReference', [
  [1, str('kind')],
  [2, str('namespace')],
  [3, str('name')],
  [4, str('uid')],
  [5, str('apiVersion')],
  [6, str('resourceVersion')],
  [7, str('fieldPath')],
]);

/** core/v1 LocalObjectReference (image pull secrets). */
const LOCAL_OBJECT_REFERENCE = message('LocalObjectReference', [[1, str('name')]]);

/** core/v1 ServiceAccount. */
export const SERVICE_ACCOUNT = message('ServiceAccount', [
  [1, field('metadata', OBJECT_META)],
  [2, list('secrets', OBJECT_REFERENCE)],
  [3, list('imagePullSecrets', LOCAL_OBJECT_REFERENCE)],
  [4, bool('automountServiceAccountToken', POINTER)],
]);

/** core/v1 ServicePort; `port` has no `omitempty`, targetPort is a non-pointer IntOrString. */
const SERVICE_PORT = message('ServicePort', [
  [1, str('name')],
  [2, str('protocol')],
  [6, str('appProtocol', POINTER)],
  [3, int32('port', KEEP_ZERO)],
  [4, field('targetPort', INT_OR_STRING)],
  [5, int32('nodePort')],
]);

/** core/v1 ServiceSpec; the IP-family and traffic-policy pointers are kept so defaults survive. */
const SERVICE_SPEC = message('ServiceSpec', [
  [1, list('ports', SERVICE_PORT)],
  [2, dict('selector', 'string')],
  [3, str('clusterIP')],
  [18, list('clusterIPs', 'string')],
  [4, str('type')],
  [5, list('externalIPs', 'string')],
  [7, str('sessionAffinity')],
  [8, str('loadBalancerIP')],
  [9, list('loadBalancerSourceRanges', 'string')],
  [10, str('externalName')],
  [11, str('externalTrafficPolicy')],
  [12, int32('healthCheckNodePort')],
  [13, bool('publishNotReadyAddresses')],
  [19, list('ipFamilies', 'string')],
  [17, str('ipFamilyPolicy', POINTER)],
  [20, bool('allocateLoadBalancerNodePorts', POINTER)],
  [21, str('loadBalancerClass', POINTER)],
  [22, str('internalTrafficPolicy', POINTER)],
  [23, str('trafficDistribution', POINTER)],
]);

/** core/v1 LoadBalancerIngress. */
const LOAD_BALANCER_INGRESS = message('LoadBalancerIngress', [
  [1, str('ip')],
  [2, str('hostname')],
  [3, str('ipMode', POINTER)],
]);

/** core/v1 ServiceStatus; loadBalancer is a non-pointer struct, so `{}` even when empty. */
const SERVICE_STATUS = message('ServiceStatus', [
  [1, field('loadBalancer', message('LoadBalancerStatus', [[1, list('ingress', LOAD_BALANCER_INGRESS)]]))],
]);

/** core/v1 Service. */
export const SERVICE = message('Service', [
  [1, field('metadata', OBJECT_META)],
  [2, field('spec', SERVICE_SPEC)],
  [3, field('status', SERVICE_STATUS)],
]);

/** core/v1 ContainerPort; containerPort has no `omitempty`. */
const CONTAINER_PORT = message('ContainerPort', [
  [1, str('name')],
  [2, int32('hostPort')],
  [3, int32('containerPort', KEEP_ZERO)],
  [4, str('protocol')],
  [5, str('hostIP')],
]);

/** core/v1 EnvVar; valueFrom (field 3) is not decoded. */
const ENV_VAR = message('EnvVar', [
  [1, str('name', KEEP_ZERO)],
  [2, str('value')],
]);

/** core/v1 ResourceRequirements: Quantity strings by resource name. */
const RESOURCE_REQUIREMENTS = message('ResourceRequirements', [
  [1, dict('limits', QUANTITY)],
  [2, dict('requests', QUANTITY)],
]);

/** core/v1 SecurityContext (per container); every field is a pointer. */
const SECURITY_CONTEXT = message('SecurityContext', [
  [2, bool('privileged', POINTER)],
  [4, int64('runAsUser', POINTER)],
  [8, int64('runAsGroup', POINTER)],
  [5, bool('runAsNonRoot', POINTER)],
  [6, bool('readOnlyRootFilesystem', POINTER)],
  [7, bool('allowPrivilegeEscalation', POINTER)],
]);

/** core/v1 Container; name has no `omitempty`, resources is a non-pointer struct. */
const CONTAINER = message('Container', [
  [1, str('name', KEEP_ZERO)],
  [2, str('image')],
  [3, list('command', 'string')],
  [4, list('args', 'string')],
  [5, str('workingDir')],
  [6, list('ports', CONTAINER_PORT)],
  [7, list('env', ENV_VAR)],
  [8, field('resources', RESOURCE_REQUIREMENTS)],
  [24, str('restartPolicy', POINTER)],
  [13, str('terminationMessagePath')],
  [20, str('terminationMessagePolicy')],
  [14, str('imagePullPolicy')],
  [15, field('securityContext', SECURITY_CONTEXT, POINTER)],
  [16, bool('stdin')],
  [17, bool('stdinOnce')],
  [18, bool('tty')],
]);

/** core/v1 PodSecurityContext; every decoded field is a pointer. */
const POD_SECURITY_CONTEXT = message('PodSecurityContext', [
  [2, int64('runAsUser', POINTER)],
  [6, int64('runAsGroup', POINTER)],
  [3, bool('runAsNonRoot', POINTER)],
  [5, int64('fsGroup', POINTER)],
]);

/** core/v1 PodSpec, the parts workload generators and common manifests use. */
const POD_SPEC = message('PodSpec', [
  [20, list('initContainers', CONTAINER)],
  [2, list('containers', CONTAINER)],
  [3, str('restartPolicy')],
  [4, int64('terminationGracePeriodSeconds', POINTER)],
  [5, int64('activeDeadlineSeconds', POINTER)],
  [6, str('dnsPolicy')],
  [7, dict('nodeSelector', 'string')],
  [8, str('serviceAccountName')],
  [9, str('serviceAccount')],
  [21, bool('automountServiceAccountToken', POINTER)],
  [10, str('nodeName')],
  [11, bool('hostNetwork')],
  [12, bool('hostPID')],
  [13, bool('hostIPC')],
  [14, field('securityContext', POD_SECURITY_CONTEXT, POINTER)],
  [15, list('imagePullSecrets', LOCAL_OBJECT_REFERENCE)],
  [16, str('hostname')],
  [17, str('subdomain')],
  [19, str('schedulerName')],
  [24, str('priorityClassName')],
  [25, int32('priority', POINTER)],
  [30, bool('enableServiceLinks', POINTER)],
]);

/** core/v1 PodTemplateSpec, embedded by Deployment, Job and CronJob. */
export const POD_TEMPLATE_SPEC = message('PodTemplateSpec', [
  [1, field('metadata', OBJECT_META)],
  [2, field('spec', POD_SPEC)],
]);
