import { backtrackingRisk, compileSafeRegex, MAX_PATTERN_LENGTH } from './safe-regex';

describe('refusing regexes open to catastrophic backtracking', () => {
  it.each(['(a+)+$', '(a*)*b', '(\\w+\\s?)*$', '((ab)+)+', '(?:x|y+){2,}', '(a{1,30}){1,30}', '((a+))*', '(\\d+)+x', '(a)\\1', '(?<n>a)\\k<n>'])('refuses %s', (pattern) => {
    expect(backtrackingRisk(pattern)).toBeDefined();
  });

  it.each(['demo-[a-z0-9-]{1,40}', '"status":\\s*"ok"', '(ab)+', '(a+)?', '(a+){1}', '[(a+)+]', '\\(a+\\)+', '(?:foo|bar)+baz', 'a*b*c*', '^(?:team-[a-z0-9]+)$'])('accepts %s', (pattern) => {
    expect(backtrackingRisk(pattern)).toBeUndefined();
  });

  it('explains a refusal, an invalid pattern and one over the length bound', () => {
    expect(compileSafeRegex('(a+)+')).toEqual({ error: 'is open to catastrophic backtracking: nested repetition "(a+)+" (a repeated group holding a repetition)' });
    expect(compileSafeRegex('(a')).toEqual({ error: expect.stringMatching(/^is not a valid regular expression: /) });
    expect(compileSafeRegex('a'.repeat(MAX_PATTERN_LENGTH))).toHaveProperty('regex');
    expect(compileSafeRegex('a'.repeat(MAX_PATTERN_LENGTH + 1))).toEqual({ error: `must be at most ${MAX_PATTERN_LENGTH} characters (got ${MAX_PATTERN_LENGTH + 1})` });
  });
});
