/** Grafana transformations the tables and the map need, by their documented ids. */
import type { DataTransformerConfig } from '@grafana/grafana-foundation-sdk/dashboard';

/** Joins the frames of several instant table queries into one table on their common labels. */
export const mergeFrames = (): DataTransformerConfig => ({ id: 'merge', options: {} });

/** Hides, renames and orders columns; `order` lists the columns that come first. */
export function organizeColumns(options: { hide?: readonly string[]; rename?: Readonly<Record<string, string>>; order?: readonly string[] }): DataTransformerConfig {
  return {
    id: 'organize',
    options: {
      excludeByName: Object.fromEntries((options.hide ?? []).map((name) => [name, true])),
      renameByName: { ...options.rename },
      indexByName: Object.fromEntries((options.order ?? []).map((name, index) => [name, index])),
    },
  };
}

/** Label values are strings; the map needs its coordinate columns as numbers. */
export function toNumbers(fields: readonly string[]): DataTransformerConfig {
  return { id: 'convertFieldType', options: { conversions: fields.map((field) => ({ targetField: field, destinationType: 'number' })), fields: {} } };
}

/** One row per `rows` value and one column per `columns` value (phases per region). */
export function pivot(rows: string, columns: string, values = 'Value'): DataTransformerConfig {
  return { id: 'groupingToMatrix', options: { rowField: rows, columnField: columns, valueField: values } };
}
