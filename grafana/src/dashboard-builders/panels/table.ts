/**
 * Tables of instant queries: several queries are merged on their common labels, the Time column
 * goes, value columns get names, and the rows are sorted.
 */
import { TableSortByFieldStateBuilder } from '@grafana/grafana-foundation-sdk/common';
import { PanelBuilder } from '@grafana/grafana-foundation-sdk/table';
import { withBasics, type PanelBasics } from '../panel-basics';
import { mergeFrames, organizeColumns } from '../transformations';

export interface TableOptions extends PanelBasics {
  /** Columns to hide besides Time ("__name__", "job"). */
  readonly hide?: readonly string[];
  /** New names for columns ("Value #A" → "Participant minutes"). */
  readonly rename?: Readonly<Record<string, string>>;
  /** Columns that come first, in this order (names before renaming). */
  readonly order?: readonly string[];
  /** The (renamed) column to sort by, largest first unless `ascending`. */
  readonly sortBy?: { readonly column: string; readonly ascending?: boolean };
}

export function tablePanel(options: TableOptions): PanelBuilder {
  const panel = withBasics(new PanelBuilder(), {
    ...options,
    transformations: [
      ...(options.queries.length > 1 ? [mergeFrames()] : []),
      organizeColumns({ hide: ['Time', ...(options.hide ?? [])], rename: options.rename, order: options.order }),
      ...(options.transformations ?? []),
    ],
  });
  if (options.sortBy) panel.sortBy([new TableSortByFieldStateBuilder().displayName(options.sortBy.column).desc(!options.sortBy.ascending)]);
  return panel;
}
