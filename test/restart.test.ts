import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { freePort, startRedisServer, type RedisServer } from '../src/util/redis-server.js';
import { call } from './helpers/http.js';

const cli = fileURLToPath(new URL('../src/cli/main.js', import.meta.url));
const dir = mkdtempSync(join(tmpdir(), 'rk-restart-'));
let redis: RedisServer | undefined;
let apiserver: ChildProcess | undefined;
let redisPort = 0;
let apiPort = 0;
const url = () => `http://127.0.0.1:${apiPort}`;

async function startApiserverProcess(): Promise<void> {
  apiserver = spawn(process.execPath, [cli, 'apiserver', '--redis-url', `redis://127.0.0.1:${redisPort}`, '--port', String(apiPort)], { stdio: 'ignore' });
  const deadline = Date.now() + 15_000;
  for (;;) {
    try {
      if ((await call(url(), 'GET', '/readyz')).status === 200) return;
    } catch { /* not listening yet */ }
    if (Date.now() > deadline) throw new Error('apiserver did not become ready');
    await new Promise((r) => setTimeout(r, 50));
  }
}

test.before(async () => {
  redisPort = await freePort();
  apiPort = await freePort();
  redis = await startRedisServer({ port: redisPort, dir, appendOnly: true, appendFsync: 'always' });
  await startApiserverProcess();
});
test.after(async () => {
  apiserver?.kill('SIGKILL');
  await redis?.stop();
  rmSync(dir, { recursive: true, force: true });
});

test('kill -9 of apiserver and redis-server mid-load loses no acknowledged write', async () => {
  const acked = new Map<string, string>();
  let stop = false;
  let n = 0;
  const writer = async () => {
    while (!stop) {
      const name = `cm-${n++}`;
      try {
        const r = await call(url(), 'POST', '/api/v1/namespaces/default/configmaps', { metadata: { name }, data: { v: name } });
        if (r.status === 201) acked.set(name, r.json.metadata.resourceVersion);
      } catch {
        await new Promise((r) => setTimeout(r, 5));
      }
    }
  };
  const writers = Array.from({ length: 16 }, writer);
  while (acked.size < 1500) await new Promise((r) => setTimeout(r, 20));
  apiserver!.kill('SIGKILL');
  await redis!.kill();
  stop = true;
  await Promise.all(writers);
  assert.ok(acked.size >= 1500);
  redis = await startRedisServer({ port: redisPort, dir, appendOnly: true, appendFsync: 'always' });
  await startApiserverProcess();
  const list = (await call(url(), 'GET', '/api/v1/namespaces/default/configmaps')).json;
  const stored = new Map<string, string>(list.items.map((i: any) => [i.metadata.name, i.metadata.resourceVersion]));
  const missing = [...acked.keys()].filter((name) => stored.get(name) !== acked.get(name));
  assert.equal(missing, [], `${missing.length} acknowledged writes missing or changed`);
  const maxAcked = Math.max(...[...acked.values()].map(Number));
  const after = await call(url(), 'POST', '/api/v1/namespaces/default/configmaps', { metadata: { name: 'after' } });
  assert.is(after.status, 201);
  assert.ok(Number(after.json.metadata.resourceVersion) > maxAcked, 'revisions keep increasing after the restart');
});

test.run();
