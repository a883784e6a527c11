/**
 * The query of POST /api/v1/analytics/export/:project_id, checked in full before anything is
 * stored: every problem named at once, custom metric names looked up among the project's own
 * (export-metrics.ts), and the range and size limits applied up front.
 */
import type { ExportSettings } from '../config/model';
import { CUSTOM_NAME, requestedName, type ExportMetric, type RequestedMetric } from '../../../export/src/custom-metrics';
import type { ExportRequest, OutputFormat } from '../../../export/src/flags';
import { ROW_FORMATS } from '../../../export/src/row-formats';
import { USAGE_METRICS, usageMetric } from '../../../export/src/usage-metrics';
import type { FieldProblem } from '../api/request-body';
import { resolveProjectMetrics, type AskedMetric, type ProjectMetricLookup } from './export-metrics';
import { METRIC_TYPE_NAMES, usageTypeOf } from './metric-types';

const DAY_MS = 86_400_000;
/** One row per hour and series: the seed asks for dates only, and an hour is the finest usage worth a file. */
export const EXPORT_STEP_MS = 3_600_000;
const DATE = /^\d{4}-\d{2}-\d{2}$/;
const KNOWN_PARAMETERS = new Set(['export_type', 'date_from', 'date_to', 'metrics', 'metrics[]']);

/** A valid export, as the job stores it. */
export interface ExportJobSpec {
  readonly project: string;
  readonly format: OutputFormat;
  /** First and last day, inclusive, YYYY-MM-DD (UTC). */
  readonly dateFrom: string;
  readonly dateTo: string;
  /** Usage types and the project's custom metrics; one name may be both a definition and a recorded value. */
  readonly metrics: readonly ExportMetric[];
}

export type ParsedExport = { readonly ok: true; readonly spec: ExportJobSpec } | { readonly ok: false; readonly problems: readonly FieldProblem[] };

const dayStartMs = (date: string): number => Date.parse(`${date}T00:00:00Z`);

/** The range pulse export covers for these days: from the first day's midnight to the midnight after the last. */
export function exportRequestOf(spec: ExportJobSpec): ExportRequest {
  return {
    fromMs: dayStartMs(spec.dateFrom),
    toMs: dayStartMs(spec.dateTo) + DAY_MS,
    stepMs: EXPORT_STEP_MS,
    metrics: spec.metrics,
    projects: [spec.project],
    regions: [],
    format: spec.format,
  };
}

/** The `metric` column of a metric whose series are bounded by the regions; undefined for recorded values, which are not. */
function boundedColumn(metric: ExportMetric): string | undefined {
  if (metric.source === 'usage') return metric.type;
  return metric.source === 'definition' ? metric.series : undefined;
}

/**
 * The largest file the export can make: one row per hour, metric and configured region (usage
 * is only accepted for configured regions, and a definition is at most per region), each as long
 * as a row of this project can be. Recorded values have as many series as the project recorded
 * (up to its recorded_metrics.max_series each), so they are left out: the running job's cap holds them.
 */
export function exportSizeBound(spec: ExportJobSpec, regions: readonly string[]): number {
  const format = ROW_FORMATS[spec.format];
  const request = exportRequestOf(spec);
  const hours = (request.toMs - request.fromMs) / EXPORT_STEP_MS;
  const longestRegion = regions.reduce((a, b) => (b.length > a.length ? b : a), '');
  const columns = spec.metrics.flatMap((metric) => boundedColumn(metric) ?? []);
  const rowBytes = Math.max(
    0,
    ...columns.map((metric) =>
      Buffer.byteLength(format.row({ timestamp: '2026-01-01T00:00:00Z', metric, project: spec.project, region: longestRegion, value: '-1.7976931348623157e+308' }, 1)),
    ),
  );
  const rows = hours * columns.length * regions.length;
  return Buffer.byteLength(format.header) + rows * rowBytes + Buffer.byteLength(format.footer(rows));
}

function single(query: Record<string, unknown>, name: string, problems: FieldProblem[]): string | undefined {
  const value = query[name];
  if (value === undefined || typeof value === 'string') return value;
  problems.push({ field: name, message: `must be given once (got ${JSON.stringify(value)})` });
  return undefined;
}

