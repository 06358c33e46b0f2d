/**
 * A resource table on screen: title with counts and filter, column header and
 * only the visible page of rows (cells rendered now, so ages are current),
 * coloured by state, the cursor row inverted and flagged `>` (readable without
 * colours), marked rows flagged `*`.
 */
import { Box, Text } from 'ink';
import type { ClusterModel } from '../model/cluster-model.js';
import type { TableQuery } from '../model/resource-table.js';
import { specFor } from '../registry.js';
import { layoutTable, pickCells, screenColumns } from '../render/table-layout.js';
import type { Skin } from '../skin.js';
import { usageCells, usageHeaders } from '../render/usage-cells.js';
import type { TableFrame } from '../state/ui-state.js';

/** How long a changed row stays bold. */
const CHANGE_HIGHLIGHT_MS = 1500;

/** The query a frame stands for under the global namespace. */
export function queryOf(frame: TableFrame, namespace: string): TableQuery {
  return { namespace: specFor(frame.resource).info.namespaced ? namespace : '', scope: frame.scope, filter: frame.filter, sort: frame.sort };
}

/** First row of the page holding the cursor (k9s-like paging keeps the cursor's page steady). */
function pageTop(cursor: number, pageSize: number): number {
  return Math.floor(cursor / Math.max(1, pageSize)) * Math.max(1, pageSize);
}

/** The table of the top frame. */
export function TableView(props: { model: ClusterModel; frame: TableFrame; namespace: string; pageSize: number; width: number; now: number; skin: Skin }) {
  const { model, frame, pageSize, width, now, skin } = props;
  const spec = specFor(frame.resource);
  const q = queryOf(frame, props.namespace);
  const table = model.table(frame.resource);
  const total = table.query(q, 0, 0).total;
  const cursor = Math.max(0, Math.min(frame.cursor, total - 1));
  const slice = table.query(q, pageTop(cursor, pageSize), pageSize);
  const first = pageTop(cursor, pageSize);
  const allNs = spec.info.namespaced && !q.namespace && !frame.scope.namespace;
  const cols = screenColumns(spec.renderer, spec.extraColumns, allNs);
  const kind = spec.usage;
  const usage = kind === 'pods' ? model.usage.pods : model.usage.nodes;
  const extra = kind ? usageHeaders(kind).map((header) => ({ header, source: cols.length })) : [];
  const cells = slice.rows.map((r) => {
    const base = pickCells(cols, r.namespace, spec.renderer.row(r.obj, now));
    return kind ? [...base, ...usageCells(kind, r.obj, usage.get(kind === 'pods' ? r.key : r.name))] : base;
  });
  const { header, lines } = layoutTable([...cols, ...extra], cells, width - 2);
  const ns = frame.scope.namespace ?? (spec.info.namespaced ? props.namespace || 'all' : '');
  const filter = frame.filter ? ` </${frame.filter}>` : '';
  const marks = new Set(frame.marks);
  const loading = !model.synced(frame.resource);
  return (
    <Box flexDirection="column">
      <Text color={skin.chrome.title} bold wrap="truncate">
        {` ${frame.title}${ns ? `(${ns})` : ''}[${total}]${filter}${loading ? ' loading…' : ''} `}
      </Text>
      <Text bold wrap="truncate">{`  ${header}`}</Text>
      {slice.rows.map((row, i) => {
        const selected = first + i === cursor;
        const mark = `${selected ? '>' : ' '}${marks.has(row.key) ? '*' : ' '}`;
        return (
          <Text key={row.key} wrap="truncate" inverse={selected} bold={now - row.changedAt < CHANGE_HIGHLIGHT_MS}
            color={marks.has(row.key) ? skin.chrome.mark : skin.states[row.state]} dimColor={row.state === 'terminating'}>
            {`${mark}${lines[i]}`}
          </Text>
        );
      })}
    </Box>
  );
}
