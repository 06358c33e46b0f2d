/**
 * End to end: the compiled `rk ui` in a real terminal (tmux) against a live
 * `rk up` cluster, driven with send-keys and read with capture-pane, asserting
 * what a person would see; changes are made both from the UI (scale, delete,
 * cordon) and from real kubectl, and must show up on screen.
 */
import { spawnSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { rkUp, type UpCluster } from './helpers/rk-up.js';

const HAS_TMUX = spawnSync('tmux', ['-V']).status === 0;
const SESSION = `rk-ui-e2e-${process.pid}`;
const cli = fileURLToPath(new URL('../src/cli/main.js', import.meta.url));
let cluster: UpCluster | undefined;

function tmux(...args: string[]): string {
  const r = spawnSync('tmux', args, { encoding: 'utf8' });
  if (r.status !== 0) throw new Error(`tmux ${args.join(' ')}: ${r.stderr}`);
  return r.stdout;
}

const screen = (): string => tmux('capture-pane', '-p', '-t', SESSION);
/** Types keys; `literal` text goes through as typed, names like Enter/Escape/C-d are tmux key names. */
const keys = (...k: string[]): void => void tmux('send-keys', '-t', SESSION, ...k);
const literal = (text: string): void => void tmux('send-keys', '-t', SESSION, '-l', text);

async function see(pred: (s: string) => boolean, what: string, timeoutMs = 20_000): Promise<string> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const s = screen();
    if (pred(s)) return s;
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}; screen:\n${s}`);
    await new Promise((r) => setTimeout(r, 100));
  }
}

async function kubectl(args: string[], input?: string): Promise<string> {
  const r = await cluster!.kubectl(args, { input });
  if (r.exitCode !== 0) throw new Error(`kubectl ${args.join(' ')}: ${r.stderr}`);
  return r.stdout;
}

test.after(async () => {
  if (HAS_TMUX) spawnSync('tmux', ['kill-session', '-t', SESSION]);
  await cluster?.stop();
});

if (!HAS_TMUX) {
  console.log('tmux is not installed: skipping the end-to-end UI test (apt-get install -y tmux)');
  test.skip('rk ui in tmux against rk up', () => undefined);
} else {
  test('rk ui in tmux against rk up: pods, filter, namespaces, describe, logs, scale, rollback, delete, cordon', async () => {
    cluster = await rkUp();
    await kubectl(['create', 'namespace', 'shop']);
    await kubectl(['apply', '-f', '-'], `
apiVersion: apps/v1
kind: Deployment
metadata: { name: web, namespace: shop }
spec:
  replicas: 1
  selector: { matchLabels: { app: web } }
  template:
    metadata: { labels: { app: web } }
    spec: { containers: [{ name: main, image: busybox, command: [sh, -c, 'while true; do echo hello; sleep 1; done'] }] }
