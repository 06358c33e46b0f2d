/**
 * Human-readable `get` output built from the server's `meta.k8s.io/v1 Table`: the
 * server chooses the columns (so `rk` and kubectl print the same), this module only
 * decorates them as kubectl does — upper-case headers, `priority > 0` columns only
 * with `-o wide`, a NAMESPACE column first with `-A`, `-L` label columns and a
 * LABELS column last, and `kind/` before names when several kinds are printed. Pure.
 */

/** One column of a server Table. */
export interface ColumnDefinition { name: string; type?: string; format?: string; priority?: number }

/** A row of a server Table; `object` is the PartialObjectMetadata (or full object). */
export interface TableRow { cells: unknown[]; object?: { metadata?: { name?: string; namespace?: string; labels?: Record<string, string> } } }

/** The Table kind as the server sends it. */
export interface ServerTable { columnDefinitions: ColumnDefinition[]; rows: TableRow[]; metadata?: { resourceVersion?: string } }

/** How to decorate a table. */
export interface TableOptions {
  wide?: boolean;
  /** Print a NAMESPACE column first (`-A`). */
  withNamespace?: boolean;
  /** `--show-labels`: a LABELS column last. */
  showLabels?: boolean;
  /** `-L key`: one column per key, headed by the key's last path segment. */
  labelColumns?: string[];
  /** `kind.group` to print before names (`deployment.apps/web`) when several kinds are shown. */
  kindPrefix?: string;
}

/** Renders a cell value like kubectl's table printer. */
export function cellText(v: unknown): string {
  if (v === null || v === undefined) return '';
  if (typeof v === 'object') return JSON.stringify(v);
  return String(v);
}

/** `k=v,k2=v2` sorted by key, or `<none>`. */
export function labelsText(labels: Record<string, string> | undefined): string {
  const keys = Object.keys(labels ?? {}).sort();
  return keys.length ? keys.map((k) => `${k}=${labels![k]}`).join(',') : '<none>';
}

/** The header row for the options. */
export function headerRow(table: ServerTable, opts: TableOptions): string[] {
  const cols = table.columnDefinitions.filter((c) => opts.wide || !c.priority).map((c) => c.name.toUpperCase());
  const labelCols = (opts.labelColumns ?? []).map((l) => l.split('/').pop()!.toUpperCase());
  return [...(opts.withNamespace ? ['NAMESPACE'] : []), ...cols, ...labelCols, ...(opts.showLabels ? ['LABELS'] : [])];
}

/** The body rows, one per server row, with the decorations of `opts`. */
export function bodyRows(table: ServerTable, opts: TableOptions): string[][] {
  const shown = table.columnDefinitions.map((c, i) => ({ c, i })).filter(({ c }) => opts.wide || !c.priority);
  return table.rows.map((row) => {
    const meta = row.object?.metadata ?? {};
    const cells = shown.map(({ c, i }) => {
      const text = cellText(row.cells[i]);
      return opts.kindPrefix && c.format === 'name' ? `${opts.kindPrefix}/${text}` : text;
    });
    const labelCells = (opts.labelColumns ?? []).map((l) => meta.labels?.[l] ?? '');
    return [...(opts.withNamespace ? [meta.namespace ?? ''] : []), ...cells, ...labelCells, ...(opts.showLabels ? [labelsText(meta.labels)] : [])];
  });
}
