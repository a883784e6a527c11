import { calibrateOffsets, preferredSamples, type ScaledError } from './calibrate';

/** `count` errors for each step of the horizon, targets counting back from `lastTarget`. */
function errors(horizon: number, count: number, size: (step: number, index: number) => number, lastTarget = 1000): ScaledError[] {
  return Array.from({ length: horizon * count }, (_, index) => {
    const step = (index % horizon) + 1;
    return { step, target: lastTarget - Math.floor(index / horizon), error: size(step, Math.floor(index / horizon)) };
  });
}

const options = { level: 0.95, block: 7, window: 10_000, horizon: 14, cutoff: 1001 };

describe('calibrateOffsets', () => {
  it('wants at least two expected misses: 40 errors for a 95 % band', () => {
    expect(preferredSamples(0.95)).toBe(40);
  });

  it('gives each block of steps its own width, from the absolute errors of those steps', () => {
    // Errors of ±3 in the first week of the horizon and ±6 in the second.
    const known = errors(14, 20, (step, index) => (index % 2 === 0 ? 1 : -1) * (step <= 7 ? 3 : 6));
    const offsets = calibrateOffsets((since) => known.filter((error) => error.target >= since), options);
    if (!offsets) throw new Error('no band');
    expect(offsets.upper.slice(0, 7).every((value) => value === offsets.upper[0])).toBe(true);
    expect(offsets.upper[0]).toBe(3);
    expect(offsets.upper[7]).toBe(6);
    expect(offsets.lower).toEqual(offsets.upper.map((value) => -value));
    expect(offsets.blocks).toEqual([
      { fromStep: 1, toStep: 7, errors: 140, origins: 26, source: 'recent', level: 0.95, designEffect: 1, quantile: 3 },
      { fromStep: 8, toStep: 14, errors: 140, origins: 26, source: 'recent', level: 0.95, designEffect: 1, quantile: 6 },
    ]);
  });

  it('counts recent errors more within the window: errors that grew widen the band', () => {
    // 40 forecasts' errors of 1 long ago and one forecast's errors of 4 now: 7 of 287 per block, fewer
    // than 5 %, so with equal weights the 95 % quantile is 1; weighted by recency it is 4.
    const known = [...errors(14, 40, () => 1, 900), ...errors(14, 1, () => 4, 1000)];
    const calibrate = (window: number) => calibrateOffsets((since) => known.filter((error) => error.target >= since), { ...options, window, cutoff: 1001 });
    expect(calibrate(200)?.upper[0]).toBe(4);
    // A window so long that every error weighs alike.
    expect(calibrate(1e9)?.upper[0]).toBe(1);
  });

  it('says how many forecasts (origins) the errors of each block come from', () => {
    // Five forecasts of 14 steps, made at 100, 110, …, 140: step s of the one made at o targets o + s − 1.
    const known = [100, 110, 120, 130, 140].flatMap((origin) =>
      Array.from({ length: 14 }, (_, index) => ({ step: index + 1, target: origin + index, error: index % 2 === 0 ? 1 : -1 })),
    );
    const offsets = calibrateOffsets((since) => known.filter((error) => error.target >= since), { ...options, cutoff: 1000 });
    expect(offsets?.blocks.map((block) => [block.errors, block.origins])).toEqual([
      [35, 5],
      [35, 5],
    ]);
  });

  it('prefers the recent window, and uses all known errors when the window holds too few', () => {
    const old = errors(14, 20, () => 10, 500);
    const recent = errors(14, 10, () => 1, 1000);
    const known = [...old, ...recent];
    const errorsSince = (since: number) => known.filter((error) => error.target >= since);
    const windowed = calibrateOffsets(errorsSince, { ...options, window: 100 });
    // 10 recent origins × 7 steps = 70 errors per block: enough, so only they count.
    expect(windowed?.upper[0]).toBe(1);
    const thin = calibrateOffsets((since) => errorsSince(since).filter((error) => error.target < 1000 || error.step > 1), {
      ...options,
      window: 3,
    });
    expect(thin?.upper[0]).toBe(10);
    expect(thin?.blocks.map((calibration) => calibration.source)).toEqual(['all', 'all']);
  });

  it('takes each block at its adapted level, and says which', () => {
    // 140 errors per block, sized 1…140: the ⌈141 × level⌉-th is 140 at 99 %, 134 at 95 %, 127 at 90 %.
    const known = errors(14, 20, (step, index) => index * 7 + ((step - 1) % 7) + 1);
    const offsets = calibrateOffsets(() => known, { ...options, levels: [0.99, 0.9] });
    expect(offsets?.blocks.map((block) => [block.level, block.quantile])).toEqual([
      [0.99, 140],
      [0.9, 127],
    ]);
    expect(calibrateOffsets(() => known, options)?.upper[0]).toBe(134);
  });

  it('counts the forecast as one more origin, not one more error, where an origin\'s errors go together', () => {
    // 20 origins a week apart, 7 steps each (the first block), errors sized 1…140. Nominal edge: the
    // ⌈141 × 0.95⌉ = 134th; the 6 beyond it all come from one origin's week (design effect about
    // 6.3), so the forecast counts as that many draws: the ⌈(140 + 6.3) × 0.95⌉ = 139th.
    const byOrigin = (size: (origin: number, step: number) => number): ScaledError[] =>
      Array.from({ length: 20 * 7 }, (_, index) => {
        const [origin, step] = [Math.floor(index / 7), (index % 7) + 1];
        return { step, target: 7 * origin + step - 1, error: size(origin, step) };
      });
    // A window so long that every error weighs alike (RECENCY_HALF_LIFE of it).
    const options7 = { ...options, window: 1e9, horizon: 7, cutoff: 1000 };
    const together = calibrateOffsets(() => byOrigin((origin, step) => origin * 7 + step), options7);
    expect(together?.blocks[0].designEffect).toBeGreaterThan(6);
    expect(together?.upper[0]).toBe(139);
    // The same sizes dealt across the origins (each week holds small and large errors): the plain rank.
    const dealt = calibrateOffsets(() => byOrigin((origin, step) => (step - 1) * 20 + origin + 1), options7);
    expect(dealt?.blocks[0].designEffect).toBe(1);
    expect(dealt?.upper[0]).toBe(134);
  });

  it('gives no band at any adapted level where the nominal level has too few errors', () => {
    const known = errors(14, 2, () => 1);
    expect(calibrateOffsets(() => known, { ...options, levels: [0.9, 0.9] })).toBeUndefined();
  });

  it('gives no band when even all errors are too few', () => {
    const known = errors(14, 2, () => 1);
    expect(calibrateOffsets(() => known, options)).toBeUndefined();
  });
});
