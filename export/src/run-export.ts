/**
 * The export loop: chunk by chunk, metric by metric, query Prometheus and stream the rows out.
 * The output is opened only once the first answer is in, so a Prometheus that cannot be reached
 * leaves an existing --out file untouched; a failure after that discards the incomplete output.
 */
import type { Writable } from 'node:stream';
import { formatDuration } from '../../common/duration';
import { chunksOf, planChunks, type ChunkPlan } from './chunks';
import type { ExportRequest } from './flags';
import { PrometheusApiError, type PrometheusClient } from '../../common/prometheus/query-range-client';
import type { Progress } from './progress';
import { exportQueries, type ExportQuery } from './promql';
import { prefetchInOrder } from './ordered-prefetch';
import { ROW_FORMATS } from './row-formats';
import { createRowSink, type RowSink } from './row-sink';
import { rowsFromRange } from './rows';
import { formatTimestamp } from './time';

export interface ExportOutput {
  readonly stream: Writable;
  /** Files are ended and closed by the export; stdout is only flushed. */
  readonly ownsStream: boolean;
  /** "out.csv" or "stdout", for messages. */
  readonly description: string;
  /** Removes what was written, when it can (a file); says whether it did. */
  discard(): Promise<boolean>;
}

export interface RunExportDeps {
  readonly client: PrometheusClient;
  readonly openOutput: () => Promise<ExportOutput>;
  readonly progress: Progress;
  readonly signal?: AbortSignal;
}

export interface ExportSummary {
  readonly rows: number;
  readonly series: number;
  readonly requests: number;
  readonly output: string;
  /** The end of the range shorter than a step, not exported. */
  readonly remainderMs: number;
}

/** A failed export; `removedOutput` names the incomplete file that was deleted, if any. */
export class ExportError extends Error {
  override readonly name = 'ExportError';
  readonly removedOutput?: string;
  readonly interrupted: boolean;

  constructor(message: string, options: { cause: unknown; removedOutput?: string; interrupted: boolean }) {
    super(message, { cause: options.cause });
    this.removedOutput = options.removedOutput;
    this.interrupted = options.interrupted;
  }
}

type RangeRequest = ExportQuery & { readonly startMs: number; readonly endMs: number; readonly stepMs: number };

/** The export's query_range answers in chunk, then query, order, REQUESTS_IN_FLIGHT at a time. */
function rangeAnswers(plan: ChunkPlan, queries: readonly ExportQuery[], stepMs: number, client: PrometheusClient, signal: AbortSignal) {
  const requests = function* (): Generator<RangeRequest> {
    for (const chunk of chunksOf(plan)) for (const query of queries) yield { ...query, startMs: chunk.firstEvalMs, endMs: chunk.lastEvalMs, stepMs };
  };
  const ask = (request: RangeRequest) =>
    client.queryRange(request, signal).catch((error: unknown) => {
      if (!(error instanceof PrometheusApiError)) throw error;
      const span = `${formatTimestamp(request.startMs)} to ${formatTimestamp(request.endMs)} step ${formatDuration(request.stepMs)}`;
      throw new PrometheusApiError(`${error.message}\n  query: ${request.query}\n  range: ${span}`, { cause: error });
    });
  return prefetchInOrder(requests(), REQUESTS_IN_FLIGHT, ask);
}

/** Prometheus requests an export keeps in flight: answers are still written in order, and at most this many are held. */
export const REQUESTS_IN_FLIGHT = 4;

/** The one export loop, behind both `pulse export` and the analytics API's export jobs; chunk by chunk, each metric's queries in turn. */
export async function runExport(options: ExportRequest, deps: RunExportDeps): Promise<ExportSummary> {
  const plan = planChunks({ fromMs: options.fromMs, toMs: options.toMs, stepMs: options.stepMs });
  const queries = options.metrics.flatMap((metric) => exportQueries(metric, options));
  const requestsTotal = plan.chunkCount * queries.length;
  const seriesSeen = new Set<string>();
  let opened: { output: ExportOutput; sink: RowSink } | undefined;
  let requestsDone = 0;

  const open = async (): Promise<{ output: ExportOutput; sink: RowSink }> => {
    const output = await deps.openOutput();
    const sink = createRowSink({ stream: output.stream, format: ROW_FORMATS[options.format], endStream: output.ownsStream, name: output.description });
    return { output, sink };
  };

  // Our own signal too: a failure stops the requests still in flight, not only an interrupt.
  const inFlight = new AbortController();
  const stopInFlight = () => inFlight.abort(deps.signal?.reason);
  deps.signal?.addEventListener('abort', stopInFlight, { once: true });
  try {
    deps.signal?.throwIfAborted();
    for await (const { item: request, result: series } of rangeAnswers(plan, queries, options.stepMs, deps.client, inFlight.signal)) {
      deps.signal?.throwIfAborted();
      opened ??= await open();
      const rows = rowsFromRange(series, { metric: request.metricOf, stepMs: options.stepMs });
      for (const row of rows) seriesSeen.add(`${row.metric}\u0000${row.project}\u0000${row.region}`);
      await opened.sink.writeRows(rows);
      requestsDone++;
      deps.progress.update({ requestsDone, requestsTotal, rows: opened.sink.rowCount });
    }
    opened ??= await open();
    await opened.sink.finish();
    deps.progress.clear();
    return { rows: opened.sink.rowCount, series: seriesSeen.size, requests: requestsDone, output: opened.output.description, remainderMs: plan.remainderMs };
  } catch (error) {
    deps.progress.clear();
    const interrupted = deps.signal?.aborted === true;
    const removed = opened ? await opened.output.discard() : false;
    const message = interrupted ? 'interrupted' : (error as Error).message;
    throw new ExportError(message, { cause: error, removedOutput: removed ? opened?.output.description : undefined, interrupted });
  } finally {
    deps.signal?.removeEventListener('abort', stopInFlight);
    inFlight.abort();
  }
}
