/**
 * Lines of text frames: describe/YAML/logs come from the text store (filled
 * by effects); XRay and Pulses are computed from the model at draw time, so
 * they are as live as the tables.
 */
import type { ClusterModel } from '../model/cluster-model.js';
import { pulseLines, samplePulse, type PulseHistory } from '../model/pulses.js';
import { sumAmounts } from '../model/totals.js';
import type { TableQuery } from '../model/resource-table.js';
import type { TextContent, TextStore } from '../model/text-store.js';
import { containerLines, xrayLines } from '../render/xray.js';
import type { TextFrame } from '../state/ui-state.js';

function rows(model: ClusterModel, resource: string, namespace: string) {
  const q: TableQuery = { namespace, scope: {}, filter: '', sort: { column: 'name', desc: false } };
  return model.table(resource).matching(q);
}

/** The content of a text frame right now. `pulses` is sampled here (at most once a second). */
export function textContent(frame: TextFrame, model: ClusterModel, texts: TextStore, namespace: string, pulses: PulseHistory): TextContent {
  const src = frame.source;
  if (src.type === 'xray') {
    const input = {
      pods: rows(model, 'pods', namespace),
      replicasets: src.root === 'deployments' ? rows(model, 'replicasets', namespace) : undefined,
      endpoints: src.root === 'services' ? rows(model, 'endpoints', namespace) : undefined,
      [src.root]: rows(model, src.root, namespace),
    };
    return { lines: xrayLines(src.root, input), loading: !model.synced(src.root), partial: '' };
  }
  if (src.type === 'pulses') {
    const now = model.clock.now();
    pulses.sample(now, () => samplePulse(now, {
      pods: rows(model, 'pods', ''), nodes: rows(model, 'nodes', ''), deployments: rows(model, 'deployments', ''), events: rows(model, 'events', ''),
    }, {
      allocatable: model.totals.allocatable, requested: model.totals.requested,
      used: model.usage.nodes.size ? sumAmounts(model.usage.nodes.values()) : undefined,
    }));
    return { lines: pulseLines(pulses), loading: !model.synced('pods'), partial: '' };
  }
  if (src.type === 'containers') {
    const key = src.target.namespace ? `${src.target.namespace}/${src.target.name}` : src.target.name;
    const pod = model.table('pods').get(key)?.obj;
    return { lines: pod ? containerLines(pod) : [`pod ${key} is gone`], loading: false, partial: '' };
  }
  return texts.get(frame.id);
}
