import { createErrorBook } from './errors';
import type { OriginTable } from './run-origins';
import { clearlyBetter, selectCandidate, type SelectOptions } from './select';

describe('clearlyBetter', () => {
  const fallback = [1, 1, 1, 1, 1, 1, 1, 1];

  it('lets a challenger win when it is better at every origin', () => {
    expect(clearlyBetter([0.8, 0.82, 0.79, 0.81, 0.8, 0.78, 0.83, 0.8], fallback, 1)).toBe(true);
  });

  it('keeps the default when the challenger wins on average but not consistently', () => {
    expect(clearlyBetter([0.5, 1.3, 0.6, 1.2, 0.7, 1.1, 0.6, 1.2], fallback, 1)).toBe(false);
  });

  it('asks for more when origins overlap: eight origins a quarter-horizon apart count as two', () => {
    const challenger = [0.7, 1.05, 0.8, 0.98, 0.75, 1.02, 0.85, 0.95];
    expect(clearlyBetter(challenger, fallback, 1)).toBe(true);
    expect(clearlyBetter(challenger, fallback, 0.25)).toBe(false);
  });

  it('never switches on a single origin', () => {
    expect(clearlyBetter([0.1], [1], 1)).toBe(false);
  });
});

describe('selectCandidate: the default combination', () => {
  // Ten origins one step apart, horizon 1, actual 10 each time; each model's error per origin.
  const table = (errors: Record<string, number[]>): OriginTable => {
    const origins = Array.from({ length: 10 }, (_, index) => 100 + index);
    return {
      origins,
      scales: origins.map(() => 1),
      constraints: origins.map(() => ({ nonNegative: false })),
      actuals: origins.map(() => [10]),
      observed: origins.map(() => [true]),
      forecasts: new Map(Object.entries(errors).map(([name, byOrigin]) => [name, byOrigin.map((error) => [10 + error])])),
      failures: new Map(),
    };
  };
  const options: SelectOptions = {
    selectable: ['savg-168', 'snaive-24', 'mstl-ets'],
    fallback: [['savg-168', 'snaive-24'], ['mstl-ets']],
    minOrigins: 3,
    window: 1000,
    maxMembers: 1,
    overlap: 1,
  };
  const alternating = (size: number) => Array.from({ length: 10 }, (_, index) => (index % 2 === 0 ? size : -size));

  it('keeps the first alternative of a member when another is not clearly better', () => {
    const book = createErrorBook(table({ 'savg-168': alternating(2), 'snaive-24': [1.9, -2.1, 1.9, -2.1, 1.9, -2.1, 1.9, -2.1, 1.9, -2.1], 'mstl-ets': alternating(3) }));
    expect(selectCandidate(book, 200, options)?.fallback.name).toBe('mean(mstl-ets,savg-168)');
  });

  it('takes another alternative when it is clearly better (a day but no week)', () => {
    const book = createErrorBook(table({ 'savg-168': alternating(4), 'snaive-24': alternating(1), 'mstl-ets': alternating(3) }));
    expect(selectCandidate(book, 200, options)?.fallback.name).toBe('mean(mstl-ets,snaive-24)');
  });
});
