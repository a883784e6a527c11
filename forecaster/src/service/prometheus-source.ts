/** Reads usage series from a Prometheus-compatible query API (query_range), one call per usage type. */
import type { UsageType } from '../../../common/metrics/catalogue';
import type { RawSeries } from '../series/types';
import { usageQuery } from './usage-queries';

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
  const end = Math.floor(request.nowMs / 1000);
  const start = end - request.days * 86_400;
  const body = new URLSearchParams({ query: usageQuery(request.metric, request.step), start: String(start), end: String(end), step: String(stepMs / 1000) });
  let response: Response;
  try {
    response = await fetch(`${request.prometheusUrl}/api/v1/query_range`, { method: 'POST', body, signal: AbortSignal.timeout(request.timeoutMs ?? 60_000) });
  } catch (error) {
    const cause = (error as { cause?: { code?: string } }).cause?.code ?? (error as Error).message;
    throw new SourceError(`cannot reach Prometheus at ${request.prometheusUrl}: ${cause}`);
  }
  const answer = (await response.json().catch(() => undefined)) as
    | { status: string; error?: string; data?: { result: Array<{ metric: Record<string, string>; values: Array<[number, string]> }> } }
    | undefined;
  if (!answer || answer.status !== 'success' || !answer.data) {
    throw new SourceError(`Prometheus at ${request.prometheusUrl} answered ${response.status}: ${answer?.error ?? 'not a query API answer'}`);
  }
  return answer.data.result.map((series) => ({
    metric: request.metric,
    project: series.metric.project ?? '',
    region: series.metric.region ?? '',
    raw: { times: series.values.map(([t]) => t * 1000), values: series.values.map(([, v]) => Number(v)) },
  }));
}
