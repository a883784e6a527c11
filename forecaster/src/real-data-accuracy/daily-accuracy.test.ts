/**
 * The daily bars of issue 16 on every dev file with enough days for an honest 28-day replay,
 * measured as `pulse-forecaster backtest` measures them (an origin every 7 days). The rows
 * checked are "auto", the selection and calibration replayed at each origin with only the past.
 * No dev file is long enough for an honest 90-day replay with more than one scored origin.
 */
import { geometricMean } from '../backtest/metrics';
import { loadAugurs } from '../models/augurs';
import { accuracyTable, autoRow, bucketsInIssueRange, evaluateRealFile, expectBucketsNear95, relativeMase, row } from './real-data';

const DAY = 86_400_000;
const options = { bucketMs: DAY, season: 'auto', horizon: 28, step: 7, level: 0.95, augurs: loadAugurs() } as const;
const evaluations = [
  evaluateRealFile('mscloud-api-01.csv', { ...options, agg: 'sum' }),
  evaluateRealFile('nab-nyc_taxi.csv', { ...options, agg: 'sum' }),
  // A gauge (mean per day), with gaps of up to a week: forecast through them.
  evaluateRealFile('nab-ambient_temperature_system_failure.csv', { ...options, agg: 'mean' }),
];
const cases = evaluations.map((evaluation) => [evaluation.input, evaluation] as const);

describe('daily values, 28 days ahead, an origin every 7 days', () => {
  beforeAll(() => console.log(`daily, 28 days ahead (npx jest forecaster/src/real-data-accuracy/daily-accuracy):\n${accuracyTable(evaluations)}`));

  it('keeps the geometric mean of honest MASE over seasonal-naive MASE at or under 0.90', () => {
    expect(geometricMean(evaluations.map(relativeMase))).toBeLessThanOrEqual(0.9);
  });

  it.each(cases)('%s: is better than the seasonal naive', (_, evaluation) => {
    expect(relativeMase(evaluation)).toBeLessThan(1);
  });

  it.each(cases)('%s: its 95 %% band holds 93–97 %% of the actuals', (_, evaluation) => {
    const { coverage } = autoRow(evaluation);
    expect(coverage).toBeGreaterThanOrEqual(0.93);
    expect(coverage).toBeLessThanOrEqual(0.97);
  });

  // The issue's bar, 93–97 % in every bucket, each within 2 standard errors of 95 %: it holds since
  // recent errors count more within the calibration window (ambient_temperature's fourth week was
  // 92.99 % before; see README.md).
  it.each(cases)('%s: its band holds 93–97 %% in every lead-time bucket, within 2 standard errors of 95 %%', (_, evaluation) => {
    for (const coverage of autoRow(evaluation).coverageByLead) {
      expect(coverage).toBeGreaterThanOrEqual(0.93);
      expect(coverage).toBeLessThanOrEqual(0.97);
    }
    expectBucketsNear95(evaluation, 2);
  });

  it('holds 93–97 % in all 12 lead-time buckets', () => {
    expect(bucketsInIssueRange(evaluations)).toBe(12);
  });

  it.each(cases)('%s: beats the original straight line by far', (_, evaluation) => {
    expect(autoRow(evaluation).mase).toBeLessThan(0.8 * row(evaluation, 'linear').mase);
  });
});
