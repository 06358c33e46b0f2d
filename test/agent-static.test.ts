import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { getPod, R, startAgentCluster, waitFor, type AgentCluster } from './agent-fixture.js';

let c: AgentCluster;
let dir: string;

test.before(async () => {
  dir = mkdtempSync(join(tmpdir(), 'rk-manifests-'));
  writeFileSync(join(dir, 'web.yaml'), `apiVersion: v1
kind: Pod
metadata: {name: web, labels: {tier: static}}
spec:
  containers:
  - name: main
    image: busybox
    command: [sleep, "300"]
`);
  c = await startAgentCluster('node-m', 'process', 1, dir);
});
test.after(async () => {
  await c?.stop();
  rmSync(dir, { recursive: true, force: true });
});

test('a manifest in --pod-manifest-path runs as a mirror pod <name>-<node>', async () => {
  const pod = await waitFor('mirror pod running', async () => {
    const p = await getPod(c.client, 'web-node-m');
    return p?.status?.phase === 'Running' ? p : undefined;
  });
  assert.is(pod.spec.nodeName, 'node-m');
  assert.is(pod.metadata.labels.tier, 'static');
  assert.ok(pod.metadata.annotations['kubernetes.io/config.mirror']);
});

test('removing the manifest stops and removes the mirror pod', async () => {
  rmSync(join(dir, 'web.yaml'));
  await waitFor('mirror pod removed', async () => !(await getPod(c.client, 'web-node-m')), 20_000);
  const pods = await c.client.list(R.pods, 'default');
  assert.is(pods.items.length, 0);
});

test.run();
