/** Reads usage series from a Prometheus-compatible query API (query_range), one call per usage type. */
import type { UsageType } from '../../../common/metrics/catalogue';
import { usagePerProjectQuery } from '../../../common/metrics/usage-promql';
import { createPrometheusClient, PrometheusApiError, PrometheusUnreachableError } from '../../../common/prometheus/query-range-client';
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

export async function readUsage(request: SourceRequest): Promise<SourceSeries[]> {
  const stepMs = request.step === '1d' ? 86_400_000 : 3_600_000;
  const endMs = Math.floor(request.nowMs / 1000) * 1000;
  const client = createPrometheusClient({ url: request.prometheusUrl, timeoutMs: request.timeoutMs ?? 60_000 });
  let series;
  try {
    series = await client.queryRange({ query: usagePerProjectQuery(request.metric, request.step), startMs: endMs - request.days * 86_400_000, endMs, stepMs });
  } catch (error) {
    if (error instanceof PrometheusUnreachableError || error instanceof PrometheusApiError) throw new SourceError(error.message, { cause: error });
    throw error;
  }
  return series.map(({ labels, values }) => ({
    metric: request.metric,
    project: labels.project ?? '',
    region: labels.region ?? '',
    raw: { times: values.map(([t]) => t * 1000), values: values.map(([, v]) => Number(v)) },
  }));
}
