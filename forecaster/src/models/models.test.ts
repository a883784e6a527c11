/**
 * Every model on synthetic series whose future is known: pure seasonality, trend, a level shift,
 * zeros, a counter. The bar is how close the forecast comes to the truth, in percent of the level.
 */
import { loadAugurs } from './augurs';
import { repeatsBetter } from './mstl-ets';
import { candidateModels, defaultCombination } from './registry';
import { runModel } from './run-model';
import type { Model, ModelContext } from './types';

const augurs = loadAugurs();
const DAY_MS = 86_400_000;
const weekly = [1, 1.1, 1.2, 1.1, 1, 0.6, 0.5];
const daily: ModelContext = { periods: [7], horizon: 28, stepMs: DAY_MS };

function modelNamed(name: string, periods: readonly number[] = [7]): Model {
  const model = candidateModels({ periods, augurs }).find((entry) => entry.name === name);
  if (!model) throw new Error(`no model ${name}`);
  return model;
}

/** Largest absolute difference, in percent of the mean of the truth. */
function worstErrorPercent(forecast: readonly number[], truth: readonly number[]): number {
  const level = truth.reduce((sum, value) => sum + value, 0) / truth.length;
  return (100 * Math.max(...forecast.map((value, index) => Math.abs(value - truth[index])))) / level;
}

const series = (length: number, at: (index: number) => number): number[] => Array.from({ length }, (_, index) => at(index));

describe('models on a pure weekly season', () => {
  const at = (index: number) => 1000 * weekly[index % 7];
  const history = series(140, at);
  const truth = series(168, at).slice(140);

  it.each(['snaive-7', 'savg-7', 'sar-7', 'theta', 'damped', 'mstl-ets'])('%s repeats the week within 1 %%', (name) => {
    expect(worstErrorPercent(runModel(modelNamed(name), history, daily), truth)).toBeLessThan(1);
  });

  it('seasonal naive repeats the last week exactly', () => {
    expect(runModel(modelNamed('snaive-7'), history, daily)).toEqual(truth);
  });

  it('the seasonal average is the mean of the same day over the last three weeks', () => {
    const noisy = history.map((value, index) => value + (index >= 133 ? 30 : index >= 126 ? -60 : 0));
    expect(runModel(modelNamed('savg-7'), noisy, daily)).toEqual(truth.map((value) => value + (30 - 60 + 0) / 3));
  });

  it('the seasonal AR is the seasonal naive when nothing differs from the season before', () => {
    expect(runModel(modelNamed('sar-7'), history, daily)).toEqual(truth);
  });

  it('naive repeats the last value', () => {
    expect(runModel(modelNamed('naive'), history, daily)).toEqual(new Array(28).fill(history[139]));
  });
});

describe('models on a trend', () => {
  const at = (index: number) => 500 + 5 * index;
  const history = series(120, at);
  const truth = series(148, at).slice(120);

  it('the straight line continues it exactly', () => {
    const forecast = runModel(modelNamed('linear'), history, daily);
    forecast.forEach((value, index) => expect(value).toBeCloseTo(truth[index], 6));
  });

  it.each(['damped', 'mstl-ets'])('%s follows it within 5 %% over four weeks', (name) => {
    expect(worstErrorPercent(runModel(modelNamed(name), history, daily), truth)).toBeLessThan(5);
  });

  it('theta rises at half the slope of the line (its known drift, Hyndman & Billah 2003)', () => {
    // A small wiggle, or the rising line would be taken for a counter (see run-model.ts).
    const wiggly = history.map((value, index) => value + (index % 2 === 0 ? 4 : -4));
    const forecast = runModel(modelNamed('theta'), wiggly, daily);
    expect((forecast[27] - forecast[0]) / 27).toBeCloseTo(2.5, 0);
  });

  it('a rising line is continued by every model as a counter would be: never decreasing', () => {
    for (const name of ['naive', 'snaive-7', 'savg-7', 'theta', 'damped', 'mstl-ets']) {
      const forecast = runModel(modelNamed(name), history, daily);
      forecast.slice(1).forEach((value, index) => expect(value).toBeGreaterThanOrEqual(forecast[index]));
    }
  });

  it('the seasonal AR carries a deviation that persists (a trend: each week 35 above the last), where the seasonal naive stays a week behind', () => {
    const seasonal = (index: number) => 500 + 5 * index + 100 * weekly[index % 7];
    const truthOf = series(168, seasonal).slice(140);
    expect(worstErrorPercent(runModel(modelNamed('sar-7'), series(140, seasonal), daily), truthOf)).toBeLessThan(1);
    expect(worstErrorPercent(runModel(modelNamed('snaive-7'), series(140, seasonal), daily), truthOf)).toBeGreaterThan(5);
  });

  it('a trend with a weekly season is followed within 5 %% by MSTL-ETS', () => {
    const seasonal = (index: number) => (500 + 5 * index) * weekly[index % 7];
    const forecast = runModel(modelNamed('mstl-ets'), series(140, seasonal), daily);
    expect(worstErrorPercent(forecast, series(168, seasonal).slice(140))).toBeLessThan(5);
  });
});

