/** Reads usage series from a Prometheus-compatible query API (query_range), one call per usage type. */
import { usageMetrics, type UsageType } from '../../../common/metrics/catalogue';
import { usagePerProjectQuery } from '../../../common/metrics/usage-promql';
import { createPrometheusClient, PrometheusApiError, PrometheusUnreachableError, type RangeQuery, type RangeSeries } from '../../../common/prometheus/query-range-client';
import type { RawSeries } from '../series/types';

export interface SourceSeries {
  readonly metric: UsageType;
  readonly project: string;
  readonly region: string;
  readonly raw: RawSeries;
}

/** Prometheus could not be read: the run keeps the last forecasts and retries. */
export class SourceError extends Error {}

export interface SourceRequest {
  readonly prometheusUrl: string;
  readonly metric: UsageType;
  readonly step: '1d' | '1h';
  readonly days: number;
  readonly nowMs: number;
  readonly timeoutMs?: number;
}

/** A query_range call; an unreachable or failing Prometheus becomes a SourceError. */
async function queryRange(request: Pick<SourceRequest, 'prometheusUrl' | 'timeoutMs'>, range: RangeQuery): Promise<RangeSeries[]> {
  const client = createPrometheusClient({ url: request.prometheusUrl, timeoutMs: request.timeoutMs ?? 60_000 });
  try {
    return await client.queryRange(range);
  } catch (error) {
    if (error instanceof PrometheusUnreachableError || error instanceof PrometheusApiError) throw new SourceError(error.message, { cause: error });
    throw error;
  }
}

/**
 * When the newest sample of a usage type at or before `nowMs` was taken, looking back an hour (undefined when there is
 * none): data can stop short of now (a stack just started on backfilled history, an exporter
 * down), and an hour ending after it would be judged on the part that has arrived.
 */
export async function newestSampleMs(request: Omit<SourceRequest, 'step' | 'days'>): Promise<number | undefined> {
  const endMs = Math.floor(request.nowMs / 1000) * 1000;
  const series = await queryRange(request, { query: `max(timestamp(${usageMetrics[request.metric].name}))`, startMs: endMs - 3_600_000, endMs, stepMs: 60_000 });
  const times = series.flatMap(({ values }) => values.map(([, v]) => Number(v) * 1000));
  return times.length > 0 ? Math.max(...times) : undefined;
}

export async function readUsage(request: SourceRequest): Promise<SourceSeries[]> {
  const stepMs = request.step === '1d' ? 86_400_000 : 3_600_000;
  const endMs = Math.floor(request.nowMs / 1000) * 1000;
  const series = await queryRange(request, { query: usagePerProjectQuery(request.metric, request.step), startMs: endMs - request.days * 86_400_000, endMs, stepMs });
  return series.map(({ labels, values }) => ({
    metric: request.metric,
    project: labels.project ?? '',
    region: labels.region ?? '',
    raw: { times: values.map(([t]) => t * 1000), values: values.map(([, v]) => Number(v)) },
  }));
}
