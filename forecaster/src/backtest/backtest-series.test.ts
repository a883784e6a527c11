/**
 * The backtest on synthetic series: honest (nothing at an origin depends on what came after it),
 * right on a series with a known answer, and robust to failing models and gaps.
 */
import { loadAugurs } from '../models/augurs';
import { candidateModels } from '../models/registry';
import type { Model } from '../models/types';
import { asRawSeries, usageSeries, weekdayProfile } from '../testing/synthetic';
import { AUTO, backtestSeries, selectOptionsFor } from './backtest-series';
import { createErrorBook } from './errors';
import { evaluateSeries } from './evaluate-csv';
import { rollingOrigins } from './origins';
import { runOrigins } from './run-origins';
import { forecastWithBand } from './score';
import { selectCandidate } from './select';
import { backtestSettings } from './settings';

const augurs = loadAugurs();
const DAY = 86_400_000;
const periods = [7];
const context = { periods, horizon: 28, stepMs: DAY };
const settings = backtestSettings({ periods, horizon: 28, level: 0.95 });
const models = candidateModels({ periods, augurs });
const usage = (seed: number, points = 200) =>
  usageSeries({ points, level: 1000, growth: 0.001, seasons: [weekdayProfile(0.6)], noise: 0.05, anomalies: 3, shifts: 1, seed });

describe('the rolling-origin backtest is honest', () => {
  const values = usage(1);
  const observed = values.map(() => true);
  const origins = rollingOrigins({ length: values.length, horizon: 28, step: 7, minTrain: settings.minTrain });
  const originIndex = origins.length - 5;
  const cutoff = origins[originIndex];
  // The same history with a wildly different future from the cutoff on.
  const rewritten = values.map((value, index) => (index >= cutoff ? value * (3 + Math.sin(index)) : value));

  function atCutoff(series: number[]) {
    const book = createErrorBook(runOrigins({ values: series, observed, origins, models, context, maxWindow: settings.maxWindow, scaleWindow: settings.scaleWindow }));
    const selection = selectCandidate(book, cutoff, selectOptionsFor({ models, context, step: 7, settings }));
    if (!selection) throw new Error('nothing selected');
    return { candidate: selection.candidate.name, forecast: forecastWithBand(book, selection.candidate, originIndex, settings.calibration) };
  }

  it('selects, forecasts and calibrates at an origin the same whatever happens after it', () => {
    const original = atCutoff(values);
    expect(original.forecast).toBeDefined();
    expect(atCutoff(rewritten)).toEqual(original);
  });
});

describe('backtestSeries', () => {
  it('on a pure weekly season forecasts almost perfectly and keeps the band tight', () => {
    const values = Array.from({ length: 200 }, (_, index) => 1000 * weekdayProfile(0.5)[index % 7]);
    const report = backtestSeries({ values, observed: values.map(() => true), models, context, step: 7, settings });
    const snaive = report.models.find((row) => row.name === 'snaive-7');
    expect(snaive?.mase).toBeLessThan(1e-9);
    expect(report.models.find((row) => row.name === AUTO)?.mase).toBeLessThan(0.05);
  });

  it('scores every model, the selected candidate and auto on the same origins', () => {
    const values = usage(2);
    const report = backtestSeries({ values, observed: values.map(() => true), models, context, step: 7, settings });
    expect(report.models.map((row) => row.name)).toEqual(expect.arrayContaining(['naive', 'snaive-7', 'linear', 'theta', 'damped', 'mstl-ets', AUTO]));
    expect(report.scoredOrigins).toBeGreaterThan(0);
    expect(report.scoredOrigins).toBeLessThan(report.origins);
    for (const row of report.models) {
      expect(row.coverage).toBeGreaterThanOrEqual(0);
      expect(row.coverage).toBeLessThanOrEqual(1);
      expect(Number.isFinite(row.msis)).toBe(true);
    }
  });

  it('drops a failing model with its reason and carries on', () => {
    const broken: Model = {
      name: 'broken',
      fit: () => {
        throw new Error('cannot fit this');
      },
    };
    const values = usage(3);
    const report = backtestSeries({ values, observed: values.map(() => true), models: [...models, broken], context, step: 7, settings });
    expect(report.failures).toEqual([{ name: 'broken', reason: 'cannot fit this' }]);
    expect(report.models.some((row) => row.name === AUTO)).toBe(true);
  });
});

describe('evaluateSeries', () => {
  const options = { bucketMs: DAY, agg: 'sum', season: 'auto', level: 0.95, augurs } as const;

  it('skips a series too short for an honest backtest, saying what it needs', () => {
    const evaluation = evaluateSeries(asRawSeries(usage(4, 60), DAY), 'short', options);
    expect(evaluation).toEqual({ status: 'skipped', input: 'short', reason: 'too short: 60 points, a horizon of 28 every 7 needs 98' });
  });

  it('evaluates a series with a few missing days, scoring only the observed ones', () => {
    const raw = asRawSeries(usage(5), DAY);
    const keep = raw.times.map((_, index) => index % 37 !== 5);
    const evaluation = evaluateSeries({ times: raw.times.filter((_, i) => keep[i]), values: raw.values.filter((_, i) => keep[i]) }, 'gappy', options);
    expect(evaluation.status).toBe('ok');
  });

  it('skips a gappy series, saying why', () => {
    const raw = asRawSeries(usage(6), DAY);
    const keep = raw.times.map((_, index) => index % 10 < 6);
    const evaluation = evaluateSeries({ times: raw.times.filter((_, i) => keep[i]), values: raw.values.filter((_, i) => keep[i]) }, 'holes', options);
    expect(evaluation).toMatchObject({ status: 'skipped', reason: expect.stringMatching(/^too gappy: /) });
  });
});
