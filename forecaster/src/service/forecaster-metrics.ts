/** The forecaster's /metrics, rendered at scrape time from its state. Forecasts are stamped "now". */
import type { Registry } from 'prom-client';
import { FORECAST_QUANTILES as QUANTILES, forecasterMetrics, forecastMetrics } from '../../../common/metrics/catalogue';
import { scrapedCounterOf, scrapedGaugeOf } from '../../../common/metrics/prom';
import type { ForecasterState } from './forecaster-state';

const SECONDS_PER_DAY = 86_400;

export function registerForecasterMetrics(registry: Registry, state: ForecasterState): void {
  const series = () => state.latest()?.series ?? [];
  const ok = () => series().flatMap((s) => (s.result.status === 'ok' ? [{ key: { metric: s.metric, project: s.project, region: s.region }, result: s.result }] : []));

  scrapedGaugeOf(forecastMetrics.forecast, registry, (g) => {
    for (const { key, result } of ok()) {
      for (const h of result.horizons) {
        g.set({ ...key, horizon: h.label, forecast_quantile: QUANTILES.median }, h.median);
        if (h.lower !== undefined && h.upper !== undefined) {
          g.set({ ...key, horizon: h.label, forecast_quantile: QUANTILES.lower }, h.lower);
          g.set({ ...key, horizon: h.label, forecast_quantile: QUANTILES.upper }, h.upper);
        }
      }
    }
  });
  scrapedGaugeOf(forecastMetrics.anomaly, registry, (g) => {
    for (const { key, result } of ok()) if (result.anomaly !== undefined) g.set(key, result.anomaly ? 1 : 0);
  });
  scrapedGaugeOf(forecastMetrics.timeToLimit, registry, (g) => {
    for (const { key, result } of ok()) for (const d of result.daysUntil) g.set({ ...key, limit: d.kind }, d.days * SECONDS_PER_DAY);
  });
  scrapedGaugeOf(forecastMetrics.backtestMase, registry, (g) => {
    for (const { key, result } of ok()) for (const s of result.scores) if (Number.isFinite(s.mase)) g.set({ ...key, model: s.model }, s.mase);
  });
  scrapedGaugeOf(forecastMetrics.backtestCoverage, registry, (g) => {
    for (const { key, result } of ok()) for (const s of result.scores) if (Number.isFinite(s.coverage)) g.set({ ...key, model: s.model }, s.coverage);
  });
  scrapedGaugeOf(forecastMetrics.selectedModelInfo, registry, (g) => {
    for (const { key, result } of ok()) g.set({ ...key, model: result.model }, 1);
  });
  scrapedGaugeOf(forecasterMetrics.seriesSkipped, registry, (g) => {
    for (const s of series()) if (s.result.status === 'skipped') g.set({ metric: s.metric, project: s.project, region: s.region, reason: s.result.reason }, 1);
  });
  scrapedGaugeOf(forecasterMetrics.seriesForecast, registry, (g) => {
    g.set({ outcome: 'forecast' }, ok().length);
    g.set({ outcome: 'skipped' }, series().length - ok().length);
  });
  scrapedGaugeOf(forecasterMetrics.lastRun, registry, (g) => {
    const ms = state.lastRunMs();
    if (ms !== undefined) g.set(ms / 1000);
  });
  scrapedGaugeOf(forecasterMetrics.lastSuccess, registry, (g) => {
    const latest = state.latest();
    if (latest) g.set(latest.finishedMs / 1000);
  });
  scrapedGaugeOf(forecasterMetrics.lastRunDuration, registry, (g) => {
    const ms = state.lastRunDurationMs();
    if (ms !== undefined) g.set(ms / 1000);
  });
  scrapedGaugeOf(forecasterMetrics.sourceUp, registry, (g) => g.set(state.sourceUp() ? 1 : 0));
  scrapedCounterOf(forecasterMetrics.runs, registry, (set) => {
    const runs = state.runs();
    set({ result: 'success' }, runs.success);
    set({ result: 'source_error' }, runs.source_error);
  });
}
