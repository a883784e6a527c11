import { prepareSeries } from './prepare';

const DAY = 86_400_000;
const daily = (values: number[]) => ({ times: values.map((_, index) => Date.UTC(2024, 0, 1) + index * DAY), values });
const options = { bucketMs: DAY, agg: 'sum', season: 'auto' } as const;

describe('prepareSeries', () => {
  it('fills a short gap and remembers it was not observed', () => {
    const values = Array.from({ length: 30 }, (_, index) => 10 + (index % 7));
    const raw = daily(values);
    const holed = { times: raw.times.filter((_, index) => index !== 20), values: raw.values.filter((_, index) => index !== 20) };
    const prepared = prepareSeries(holed, options);
    if (!prepared.ok) throw new Error(prepared.reason);
    expect(prepared.series.values[20]).toBe(values[13]);
    expect(prepared.series.observed[20]).toBe(false);
    expect(prepared.series.periods).toEqual([7]);
  });

  it('skips a series with too many gaps, saying why', () => {
    const raw = daily(Array.from({ length: 60 }, () => 1));
    const keep = raw.times.map((_, index) => index % 5 !== 2);
    const prepared = prepareSeries({ times: raw.times.filter((_, i) => keep[i]), values: raw.values.filter((_, i) => keep[i]) }, options);
    expect(prepared).toEqual({ ok: false, reason: 'too gappy: 12 of 60 buckets missing (20 %, at most 10 %)' });
  });

  it('skips a series with a gap longer than a season', () => {
    const raw = daily(Array.from({ length: 120 }, () => 1));
    const keep = raw.times.map((_, index) => index < 50 || index >= 60);
    const prepared = prepareSeries({ times: raw.times.filter((_, i) => keep[i]), values: raw.values.filter((_, i) => keep[i]) }, options);
    expect(prepared).toEqual({ ok: false, reason: 'too gappy: 10 buckets missing in a row (at most 7)' });
  });
});