---
apiVersion: v1
kind: Pod
metadata: { name: lonely, namespace: shop, labels: { app: lonely } }
spec: { containers: [{ name: main, image: busybox, command: [sleep, '3600'] }] }
`);
    tmux('new-session', '-d', '-s', SESSION, '-x', '140', '-y', '40',
      `${process.execPath} ${cli} ui --kubeconfig ${cluster.kubeconfig} -n shop; echo "rk ui exited with $?"; sleep 30`);
    let s = await see((x) => x.includes('pods(shop)') && x.includes('lonely'), 'pods view', 60_000);
    assert.match(s, /Context: /);
    assert.match(s, /Nodes: 1/);
    s = await see((x) => /Redis: \S+:\d+ \([\d.]+[BKMG]\)/.test(x), 'Redis address and memory in the header');
    assert.match(s, /CPU req: \S+\/\S+ \(\d+%\)/);

    literal('/web');
    keys('Enter');
    await see((x) => x.includes('</web>') && /> web-\S+\s+1\/1\s+Running/.test(x), 'the deployment pod is running');
    await see((x) => /> web-\S+\s+1\/1\s+Running\s+\S+\s+\S+\s+\S+\s+\S+\s+\d+m?\s+[\d.]+[KMG]i/.test(x), 'metrics API usage on the pod row', 30_000);
    literal('l');
    const logs = await see((x) => /logs web-/.test(x) && (x.match(/^hello$/gm) ?? []).length >= 2, 'followed log lines');
    assert.match(logs, /container:main autoscroll:on/);
    keys('Escape');
    await see((x) => x.includes('pods(shop)'), 'back from logs');
    keys('Escape');
    await see((x) => !x.includes('</web>'), 'filter cleared');
    literal('/lonely');
    keys('Enter');
    s = await see((x) => x.includes('</lonely>') && x.includes('[1]'), 'filtered');
    literal('d');
    s = await see((x) => /Name:\s+lonely/.test(x), 'describe');
    assert.match(s, /Namespace:\s+shop/);
    keys('Escape');
    await see((x) => x.includes('pods(shop)'), 'back to pods');
    keys('C-d');
    await see((x) => x.includes('Delete pods/lonely?'), 'confirm dialog');
    keys('Enter');
    await see((x) => x.includes('deleted pods/lonely'), 'deleted flash');
    for (let i = 0; ; i++) {
      const r = await cluster.kubectl(['get', 'pod', 'lonely', '-n', 'shop', '-o', 'name']);
      if (r.exitCode !== 0 || i > 100) break;
      await new Promise((r2) => setTimeout(r2, 200));
    }
    keys('Escape');

    literal('0');
    await see((x) => x.includes('pods(all)') && x.includes('NAMESPACE'), 'all namespaces');
    literal(':deploy');
    keys('Enter');
    await see((x) => x.includes('deployments(all)') && /shop\s+web\s/.test(x), 'deployments');
    literal('s');
    await see((x) => x.includes('Scale deployments/web (now 1)'), 'scale dialog');
    literal('3');
    keys('Enter');
    await see((x) => /shop\s+web\s+\d+\/3/.test(x), 'scaled on screen');
    assert.match(await kubectl(['get', 'deploy', 'web', '-n', 'shop', '-o', 'jsonpath={.spec.replicas}']), /^3$/);

    await kubectl(['set', 'image', 'deploy/web', 'main=busybox:1.36', '-n', 'shop']);
    await see((x) => /shop\s+web\s/.test(x), 'still on deployments');
    for (let i = 0; !/web-/.test(await kubectl(['get', 'rs', '-n', 'shop', '-o', 'jsonpath={.items[?(@.metadata.annotations.deployment\\.kubernetes\\.io/revision=="2")].metadata.name}'])); i++) {
      if (i > 100) throw new Error('revision 2 never appeared');
      await new Promise((r) => setTimeout(r, 200));
    }
    literal('h');
    s = await see((x) => x.includes('Rollback deployments/web') && x.includes('main=busybox:1.36  (current)'), 'revision picker', 30_000);
    assert.match(s, />\s+1\s+\S+\s+main=busybox\s/);
    keys('Enter');
    await see((x) => x.includes('Roll back deployments/web to revision 1?'), 'rollback confirmation');
    keys('Enter');
    await see((x) => x.includes('deployment.apps/web rolled back'), 'rolled back flash');
    assert.is(await kubectl(['get', 'deploy', 'web', '-n', 'shop', '-o', 'jsonpath={.spec.template.spec.containers[0].image}']), 'busybox');

    literal(':no');
    keys('Enter');
    const node = (await kubectl(['get', 'nodes', '-o', 'jsonpath={.items[0].metadata.name}'])).trim();
    await see((x) => x.includes('nodes[1]') && x.includes(node), 'nodes');
    literal('c');
    await see((x) => x.includes('SchedulingDisabled'), 'cordoned on screen');
    assert.match(await kubectl(['get', 'node', node, '-o', 'jsonpath={.spec.unschedulable}']), /true/);
    literal('u');
    await see((x) => !x.includes('SchedulingDisabled') && x.includes('uncordoned'), 'uncordoned');

    await kubectl(['label', 'node', node, 'e2e=seen']);
    await kubectl(['create', 'configmap', 'from-kubectl', '-n', 'shop', '--from-literal=a=b']);
    literal(':cm shop');
    keys('Enter');
    await see((x) => x.includes('configmaps(shop)') && x.includes('from-kubectl'), 'kubectl change on screen');
    literal(':q');
    keys('Enter');
    await see((x) => x.includes('rk ui exited with 0'), 'quit');
  });
}

test.run();
