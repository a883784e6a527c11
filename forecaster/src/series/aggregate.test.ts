import { aggregate, AggregationError } from './aggregate';

const HOUR = 3_600_000;
const DAY = 24 * HOUR;
const start = Date.UTC(2024, 0, 1);
const hourly = (hours: number, value: (hour: number) => number) => ({
  times: Array.from({ length: hours }, (_, hour) => start + hour * HOUR),
  values: Array.from({ length: hours }, (_, hour) => value(hour)),
});

describe('aggregate', () => {
  it('sums whole days, aligned to UTC midnight', () => {
    const buckets = aggregate(hourly(72, () => 1), { bucketMs: DAY, agg: 'sum' });
    expect(buckets).toMatchObject({ startMs: start, stepMs: DAY, values: [24, 24, 24], sampleMs: HOUR });
  });

  it('averages with mean', () => {
    expect(aggregate(hourly(48, (hour) => hour), { bucketMs: DAY, agg: 'mean' }).values).toEqual([11.5, 35.5]);
  });

  it('drops a partial first and last day, which would look like dips', () => {
    const raw = hourly(24 * 4, () => 1);
    const trimmed = { times: raw.times.slice(5, -3), values: raw.values.slice(5, -3) };
    expect(aggregate(trimmed, { bucketMs: DAY, agg: 'sum' })).toMatchObject({ startMs: start + DAY, values: [24, 24] });
  });

  it('scales up a day missing a few samples, and marks a day missing most of them as a gap', () => {
    const raw = hourly(24 * 4, () => 2);
    const dropped = (index: number) => (index >= 24 && index < 27) || (index >= 48 && index < 62);
    const keep = raw.times.map((_, index) => !dropped(index));
    const gappy = { times: raw.times.filter((_, index) => keep[index]), values: raw.values.filter((_, index) => keep[index]) };
    const buckets = aggregate(gappy, { bucketMs: DAY, agg: 'sum' });
    expect(buckets.values).toEqual([48, 48, Number.NaN, 48]);
  });

  it('leaves a missing interior day as NaN', () => {
    const raw = hourly(24 * 3, () => 1);
    const keep = raw.times.map((_, index) => index < 24 || index >= 48);
    const buckets = aggregate({ times: raw.times.filter((_, i) => keep[i]), values: raw.values.filter((_, i) => keep[i]) }, { bucketMs: DAY, agg: 'sum' });
    expect(buckets.values).toEqual([24, Number.NaN, 24]);
  });

  it('refuses buckets finer than the samples', () => {
    expect(() => aggregate(hourly(48, () => 1), { bucketMs: 60_000, agg: 'sum' })).toThrow(AggregationError);
  });
});
