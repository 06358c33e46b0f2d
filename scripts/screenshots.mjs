/**
 * `npm run screenshots`: regenerates docs/screenshots/*.txt and *.png. Starts a
 * private `rk up` cluster (temporary data dir, free ports), creates a few
 * workloads, opens the compiled `rk ui` in a detached tmux session, visits the
 * main views and saves each screen with its colours (`capture-pane -e -p`) as
 * text, then renders it to PNG. Cleans up the cluster and tmux session.
 * Needs a prior `npm run build`, tmux, kubectl and a monospace font.
 */
import { spawnSync } from 'node:child_process';
import { mkdirSync, writeFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { ansiToSvg, svgToPng } from './ansi-svg.mjs';

const root = fileURLToPath(new URL('..', import.meta.url));
const { rkUp } = await import(`${root}dist/test/helpers/rk-up.js`);
const cli = `${root}dist/src/cli/main.js`;
const outDir = `${root}docs/screenshots`;
const SESSION = `rk-ui-shots-${process.pid}`;
const COLS = 130;
const ROWS = 34;

function tmux(...args) {
  const r = spawnSync('tmux', args, { encoding: 'utf8' });
  if (r.status !== 0) throw new Error(`tmux ${args.join(' ')}: ${r.stderr}`);
  return r.stdout;
}
const plain = () => tmux('capture-pane', '-p', '-t', SESSION);
const coloured = () => tmux('capture-pane', '-e', '-p', '-t', SESSION);
const keys = (...k) => tmux('send-keys', '-t', SESSION, ...k);
const literal = (t) => tmux('send-keys', '-t', SESSION, '-l', t);
const sleep = (ms) => new Promise((r) => setTimeout(r, ms));

async function see(pred, what, timeoutMs = 60_000) {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const s = plain();
    if (pred(s)) return s;
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}; screen:\n${s}`);
    await sleep(150);
  }
}

async function shot(name, pred, what) {
  await see(pred, what);
  await sleep(1200); // let the change highlight fade and a tick redraw
  const text = coloured();
  writeFileSync(`${outDir}/${name}.txt`, text);
  writeFileSync(`${outDir}/${name}.png`, await svgToPng(ansiToSvg(text, { columns: COLS, rows: ROWS })));
  console.log(`docs/screenshots/${name}.{txt,png}`);
}

const WORKLOADS = `
apiVersion: v1
kind: Namespace
metadata: { name: shop }
---
apiVersion: apps/v1
kind: Deployment
metadata: { name: web, namespace: shop }
spec:
  replicas: 3
  selector: { matchLabels: { app: web } }
  template:
    metadata: { labels: { app: web } }
    spec:
      containers:
      - name: main
        image: busybox
        command: [sh, -c, 'i=0; while true; do i=$((i+1)); echo "GET /cart 200 $((i % 7))ms"; sleep 1; done']
        resources: { requests: { cpu: 100m, memory: 32Mi }, limits: { cpu: 500m, memory: 128Mi } }
---
apiVersion: apps/v1
kind: Deployment
metadata: { name: api, namespace: shop }
spec:
  replicas: 2
  selector: { matchLabels: { app: api } }
  template:
    metadata: { labels: { app: api } }
    spec: { containers: [{ name: main, image: busybox, command: [sleep, '3600'], resources: { requests: { cpu: 50m, memory: 16Mi } } }] }
---
apiVersion: v1
kind: Service
metadata: { name: web, namespace: shop }
spec: { selector: { app: web }, ports: [{ port: 80 }] }
---
apiVersion: v1
kind: Pod
metadata: { name: crashy, namespace: shop }
spec: { containers: [{ name: main, image: busybox, command: [sh, -c, 'echo boom; exit 1'] }] }
---
apiVersion: v1
kind: Pod
metadata: { name: too-big, namespace: shop }
spec: { containers: [{ name: main, image: busybox, command: [sleep, '3600'], resources: { requests: { cpu: '500' } } }] }
---
apiVersion: batch/v1
kind: CronJob
metadata: { name: nightly-report, namespace: shop }
spec:
  schedule: '0 3 * * *'
  jobTemplate: { spec: { template: { spec: { restartPolicy: Never, containers: [{ name: main, image: busybox, command: [echo, done] }] } } } }
`;

mkdirSync(outDir, { recursive: true });
const cluster = await rkUp();
try {
  const r = await cluster.kubectl(['apply', '-f', '-'], { input: WORKLOADS });
  if (r.exitCode !== 0) throw new Error(r.stderr);
  // A second revision of api for the rollback picker.
  await cluster.kubectl(['rollout', 'status', 'deploy/api', '-n', 'shop', '--timeout=60s'], { timeout: 70_000 });
  await cluster.kubectl(['annotate', 'deploy/api', '-n', 'shop', 'kubernetes.io/change-cause=bump busybox to 1.36']);
  await cluster.kubectl(['set', 'image', 'deploy/api', 'main=busybox:1.36', '-n', 'shop']);
  await cluster.kubectl(['rollout', 'status', 'deploy/api', '-n', 'shop', '--timeout=60s'], { timeout: 70_000 });
  tmux('new-session', '-d', '-s', SESSION, '-x', String(COLS), '-y', String(ROWS), '-e', 'TERM=xterm-256color',
    `${process.execPath} ${cli} ui --kubeconfig ${cluster.kubeconfig} -n shop`);
  await see((s) => /web-\S+\s+1\/1\s+Running/.test(s) && /CrashLoopBackOff|Error/.test(s), 'pods running and crashing');
  await see((s) => /web-\S+\s+1\/1\s+Running(\s+\S+){4}\s+\d+m?\s+[\d.]+[KMG]i/.test(s) && /Redis: \S+ \(/.test(s), 'metrics and Redis in the header', 90_000);
  await shot('pods', () => true, 'pods');

  literal(':deploy');
  keys('Enter');
  await shot('deployments', (s) => s.includes('deployments(shop)') && /web\s+3\/3/.test(s), 'deployments');

  literal('/api');
  keys('Enter');
  await see((s) => s.includes('</api>'), 'filtered to api');
  literal('h');
  await shot('rollback', (s) => s.includes('(current)'), 'rollback picker');
  keys('Escape');
  keys('Escape');

  literal(':no');
  keys('Enter');
  await shot('nodes', (s) => /nodes\[\d+\]/.test(s) && /Ready/.test(s), 'nodes');

  literal(':po');
  keys('Enter');
  literal('/web');
  keys('Enter');
  await see((s) => s.includes('</web>'), 'filtered pods');
  literal('d');
  await shot('describe', (s) => /Name:\s+web-/.test(s) && s.includes('Events:'), 'describe');
  keys('Escape');
  await see((s) => s.includes('pods(shop)'), 'back to pods');
  literal('l');
  await shot('logs', (s) => (s.match(/GET \/cart 200/g) ?? []).length >= 5, 'logs');
  keys('Escape');
  keys('Escape');

  literal(':xray deploy');
  keys('Enter');
  await shot('xray', (s) => s.includes('replicaset') && s.includes('container main'), 'xray');

  literal(':pulses');
  keys('Enter');
  await sleep(15_000); // some samples for the sparklines
  await shot('pulses', (s) => s.includes('Nodes ready'), 'pulses');

  literal(':po');
  keys('Enter');
  literal('?');
  await shot('help', (s) => s.includes('Help (any key closes)'), 'help');
  literal('x');
} finally {
  spawnSync('tmux', ['kill-session', '-t', SESSION]);
  await cluster.stop();
}
