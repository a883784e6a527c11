import { parseBacktestFlags } from './backtest-flags';

describe('parseBacktestFlags', () => {
  it('has the defaults the issue names: daily buckets, sum, auto seasons, 95 %', () => {
    expect(parseBacktestFlags(['--input', 'a.csv'])).toEqual({
      inputs: ['a.csv'],
      bucketMs: 86_400_000,
      agg: 'sum',
      horizon: undefined,
      step: undefined,
      season: 'auto',
      level: 0.95,
      json: false,
      help: false,
    });
  });

  it('reads points or durations for the horizon and step, and several inputs', () => {
    const flags = parseBacktestFlags(['--input', 'a.csv', '--input=b.csv', '--period', '1h', '--horizon', '2d', '--step', '12', '--season', '24,168', '--agg', 'mean', '--json']);
    expect(flags).toMatchObject({ inputs: ['a.csv', 'b.csv'], bucketMs: 3_600_000, horizon: 48, step: 12, season: [24, 168], agg: 'mean', json: true });
  });

  it.each([
    [[], '--input: at least one CSV file is required'],
    [['--input', 'a.csv', '--agg', 'max'], '--agg: must be sum or mean (got "max")'],
    [['--input', 'a.csv', '--period', 'daily'], '--period: not a duration (got "daily")'],
    [['--input', 'a.csv', '--horizon', '36h'], '--horizon: must be a positive number of points or a duration that is a whole number of --period buckets (got "36h")'],
    [['--input', 'a.csv', '--step', '0'], '--step: must be a positive number of points'],
    [['--input', 'a.csv', '--season', 'weekly'], '--season: must be auto, none or whole numbers of points ≥ 2 separated by commas (got "weekly")'],
    [['--input', 'a.csv', '--level', '95'], '--level: must be between 0 and 1 (got "95")'],
    [['--input', 'a.csv', '--bogus'], "Unknown option '--bogus'"],
  ])('rejects %j, naming the flag', (argv, message) => {
    expect(() => parseBacktestFlags(argv)).toThrow(message);
  });
});
