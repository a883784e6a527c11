import { DENSE_ORIGINS_SPAN_MS, defaultStep } from './evaluate-csv';

const HOUR = 3_600_000;
const DAY = 24 * HOUR;
/** Twelve weeks of hours. */
const SPAN_HOURS = DENSE_ORIGINS_SPAN_MS / HOUR;

describe('defaultStep', () => {
  it('spans twelve weeks of dense origins', () => {
    expect(SPAN_HOURS).toBe(2016);
  });

  it('puts daily origins a quarter horizon apart, however short the series: a week for 28 days', () => {
    expect(defaultStep({ bucketMs: DAY, horizon: 28, length: 120 })).toBe(7);
    expect(defaultStep({ bucketMs: 7 * DAY, horizon: 12, length: 40 })).toBe(3);
  });

  it('puts origins of a sub-daily series of at most twelve weeks a quarter of a day apart, or a quarter horizon when that is shorter', () => {
    expect(defaultStep({ bucketMs: HOUR, horizon: 48, length: 264 })).toBe(6);
    expect(defaultStep({ bucketMs: HOUR, horizon: 48, length: SPAN_HOURS })).toBe(6);
    expect(defaultStep({ bucketMs: 2 * HOUR, horizon: 24, length: 132 })).toBe(3);
    expect(defaultStep({ bucketMs: 5 * 60_000, horizon: 576, length: 8000 })).toBe(72);
    expect(defaultStep({ bucketMs: HOUR, horizon: 12, length: 264 })).toBe(3);
  });

  it('keeps a quarter horizon for a longer sub-daily series (hundreds of origins already)', () => {
    expect(defaultStep({ bucketMs: HOUR, horizon: 48, length: SPAN_HOURS + 1 })).toBe(12);
    expect(defaultStep({ bucketMs: 2 * HOUR, horizon: 24, length: SPAN_HOURS / 2 + 1 })).toBe(6);
  });

  it('never goes below one point', () => {
    expect(defaultStep({ bucketMs: 12 * HOUR, horizon: 2, length: 40 })).toBe(1);
    expect(defaultStep({ bucketMs: DAY, horizon: 1, length: 40 })).toBe(1);
  });
});
