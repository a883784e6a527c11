/**
 * The memory store's usage totals, one row per series in flat arrays by position: its field (the
 * map key, shared with the exposition that /metrics reads), its value, the timestamp of a level
 * and the change-feed version that last changed it. At 200k series this keeps no object and no
 * boxed number per series (an object per total, with its project and region strings, cost about
 * 180 bytes a series more; measured with a heap snapshot, bench/README.md).
 */
import type { UsageTotal } from '../usage/types';
import { parseSeriesField } from './usage-series';

export interface UsageTotalsTable {
  /** The row of a series field, or undefined when it has no total yet. */
  find(field: string): number | undefined;
  value(row: number): number;
  levelAtMs(row: number): number;
  /** Sets a series' total (adding its row when it has none). */
  set(field: string, value: number, levelAtMs: number, version: number): void;
  /** Every total (after === undefined) or those changed after a version, in row order. */
  forEach(after: number | undefined, visit: (field: string, value: number) => void): void;
  /** Every total as an object (readers outside /metrics; built when asked for). */
  totals(): UsageTotal[];
}

export function createUsageTotalsTable(): UsageTotalsTable {
  const rows = new Map<string, number>();
  const fields: string[] = [];
  // Plain arrays of numbers only: V8 keeps them as unboxed doubles (8 bytes a row each).
  const values: number[] = [];
  const levelsAtMs: number[] = [];
  const versions: number[] = [];
  return {
    find: (field) => rows.get(field),
    value: (row) => values[row],
    levelAtMs: (row) => levelsAtMs[row],
    set(field, value, levelAtMs, version) {
      let row = rows.get(field);
      if (row === undefined) {
        row = fields.length;
        rows.set(field, row);
        fields.push(field);
      }
      values[row] = value;
      levelsAtMs[row] = levelAtMs;
      versions[row] = version;
    },
    forEach(after, visit) {
      for (let row = 0; row < fields.length; row++) if (after === undefined || versions[row] > after) visit(fields[row], values[row]);
    },
    totals() {
      return fields.map((field, row) => ({ ...parseSeriesField(field), value: values[row] }));
    },
  };
}
