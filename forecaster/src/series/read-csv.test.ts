import { parseCsvSeries, parseTimestamp } from './read-csv';

describe('parseCsvSeries', () => {
  it('reads the NAB style: timestamp,value with UTC times without a zone', () => {
    const raw = parseCsvSeries('timestamp,value\n2014-07-01 00:00:00,10844\n2014-07-01 00:30:00,8127\n', 'taxi.csv');
    expect(raw.times).toEqual([Date.UTC(2014, 6, 1, 0, 0), Date.UTC(2014, 6, 1, 0, 30)]);
    expect(raw.values).toEqual([10844, 8127]);
  });

  it('reads the mscloud style: quoted ISO timestamps and an extra Label column', () => {
    const raw = parseCsvSeries('TimeStamp,Value,Label\n"2017-11-01T00:00:00Z",49.5,0\r\n"2017-11-01T01:00:00Z",48.25,1\r\n', 'api.csv');
    expect(raw.times).toEqual([Date.UTC(2017, 10, 1, 0), Date.UTC(2017, 10, 1, 1)]);
    expect(raw.values).toEqual([49.5, 48.25]);
  });

  it('averages a repeated timestamp (a DST fall-back written as UTC) instead of counting it twice', () => {
    const raw = parseCsvSeries('timestamp,value\n2017-11-05T01:00:00Z,10\n2017-11-05T01:00:00Z,20\n2017-11-05T02:00:00Z,5\n', 'api.csv');
    expect(raw.values).toEqual([15, 5]);
  });

  it('keeps empty and NaN values as gaps', () => {
    const raw = parseCsvSeries('timestamp,value\n2024-01-01,1\n2024-01-02,\n2024-01-03,NaN\n2024-01-04,4\n', 'gaps.csv');
    expect(raw.values).toEqual([1, 4]);
  });

  it.each([
    ['when,what\n2024-01-01,1\n', 'x.csv:1: header must name a timestamp and a value column (got "when,what")'],
    ['timestamp,value\n2024-01-01,1\nyesterday,2\n', 'x.csv:3: not a timestamp: "yesterday"'],
    ['timestamp,value\n2024-01-01,1\n2024-01-02,lots\n', 'x.csv:3: not a number: "lots"'],
    ['timestamp,value\n2024-01-01,1\n2024-01-02\n', 'x.csv:3: expected 2 columns (got "2024-01-02")'],
    ['timestamp,value\n2024-01-02,1\n2024-01-01,2\n', 'x.csv:3: timestamps must not go back ("2024-01-01" is before the previous row)'],
    ['timestamp,value\n', 'x.csv: no data rows'],
  ])('rejects bad input, naming the file and line: %j', (text, message) => {
    expect(() => parseCsvSeries(text, 'x.csv')).toThrow(message);
  });
});

describe('parseTimestamp', () => {
  it.each([
    ['2024-03-01T12:30:00Z', Date.UTC(2024, 2, 1, 12, 30)],
    ['2024-03-01 12:30:00', Date.UTC(2024, 2, 1, 12, 30)],
    ['2024-03-01T12:30:00+02:00', Date.UTC(2024, 2, 1, 10, 30)],
    ['2024-03-01', Date.UTC(2024, 2, 1)],
    ['1709296200', Date.UTC(2024, 2, 1, 12, 30)],
    ['1709296200000', Date.UTC(2024, 2, 1, 12, 30)],
  ])('reads %s', (text, ms) => {
    expect(parseTimestamp(text)).toBe(ms);
  });

  it('refuses what is not a timestamp', () => {
    expect(parseTimestamp('2024-13-45')).toBeUndefined();
    expect(parseTimestamp('noon')).toBeUndefined();
  });
});
