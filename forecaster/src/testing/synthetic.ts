/**
 * Synthetic usage series with known structure, for tests with known answers and for checking
 * that accuracy holds beyond the real files we tuned on. Deterministic: a seeded generator.
 */
import type { RawSeries } from '../series/types';

/** mulberry32: a small, well-mixed 32-bit generator; plenty for test data. */
export function seededRandom(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/** A standard normal draw (Box–Muller). */
export function normal(random: () => number): number {
  return Math.sqrt(-2 * Math.log(1 - random())) * Math.cos(2 * Math.PI * random());
}

export interface UsageShape {
  readonly points: number;
  readonly level: number;
  /** Relative growth per point. */
  readonly growth: number;
  /** Multiplicative profile per position in each season, one array per period (e.g. 24 and 168 values). */
  readonly seasons: readonly (readonly number[])[];
  /** Relative noise (coefficient of variation). */
  readonly noise: number;
  /** Expected number of one-off dips or spikes (holidays, outages). */
  readonly anomalies: number;
  /** Expected number of lasting level shifts. */
  readonly shifts: number;
  readonly seed: number;
}

export function usageSeries(shape: UsageShape): number[] {
  const random = seededRandom(shape.seed);
  let level = shape.level;
  const values: number[] = [];
  for (let index = 0; index < shape.points; index += 1) {
    if (random() < shape.shifts / shape.points) level *= 1 + 0.3 * (random() - 0.5);
    const season = shape.seasons.reduce((product, profile) => product * profile[index % profile.length], 1);
    let value = level * (1 + shape.growth) ** index * season * (1 + shape.noise * normal(random));
    if (random() < shape.anomalies / shape.points) value *= random() < 0.5 ? 0.4 + 0.3 * random() : 1.3 + 0.4 * random();
    values.push(Math.max(0, value));
  }
  return values;
}

/** A weekly profile with quieter weekends, the shape of business usage. */
export function weekdayProfile(weekendFactor: number): number[] {
  return [1, 1, 1, 1, 1, weekendFactor, weekendFactor];
}

/** A daily profile: low at night, peaking in the afternoon. */
export function hourOfDayProfile(amplitude: number): number[] {
  return Array.from({ length: 24 }, (_, hour) => 1 + amplitude * Math.sin(((hour - 9) / 24) * 2 * Math.PI));
}

/** Values at a regular spacing as a raw series, starting at midnight UTC on 2024-01-01. */
export function asRawSeries(values: readonly number[], stepMs: number): RawSeries {
  const start = Date.UTC(2024, 0, 1);
  return { times: values.map((_, index) => start + index * stepMs), values };
}

/**
 * One of a family of varied daily usage series for benchmarks: level, growth, weekend dip, noise,
 * anomalies and level shifts all drawn from `seed`, so every run sees the same series.
 */
export function variedDailyUsage(seed: number, points: number): number[] {
  const random = seededRandom(seed);
  return usageSeries({
    points,
    level: 10 + 1e5 * random(),
    growth: 0.002 * (random() - 0.3),
    seasons: [weekdayProfile(0.4 + 0.7 * random())],
    noise: 0.02 + 0.15 * random(),
    anomalies: 6 * random(),
    shifts: 2 * random(),
    seed,
  });
}
