import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { execa } from 'execa';
import { join } from 'node:path';
import { rkUp, type UpCluster } from './helpers/rk-up.js';

let up: UpCluster;
let node = '';
const ok = async (...args: string[]) => {
  const r = await up.kubectl(args);
  assert.is(r.exitCode, 0, `kubectl ${args.join(' ')} failed: ${r.stderr}`);
  return r.stdout;
};
const pod = (name: string, script: string, restartPolicy = 'Always') => `apiVersion: v1
kind: Pod
metadata: {name: ${name}}
spec:
  nodeName: ${node}
  restartPolicy: ${restartPolicy}
  terminationGracePeriodSeconds: 3
  containers:
  - name: main
    image: busybox
    command: [sh, -c, '${script}']
`;
async function until<T>(what: string, fn: () => Promise<T | undefined>, ms = 20_000): Promise<T> {
  const deadline = Date.now() + ms;
  for (;;) {
    const v = await fn();
    if (v) return v;
    if (Date.now() > deadline) throw new Error(`timed out: ${what}`);
    await new Promise((r) => setTimeout(r, 100));
  }
}

test.before(async () => {
  up = await rkUp();
  node = await until('node registered', async () => (await up.kubectl(['get', 'nodes', '-o', 'jsonpath={.items[0].metadata.name}'])).stdout || undefined);
});
test.after(async () => { await up?.stop(); });

test('kubectl get pods shows a bound pod Running 1/1', async () => {
  const r = await up.kubectl(['apply', '-f', '-'], { input: pod('hello', 'echo hello; echo world; sleep 300') });
  assert.is(r.exitCode, 0, r.stderr);
  await until('Running', async () => /hello\s+1\/1\s+Running/.test((await up.kubectl(['get', 'pods'])).stdout) || undefined);
});

test('kubectl logs and --tail print the container output', async () => {
  assert.is(await ok('logs', 'hello'), 'hello\nworld');
  assert.is(await ok('logs', 'hello', '--tail=1'), 'world');
  assert.match(await ok('logs', 'hello', '--timestamps'), /^\S+Z hello\n\S+Z world$/);
});

test('kubectl logs -f streams lines as they are written', async () => {
  const r = await up.kubectl(['apply', '-f', '-'], { input: pod('ticker', 'sleep 1; for i in 1 2 3 4; do echo tick$i; sleep 0.5; done', 'Never') });
  assert.is(r.exitCode, 0, r.stderr);
  await until('running', async () => /ticker\s+1\/1\s+Running/.test((await up.kubectl(['get', 'pods'])).stdout) || undefined);
  const child = execa('kubectl', ['--kubeconfig', up.kubeconfig, '--cache-dir', join(up.dir, 'kube-cache'), 'logs', '-f', 'ticker'], { reject: false, timeout: 20_000 });
  const arrivals: number[] = [];
  child.stdout!.on('data', () => arrivals.push(Date.now()));
  const res = await child;
  assert.is(res.exitCode, 0, String(res.stderr));
  assert.is(String(res.stdout), 'tick1\ntick2\ntick3\ntick4');
  assert.ok(arrivals.length >= 2 && arrivals[arrivals.length - 1] - arrivals[0] >= 500, 'lines arrived over time');
});

test('kubectl logs --previous shows the run before a restart', async () => {
  const r = await up.kubectl(['apply', '-f', '-'], { input: pod('crashy', 'echo attempt-$(date +%s%N); sleep 0.5; exit 2') });
  assert.is(r.exitCode, 0, r.stderr);
  await until('restarted', async () => {
    const n = Number((await up.kubectl(['get', 'pod', 'crashy', '-o', 'jsonpath={.status.containerStatuses[0].restartCount}'])).stdout);
    return n >= 1 || undefined;
  });
  assert.match(await ok('logs', 'crashy', '--previous'), /^attempt-\d+$/);
});

test('kubectl exec runs a command in the container context and reports its exit code', async () => {
  assert.is(await ok('exec', 'hello', '--', 'sh', '-c', 'echo "$HOSTNAME says hi"; echo to-stderr >&2'), 'hello says hi');
  const r = await up.kubectl(['exec', 'hello', '-c', 'main', '--', 'sh', '-c', 'echo partial; exit 3']);
  assert.is(r.exitCode, 3, r.stderr);
  assert.is(r.stdout, 'partial');
  assert.match(r.stderr, /command terminated with exit code 3/);
  const missing = await up.kubectl(['exec', 'hello', '--', '/nonexistent']);
  assert.is.not(missing.exitCode, 0);
  const child = execa('kubectl', ['--kubeconfig', up.kubeconfig, '--cache-dir', join(up.dir, 'kube-cache'), 'exec', 'hello', '--', 'sh', '-c', 'echo one; sleep 1; echo two'], { reject: false, timeout: 20_000 });
  const arrivals: number[] = [];
  child.stdout!.on('data', () => arrivals.push(Date.now()));
  const res = await child;
  assert.is(String(res.stdout), 'one\ntwo');
  assert.ok(arrivals.length >= 2 && arrivals[arrivals.length - 1] - arrivals[0] >= 700, 'output is streamed as it is produced');
});

