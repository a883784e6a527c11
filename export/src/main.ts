/**
 * `pulse export` entry point (bin/pulse dispatches here): the process edge. Flags, clock,
 * environment, stdout/stderr, SIGINT and exit codes live here; everything else is passed in.
 */
import { formatDuration } from '../../common/duration';
import { parseExportFlags, USAGE, UsageError, type ExportOptions } from './flags';
import { openFileOutput, stdoutOutput } from './output';
import { createPrometheusClient, PrometheusApiError, PrometheusUnreachableError, type PrometheusClient } from '../../common/prometheus/query-range-client';
import type { ExportMetric } from './custom-metrics';
import { createProgress } from './progress';
import { resolveMetrics } from './resolve-metrics';
import { ExportError, runExport, type ExportSummary } from './run-export';

const REQUEST_TIMEOUT_MS = 120_000;

function summaryLine(summary: ExportSummary, options: ExportOptions, seconds: number): string {
  const tail = summary.remainderMs > 0
    ? `; the last ${formatDuration(summary.remainderMs)} of the range is shorter than --step ${formatDuration(options.stepMs)} and was not exported`
    : '';
  return `pulse export: ${summary.rows} rows, ${summary.series} series to ${summary.output} in ${seconds.toFixed(1)} s${tail}\n`;
}

function causedByBrokenPipe(error: unknown): boolean {
  for (let cause = error as { code?: string; cause?: unknown } | undefined; cause; cause = cause.cause as typeof cause) {
    if (cause.code === 'EPIPE') return true;
  }
  return false;
}

const usageFailure = (error: UsageError): number => {
  process.stderr.write(`pulse export: ${error.message}\n(pulse export --help shows the flags)\n`);
  return 2;
};

/** The metrics with custom names looked up in Prometheus, or the exit code: 2 for a name it does not hold, 1 when it fails. */
async function customMetricsOrExitCode(options: ExportOptions, client: PrometheusClient, signal: AbortSignal): Promise<ExportMetric[] | number> {
  try {
    return await resolveMetrics(options.metrics, { client, projects: options.projects, fromMs: options.fromMs, toMs: options.toMs, signal });
  } catch (error) {
    if (error instanceof UsageError) return usageFailure(error);
    if (!(error instanceof PrometheusUnreachableError || error instanceof PrometheusApiError)) throw error;
    process.stderr.write(`pulse export: ${error.message}\n`);
    return 1;
  }
}

async function main(argv: string[]): Promise<number> {
  const startedMs = Date.now();
  let command;
  try {
    command = parseExportFlags(argv, { env: process.env, nowMs: startedMs });
  } catch (error) {
    if (!(error instanceof UsageError)) throw error;
    return usageFailure(error);
  }
  if (command.kind === 'help') {
    process.stdout.write(`${USAGE}\n`);
    return 0;
  }
  const { options } = command;
  const aborter = new AbortController();
  const onInterrupt = (): void => aborter.abort();
  process.once('SIGINT', onInterrupt);
  const client = createPrometheusClient({ url: options.prometheusUrl, timeoutMs: REQUEST_TIMEOUT_MS });
  try {
    const metrics = await customMetricsOrExitCode(options, client, aborter.signal);
    if (typeof metrics === 'number') return metrics;
    const summary = await runExport({ ...options, metrics }, {
      client,
      openOutput: () => (options.out === undefined ? Promise.resolve(stdoutOutput(process.stdout)) : openFileOutput(options.out)),
      progress: createProgress({ stream: process.stderr, enabled: process.stderr.isTTY === true }),
      signal: aborter.signal,
    });
    process.stderr.write(summaryLine(summary, options, (Date.now() - startedMs) / 1000));
    return 0;
  } catch (error) {
    if (!(error instanceof ExportError)) throw error;
    // A reader that stopped early (`pulse export … | head`) is not a failure worth a message.
    if (options.out === undefined && causedByBrokenPipe(error)) return 0;
    process.stderr.write(`pulse export: ${error.message}\n`);
    if (error.removedOutput) process.stderr.write(`pulse export: removed the incomplete ${error.removedOutput}\n`);
    return error.interrupted ? 130 : 1;
  } finally {
    process.off('SIGINT', onInterrupt);
  }
}

main(process.argv.slice(2)).then(
  (code) => {
    process.exitCode = code;
  },
  (error: unknown) => {
    process.stderr.write(`pulse export: ${(error as Error).stack ?? String(error)}\n`);
    process.exitCode = 1;
  },
);
