/**
 * The pure core of `rk rollout history|undo` for DaemonSets and StatefulSets:
 * which ControllerRevisions count, the table, the revision undo picks, the
 * template a revision restores, and kubectl's pod template description.
 */
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { controlledRevisions, historyTable, templateMatches, undoTarget, withRevision } from '../src/cli/rollout/controller-history.js';
import { describePodTemplate, probeText } from '../src/cli/rollout/template-text.js';

const tpl = (image: string) => ({ metadata: { labels: { app: 'a' } }, spec: { containers: [{ name: 'c', image }] } });
const ds = { apiVersion: 'apps/v1', kind: 'DaemonSet', metadata: { name: 'a', uid: 'u1' }, spec: { selector: { matchLabels: { app: 'a' } }, template: tpl('a:3') } };
const cr = (revision: number, image: string, uid = 'u1', cause?: string) => ({
  metadata: { name: `a-${revision}`, annotations: cause ? { 'kubernetes.io/change-cause': cause } : undefined, ownerReferences: [{ uid, controller: true }] },
  revision, data: { spec: { template: { ...tpl(image), $patch: 'replace' } } },
});

test('history: only controlled revisions, ascending, change causes from the revision', () => {
  const revs = controlledRevisions(ds, [cr(3, 'a:3', 'u1', 'bump'), cr(1, 'a:1'), cr(2, 'x', 'other')]);
  assert.equal(revs.map((r) => r.revision), [1, 3]);
  assert.is(historyTable(revs), 'REVISION  CHANGE-CAUSE\n1         <none>\n3         bump\n');
  assert.is(historyTable([]), 'No rollout history found.');
});

test('undo target: second newest by default, kubectl errors otherwise', () => {
  const revs = [cr(4, 'a:3'), cr(1, 'a:1'), cr(2, 'a:2')];
  assert.is(undoTarget(revs, 0).revision, 2);
  assert.is(undoTarget(revs, 1).revision, 1);
  assert.throws(() => undoTarget(revs, 3), /^unable to find specified revision 3 in history$/);
  assert.throws(() => undoTarget([cr(1, 'a:1')], 0), /^no last revision to roll back to$/);
  assert.throws(() => undoTarget(revs, -1), /unable to find specified revision -1 in history/);
});

test('a revision replaces the whole template; matching templates are detected', () => {
  const withExtra = { ...ds, spec: { ...ds.spec, template: { ...tpl('a:3'), metadata: { labels: { app: 'a', extra: 'x' } } } } };
  const back = withRevision(withExtra, cr(1, 'a:1'));
  assert.equal(back.spec.template, tpl('a:1'), '$patch: replace drops the extra label');
  assert.equal(back.spec.selector, ds.spec.selector);
  assert.is(withExtra.spec.template.spec.containers[0].image, 'a:3', 'input untouched');
  assert.ok(templateMatches(ds, cr(3, 'a:3')));
  assert.not.ok(templateMatches(ds, cr(1, 'a:1')));
  assert.not.ok(templateMatches(withExtra, cr(3, 'a:3')));
});

test('pod template text: kubectl layout with raw tabs', () => {
  const text = describePodTemplate({
    metadata: { labels: { b: '2', a: '1' } },
    spec: {
      serviceAccountName: 'sa',
      containers: [{
        name: 'web', image: 'nginx', ports: [{ containerPort: 80, protocol: 'TCP' }, { containerPort: 53, protocol: 'UDP', hostPort: 53 }],
        env: [{ name: 'S', valueFrom: { secretKeyRef: { name: 'sec', key: 'k' } } }, { name: 'M', value: 'one\ntwo' }],
        readinessProbe: { httpGet: { path: '/ready', port: 8080 }, timeoutSeconds: 1, periodSeconds: 10, successThreshold: 1, failureThreshold: 3 },
        volumeMounts: [{ name: 'v', mountPath: '/z', readOnly: true }, { name: 'v', mountPath: '/a', subPath: 'sub' }],
      }],
      tolerations: [{ key: 'b', operator: 'Equal', value: 'v', effect: 'NoExecute', tolerationSeconds: 30 }, { operator: 'Exists' }],
    },
  });
  assert.is(text, [
    'Pod Template:',
    '  Labels:\ta=1',
    '\tb=2',
    '  Service Account:\tsa',
    '  Containers:',
    '   web:',
    '    Image:\tnginx',
    '    Ports:\t80/TCP, 53/UDP',
    '    Host Ports:\t0/TCP, 53/UDP',
    '    Readiness:\thttp-get http://:8080/ready delay=0s timeout=1s period=10s #success=1 #failure=3',
    '    Environment:',
    '      S:\t<set to the key \'k\' in secret \'sec\'>\tOptional: false',
    '      M:\tone',
    '      \ttwo',
    '    Mounts:',
    '      /a from v (rw,path="sub")',
    '      /z from v (ro)',
    '  Volumes:\t<none>',
    '  Node-Selectors:\t<none>',
    '  Tolerations:\top=Exists',
    '\tb=v:NoExecute for 30s',
    '',
  ].join('\n'));
  assert.is(describePodTemplate(undefined), 'Pod Template:\n  <unset>');
  assert.is(probeText({ exec: { command: ['cat', '/ok'] } }), 'exec [cat /ok] delay=0s timeout=0s period=0s #success=0 #failure=0');
  assert.is(probeText({ tcpSocket: { port: 5432 }, initialDelaySeconds: 5 }), 'tcp-socket :5432 delay=5s timeout=0s period=0s #success=0 #failure=0');
});

test.run();
