import { loadAugurs } from '../models/augurs';
import { candidateModels } from '../models/registry';
import { usageSeries, weekdayProfile } from '../testing/synthetic';
import { forecastHorizons } from './forecast-horizons';

const periods = [7];
const models = candidateModels({ periods, augurs: loadAugurs() });
const forecast = (values: number[], horizons: number[], length: number) =>
  forecastHorizons({ values, observed: values.map(() => true), models, periods, stepMs: 86_400_000, horizons, length, level: 0.95 });

describe('forecastHorizons', () => {
  it('repeats a pure weekly season at every horizon, inside a band', () => {
    const week = [100, 120, 130, 125, 110, 40, 30];
    const values = Array.from({ length: 90 }, (_, day) => week[day % 7]);
    const result = forecast(values, [7, 30], 90);
    expect(result.views.map((v) => v.horizon)).toEqual([7, 30]);
    for (const view of result.views) {
      view.point.forEach((value, step) => {
        expect(value).toBeCloseTo(week[(90 + step) % 7], 0);
        expect(view.band!.lower[step]).toBeLessThanOrEqual(value);
        expect(view.band!.upper[step]).toBeGreaterThanOrEqual(value);
      });
    }
  });

  it('calibrates a band that widens with the lead time on a noisy series', () => {
    const values = usageSeries({ points: 90, level: 1000, growth: 0.003, seasons: [weekdayProfile(0.5)], noise: 0.1, anomalies: 0, shifts: 0, seed: 11 });
    const [week, month] = forecast(values, [7, 30], 30).views;
    const width = (view: typeof week, step: number) => view.band!.upper[step] - view.band!.lower[step];
    expect(width(month, 29)).toBeGreaterThan(width(week, 0));
    for (const view of [week, month]) view.band!.lower.forEach((value) => expect(value).toBeGreaterThanOrEqual(0));
  });

  it('forecasts past every calibrated horizon with the seasonal average, without band', () => {
    const values = usageSeries({ points: 90, level: 50, growth: 0, seasons: [weekdayProfile(0.3)], noise: 0.05, anomalies: 0, shifts: 0, seed: 5 });
    const result = forecast(values, [7, 30, 90], 90);
    expect(result.views.map((v) => v.horizon)).toEqual([7, 30]);
    expect(result.fallback.candidate).toBe('savg-7');
    expect(result.fallback.point).toHaveLength(90);
    result.fallback.point.forEach((value, step) => {
      const sameDay = [1, 2, 3].map((weeks) => values[90 - 7 * weeks + (step % 7)]);
      expect(value).toBeCloseTo((sameDay[0] + sameDay[1] + sameDay[2]) / 3, 9);
    });
  });
});