function date(query: Record<string, unknown>, name: string, problems: FieldProblem[]): string | undefined {
  const text = single(query, name, problems);
  if (text === undefined) {
    if (!problems.some((p) => p.field === name)) problems.push({ field: name, message: 'is required (a date, YYYY-MM-DD)' });
    return undefined;
  }
  // Date.parse rolls 2026-02-30 into March; a day that does not survive the round trip is not a date.
  const ms = dayStartMs(text);
  if (!DATE.test(text) || Number.isNaN(ms) || new Date(ms).toISOString().slice(0, 10) !== text) {
    problems.push({ field: name, message: `must be a calendar date, YYYY-MM-DD (got "${text}")` });
    return undefined;
  }
  return text;
}

function metrics(query: Record<string, unknown>, problems: FieldProblem[]): AskedMetric[] {
  const given = [query['metrics[]'], query.metrics].flatMap((value) => (value === undefined ? [] : Array.isArray(value) ? value : [value]));
  if (given.length === 0) return USAGE_METRICS.map((metric, index) => ({ field: `metrics[${index}]`, metric }));
  const names = given.flatMap((value) => String(value).split(','));
  const asked: AskedMetric[] = [];
  names.forEach((text, index) => {
    const name = text.trim();
    const type = usageTypeOf(name);
    const metric: RequestedMetric | undefined = type !== undefined ? usageMetric(type) : CUSTOM_NAME.test(name) ? { source: 'custom', name } : undefined;
    if (metric === undefined) {
      problems.push({ field: `metrics[${index}]`, message: `must be one of ${METRIC_TYPE_NAMES.join(', ')} or the name of one of the project's custom metrics (snake_case, at most 100 characters) (got "${text}")` });
    } else if (!asked.some((a) => requestedName(a.metric) === requestedName(metric))) {
      asked.push({ field: `metrics[${index}]`, metric });
    }
  });
  return asked;
}

export interface ExportQueryContext {
  readonly project: string;
  readonly settings: ExportSettings;
  readonly regions: readonly string[];
  /** Where the project's custom metrics are looked up (the store). */
  readonly lookup: ProjectMetricLookup;
}

/** Parses the query, looks its custom metric names up among the project's own, then applies the size limit. */
export async function parseExportQuery(query: Record<string, unknown>, context: ExportQueryContext): Promise<ParsedExport> {
  const problems: FieldProblem[] = [];
  for (const name of Object.keys(query)) if (!KNOWN_PARAMETERS.has(name)) problems.push({ field: name, message: 'unknown parameter' });
  const format = single(query, 'export_type', problems) ?? 'csv';
  if (format !== 'csv' && format !== 'json') problems.push({ field: 'export_type', message: `must be csv or json (got "${format}")` });
  const dateFrom = date(query, 'date_from', problems);
  const dateTo = date(query, 'date_to', problems);
  const asked = metrics(query, problems);
  if (dateFrom !== undefined && dateTo !== undefined) {
    const days = (dayStartMs(dateTo) - dayStartMs(dateFrom)) / DAY_MS + 1;
    const maxDays = Math.floor(context.settings.maxRangeMs / DAY_MS);
    if (days < 1) problems.push({ field: 'date_to', message: `must not be before date_from (got date_from ${dateFrom}, date_to ${dateTo})` });
    else if (days > maxDays) problems.push({ field: 'date_to', message: `the range covers ${days} days, more than the limit of ${maxDays} (exports.max_range) (got date_from ${dateFrom}, date_to ${dateTo})` });
  }
  const resolved = await resolveProjectMetrics(context.project, asked, context.lookup);
  problems.push(...resolved.problems);
  if (problems.length > 0) return { ok: false, problems };
  const spec: ExportJobSpec = { project: context.project, format: format as OutputFormat, dateFrom: dateFrom!, dateTo: dateTo!, metrics: resolved.metrics };
  const bound = exportSizeBound(spec, context.regions);
  if (bound > context.settings.maxFileBytes) {
    return {
      ok: false,
      problems: [{ field: '(request)', message: `the file could reach ${bound} bytes, more than the limit of ${context.settings.maxFileBytes} (exports.max_file_bytes); export fewer days or metrics` }],
    };
  }
  return { ok: true, spec };
}
