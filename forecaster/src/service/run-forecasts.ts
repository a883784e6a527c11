/**
 * One forecasting run: read every configured usage type from Prometheus, forecast each series,
 * and return the results. A bad series is skipped with its reason and never stops the run; an
 * unreachable Prometheus fails the run (the caller keeps the last results and retries).
 */
import type { UsageType } from '../../../common/metrics/catalogue';
import type { Augurs } from '../models/augurs';
import type { ForecasterConfig, Limit } from './config';
import { forecastOne, type SeriesResult } from './forecast-one';
import { readUsage, type SourceSeries } from './prometheus-source';

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
  readonly augurs: Augurs;
  readonly nowMs: () => number;
}

const limitsFor = (limits: readonly Limit[], key: SeriesKey) =>
  limits.filter((l) => l.metric === key.metric && (l.project === undefined || l.project === key.project) && (l.region === undefined || l.region === key.region));

const keyOf = (s: SourceSeries) => `${s.project}\u0000${s.region}`;

export async function runForecasts(deps: RunDeps): Promise<RunResult> {
  const started = deps.nowMs();
  const { config } = deps;
  const series: Array<SeriesKey & { result: SeriesResult }> = [];
  for (const metric of config.metrics) {
    const [daily, hourly] = await Promise.all([
      readUsage({ prometheusUrl: config.prometheusUrl, metric, step: '1d', days: config.dailyHistoryDays, nowMs: started }),
      readUsage({ prometheusUrl: config.prometheusUrl, metric, step: '1h', days: config.hourlyHistoryDays, nowMs: started }),
    ]);
    const hourlyByKey = new Map(hourly.map((s) => [keyOf(s), s.raw]));
    for (const source of daily) {
      if (!config.projects.test(source.project) || !config.regions.test(source.region)) continue;
      // Fitting is synchronous: yield between series so /metrics keeps answering during a run.
      await new Promise((resolve) => setImmediate(resolve));
      const key = { metric, project: source.project, region: source.region };
      let result: SeriesResult;
      try {
        result = forecastOne({ daily: source.raw, hourly: hourlyByKey.get(keyOf(source)), horizons: config.horizons, limits: limitsFor(config.limits, key), augurs: deps.augurs });
      } catch (error) {
        result = { status: 'skipped', reason: `model failure: ${(error as Error).message}` };
      }
      series.push({ ...key, result });
    }
  }
  const finishedMs = deps.nowMs();
  return { finishedMs, durationMs: finishedMs - started, series };
}
