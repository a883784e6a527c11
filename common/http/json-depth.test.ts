import { jsonNestedDeeperThan, jsonValueDeeperThan, MAX_JSON_DEPTH } from './json-depth';

const nested = (depth: number, inner = '1') => '['.repeat(depth) + inner + ']'.repeat(depth);

describe('jsonNestedDeeperThan', () => {
  it('accepts nesting at the limit and refuses one level more', () => {
    expect(jsonNestedDeeperThan(nested(MAX_JSON_DEPTH))).toBe(false);
    expect(jsonNestedDeeperThan(nested(MAX_JSON_DEPTH + 1))).toBe(true);
    expect(jsonNestedDeeperThan(nested(3), 3)).toBe(false);
    expect(jsonNestedDeeperThan(nested(4), 3)).toBe(true);
  });

  it('counts objects and arrays alike, and depth rather than how many there are', () => {
    expect(jsonNestedDeeperThan('{"a":{"b":[{"c":1}]}}', 4)).toBe(false);
    expect(jsonNestedDeeperThan('{"a":{"b":[{"c":{}}]}}', 4)).toBe(true);
    expect(jsonNestedDeeperThan(`[${Array.from({ length: 1000 }, () => '[[1]]').join(',')}]`, 3)).toBe(false);
  });

  it('ignores brackets inside strings, escaped quotes included', () => {
    expect(jsonNestedDeeperThan(JSON.stringify({ text: '[[[[[[{{{{' }), 1)).toBe(false);
    expect(jsonNestedDeeperThan(JSON.stringify({ text: 'say "[[[[" \\ [' }), 1)).toBe(false);
    expect(jsonNestedDeeperThan(`{"a":"\\"","b":[[1]]}`, 2)).toBe(true);
    // A string ending in an escaped backslash ends at the quote after it.
    expect(jsonNestedDeeperThan('{"a":"x\\\\","b":[[1]]}', 2)).toBe(true);
    expect(jsonNestedDeeperThan('{"a":"x\\\\\\"[[","b":1}', 1)).toBe(false);
    // An unterminated string holds the rest of the text.
    expect(jsonNestedDeeperThan('["[[[[', 1)).toBe(false);
  });

  it('refuses thousands of levels without recursing', () => {
    expect(jsonNestedDeeperThan(nested(100_000))).toBe(true);
    expect(jsonNestedDeeperThan('{"a":'.repeat(100_000))).toBe(true);
  });
});

describe('jsonValueDeeperThan', () => {
  it('counts a parsed value as jsonNestedDeeperThan counts its text, at the limit and one level past it', () => {
    const texts = [nested(MAX_JSON_DEPTH), nested(MAX_JSON_DEPTH + 1), '{"a":{"b":[{"c":1}]}}', '{"a":{"b":[{"c":{}}]}}', `[${Array.from({ length: 1000 }, () => '[[1]]').join(',')}]`, '1', '"[[["', '[]', '{}'];
    for (const limit of [1, 3, 4, MAX_JSON_DEPTH]) {
      for (const text of texts) expect({ text, limit, deeper: jsonValueDeeperThan(JSON.parse(text), limit) }).toEqual({ text, limit, deeper: jsonNestedDeeperThan(text, limit) });
    }
  });

  it('refuses a value thousands of levels deep, looking no deeper than one level past the limit', () => {
    expect(jsonValueDeeperThan(JSON.parse(nested(100_000)))).toBe(true);
  });
});
