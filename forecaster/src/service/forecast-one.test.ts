import { loadAugurs } from '../models/augurs';
import { serviceJob } from '../testing/service-jobs';
import type { RawSeries } from '../series/types';
import { forecastOne } from './forecast-one';

const augurs = loadAugurs();
const DAY = 86_400_000;
const without = (raw: RawSeries, gone: (day: number) => boolean): RawSeries => {
  const keep = raw.times.map((time) => !gone(Math.floor((time - raw.times[0]) / DAY)));
  return { times: raw.times.filter((_, index) => keep[index]), values: raw.values.filter((_, index) => keep[index]) };
};

describe('forecastOne on a gappy usage series (an exporter down, lost scrapes)', () => {
  const job = serviceJob(3);

  it('forecasts through a lost week and scattered lost days, with bands', () => {
    const result = forecastOne({ ...job, daily: without(job.daily, (day) => (day >= 40 && day < 47) || day % 13 === 6), augurs });
    if (result.status !== 'ok') throw new Error(result.reason);
    const week = result.horizons.find((horizon) => horizon.label === '7d');
    expect(week?.lower).toBeLessThan(week?.median ?? 0);
    expect(week?.upper).toBeGreaterThan(week?.median ?? 0);
  });

  it('skips the series, saying it is too short, when only the days after a gap over 28 days remain too few', () => {
    const result = forecastOne({ ...job, daily: without(job.daily, (day) => day >= 20 && day < 75), augurs });
    expect(result).toEqual({ status: 'skipped', reason: expect.stringMatching(/^too short: 15 days of history, \d+ needed$/) });
  });
});
