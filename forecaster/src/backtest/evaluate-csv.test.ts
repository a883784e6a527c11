import { defaultStep } from './evaluate-csv';

const HOUR = 3_600_000;
const DAY = 24 * HOUR;

describe('defaultStep', () => {
  it('puts daily origins a quarter horizon apart: a week for 28 days', () => {
    expect(defaultStep(DAY, 28)).toBe(7);
    expect(defaultStep(7 * DAY, 12)).toBe(3);
  });

  it('puts finer origins a quarter of a day apart, or a quarter horizon when that is shorter', () => {
    expect(defaultStep(HOUR, 48)).toBe(6);
    expect(defaultStep(2 * HOUR, 24)).toBe(3);
    expect(defaultStep(5 * 60_000, 576)).toBe(72);
    expect(defaultStep(HOUR, 12)).toBe(3);
  });

  it('never goes below one point', () => {
    expect(defaultStep(12 * HOUR, 2)).toBe(1);
    expect(defaultStep(DAY, 1)).toBe(1);
  });
});
