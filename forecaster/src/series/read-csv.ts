/**
 * Reads `timestamp,value` CSV text. Two header styles occur in the wild and in our data:
 * `timestamp,value` (NAB: `YYYY-MM-DD hh:mm:ss`, UTC) and `TimeStamp,Value,Label` (quoted ISO
 * 8601). Extra columns are ignored. Every error names the file and the line.
 */
import type { RawSeries } from './types';

export class CsvError extends Error {}

const TIME_COLUMNS = ['timestamp', 'time', 'ts', 'date', 'datetime'];
const VALUE_COLUMNS = ['value', 'y', 'val'];
/** Values that mean "no sample": kept as gaps rather than rejected. */
const MISSING = new Set(['', 'nan', 'null', 'na']);

export function parseCsvSeries(text: string, file: string): RawSeries {
  const lines = text.split(/\r?\n/);
  const header = splitCsvLine(lines[0] ?? '').map((cell) => cell.toLowerCase());
  const timeColumn = header.findIndex((name) => TIME_COLUMNS.includes(name));
  const valueColumn = header.findIndex((name) => VALUE_COLUMNS.includes(name));
  if (timeColumn < 0 || valueColumn < 0) {
    throw new CsvError(`${file}:1: header must name a timestamp and a value column (got "${lines[0] ?? ''}")`);
  }
  const times: number[] = [];
  const values: number[] = [];
  let repeats = 1;
  for (let index = 1; index < lines.length; index += 1) {
    if (lines[index].trim() === '') continue;
    const where = `${file}:${index + 1}`;
    const cells = splitCsvLine(lines[index]);
    if (cells.length <= Math.max(timeColumn, valueColumn)) {
      throw new CsvError(`${where}: expected ${header.length} columns (got "${lines[index]}")`);
    }
    const time = parseTimestamp(cells[timeColumn]);
    if (time === undefined) throw new CsvError(`${where}: not a timestamp: "${cells[timeColumn]}"`);
    const previous = times.length > 0 ? times[times.length - 1] : -Infinity;
    if (time < previous) {
      throw new CsvError(`${where}: timestamps must not go back ("${cells[timeColumn]}" is before the previous row)`);
    }
    const value = parseValue(cells[valueColumn]);
    if (value === undefined) throw new CsvError(`${where}: not a number: "${cells[valueColumn]}"`);
    if (Number.isNaN(value)) continue;
    if (time === previous) {
      // A repeated timestamp is a local-time clock written as UTC across a DST fall-back (it
      // happens in mscloud-api-01.csv): the two samples are averaged rather than counted twice.
      repeats += 1;
      values[values.length - 1] += (value - values[values.length - 1]) / repeats;
      continue;
    }
    repeats = 1;
    times.push(time);
    values.push(value);
  }
  if (times.length === 0) throw new CsvError(`${file}: no data rows`);
  return { times, values };
}

/** Splits one line on commas and strips surrounding double quotes (our files never quote commas). */
function splitCsvLine(line: string): string[] {
  return line.split(',').map((cell) => cell.trim().replace(/^"(.*)"$/, '$1').trim());
}

/**
 * ISO 8601 with or without a zone (no zone means UTC, as NAB's files are), a space instead of
 * the `T`, or Unix seconds (10 digits) / milliseconds (13 digits).
 */
export function parseTimestamp(text: string): number | undefined {
  if (/^\d{10}(\.\d+)?$/.test(text)) return Math.round(Number(text) * 1000);
  if (/^\d{13}$/.test(text)) return Number(text);
  const match = /^(\d{4}-\d{2}-\d{2})(?:[T ](\d{2}:\d{2}(?::\d{2}(?:\.\d+)?)?))?(Z|[+-]\d{2}:?\d{2})?$/.exec(text);
  if (!match) return undefined;
  const zone = match[3] ?? 'Z';
  const ms = Date.parse(`${match[1]}T${match[2] ?? '00:00:00'}${zone}`);
  return Number.isFinite(ms) ? ms : undefined;
}

/** A finite number, NaN for a missing value, undefined for anything else. */
function parseValue(text: string): number | undefined {
  if (MISSING.has(text.toLowerCase())) return Number.NaN;
  const value = Number(text);
  return Number.isFinite(value) ? value : undefined;
}
