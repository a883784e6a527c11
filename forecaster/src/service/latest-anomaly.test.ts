import { loadAugurs } from '../models/augurs';
import { asRawSeries, hourOfDayProfile, usageSeries } from '../testing/synthetic';
import { latestHourAnomaly } from './latest-anomaly';

const augurs = loadAugurs();
const hourly = (days: number, spike = 1) => {
  const values = usageSeries({ points: days * 24, level: 100, growth: 0, seasons: [hourOfDayProfile(0.5)], noise: 0.03, anomalies: 0, shifts: 0, seed: 7 });
  values[values.length - 1] *= spike;
  return asRawSeries(values, 3_600_000);
};

describe('latestHourAnomaly', () => {
  it('answers for a history too short to select a model (16 days): the default seasonal average, no band', () => {
    expect(latestHourAnomaly(hourly(16), augurs)).toBeUndefined();
  });

  it('flags a latest hour three times its usual level, and not a usual one', () => {
    expect(latestHourAnomaly(hourly(30, 3), augurs)).toBe(true);
    expect(latestHourAnomaly(hourly(30), augurs)).toBe(false);
  });
});
