/**
 * CSV and JSON text for export rows (pure). A format is a header, one piece per row and a
 * footer, so a sink can stream any number of rows and the whole output is still valid: CSV
 * per RFC 4180, JSON a single array written element by element.
 */
import type { ExportRow } from './rows';
import type { OutputFormat } from './flags';

export interface RowFormat {
  readonly header: string;
  /** `index` counts rows written before this one; JSON needs it to place commas. */
  row(row: ExportRow, index: number): string;
  footer(rowCount: number): string;
}

export const CSV_COLUMNS = ['timestamp', 'metric', 'project', 'region', 'value'] as const;

/** RFC 4180: fields holding a comma, quote or line break are quoted, quotes doubled. */
export function csvField(value: string): string {
  return /[",\r\n]/.test(value) ? `"${value.replace(/"/g, '""')}"` : value;
}

export const csvFormat: RowFormat = {
  header: `${CSV_COLUMNS.join(',')}\n`,
  row: (row) => `${CSV_COLUMNS.map((column) => csvField(row[column])).join(',')}\n`,
  footer: () => '',
};

/** JSON has no NaN or infinities; such values (rare: a broken counter) become null. */
export function jsonValue(text: string): number | null {
  const value = Number(text);
  return Number.isFinite(value) ? value : null;
}

export const jsonFormat: RowFormat = {
  header: '[',
  row: (row, index) =>
    `${index === 0 ? '\n' : ',\n'}${JSON.stringify({ timestamp: row.timestamp, metric: row.metric, project: row.project, region: row.region, value: jsonValue(row.value) })}`,
  footer: (rowCount) => (rowCount === 0 ? ']\n' : '\n]\n'),
};

export const ROW_FORMATS: Readonly<Record<OutputFormat, RowFormat>> = { csv: csvFormat, json: jsonFormat };
