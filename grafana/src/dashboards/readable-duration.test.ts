import { readableDuration } from './readable-duration';

describe('a duration as a title reads it', () => {
  it.each([
    ['15m', '15 min'],
    ['1h', 'hour'],
    ['90m', '90 min'],
    ['2h', '2 hours'],
    ['1d', 'day'],
    ['7d', '7 days'],
    ['30s', '30 s'],
    ['250ms', '250ms'],
  ])('%s reads "%s"', (text, expected) => {
    expect(readableDuration(text)).toBe(expected);
  });

  it('refuses what is not a duration', () => {
    expect(() => readableDuration('soon')).toThrow('not a duration: soon');
  });
});
