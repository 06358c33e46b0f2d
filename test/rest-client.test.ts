import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { ApiError } from '../src/api/errors.js';
import { findResource } from '../src/api/resources.js';
import { ConnectionError, isGone, StatusError } from '../src/client/errors.js';
import { RestClient } from '../src/client/rest-client.js';
import type { WatchEvent } from '../src/client/types.js';

/** Wire-level behaviour of RestClient against a scripted HTTP server. */

const PODS = findResource('', 'v1', 'pods')!;
const DEPLOYMENTS = findResource('apps', 'v1', 'deployments')!;
const NODES = findResource('', 'v1', 'nodes')!;

type Handler = (req: IncomingMessage, res: ServerResponse, body: string) => void;
let handler: Handler = (_req, res) => res.end();
const seen: { method: string; url: string; headers: IncomingMessage['headers']; body: string }[] = [];
let server: Server;
let client: RestClient;

test.before(async () => {
  server = createServer((req, res) => {
    let body = '';
    req.setEncoding('utf8');
    req.on('data', (c: string) => (body += c));
    req.on('end', () => {
      seen.push({ method: req.method!, url: req.url!, headers: req.headers, body });
      handler(req, res, body);
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  client = new RestClient({ server: `http://127.0.0.1:${port}/prefix/`, token: 'sekret', userAgent: 'rk-test' });
});

test.after(async () => {
  client.close();
  server.closeAllConnections();
  await new Promise((resolve) => server.close(resolve));
});

const json = (res: ServerResponse, code: number, obj: unknown): void => {
  res.writeHead(code, { 'content-type': 'application/json' });
  res.end(JSON.stringify(obj));
};

test('paths, query, headers and bodies follow the Kubernetes REST conventions', async () => {
  handler = (_req, res) => json(res, 200, { kind: 'X', metadata: {} });
  seen.length = 0;
  await client.get(DEPLOYMENTS, 'ns1', 'web');
  await client.get(NODES, 'ignored', 'n1');
  await client.list(PODS, undefined, { labelSelector: 'app=a,tier!=db', limit: 5 });
  await client.create(PODS, 'ns1', { metadata: { name: 'p' } }, { dryRun: true, fieldManager: 'me' });
  await client.updateStatus(PODS, { metadata: { name: 'p', namespace: 'ns1', resourceVersion: '7' } });
  await client.patch(DEPLOYMENTS, 'ns1', 'web', 'apply', { spec: {} }, { fieldManager: 'rk', force: true, subresource: 'scale' });
  await client.delete(PODS, 'ns1', 'p', { propagationPolicy: 'Foreground', preconditions: { uid: 'u1' } });
  await client.createSubresource(PODS, 'ns1', 'p', 'binding', { target: { kind: 'Node', name: 'n1' } });
  assert.equal(seen.map((s) => `${s.method} ${s.url}`), [
    'GET /prefix/apis/apps/v1/namespaces/ns1/deployments/web',
    'GET /prefix/api/v1/nodes/n1',
    'GET /prefix/api/v1/pods?labelSelector=app%3Da%2Ctier%21%3Ddb&limit=5',
    'POST /prefix/api/v1/namespaces/ns1/pods?dryRun=All&fieldManager=me',
    'PUT /prefix/api/v1/namespaces/ns1/pods/p/status',
    'PATCH /prefix/apis/apps/v1/namespaces/ns1/deployments/web/scale?fieldManager=rk&force=true',
    'DELETE /prefix/api/v1/namespaces/ns1/pods/p',
    'POST /prefix/api/v1/namespaces/ns1/pods/p/binding',
  ]);
  assert.is(seen[0].headers.authorization, 'Bearer sekret');
  assert.is(seen[0].headers['user-agent'], 'rk-test');
  assert.equal(JSON.parse(seen[3].body), { apiVersion: 'v1', kind: 'Pod', metadata: { name: 'p' } });
  assert.is(seen[5].headers['content-type'], 'application/apply-patch+yaml');
  assert.equal(JSON.parse(seen[6].body), {
    kind: 'DeleteOptions', apiVersion: 'v1', propagationPolicy: 'Foreground', preconditions: { uid: 'u1' },
  });
});

test('listAll follows continue tokens and keeps the first page revision', async () => {
  handler = (req, res) => {
    const url = new URL(req.url!, 'http://x');
    const next = url.searchParams.get('continue');
    if (!next) return json(res, 200, { metadata: { resourceVersion: '42', continue: 'c1' }, items: [{ metadata: { name: 'a' } }] });
    if (next === 'c1') return json(res, 200, { metadata: { resourceVersion: '42', continue: 'c2' }, items: [{ metadata: { name: 'b' } }] });
    json(res, 200, { metadata: { resourceVersion: '42' }, items: [{ metadata: { name: 'c' } }] });
  };
  seen.length = 0;
  const all = await client.listAll(PODS, 'ns1', { limit: 1 });
  assert.equal(all.items.map((o) => o.metadata?.name), ['a', 'b', 'c']);
  assert.is(all.metadata?.resourceVersion, '42');
  assert.is(all.metadata?.continue, undefined);
  assert.is(seen.length, 3);
});

test('error answers become ApiError with reason, code and message of the Status', async () => {
  handler = (_req, res) => json(res, 409, {
    kind: 'Status', apiVersion: 'v1', metadata: {}, status: 'Failure', reason: 'AlreadyExists', code: 409,
    message: 'pods "p" already exists', details: { name: 'p', kind: 'pods' },
  });
  const err = await client.get(PODS, 'ns1', 'p').catch((e: unknown) => e);
  assert.ok(err instanceof ApiError);
  assert.ok(err instanceof StatusError);
  assert.is((err as ApiError).reason, 'AlreadyExists');
  assert.is((err as ApiError).code, 409);
  assert.is((err as ApiError).message, 'pods "p" already exists');
  assert.equal((err as ApiError).details, { name: 'p', kind: 'pods' });

  handler = (_req, res) => json(res, 410, { kind: 'Status', status: 'Failure', reason: 'Expired', code: 410, message: 'too old' });
  const expired = await client.get(PODS, 'ns1', 'p').catch((e: unknown) => e);
  assert.ok(isGone(expired));
  assert.is((expired as StatusError).reason, 'Expired');

  handler = (_req, res) => json(res, 410, { kind: 'Status', status: 'Failure', reason: 'Vanished', code: 410, message: 'too old' });
  const vanished = await client.get(PODS, 'ns1', 'p').catch((e: unknown) => e);
  assert.ok(isGone(vanished));
  assert.is((vanished as StatusError).reason, 'Gone', 'unknown reasons map by code');
  assert.is((vanished as StatusError).status.reason, 'Vanished', 'the original reason is kept');

  handler = (_req, res) => {
    res.writeHead(502);
    res.end('bad gateway');
  };
  const proxy = await client.get(PODS, 'ns1', 'p').catch((e: unknown) => e);
  assert.is((proxy as ApiError).code, 502);
  assert.is((proxy as ApiError).message, 'bad gateway');
});

test('raw requests return text for non-JSON answers', async () => {
  handler = (_req, res) => {
    res.writeHead(200, { 'content-type': 'text/plain' });
    res.end('line 1\nline 2\n');
  };
  assert.is(await client.request('GET', '/api/v1/namespaces/ns1/pods/p/log', { query: { tailLines: 2 } }), 'line 1\nline 2\n');
  const chunks: string[] = [];
  for await (const c of client.stream('/api/v1/namespaces/ns1/pods/p/log', { query: { follow: true } })) chunks.push(c);
  assert.is(chunks.join(''), 'line 1\nline 2\n');
});

test('watch decodes events split across chunks and throws ERROR events as ApiError', async () => {
  handler = (req, res) => {
    assert.match(req.url!, /watch=true/);
    assert.match(req.url!, /resourceVersion=5/);
    assert.match(req.url!, /allowWatchBookmarks=true/);
    res.writeHead(200, { 'content-type': 'application/json' });
    const text = `${JSON.stringify({ type: 'ADDED', object: { metadata: { name: 'a', resourceVersion: '6' } } })}\n`
      + `${JSON.stringify({ type: 'BOOKMARK', object: { metadata: { resourceVersion: '7' } } })}\n`
      + `${JSON.stringify({ type: 'ERROR', object: { kind: 'Status', code: 410, reason: 'Expired', message: 'gone' } })}\n`;
    const cut = 30;
    res.write(text.slice(0, cut));
    setTimeout(() => res.end(text.slice(cut)), 20);
  };
  const events: WatchEvent[] = [];
  const err = await (async () => {
    for await (const ev of client.watch(PODS, 'ns1', { resourceVersion: '5', allowWatchBookmarks: true, timeoutSeconds: 10 })) events.push(ev);
  })().catch((e: unknown) => e);
  assert.equal(events.map((e) => `${e.type} ${e.object.metadata?.resourceVersion}`), ['ADDED 6', 'BOOKMARK 7']);
  assert.ok(isGone(err));
});

test('a watch ends quietly on abort; a cut connection is a ConnectionError', async () => {
  handler = (_req, res) => {
    res.writeHead(200, { 'content-type': 'application/json' });
    res.write(`${JSON.stringify({ type: 'ADDED', object: { metadata: { name: 'a' } } })}\n`);
  };
  const abort = new AbortController();
  let count = 0;
  for await (const _ of client.watch(PODS, 'ns1', { signal: abort.signal })) {
    count++;
    abort.abort();
  }
  assert.is(count, 1);

  handler = (_req, res) => {
    res.writeHead(200, { 'content-type': 'application/json' });
    res.write('{"type":"ADDED","object":{"metadata":{"name":"a"}}}\n');
    setTimeout(() => res.destroy(), 20);
  };
  const err = await (async () => {
    for await (const _ of client.watch(PODS, 'ns1', {})) count++;
  })().catch((e: unknown) => e);
  assert.ok(err instanceof ConnectionError, String(err));
});

test('an aborted request rejects with the abort reason', async () => {
  handler = () => undefined;
  const abort = new AbortController();
  const pending = client.get(PODS, 'ns1', 'slow', { signal: abort.signal }).catch((e: unknown) => e);
  setTimeout(() => abort.abort(), 20);
  const err = await pending;
  assert.is((err as Error).name, 'AbortError');
  server.closeAllConnections();
});

test.run();
