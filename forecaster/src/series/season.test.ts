import { seasonalPeriods } from './season';

const HOUR = 3_600_000;

describe('seasonalPeriods', () => {
  it('finds a week in daily buckets', () => {
    expect(seasonalPeriods({ spec: 'auto', stepMs: 24 * HOUR, length: 100 })).toEqual([7]);
  });

  it('finds a day and a week in hourly buckets when two weeks are there', () => {
    expect(seasonalPeriods({ spec: 'auto', stepMs: HOUR, length: 336 })).toEqual([24, 168]);
    expect(seasonalPeriods({ spec: 'auto', stepMs: HOUR, length: 335 })).toEqual([24]);
  });

  it('finds none in a series shorter than two weeks of days', () => {
    expect(seasonalPeriods({ spec: 'auto', stepMs: 24 * HOUR, length: 13 })).toEqual([]);
  });

  it('takes given periods, sorted, dropping those the history cannot hold twice', () => {
    expect(seasonalPeriods({ spec: [168, 24], stepMs: HOUR, length: 200 })).toEqual([24]);
  });
});
