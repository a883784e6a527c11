/**
 * GET /api/v1/forecast?metric=&project=&days=1..90 in the original design's shape: per day
 * forecast_date, predicted_value, confidence_low, confidence_high, model, accuracy. A project's
 * regions are added up; so are their bands, which makes the band of the sum conservative.
 */
import { z } from 'zod';
import { USAGE_TYPES } from '../../../common/metrics/catalogue';
import type { RunResult } from './run-forecasts';

export const forecastQuery = z.strictObject({
  metric: z.enum(USAGE_TYPES),
  project: z.string().min(1).max(63),
  days: z.coerce.number().int('must be a whole number').min(1, 'must be from 1 to 90').max(90, 'must be from 1 to 90').default(7),
});

export type ForecastQuery = z.output<typeof forecastQuery>;

/**
 * The backtest MASE of the selected candidate. An ensemble (`mean(a,b)`) has no score of its own;
 * its members' mean MASE stands in, an upper bound: the error of a mean is at most the mean error.
 */
export function selectedMase(model: string, scores: readonly { readonly model: string; readonly mase: number }[]): number | undefined {
  const own = scores.find((s) => s.model === model)?.mase;
  if (own !== undefined) return own;
  const members = /^mean\((.+)\)$/.exec(model)?.[1].split(',');
  const mases = members?.map((member) => scores.find((s) => s.model === member)?.mase);
  if (!mases || mases.some((m) => m === undefined)) return undefined;
  return (mases as number[]).reduce((a, b) => a + b, 0) / mases.length;
}

export function renderForecast(run: RunResult, query: ForecastQuery) {
  const matching = run.series.filter((s) => s.metric === query.metric && s.project === query.project);
  const ok = matching.flatMap((s) => (s.result.status === 'ok' ? [s.result] : []));
  if (ok.length === 0) return undefined;
  const days = Math.min(query.days, ...ok.map((r) => r.daily.length));
  const sum = (pick: (day: { median: number; lower?: number; upper?: number }) => number | undefined, step: number) => {
    let total = 0;
    for (const r of ok) {
      const value = pick(r.daily[step]);
      if (value === undefined) return null;
      total += value;
    }
    return total;
  };
  // Accuracy: 1 − MASE of the selected model's backtest, floored at 0 (1 is perfect), averaged over regions.
  const accuracies = ok.map((r) => selectedMase(r.model, r.scores)).filter((m): m is number => m !== undefined && Number.isFinite(m));
  const accuracy = accuracies.length ? Math.max(0, 1 - accuracies.reduce((a, b) => a + b, 0) / accuracies.length) : null;
  const models = [...new Set(ok.map((r) => r.model))].join(' | ');
  const firstDayMs = Math.min(...ok.map((r) => r.firstDayMs));
  return {
    metric: query.metric,
    project: query.project,
    regions: matching.filter((s) => s.result.status === 'ok').map((s) => s.region).sort(),
    generated_at: new Date(run.finishedMs).toISOString(),
    forecasts: Array.from({ length: days }, (_, step) => ({
      forecast_date: new Date(firstDayMs + step * 86_400_000).toISOString().slice(0, 10),
      predicted_value: sum((d) => d.median, step),
      confidence_low: sum((d) => d.lower, step),
      confidence_high: sum((d) => d.upper, step),
      model: models,
      accuracy,
    })),
  };
}
