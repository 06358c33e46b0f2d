import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { execa } from 'execa';
import { allocateIP, parseCidr, PodNetworks } from '../node-agent/runtime/netns.js';
import { boundPod, getPod, R, startAgentCluster, waitFor, type AgentCluster } from './agent-fixture.js';

const capable = process.platform === 'linux' && process.getuid?.() === 0 && existsSync('/usr/sbin/ip');
const CIDR = `10.244.${100 + Math.floor(Math.random() * 100)}.0/24`;
let c: AgentCluster | undefined;
let dir: string;
const server = (text: string) => ['node', '-e', `require('http').createServer((q,s)=>s.end('${text}')).listen(8080,'0.0.0.0')`];
const ready = (p: any) => p?.status?.conditions?.some((x: any) => x.type === 'Ready' && x.status === 'True');

test.before(async () => {
  dir = mkdtempSync(join(tmpdir(), 'rk-netns-'));
  if (capable) c = await startAgentCluster('node-n', 'process', 1, undefined, CIDR);
});
test.after(async () => {
  const leftover = c ? new PodNetworks(CIDR, c.stateDir).attachedUids().map((uid) => PodNetworks.netnsOf(uid)) : [];
  await c?.stop();
  for (const ns of leftover) await execa('ip', ['netns', 'del', ns], { reject: false });
  if (capable) await execa('ip', ['link', 'del', new PodNetworks(CIDR, dir).bridge], { reject: false });
  rmSync(dir, { recursive: true, force: true });
});

test('CIDR parsing and IP allocation skip network, gateway and broadcast', () => {
  assert.equal(parseCidr('10.1.2.77/24'), { base: 167838208, prefix: 24, size: 256, gateway: '10.1.2.1' });
  assert.is(allocateIP('10.1.2.0/24', new Set()), '10.1.2.2');
  assert.is(allocateIP('10.1.2.0/24', new Set(['10.1.2.2'])), '10.1.2.3');
  assert.is(allocateIP('10.1.2.0/30', new Set(['10.1.2.2'])), undefined);
});

test('pods get their own IPs on the pod CIDR: same port, reachable from the host and from each other; containers share localhost', async () => {
  if (!c) return console.log('  (needs Linux and root: skipped)');
  const local = join(dir, 'local');
  await c.client.create(R.pods, 'default', boundPod('web-a', c.node, [
    { name: 'srv', command: server('A'), readinessProbe: { httpGet: { port: 8080 }, periodSeconds: 1 } },
    { name: 'side', command: ['sh', '-c', `sleep 1; node -e "fetch('http://127.0.0.1:8080').then(r=>r.text()).then(t=>require('fs').writeFileSync('${local}',t))"; sleep 300`] },
  ]));
  await c.client.create(R.pods, 'default', boundPod('web-b', c.node, [{ name: 'srv', command: server('B'), readinessProbe: { httpGet: { port: 8080 }, periodSeconds: 1 } }]));
  const a = await waitFor('a ready', async () => { const p = await getPod(c!.client, 'web-a'); return ready(p) ? p : undefined; });
  const b = await waitFor('b ready', async () => { const p = await getPod(c!.client, 'web-b'); return ready(p) ? p : undefined; });
  assert.is.not(a.status.podIP, b.status.podIP);
  assert.ok(a.status.podIP.startsWith(CIDR.split('.').slice(0, 3).join('.')));
  assert.is(a.status.hostIP, '127.0.0.1');
  assert.is(await (await fetch(`http://${a.status.podIP}:8080`)).text(), 'A');
  assert.is(await (await fetch(`http://${b.status.podIP}:8080`)).text(), 'B');
  const out = join(dir, 'cross');
  await c.client.create(R.pods, 'default', boundPod('client', c.node, [{ name: 'x', command: ['node', '-e', `fetch('http://${b.status.podIP}:8080').then(r=>r.text()).then(t=>require('fs').writeFileSync('${out}',t))`] }], { restartPolicy: 'Never' }));
  await waitFor('client done', async () => (await getPod(c!.client, 'client'))?.status?.phase === 'Succeeded');
  assert.is(readFileSync(out, 'utf8'), 'B');
  await waitFor('localhost shared', () => existsSync(local) && readFileSync(local, 'utf8') === 'A');
  const named = join(dir, 'named');
  await c.client.create(R.pods, 'default', boundPod('named', c.node, [{ name: 'x', command: ['sh', '-c', `{ cat /proc/sys/kernel/hostname; echo "$HOSTNAME"; cat /etc/hosts; } > ${named}`] }],
    { restartPolicy: 'Never', hostname: 'db-0', subdomain: 'db', hostAliases: [{ ip: '10.9.9.9', hostnames: ['alias.local'] }] }));
  const np = await waitFor('named done', async () => { const p = await getPod(c!.client, 'named'); return p?.status?.phase === 'Succeeded' ? p : undefined; });
  const [uts, envName, ...hosts] = readFileSync(named, 'utf8').trim().split('\n');
  assert.is(uts, 'db-0', 'own UTS namespace with spec.hostname');
  assert.is(envName, 'db-0');
  assert.is(hosts[0], '# Kubernetes-managed hosts file.');
  assert.ok(hosts.includes(`${np.status.podIP}\tdb-0.db.default.svc.cluster.local\tdb-0`), hosts.join('\n'));
  assert.ok(hosts.includes('10.9.9.9\talias.local'));
  assert.is.not(readFileSync('/etc/hosts', 'utf8'), hosts.join('\n') + '\n', 'the host file is untouched');
  const { hostname } = await import('node:os');
  assert.is.not(hostname(), 'db-0', 'the host keeps its hostname');
  const node: any = await c.client.get(R.nodes, undefined, c.node);
  assert.is(node.spec.podCIDR, CIDR);
  const ns = PodNetworks.netnsOf(a.metadata.uid);
  assert.ok(existsSync(`/run/netns/${ns}`));
  await c.client.delete(R.pods, 'default', 'web-a');
  await waitFor('namespace removed with the pod', () => !existsSync(`/run/netns/${ns}`));
});

test.run();
