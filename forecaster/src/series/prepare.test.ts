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

  it('skips a series with more than 30 % of its buckets missing, saying why', () => {
    const raw = daily(Array.from({ length: 60 }, () => 1));
    const prepared = prepareSeries(without(raw, (index) => index % 3 === 2), options);
    expect(prepared).toEqual({ ok: false, reason: 'too gappy: 19 of 59 buckets missing (32 %, at most 30 %)' });
  });

  it('forecasts through 30 % missing and a gap of 28 days, never scoring them', () => {
    const values = Array.from({ length: 200 }, (_, index) => 10 + (index % 7));
    const gone = (index: number) => (index >= 100 && index < 128) || (index > 7 && index < 90 && index % 3 === 0);
    const prepared = prepareSeries(without(daily(values), gone), options);
    if (!prepared.ok) throw new Error(prepared.reason);
    expect(prepared.series.droppedBuckets).toBe(0);
    expect(prepared.series.values).toEqual(values);
    expect(prepared.series.observed.filter((seen) => !seen)).toHaveLength(55);
    expect(prepared.series.observed[127]).toBe(false);
  });

  it('drops the history before a gap longer than 28 days and forecasts from what follows', () => {
    const values = Array.from({ length: 200 }, (_, index) => 10 + (index % 7));
    const prepared = prepareSeries(without(daily(values), (index) => index >= 50 && index < 79), options);
    if (!prepared.ok) throw new Error(prepared.reason);
    expect(prepared.series.droppedBuckets).toBe(79);
    expect(prepared.series.values).toEqual(values.slice(79));
    expect(prepared.series.startMs).toBe(Date.UTC(2024, 0, 1) + 79 * DAY);
  });

  it('fills a week of missing hours, but not eight days', () => {
    const HOUR = 3_600_000;
    const hourly = { times: Array.from({ length: 60 * 24 }, (_, index) => Date.UTC(2024, 0, 1) + index * HOUR), values: Array.from({ length: 60 * 24 }, (_, index) => index % 24) };
    const hourOptions = { ...options, bucketMs: HOUR };
    const week = prepareSeries(without(hourly, (index) => index >= 500 && index < 500 + 168), hourOptions);
    const eightDays = prepareSeries(without(hourly, (index) => index >= 500 && index < 500 + 192), hourOptions);
    expect(week.ok && week.series.droppedBuckets).toBe(0);
    expect(eightDays.ok && eightDays.series.droppedBuckets).toBe(692);
  });
});

function without(raw: { times: number[]; values: number[] }, gone: (index: number) => boolean) {
  return { times: raw.times.filter((_, index) => !gone(index)), values: raw.values.filter((_, index) => !gone(index)) };
}