describe('models after a level shift', () => {
  // The level doubles three weeks before the end: long enough to be a shift, not an outlier.
  const at = (index: number) => (index < 119 ? 1000 : 2000) * weekly[index % 7];
  const history = series(140, at);
  const truth = series(168, at).slice(140);

  it.each(['snaive-7', 'savg-7', 'theta', 'damped', 'mstl-ets'])('%s moves to the new level (within 15 %%, the old is 50 %% off)', (name) => {
    expect(worstErrorPercent(runModel(modelNamed(name), history, daily), truth)).toBeLessThan(15);
  });

  it('the default combination (seasonal average and MSTL-ETS) forecasts the new level within 7 %', () => {
    const forecasts = defaultCombination([7]).map((name) => runModel(modelNamed(name), history, daily));
    const mean = forecasts[0].map((value, index) => (value + forecasts[1][index]) / 2);
    expect(worstErrorPercent(mean, truth)).toBeLessThan(7);
  });
});

describe('models on a one-day outage near the end', () => {
  const at = (index: number) => 1000 * weekly[index % 7];
  const history = series(140, at).map((value, index) => (index === 136 ? 0 : value));
  const truth = series(168, at).slice(140);

  it.each(['theta', 'damped', 'mstl-ets'])('%s ignores the outage (within 2 %%)', (name) => {
    expect(worstErrorPercent(runModel(modelNamed(name), history, daily), truth)).toBeLessThan(2);
  });
});

describe('models on zeros', () => {
  it.each(['naive', 'snaive-7', 'savg-7', 'sar-7', 'linear', 'theta', 'damped', 'mstl-ets'])('%s forecasts zeros, never below', (name) => {
    const forecast = runModel(modelNamed(name), new Array(120).fill(0), daily);
    expect(forecast).toHaveLength(28);
    forecast.forEach((value) => expect(value).toBeCloseTo(0, 9));
    forecast.forEach((value) => expect(value).toBeGreaterThanOrEqual(0));
  });

  it.each(['linear', 'theta', 'damped', 'mstl-ets'])('%s never forecasts below zero for a usage series falling towards it', (name) => {
    const forecast = runModel(modelNamed(name), series(120, (index) => Math.max(0, 600 - 5 * index) * weekly[index % 7]), daily);
    forecast.forEach((value) => expect(value).toBeGreaterThanOrEqual(0));
  });
});

describe('models on a counter (cumulative series)', () => {
  const counter = series(120, (index) => 1000 + 50 * index + 30 * weekly[index % 7] * index);
  for (let index = 1; index < counter.length; index += 1) counter[index] = Math.max(counter[index], counter[index - 1]);

  it.each(['naive', 'snaive-7', 'savg-7', 'sar-7', 'linear', 'theta', 'damped', 'mstl-ets'])('%s continues from the last value and never decreases', (name) => {
    const forecast = runModel(modelNamed(name), counter, daily);
    expect(forecast[0]).toBeGreaterThanOrEqual(counter[counter.length - 1]);
    forecast.slice(1).forEach((value, index) => expect(value).toBeGreaterThanOrEqual(forecast[index]));
  });
});

/** A temperature: a daily cycle whose level wanders with the weather (an AR(1) deviation, 0.97 per hour). */
function weather(length: number): number[] {
  const deviation: number[] = [];
  for (let index = 0; index < length; index += 1) deviation.push(0.97 * (deviation[index - 1] ?? 0) + 3 * Math.sin(index * 12.9898) * Math.sin(index * 78.233));
  return deviation.map((value, index) => 100 + 20 * Math.sin((2 * Math.PI * index) / 24) + value);
}

