import { backtestSettings } from '../backtest/settings';
import { loadAugurs } from '../models/augurs';
import { candidateModels } from '../models/registry';
import { usageSeries, weekdayProfile } from '../testing/synthetic';
import { forecastSeries } from './forecast-series';

const augurs = loadAugurs();
const periods = [7];
const context = { periods, horizon: 28, stepMs: 86_400_000 };
const settings = backtestSettings({ periods, horizon: 28, level: 0.95 });
const models = candidateModels({ periods, augurs });
const run = (values: number[]) => forecastSeries({ values, observed: values.map(() => true), models, context, step: 7, settings });

describe('forecastSeries', () => {
  const values = usageSeries({ points: 365, level: 50, growth: 0, seasons: [weekdayProfile(0.2)], noise: 0.3, anomalies: 5, shifts: 0, seed: 3 });

  it('forecasts the horizon with a band around the point forecast', () => {
    const forecast = run(values);
    expect(forecast.point).toHaveLength(28);
    expect(forecast.band?.level).toBe(0.95);
    forecast.point.forEach((value, step) => {
      expect(forecast.band?.lower[step]).toBeLessThanOrEqual(value);
      expect(forecast.band?.upper[step]).toBeGreaterThanOrEqual(value);
    });
  });

  it('never forecasts usage, or its band, below zero', () => {
    const forecast = run(values);
    [...forecast.point, ...(forecast.band?.lower ?? [])].forEach((value) => expect(value).toBeGreaterThanOrEqual(0));
  });

  it('forecasts a counter that never decreases, band included', () => {
    let total = 0;
    const counter = values.map((value) => (total += value));
    const forecast = run(counter);
    for (const line of [forecast.point, forecast.band?.lower ?? [], forecast.band?.upper ?? []]) {
      expect(line[0]).toBeGreaterThanOrEqual(counter[counter.length - 1]);
      line.slice(1).forEach((value, index) => expect(value).toBeGreaterThanOrEqual(line[index]));
    }
  });

  it('falls back to the seasonal average, without a band, when the history is too short to select', () => {
    const forecast = run(values.slice(0, 40));
    expect(forecast.candidate).toBe('savg-7');
    expect(forecast.band).toBeUndefined();
  });
});
