import { formatTimestamp, parseTime } from './time';

const NOW = Date.UTC(2026, 10, 21, 12, 30, 0);

describe('parseTime', () => {
  it.each([
    ['2026-11-01T00:00:00Z', Date.UTC(2026, 10, 1)],
    ['2026-11-01t06:07:08z', Date.UTC(2026, 10, 1, 6, 7, 8)],
    ['2026-11-01T00:00:00.250Z', Date.UTC(2026, 10, 1) + 250],
    ['2026-11-01T02:00:00+02:00', Date.UTC(2026, 10, 1)],
    ['2026-10-31T19:30:00-04:30', Date.UTC(2026, 11 - 1, 1)],
    ['2026-11-01', Date.UTC(2026, 10, 1)],
    ['2024-02-29', Date.UTC(2024, 1, 29)],
    ['1793491200', Date.UTC(2026, 10, 1)],
    ['1793491200.5', Date.UTC(2026, 10, 1) + 500],
    ['now', NOW],
    ['now-7d', NOW - 7 * 86_400_000],
    ['now-1h30m', NOW - 5_400_000],
    ['now+1h', NOW + 3_600_000],
  ])('reads %s', (text, ms) => {
    expect(parseTime(text, NOW)).toBe(ms);
  });

  it.each([
    ['2026-02-30', 'not a calendar date (got "2026-02-30")'],
    ['2026-13-01', 'not a calendar date (got "2026-13-01")'],
    ['2026-11-01T24:00:00Z', 'not a calendar date and time (got "2026-11-01T24:00:00Z")'],
    ['2026-11-01T00:00:00+25:00', 'not a calendar date and time (got "2026-11-01T00:00:00+25:00")'],
    ['now-7', 'bad duration "7" after now- (use 30m, 12h, 7d, 1w …) (got "now-7")'],
    ['now-', 'bad duration "" after now- (use 30m, 12h, 7d, 1w …) (got "now-")'],
    [
      '2026-11-01T00:00:00',
      'must be RFC 3339 (2026-11-01T00:00:00Z), a date (2026-11-01), Unix seconds or now-<duration> (now-7d) (got "2026-11-01T00:00:00")',
    ],
    ['yesterday', 'must be RFC 3339 (2026-11-01T00:00:00Z), a date (2026-11-01), Unix seconds or now-<duration> (now-7d) (got "yesterday")'],
    ['-5', 'must be RFC 3339 (2026-11-01T00:00:00Z), a date (2026-11-01), Unix seconds or now-<duration> (now-7d) (got "-5")'],
  ])('rejects %s', (text, message) => {
    expect(() => parseTime(text, NOW)).toThrow(new Error(message));
  });
});

describe('formatTimestamp', () => {
  it('writes RFC 3339 UTC with milliseconds only when there are some', () => {
    expect(formatTimestamp(Date.UTC(2026, 10, 1))).toBe('2026-11-01T00:00:00Z');
    expect(formatTimestamp(Date.UTC(2026, 10, 1) + 5)).toBe('2026-11-01T00:00:00.005Z');
  });
});