describe('the seasonal AR on hourly data whose days differ by a deviation that lingers (weather)', () => {
  const hourly: ModelContext = { periods: [24], horizon: 48, stepMs: 3_600_000 };
  const temperature = weather(24 * 30);
  const at = (index: number) => temperature[index];
  const history = series(24 * 28, at);
  const truth = series(24 * 30, at).slice(24 * 28);
  const meanAbsoluteError = (forecast: readonly number[]) => forecast.reduce((sum, value, index) => sum + Math.abs(value - truth[index]), 0) / forecast.length;

  it('is closer than the seasonal naive over the next two days', () => {
    const sar = meanAbsoluteError(runModel(modelNamed('sar-24', [24]), history, hourly));
    const snaive = meanAbsoluteError(runModel(modelNamed('snaive-24', [24]), history, hourly));
    expect(sar).toBeLessThan(snaive);
  });

  it('needs a season and two points', () => {
    expect(() => runModel(modelNamed('sar-24', [24]), history.slice(0, 25), hourly)).toThrow('seasonal AR needs 26 points (got 25)');
  });
});

describe('MSTL-ETS decomposes a longer season only where repeating it fits better than repeating the shorter', () => {
  const hourly: ModelContext = { periods: [24, 168], horizon: 48, stepMs: 3_600_000 };
  const temperature = weather(24 * 21);
  const usage = series(24 * 21, (index) => 100 * (1 + 0.5 * Math.sin((2 * Math.PI * index) / 24)) * weekly[Math.floor(index / 24) % 7]);

  it('a temperature repeats yesterday better than last week: the week is not decomposed', () => {
    expect(repeatsBetter(temperature, 168, 24)).toBe(false);
    const forecast = runModel(modelNamed('mstl-ets', [24, 168]), temperature, hourly);
    expect(forecast).toEqual(runModel(modelNamed('mstl-ets', [24]), temperature, { ...hourly, periods: [24] }));
  });

  it('weekly usage (quiet weekends) repeats its week better than its day: the week is decomposed', () => {
    expect(repeatsBetter(usage, 168, 24)).toBe(true);
    const forecast = runModel(modelNamed('mstl-ets', [24, 168]), usage, hourly);
    expect(forecast).not.toEqual(runModel(modelNamed('mstl-ets', [24]), usage, { ...hourly, periods: [24] }));
  });
});

describe('models on hourly data with two seasons', () => {
  const hourly: ModelContext = { periods: [24, 168], horizon: 48, stepMs: 3_600_000 };
  const at = (index: number) => 100 * (1 + 0.5 * Math.sin((2 * Math.PI * index) / 24)) * weekly[Math.floor(index / 24) % 7];
  const history = series(24 * 7 * 4, at);
  const truth = series(24 * 7 * 4 + 48, at).slice(24 * 7 * 4);

  it.each(['snaive-168', 'mstl-ets', 'theta'])('%s forecasts two days within 3 %%', (name) => {
    expect(worstErrorPercent(runModel(modelNamed(name, [24, 168]), history, hourly), truth)).toBeLessThan(3);
  });
});

describe('models on hourly data with a day but no week (a temperature, a service used alike every day)', () => {
  const hourly: ModelContext = { periods: [24, 168], horizon: 24, stepMs: 3_600_000 };
  // A little noise, so the weekly lag is no better than any other multiple of the day.
  const at = (index: number) => 100 * (1 + 0.5 * Math.sin((2 * Math.PI * index) / 24)) * (1 + 0.02 * Math.sin(index * 12.9898));
  const history = series(24 * 21, at);
  const truth = series(24 * 22, at).slice(24 * 21);

  it.each(['theta', 'damped'])('%s keeps the daily shape when the week is not seasonal (within 10 %%)', (name) => {
    expect(worstErrorPercent(runModel(modelNamed(name, [24, 168]), history, hourly), truth)).toBeLessThan(10);
  });

});

describe('the registry', () => {
  it('offers a seasonal naive per period, the baseline line, and the fitted models', () => {
    expect(candidateModels({ periods: [24, 168], augurs }).map((model) => model.name)).toEqual([
      'naive',
      'snaive-24',
      'snaive-168',
      'savg-24',
      'savg-168',
      'sar-24',
      'sar-168',
      'linear',
      'theta',
      'damped',
      'mstl-ets',
    ]);
  });

  it('marks only the straight line as a baseline that is never selected', () => {
    const baselines = candidateModels({ periods: [7], augurs }).filter((model) => model.baselineOnly);
    expect(baselines.map((model) => model.name)).toEqual(['linear']);
  });
});
