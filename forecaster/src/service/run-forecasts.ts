/**
 * One forecasting run: read every configured usage type from Prometheus, forecast each series on
 * the pool (every core), and return the results in the order read. A bad series is skipped with
 * its reason and never stops the run; an unreachable Prometheus fails the run (the caller keeps
 * the last results and retries).
 */
import type { UsageType } from '../../../common/metrics/catalogue';
import type { ForecasterConfig, Limit } from './config';
import type { SeriesResult } from './forecast-one';
import type { ForecastPool } from './forecast-pool';
import { LATEST_HOUR_SETTLE_MS } from './latest-anomaly';
import { newestSampleMs, readUsage, type SourceSeries } from './prometheus-source';

export interface SeriesKey {
  readonly metric: UsageType;
  readonly project: string;
  readonly region: string;
}

export interface RunResult {
  readonly finishedMs: number;
  readonly durationMs: number;
  readonly series: ReadonlyArray<SeriesKey & { readonly result: SeriesResult }>;
}

export interface RunDeps {
  readonly config: ForecasterConfig;
  readonly pool: ForecastPool;
  readonly nowMs: () => number;
}

const limitsFor = (limits: readonly Limit[], key: SeriesKey) =>
  limits.filter((l) => l.metric === key.metric && (l.project === undefined || l.project === key.project) && (l.region === undefined || l.region === key.region));

const keyOf = (s: SourceSeries) => `${s.project}\u0000${s.region}`;

/**
 * The end of the latest hour the anomaly flag judges: settled, and at the last sample Prometheus has
 * at or before then. An hour that ends inside a hole in the data (the exporter down, or a fresh
 * stack between its backfilled history and its first live scrape) would miss the hole's usage and
 * read as a dip; the hour that ends at the last sample before the hole is whole.
 */
async function latestHourEnd(prometheusUrl: string, metric: UsageType, nowMs: number): Promise<number> {
  const settled = nowMs - LATEST_HOUR_SETTLE_MS;
  return (await newestSampleMs({ prometheusUrl, metric, nowMs: settled })) ?? settled;
}

export async function runForecasts(deps: RunDeps): Promise<RunResult> {
  const started = deps.nowMs();
  const { config } = deps;
  const pending: Array<Promise<SeriesKey & { result: SeriesResult }>> = [];
  for (const metric of config.metrics) {
    const [daily, hourly] = await Promise.all([
      readUsage({ prometheusUrl: config.prometheusUrl, metric, step: '1d', days: config.dailyHistoryDays, nowMs: started }),
      latestHourEnd(config.prometheusUrl, metric, started).then((endMs) => readUsage({ prometheusUrl: config.prometheusUrl, metric, step: '1h', days: config.hourlyHistoryDays, nowMs: endMs })),
    ]);
    const hourlyByKey = new Map(hourly.map((s) => [keyOf(s), s.raw]));
    for (const source of daily) {
      if (!config.projects.test(source.project) || !config.regions.test(source.region)) continue;
      const key = { metric, project: source.project, region: source.region };
      const job = { daily: source.raw, hourly: hourlyByKey.get(keyOf(source)), horizons: config.horizons, limits: limitsFor(config.limits, key) };
      pending.push(deps.pool.forecast(job).then((result) => ({ ...key, result })));
    }
  }
  const series = await Promise.all(pending);
  const finishedMs = deps.nowMs();
  return { finishedMs, durationMs: finishedMs - started, series };
}
