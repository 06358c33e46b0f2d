import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { delimiter, join } from 'node:path';
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { stringify } from 'yaml';
import { clientFromKubeconfig, loadKubeconfig } from '../src/client/kubeconfig.js';

let dir: string;

test.before(() => {
  dir = mkdtempSync(join(tmpdir(), 'rk-kubeconfig-'));
  writeFileSync(join(dir, 'ca.pem'), 'CA FROM FILE');
  writeFileSync(join(dir, 'token'), 'file-token\n');
  writeFileSync(join(dir, 'main'), stringify({
    apiVersion: 'v1', kind: 'Config', 'current-context': 'dev',
    clusters: [
      { name: 'local', cluster: { server: 'https://127.0.0.1:6443', 'certificate-authority-data': Buffer.from('CA DATA').toString('base64') } },
      { name: 'filed', cluster: { server: 'https://127.0.0.1:7443', 'certificate-authority': 'ca.pem', 'insecure-skip-tls-verify': true } },
    ],
    users: [{ name: 'admin', user: { token: 'abc' } }, { name: 'bot', user: { tokenFile: 'token' } }],
    contexts: [
      { name: 'dev', context: { cluster: 'local', user: 'admin', namespace: 'team' } },
      { name: 'ops', context: { cluster: 'filed', user: 'bot' } },
    ],
  }));
  writeFileSync(join(dir, 'extra'), stringify({
    'current-context': 'ignored-because-first-file-wins',
    clusters: [{ name: 'local', cluster: { server: 'http://shadowed' } }, { name: 'other', cluster: { server: 'http://127.0.0.1:8080' } }],
    contexts: [{ name: 'plain', context: { cluster: 'other' } }],
  }));
});

test.after(() => rmSync(dir, { recursive: true, force: true }));

test('current context: server, token, inline CA, namespace', () => {
  const cfg = loadKubeconfig(join(dir, 'main'));
  assert.is(cfg.contextName, 'dev');
  assert.is(cfg.server, 'https://127.0.0.1:6443');
  assert.is(cfg.token, 'abc');
  assert.is(cfg.ca, 'CA DATA');
  assert.is(cfg.insecure, false);
  assert.is(cfg.namespace, 'team');
});

test('another context: CA and token files relative to the kubeconfig, insecure flag, default namespace', () => {
  const cfg = loadKubeconfig(join(dir, 'main'), { context: 'ops' });
  assert.is(cfg.ca, 'CA FROM FILE');
  assert.is(cfg.token, 'file-token');
  assert.is(cfg.insecure, true);
  assert.is(cfg.namespace, 'default');
});

test('KUBECONFIG lists are merged, first definition wins, missing files skipped', () => {
  const env = { KUBECONFIG: [join(dir, 'missing'), join(dir, 'main'), join(dir, 'extra')].join(delimiter) };
  assert.is(loadKubeconfig(undefined, { env }).server, 'https://127.0.0.1:6443');
  const plain = loadKubeconfig(undefined, { env, context: 'plain' });
  assert.is(plain.server, 'http://127.0.0.1:8080');
  assert.is(plain.token, undefined);
});

test('clear errors for missing files and unknown contexts; a client for a good one', () => {
  assert.throws(() => loadKubeconfig(join(dir, 'nope')), /no kubeconfig found/);
  assert.throws(() => loadKubeconfig(undefined, { env: { HOME: dir } }), /no kubeconfig found/);
  assert.throws(() => loadKubeconfig(join(dir, 'main'), { context: 'x' }), /context "x" not found/);
  const { client, namespace } = clientFromKubeconfig(undefined, { context: 'plain', env: { KUBECONFIG: join(dir, 'extra') } });
  assert.is(namespace, 'default');
  assert.is(client.server, 'http://127.0.0.1:8080/');
  client.close();
});

test.run();
