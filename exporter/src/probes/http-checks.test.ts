import { judgeResponse, readLoad, statusAccepted, type ResponseChecks } from './http-checks';

const checks = (overrides: Partial<ResponseChecks> = {}): ResponseChecks => ({
  validStatusCodes: [],
  failIfBodyNotMatches: [],
  ...overrides,
});

describe('statusAccepted', () => {
  it('accepts exactly 2xx when the list is empty', () => {
    expect([199, 200, 204, 299, 300, 404].map((code) => statusAccepted(code, []))).toEqual([false, true, true, true, false, false]);
  });

  it('accepts only listed codes otherwise', () => {
    expect(statusAccepted(200, [204])).toBe(false);
    expect(statusAccepted(301, [200, 301])).toBe(true);
  });
});

describe('readLoad', () => {
  it('follows a dotted path, through arrays too', () => {
    expect(readLoad('{"load":{"participants":17.5}}', 'load.participants')).toEqual({ load: 17.5 });
    expect(readLoad('{"regions":[{"load":3}]}', 'regions.0.load')).toEqual({ load: 3 });
    expect(readLoad('{"load":0}', 'load')).toEqual({ load: 0 });
  });

  it.each([
    ['not json', 'load', /not JSON/],
    ['{"load":{}}', 'load.participants', /not found/],
    ['{"load":null}', 'load.participants', /not found/],
    ['{"load":"12"}', 'load', /not a number \(got "12"\)/],
    ['{"load":{"participants":true}}', 'load.participants', /not a number/],
    ['{}', 'constructor', /not found/],
    ['{}', '__proto__', /not found/],
  ])('finds no load in %s at %s', (body, path, problem) => {
    const reading = readLoad(body, path);
    expect('problem' in reading && reading.problem).toMatch(problem);
  });
});

describe('judgeResponse', () => {
  it('checks status before the body', () => {
    expect(judgeResponse(checks({ failIfBodyNotMatches: [/ok/] }), 500, 'nope')).toMatchObject({ reason: 'http_status', statusCode: 500 });
  });

  it('gives the same answer every time for a shared global pattern', () => {
    const pattern = /ok/g;
    const results = [1, 2, 3].map(() => judgeResponse(checks({ failIfBodyNotMatches: [pattern] }), 200, 'ok').success);
    expect(results).toEqual([true, true, true]);
  });

  it('succeeds with the load when the field holds a number', () => {
    expect(judgeResponse(checks({ loadField: 'n' }), 200, '{"n":5}')).toEqual({ success: true, statusCode: 200, load: 5 });
  });

  it('succeeds without a load, saying why, when the field is missing', () => {
    expect(judgeResponse(checks({ loadField: 'n' }), 200, '{}')).toEqual({
      success: true,
      statusCode: 200,
      message: 'load field n: not found in the body',
    });
  });
});