test('kubectl exec -i through rk up (TLS, token to the agent): stdin reaches the command', async () => {
  const r = await up.kubectl(['exec', '-i', 'hello', '--', 'sh', '-c', 'read x; echo "got $x"'], { input: 'hi\n' });
  assert.is(r.exitCode, 0, r.stderr);
  assert.is(r.stdout, 'got hi');
});

test('kubectl top pods and top nodes show usage read from the OS', async () => {
  const r = await up.kubectl(['apply', '-f', '-'], { input: pod('burner', 'while true; do :; done') });
  assert.is(r.exitCode, 0, r.stderr);
  await until('Running', async () => /burner\s+1\/1\s+Running/.test((await up.kubectl(['get', 'pods'])).stdout) || undefined);
  const top = await until('burner uses cpu', async () => {
    const out = (await up.kubectl(['top', 'pods'])).stdout;
    const m = /^burner\s+(\d+)m\s+(\d+)Mi/m.exec(out);
    return m && Number(m[1]) >= 10 ? out : undefined;
  });
  assert.match(top, /^NAME\s+CPU\(cores\)\s+MEMORY\(bytes\)/m);
  assert.match(top, /^hello\s+\d+m\s+\d+Mi/m);
  const nodes = await ok('top', 'nodes');
  assert.match(nodes, new RegExp(`^${node}\\s+\\d+m\\s+\\d+%\\s+\\d+Mi\\s+\\d+%`, 'm'));
  await ok('delete', 'pod', 'burner', '--grace-period=0', '--force');
});

test('rk up gives the node a pod range; a Deployment of 3 HTTP servers on one port: own IPs, Ready, reachable from the host and from each other', async () => {
  const nodeCidr = await ok('get', 'node', node, '-o', 'jsonpath={.spec.podCIDR}');
  assert.match(nodeCidr, /^10\.2\d\d\.\d+\.0\/24$/, 'a /24 of the random --cluster-cidr the fixture passes');
  const prefix = nodeCidr.split('.').slice(0, 3).join('.');
  const server = "require('http').createServer((q,s)=>s.end(process.env.HOSTNAME)).listen(8080,'0.0.0.0')";
  const r = await up.kubectl(['apply', '-f', '-'], { input: `apiVersion: apps/v1
kind: Deployment
metadata: {name: web}
spec:
  replicas: 3
  selector: {matchLabels: {app: web}}
  template:
    metadata: {labels: {app: web}}
    spec:
      terminationGracePeriodSeconds: 1
      containers:
      - name: srv
        image: node
        command: [node, -e, "${server}"]
        ports: [{containerPort: 8080}]
        readinessProbe: {httpGet: {port: 8080}, periodSeconds: 1}
` });
  assert.is(r.exitCode, 0, r.stderr);
  const pods = await until('3 ready pods', async () => {
    const list = JSON.parse((await up.kubectl(['get', 'pods', '-l', 'app=web', '-o', 'json'])).stdout || '{"items":[]}').items;
    const ready = list.filter((p: any) => p.status?.conditions?.some((c: any) => c.type === 'Ready' && c.status === 'True'));
    return ready.length === 3 ? ready : undefined;
  }, 40_000);
  const ips = pods.map((p: any) => p.status.podIP);
  assert.is(new Set(ips).size, 3, `distinct pod IPs: ${ips}`);
  for (const p of pods) {
    assert.ok(p.status.podIP.startsWith(`${prefix}.`), `${p.status.podIP} in ${nodeCidr}`);
    assert.is.not(p.status.podIP, p.status.hostIP);
    assert.is(await (await fetch(`http://${p.status.podIP}:8080`)).text(), p.metadata.name, 'reachable from the host');
  }
  const fromPod = await ok('exec', pods[0].metadata.name, '--', 'node', '-e', `fetch('http://${ips[1]}:8080').then(r=>r.text()).then(t=>console.log(t))`);
  assert.is(fromPod, pods[1].metadata.name, 'reachable from another pod');
  await ok('delete', 'deployment', 'web');
});

test('kubectl delete pod waits for graceful termination and the pod is gone', async () => {
  const t0 = Date.now();
  await ok('delete', 'pod', 'hello');
  assert.ok(Date.now() - t0 < 10_000);
  const r = await up.kubectl(['get', 'pod', 'hello']);
  assert.is(r.exitCode, 1);
  assert.match(r.stderr, /NotFound|not found/);
});

test.run();
