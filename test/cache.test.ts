import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { Cache, keyOf, splitKey, NAMESPACE_INDEX, NODE_NAME_INDEX, OWNER_INDEX } from '../src/client/cache.js';
import type { KubeObject } from '../src/client/types.js';

interface Pod extends KubeObject {
  spec?: { nodeName?: string };
}

function pod(ns: string, name: string, nodeName?: string, ownerUid?: string, rv = '1'): Pod {
  return {
    metadata: {
      namespace: ns, name, resourceVersion: rv, labels: { app: name },
      ownerReferences: ownerUid ? [{ apiVersion: 'apps/v1', kind: 'ReplicaSet', name: 'rs', uid: ownerUid, controller: true }] : undefined,
    },
    spec: nodeName ? { nodeName } : {},
  };
}

const names = (objs: KubeObject[]): string[] => objs.map((o) => o.metadata!.name!).sort();

test('keys are namespace/name, or name when cluster-scoped', () => {
  assert.is(keyOf(pod('ns1', 'a')), 'ns1/a');
  assert.is(keyOf({ metadata: { name: 'node-1' } }), 'node-1');
  assert.equal(splitKey('ns1/a'), { namespace: 'ns1', name: 'a' });
  assert.equal(splitKey('node-1'), { name: 'node-1' });
});

test('built-in indexes follow add, update and delete', () => {
  const cache = new Cache<Pod>();
  cache.upsert(pod('ns1', 'a', 'n1', 'rs-1'));
  cache.upsert(pod('ns1', 'b', 'n1', 'rs-1'));
  cache.upsert(pod('ns2', 'c'));
  assert.equal(names(cache.byIndex(NAMESPACE_INDEX, 'ns1')), ['a', 'b']);
  assert.equal(names(cache.byIndex(NODE_NAME_INDEX, 'n1')), ['a', 'b']);
  assert.equal(names(cache.byIndex(OWNER_INDEX, 'rs-1')), ['a', 'b']);
  assert.equal(cache.byIndex(NODE_NAME_INDEX, ''), [], 'unscheduled pods are not indexed');

  const old = cache.upsert(pod('ns1', 'a', 'n2', undefined, '2'));
  assert.is(old?.metadata?.resourceVersion, '1', 'upsert returns the replaced object');
  assert.equal(names(cache.byIndex(NODE_NAME_INDEX, 'n1')), ['b']);
  assert.equal(names(cache.byIndex(NODE_NAME_INDEX, 'n2')), ['a']);
  assert.equal(names(cache.byIndex(OWNER_INDEX, 'rs-1')), ['b']);

  assert.is(cache.delete('ns1/b')?.metadata?.name, 'b');
  assert.is(cache.delete('ns1/b'), undefined);
  assert.equal(cache.byIndex(NODE_NAME_INDEX, 'n1'), []);
  assert.equal(cache.byIndex(OWNER_INDEX, 'rs-1'), []);
  assert.equal(names(cache.byIndex(NAMESPACE_INDEX, 'ns1')), ['a']);
  assert.is(cache.size, 2);
  assert.equal(cache.keys().sort(), ['ns1/a', 'ns2/c']);
  assert.is(cache.get('ns2/c')?.metadata?.name, 'c');
});

test('only the controlling owner reference is indexed', () => {
  const cache = new Cache<Pod>();
  const p = pod('ns', 'a');
  p.metadata!.ownerReferences = [{ apiVersion: 'v1', kind: 'X', name: 'x', uid: 'not-controller' }];
  cache.upsert(p);
  assert.equal(cache.byIndex(OWNER_INDEX, 'not-controller'), []);
});

test('custom indexers, also added later, index existing objects', () => {
  const byApp = (o: KubeObject): string[] => [o.metadata?.labels?.app ?? ''];
  const cache = new Cache<Pod>({ indexers: { app: byApp } });
  cache.upsert(pod('ns', 'a'));
  assert.equal(names(cache.byIndex('app', 'a')), ['a']);
  cache.addIndexer('ns-app', (o) => [`${o.metadata?.namespace}:${o.metadata?.labels?.app}`]);
  assert.equal(names(cache.byIndex('ns-app', 'ns:a')), ['a']);
  assert.throws(() => cache.byIndex('missing', 'x'), /no index named "missing"/);
});

test('freeze makes cached objects immutable', () => {
  const cache = new Cache<Pod>({ freeze: true });
  cache.upsert(pod('ns', 'a', 'n1'));
  const cached = cache.get('ns/a')!;
  assert.throws(() => {
    cached.spec!.nodeName = 'other';
  });
  assert.throws(() => {
    cached.metadata!.labels!.app = 'other';
  });
  assert.is(cache.list().length, 1);
});

test.run();
