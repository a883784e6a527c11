/** Flags of `pulse export`, parsed and validated into one frozen request; pure (the clock and environment are passed in). */
import { parseArgs } from 'node:util';
import { formatDuration, parseDuration } from '../../common/duration';
import { parseTime, TIME_FORMATS } from './time';
import { CUSTOM_NAME, type ExportMetric, type RequestedMetric } from './custom-metrics';
import { findUsageMetric, USAGE_METRICS } from './usage-metrics';

export type OutputFormat = 'csv' | 'json';

/** What to export: the part the CLI and the analytics API's export jobs share (see runExport). */
export interface ExportRequest {
  readonly fromMs: number;
  readonly toMs: number;
  readonly stepMs: number;
  readonly metrics: readonly ExportMetric[];
  readonly projects: readonly string[];
  readonly regions: readonly string[];
  readonly format: OutputFormat;
}

/** The command line: custom metric names are looked up in Prometheus before the export runs (resolve-metrics.ts). */
export interface ExportOptions extends Omit<ExportRequest, 'metrics'> {
  readonly metrics: readonly RequestedMetric[];
  /** Output file; undefined writes to stdout. */
  readonly out?: string;
  readonly prometheusUrl: string;
}

export type ExportCommand = { readonly kind: 'help' } | { readonly kind: 'export'; readonly options: ExportOptions };

/** A bad command line: the caller prints it with the usage and exits 2. */
export class UsageError extends Error {
  override readonly name = 'UsageError';
}

export const DEFAULT_PROMETHEUS_URL = 'http://127.0.0.1:9090';
export const DEFAULT_STEP = '1h';
const MIN_STEP_MS = 1000;

export const USAGE = `usage: pulse export --from TIME [--to TIME] [flags]

Exports usage per project and region from Prometheus as CSV or JSON, streamed chunk by chunk.

  --from TIME             start of the range (required)
  --to TIME               end of the range (default now)
  --metrics LIST          comma-separated usage types (default all: ${USAGE_METRICS.map((m) => m.type).join(', ')})
                          and custom metrics: a definition's or a recorded value's name
  --project NAME          only this project; repeat the flag for several
  --region CODE           only this region; repeat the flag for several
  --step DURATION         the interval one row covers (default ${DEFAULT_STEP}; at least 1s)
  --format csv|json       output format (default csv)
  --out FILE              write to FILE instead of stdout; a failed export removes it
  --prometheus.url URL    Prometheus to query (default $PROMETHEUS_URL, else ${DEFAULT_PROMETHEUS_URL})
  --help                  print this help

TIME is RFC 3339 (2026-11-01T00:00:00Z), a date (2026-11-01, midnight UTC), Unix seconds,
now or now-<duration> (now-7d).

One row per series and step: timestamp (start of the step, RFC 3339 UTC), metric, project,
region, value. Counters give their increase during the step, storage_bytes its last level in
the step; exporter replicas report identical totals and count once. Rows come chunk by chunk
(at most a day of data each), then by metric, then by project and region, then by time. A tail
of the range shorter than one step is not exported (the summary says so).

exit status: 0 exported, 1 Prometheus or the output failed, 2 bad command line`;

function parseCommandLine(argv: readonly string[]) {
  try {
    return parseArgs({
      args: [...argv],
      options: {
        from: { type: 'string' },
        to: { type: 'string' },
        metrics: { type: 'string', multiple: true },
        project: { type: 'string', multiple: true },
        region: { type: 'string', multiple: true },
        step: { type: 'string' },
        format: { type: 'string' },
        out: { type: 'string' },
        'prometheus.url': { type: 'string' },
        help: { type: 'boolean', short: 'h' },
      },
      strict: true,
      allowPositionals: true,
    });
  } catch (error) {
    const { code, message } = error as NodeJS.ErrnoException;
    const flag = /'(-[^' ]+)/.exec(message)?.[1];
    if (code === 'ERR_PARSE_ARGS_UNKNOWN_OPTION') throw new UsageError(`unknown flag ${flag ?? message}`);
    if (code === 'ERR_PARSE_ARGS_INVALID_OPTION_VALUE') throw new UsageError(`${flag ?? message}: needs a value`);
    throw new UsageError(message);
  }
}

