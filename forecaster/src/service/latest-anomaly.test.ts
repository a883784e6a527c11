import { loadAugurs } from '../models/augurs';
import { asRawSeries, hourOfDayProfile, usageSeries } from '../testing/synthetic';
import { latestHourAnomaly } from './latest-anomaly';

const augurs = loadAugurs();
const hourly = (days: number, spike = 1, seed = 7) => {
  const values = usageSeries({ points: days * 24, level: 100, growth: 0, seasons: [hourOfDayProfile(0.5)], noise: 0.03, anomalies: 0, shifts: 0, seed });
  values[values.length - 1] *= spike;
  return asRawSeries(values, 3_600_000);
};
/** No noise at all: the history repeats itself exactly, and its band is narrower than any sampling error. */
const exact = (days: number, lastTimes: number) => {
  const values = usageSeries({ points: days * 24, level: 100, growth: 0, seasons: [hourOfDayProfile(0.5)], noise: 0, anomalies: 0, shifts: 0, seed: 1 });
  values[values.length - 1] *= lastTimes;
  return asRawSeries(values, 3_600_000);
};
const SEEDS = Array.from({ length: 40 }, (_, index) => index + 1);

describe('latestHourAnomaly', () => {
  it('answers for a history too short to select a model (16 days): the default seasonal average, no band', () => {
    expect(latestHourAnomaly(hourly(16), augurs)).toBeUndefined();
  });

  it('flags a latest hour three times its usual level, and not a usual one', () => {
    expect(latestHourAnomaly(hourly(30, 3), augurs)).toBe(true);
    expect(latestHourAnomaly(hourly(30), augurs)).toBe(false);
  });

  it('does not flag an hour within 10 % of the forecast of a series that repeats itself exactly, and flags one further off', () => {
    expect([0.99, 1.05, 0.92].map((times) => latestHourAnomaly(exact(30, times), augurs))).toEqual([false, false, false]);
    expect([1.15, 0.85].map((times) => latestHourAnomaly(exact(30, times), augurs))).toEqual([true, true]);
  });

  // The flag is raised for every series every hour: judged on the 95 % band alone it would be
  // raised for one ordinary hour in twenty by design, a few of any hundred series at all times.
  it('stays off for ordinary hours of many series, and is on for a spike or a dip in each of them', () => {
    const flagged = (spike: number) => SEEDS.filter((seed) => latestHourAnomaly(hourly(22, spike, seed), augurs)).length;
    expect({ ordinary: flagged(1), spikes: flagged(1.5), dips: flagged(0.5) }).toEqual({ ordinary: 0, spikes: SEEDS.length, dips: SEEDS.length });
  }, 60_000);
});
