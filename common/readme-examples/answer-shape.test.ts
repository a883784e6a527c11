import { answerShape } from './answer-shape';

describe('answerShape', () => {
  it('reads the top-level keys, not nested ones', () => {
    expect(answerShape('{"a":1,"b":{"c":2},"d":[{"e":3}],"f":"x,\\"g\\":1"}')).toEqual({ keys: ['a', 'b', 'd', 'f'], elided: false });
  });

  it('says when the README left top-level keys out, and not for a value cut short', () => {
    expect(answerShape('{"id":"6f1c…","a":1,…,"b":2}')).toEqual({ keys: ['id', 'a', 'b'], elided: true });
    expect(answerShape('{"id":"6f1c…","list":[1, …]}')).toEqual({ keys: ['id', 'list'], elided: false });
  });

  it('refuses text with no object', () => {
    expect(() => answerShape('config reloaded')).toThrow('no JSON object in "config reloaded"');
  });
});
