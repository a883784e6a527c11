import { clearlyBetter } from './select';

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
