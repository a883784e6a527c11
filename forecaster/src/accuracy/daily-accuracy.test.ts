/**
 * The bars of issue 5 on the real data, measured as `pulse-forecaster backtest` measures them:
 * 28-day horizon on daily totals, an origin every 7 days, on every series with ≥ 84 days. The
 * rows checked are "auto", the selection replayed at each origin with only the past, so these
 * are out-of-sample numbers, not the backtest's favourite.
 */
import { geometricMean } from '../backtest/metrics';
import { loadAugurs } from '../models/augurs';
import { autoRow, evaluateRealFile, row } from './real-data';

const DAY = 86_400_000;
const options = { bucketMs: DAY, agg: 'sum', season: 'auto', horizon: 28, step: 7, level: 0.95, augurs: loadAugurs() } as const;
const evaluations = ['mscloud-api-01.csv', 'nab-nyc_taxi.csv'].map((file) => evaluateRealFile(file, options));

describe('daily totals, 28 days ahead, an origin every 7 days', () => {
  it('keeps the geometric-mean MASE at or under 1.25', () => {
    expect(geometricMean(evaluations.map((evaluation) => autoRow(evaluation).mase))).toBeLessThanOrEqual(1.25);
  });

  it.each(evaluations.map((evaluation) => [evaluation.input, evaluation]))('%s: is better than the seasonal naive', (_, evaluation) => {
    expect(autoRow(evaluation).mase).toBeLessThan(row(evaluation, 'snaive-7').mase);
  });

  it.each(evaluations.map((evaluation) => [evaluation.input, evaluation]))('%s: its 95 %% band holds 92–98 %% of the actuals', (_, evaluation) => {
    const { coverage } = autoRow(evaluation);
    expect(coverage).toBeGreaterThanOrEqual(0.92);
    expect(coverage).toBeLessThanOrEqual(0.98);
  });

  it.each(evaluations.map((evaluation) => [evaluation.input, evaluation]))('%s: beats the original straight line by far', (_, evaluation) => {
    expect(autoRow(evaluation).mase).toBeLessThan(0.8 * row(evaluation, 'linear').mase);
  });
});
