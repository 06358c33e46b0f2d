import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { createHash } from 'node:crypto';
import { openapiRoot, openapiGroupVersion } from '../src/api/openapi/index.js';
import { RESOURCES, apiVersionOf } from '../src/api/resources.js';

type Doc = { openapi: string; paths: Record<string, any>; components: { schemas: Record<string, any> } };
const root = openapiRoot() as { paths: Record<string, { serverRelativeURL: string }> };
const doc = (gv: string) => openapiGroupVersion(gv) as Doc;

/** What kubectl's query-param verifier does: find a PATCH operation of the kind and look for the parameter. */
function supportsQueryParam(d: Doc, gvk: { group: string; version: string; kind: string }, param: string): boolean {
  for (const item of Object.values(d.paths)) {
    const op = item.patch;
    const ext = op?.['x-kubernetes-group-version-kind'];
    if (!ext || ext.group !== gvk.group || ext.version !== gvk.version || ext.kind !== gvk.kind) continue;
    return (op.parameters ?? []).some((p: any) => p.name === param);
  }
  return false;
}

function refs(value: unknown, out: string[] = []): string[] {
  if (Array.isArray(value)) value.forEach((v) => refs(v, out));
  else if (value && typeof value === 'object') {
    for (const [k, v] of Object.entries(value)) {
      if (k === '$ref' && typeof v === 'string') out.push(v);
      else refs(v, out);
    }
  }
  return out;
}

test('root lists every served group-version with a content hash', () => {
  assert.equal(Object.keys(root.paths).sort(), [
    'api/v1', 'apis/apps/v1', 'apis/autoscaling/v2', 'apis/batch/v1', 'apis/coordination.k8s.io/v1', 'apis/discovery.k8s.io/v1', 'apis/scheduling.k8s.io/v1',
  ]);
  for (const [gv, { serverRelativeURL }] of Object.entries(root.paths)) {
    const match = /^\/openapi\/v3\/(.+)\?hash=([0-9A-F]{128})$/.exec(serverRelativeURL);
    assert.ok(match, serverRelativeURL);
    assert.is(match![1], gv);
    assert.is(match![2], createHash('sha512').update(JSON.stringify(openapiGroupVersion(gv))).digest('hex').toUpperCase());
  }
  assert.is(openapiRoot(), root, 'memoized');
});

test('documents are OpenAPI 3.0 and looked up leniently', () => {
  assert.is(doc('apis/apps/v1').openapi, '3.0.0');
  assert.is(openapiGroupVersion('/api/v1'), openapiGroupVersion('api/v1'));
  assert.is(openapiGroupVersion('apis/extensions/v1beta1'), undefined);
});

for (const info of RESOURCES) {
  test(`kubectl finds fieldValidation for ${apiVersionOf(info)} ${info.kind}`, () => {
    const gv = info.group ? `apis/${info.group}/${info.version}` : `api/${info.version}`;
    assert.ok(supportsQueryParam(doc(gv), info, 'fieldValidation'));
    const schema = Object.values(doc(gv).components.schemas).find((s: any) =>
      s['x-kubernetes-group-version-kind']?.some((g: any) => g.group === info.group && g.version === info.version && g.kind === info.kind));
    assert.ok(schema, 'kind schema with x-kubernetes-group-version-kind');
  });
}

test('every $ref resolves inside its own document', () => {
  for (const gv of Object.keys(root.paths)) {
    const d = doc(gv);
    for (const r of refs(d)) {
      const name = r.replace('#/components/schemas/', '');
      assert.ok(d.components.schemas[name], `${gv}: dangling ${r}`);
    }
  }
});

test('collection and item operations carry actions and ids', () => {
  const d = doc('api/v1');
  const pods = d.paths['/api/v1/namespaces/{namespace}/pods'];
  assert.is(pods.get['x-kubernetes-action'], 'list');
  assert.is(pods.post['x-kubernetes-action'], 'post');
  assert.is(pods.post.operationId, 'createCoreV1NamespacedPod');
  assert.is(pods.delete['x-kubernetes-action'], 'deletecollection');
  assert.equal(pods.parameters.map((p: any) => p.name), ['namespace', 'pretty']);
  const pod = d.paths['/api/v1/namespaces/{namespace}/pods/{name}'];
  assert.equal(Object.keys(pod).filter((k) => k !== 'parameters').sort(), ['delete', 'get', 'patch', 'put']);
  assert.equal(pod.get['x-kubernetes-group-version-kind'], { group: '', kind: 'Pod', version: 'v1' });
  assert.ok(pod.put.parameters.some((p: any) => p.name === 'fieldValidation'));
  assert.equal(Object.keys(pod.patch.requestBody.content).sort(), [
    'application/apply-patch+yaml', 'application/json-patch+json', 'application/merge-patch+json', 'application/strategic-merge-patch+json',
  ]);
  assert.is(d.paths['/api/v1/pods'].get.operationId, 'listCoreV1PodForAllNamespaces');
  assert.equal(d.paths['/api/v1/nodes/{name}'].parameters.map((p: any) => p.name), ['name', 'pretty']);
  assert.ok(d.paths['/api/v1/namespaces/{namespace}/pods/{name}/status'].patch);
});

test('scale subresource speaks autoscaling/v1 Scale', () => {
  const d = doc('apis/apps/v1');
  const scale = d.paths['/apis/apps/v1/namespaces/{namespace}/deployments/{name}/scale'];
  assert.equal(scale.patch['x-kubernetes-group-version-kind'], { group: 'autoscaling', kind: 'Scale', version: 'v1' });
  assert.ok(d.components.schemas['io.k8s.api.autoscaling.v1.Scale']);
  assert.is(d.paths['/apis/apps/v1/namespaces/{namespace}/daemonsets/{name}/scale'], undefined);
});

test('component schemas carry types, formats and descriptions for kubectl explain', () => {
  const s = doc('apis/apps/v1').components.schemas;
  const deployment = s['io.k8s.api.apps.v1.Deployment'];
  assert.equal(deployment['x-kubernetes-group-version-kind'], [{ group: 'apps', kind: 'Deployment', version: 'v1' }]);
  assert.match(deployment.description, 'Deployment enables declarative updates');
  assert.equal(deployment.properties.spec.allOf, [{ $ref: '#/components/schemas/io.k8s.api.apps.v1.DeploymentSpec' }]);
  assert.ok(deployment.properties.spec.description);
  const spec = s['io.k8s.api.apps.v1.DeploymentSpec'];
  assert.equal(spec.required, ['selector', 'template']);
  assert.is(spec.properties.replicas.type, 'integer');
  assert.is(spec.properties.replicas.format, 'int32');
  assert.is(s['io.k8s.api.core.v1.PodSpec'].properties.containers.items.$ref, '#/components/schemas/io.k8s.api.core.v1.Container');
  assert.equal(s['io.k8s.apimachinery.pkg.util.intstr.IntOrString'].format, 'int-or-string');
  assert.is(s['io.k8s.apimachinery.pkg.apis.meta.v1.Time'].format, 'date-time');
  assert.is(s['io.k8s.apimachinery.pkg.apis.meta.v1.ObjectMeta'].properties.labels.additionalProperties.type, 'string');
  assert.is(s['io.k8s.apimachinery.pkg.apis.meta.v1.ObjectMeta'].properties.generation.format, 'int64');
  assert.is(doc('api/v1').components.schemas['io.k8s.api.core.v1.Secret'].properties.data.additionalProperties.format, 'byte');
  assert.ok(s['io.k8s.apimachinery.pkg.apis.meta.v1.Patch']);
});

test.run();
