import { derived, num } from './promql';

describe('num: a spec number printed exactly', () => {
  it.each([
    [1099511627776, '1099511627776'],
    [9007199254740991, '9007199254740991'],
    [1e21, '1000000000000000000000'],
    [0.999, '0.999'],
    [1.5e-7, '0.00000015'],
    [0.0000001234567890123, '0.0000001234567890123'],
    [-2.5e-10, '-0.00000000025'],
    [123.456, '123.456'],
    [0, '0'],
  ])('%p → %s', (value, text) => {
    expect(num(value)).toBe(text);
    expect(Number(text)).toBe(value);
  });

  it('refuses what PromQL cannot read as a threshold', () => {
    expect(() => num(Number.NaN)).toThrow('cannot print NaN');
  });
});

describe('derived: a computed number without floating-point noise', () => {
  it.each([
    [1 - 0.999, '0.001'],
    [0.95 * 100, '95'],
    [0.1 + 0.2, '0.3'],
    [1099511627776 * 1.5, '1649267441660'],
  ])('%p → %s', (value, text) => {
    expect(derived(value)).toBe(text);
  });
});