function time(flag: string, text: string, nowMs: number): number {
  try {
    return parseTime(text, nowMs);
  } catch (error) {
    throw new UsageError(`${flag}: ${(error as Error).message}`);
  }
}

function nonEmpty(flag: string, values: readonly string[]): string[] {
  if (values.some((value) => value === '')) throw new UsageError(`${flag}: must not be empty`);
  return [...new Set(values)];
}

function metricsFrom(lists: readonly string[] | undefined): RequestedMetric[] {
  if (lists === undefined) return [...USAGE_METRICS];
  const names = [...new Set(lists.flatMap((list) => list.split(',')).map((name) => name.trim()))];
  if (names.length === 0 || names.includes('')) throw new UsageError(`--metrics: must list metrics separated by commas (got "${lists.join(',')}")`);
  return names.map((name) => {
    const metric = findUsageMetric(name);
    if (metric) return metric;
    if (CUSTOM_NAME.test(name)) return { source: 'custom', name };
    throw new UsageError(`--metrics: "${name}" is neither a usage type (${USAGE_METRICS.map((m) => m.type).join(', ')}) nor a custom metric name (snake_case, at most 100 characters)`);
  });
}

function stepFrom(text: string): number {
  const ms = parseDuration(text);
  if (ms === undefined) throw new UsageError(`--step: must be a duration such as 15m, 1h or 1d (got "${text}")`);
  if (ms < MIN_STEP_MS) throw new UsageError(`--step: must be at least 1s (got "${text}")`);
  return ms;
}

function prometheusUrlFrom(text: string, fromFlag: boolean): string {
  const source = fromFlag ? '--prometheus.url' : 'PROMETHEUS_URL';
  let url: URL;
  try {
    url = new URL(text);
  } catch {
    throw new UsageError(`${source}: must be an http:// or https:// URL (got "${text}")`);
  }
  if (url.protocol !== 'http:' && url.protocol !== 'https:') throw new UsageError(`${source}: must be an http:// or https:// URL (got "${text}")`);
  return text.replace(/\/+$/, '');
}

/** Throws UsageError naming the flag and the bad value. */
export function parseExportFlags(argv: readonly string[], context: { readonly env: NodeJS.ProcessEnv; readonly nowMs: number }): ExportCommand {
  const { values, positionals } = parseCommandLine(argv);
  if (values.help) return { kind: 'help' };
  if (positionals.length > 0) throw new UsageError(`unexpected argument "${positionals[0]}"`);
  if (values.from === undefined) throw new UsageError(`--from: required (${TIME_FORMATS})`);
  const fromMs = time('--from', values.from, context.nowMs);
  const toMs = time('--to', values.to ?? 'now', context.nowMs);
  if (fromMs >= toMs) throw new UsageError(`--from: must be before --to (got --from ${values.from}, --to ${values.to ?? 'now'})`);
  const stepText = values.step ?? DEFAULT_STEP;
  const stepMs = stepFrom(stepText);
  if (stepMs > toMs - fromMs) throw new UsageError(`--step: ${stepText} is longer than the range from --from to --to (${formatDuration(toMs - fromMs)})`);
  const format = values.format ?? 'csv';
  if (format !== 'csv' && format !== 'json') throw new UsageError(`--format: must be csv or json (got "${format}")`);
  if (values.out === '') throw new UsageError('--out: must not be empty');
  const fromFlag = values['prometheus.url'] !== undefined;
  const prometheusUrl = prometheusUrlFrom(values['prometheus.url'] ?? (context.env.PROMETHEUS_URL || DEFAULT_PROMETHEUS_URL), fromFlag);
  return {
    kind: 'export',
    options: Object.freeze({
      fromMs,
      toMs,
      stepMs,
      metrics: Object.freeze(metricsFrom(values.metrics)),
      projects: Object.freeze(nonEmpty('--project', values.project ?? [])),
      regions: Object.freeze(nonEmpty('--region', values.region ?? [])),
      format,
      out: values.out === '-' ? undefined : values.out,
      prometheusUrl,
    }),
  };
}
