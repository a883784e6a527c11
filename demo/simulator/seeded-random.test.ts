import { createSeededRandom, deriveSeed } from './seeded-random';

describe('createSeededRandom', () => {
  it('repeats the same sequence for the same seed', () => {
    const a = createSeededRandom(42);
    const b = createSeededRandom(42);
    expect(Array.from({ length: 5 }, () => a.next())).toEqual(Array.from({ length: 5 }, () => b.next()));
  });

  it('gives a different sequence for a different seed', () => {
    expect(createSeededRandom(1).next()).not.toBe(createSeededRandom(2).next());
  });

  it('stays within [0, 1)', () => {
    const random = createSeededRandom(7);
    for (let i = 0; i < 10_000; i++) {
      const value = random.next();
      expect(value >= 0 && value < 1).toBe(true);
    }
  });

  it('draws normals with mean near 0 and standard deviation near 1', () => {
    const random = createSeededRandom(3);
    const samples = Array.from({ length: 20_000 }, () => random.normal());
    const mean = samples.reduce((sum, x) => sum + x, 0) / samples.length;
    const variance = samples.reduce((sum, x) => sum + (x - mean) ** 2, 0) / samples.length;
    expect(Math.abs(mean)).toBeLessThan(0.03);
    expect(Math.abs(Math.sqrt(variance) - 1)).toBeLessThan(0.03);
  });
});

describe('deriveSeed', () => {
  it('gives each named stream its own seed, stable across calls', () => {
    expect(deriveSeed(1, 'us-east/delay')).toBe(deriveSeed(1, 'us-east/delay'));
    expect(deriveSeed(1, 'us-east/delay')).not.toBe(deriveSeed(1, 'us-west/delay'));
    expect(deriveSeed(1, 'us-east/delay')).not.toBe(deriveSeed(2, 'us-east/delay'));
  });
});
