/**
 * Coverage of a band by lead-time bucket, and how far each bucket's figure can be read.
 *
 * The targets of one origin are not independent trials: when a forecast's level is off, its band
 * misses most of a week at once (on the daily dev series, a bucket's 8–15 misses come from 2–6 of
 * its 14–32 origins). So the standard error of a bucket's coverage is clustered by origin (the
 * usual cluster-robust variance of a ratio, with the G/(G − 1) small-sample factor), not the
 * binomial one of its targets: 2–5 points on those buckets, where the binomial one says 1.5–2.
 */

/** One origin's outcome as coverage needs it: per step ahead 1 inside, 0 outside, undefined unobserved. */
export interface OriginHits {
  readonly hits: readonly (0 | 1 | undefined)[];
}

export interface LeadCoverage {
  /** Per bucket: the share of observed targets inside the band. */
  readonly coverage: readonly number[];
  /** Per bucket: its standard error, clustered by origin (NaN with fewer than two origins). */
  readonly standardError: readonly number[];
  /** Per bucket: the observed targets it counts. */
  readonly targets: readonly number[];
}

export function coverageByLead(outcomes: readonly OriginHits[], leadBucket: number): LeadCoverage {
  // Per bucket, per origin: [targets inside, observed targets].
  const counts: [number, number][][] = [];
  outcomes.forEach((outcome, originIndex) => {
    outcome.hits.forEach((hit, step) => {
      if (hit === undefined) return;
      const bucket = (counts[Math.floor(step / leadBucket)] ??= []);
      const origin = (bucket[originIndex] ??= [0, 0]);
      origin[0] += hit;
      origin[1] += 1;
    });
  });
  const buckets = Array.from(counts, (bucket) => (bucket ?? []).filter((origin) => origin !== undefined));
  return {
    coverage: buckets.map((bucket) => sum(bucket, 0) / sum(bucket, 1)),
    standardError: buckets.map(clusteredError),
    targets: buckets.map((bucket) => sum(bucket, 1)),
  };
}

/** The standard error of the share inside over origins' [inside, count], clustered by origin (NaN with fewer than two). */
export function clusteredError(origins: readonly [number, number][]): number {
  const clusters = origins.length;
  if (clusters < 2) return Number.NaN;
  const targets = sum(origins, 1);
  const rate = sum(origins, 0) / targets;
  // The same for hits as for misses: (count − inside) − (1 − rate) · count = −(inside − rate · count).
  const squares = origins.reduce((total, [inside, count]) => total + (inside - rate * count) ** 2, 0);
  return Math.sqrt((clusters / (clusters - 1)) * squares) / targets;
}

/**
 * The chance that a bucket's coverage lands in [low, high] when the band is exactly calibrated at
 * `level`, given how much it varies: normal approximation with the larger of the clustered
 * standard error and the binomial one at the nominal miss rate (a bucket without misses has a
 * clustered error of 0, which says nothing). The expected number of buckets in range, against
 * which a count of buckets in range can be read.
 */
export function chanceInRange(options: { standardError: number; targets: number; level: number; low: number; high: number }): number {
  const { standardError, targets, level, low, high } = options;
  const binomial = Math.sqrt((level * (1 - level)) / targets);
  const error = Number.isFinite(standardError) ? Math.max(standardError, binomial) : binomial;
  return normalCdf((high - level) / error) - normalCdf((low - level) / error);
}

/** One lead-time bucket of a backtest, as the range count needs it. */
export interface BucketCoverage {
  readonly coverage: number;
  readonly standardError: number;
  readonly targets: number;
}

/**
 * How many buckets hold [low, high], how many a band calibrated exactly at `level` would be
 * expected to put there (the sum of their chances), and their mean distance from `level`.
 */
export function bucketsInRange(buckets: readonly BucketCoverage[], range: { level: number; low: number; high: number }): { inRange: number; expected: number; distance: number } {
  const within = (coverage: number) => coverage >= range.low - 1e-9 && coverage <= range.high + 1e-9;
  return {
    inRange: buckets.filter(({ coverage }) => within(coverage)).length,
    expected: buckets.reduce((total, bucket) => total + chanceInRange({ ...bucket, ...range }), 0),
    distance: buckets.reduce((total, { coverage }) => total + Math.abs(coverage - range.level), 0) / buckets.length,
  };
}

/** The lead-time buckets of a scored row (see score.ts). */
export function bucketsOf(row: { coverageByLead: readonly number[]; coverageByLeadError: readonly number[]; targetsByLead: readonly number[] }): BucketCoverage[] {
  return row.coverageByLead.map((coverage, bucket) => ({ coverage, standardError: row.coverageByLeadError[bucket], targets: row.targetsByLead[bucket] }));
}

/** Φ by the Abramowitz & Stegun 26.2.17 polynomial (absolute error under 1e-7). */
export function normalCdf(x: number): number {
  const t = 1 / (1 + 0.2316419 * Math.abs(x));
  const density = 0.3989422804014327 * Math.exp((-x * x) / 2);
  const tail = density * t * (0.31938153 + t * (-0.356563782 + t * (1.781477937 + t * (-1.821255978 + t * 1.330274429))));
  return x >= 0 ? 1 - tail : tail;
}

function sum(origins: readonly [number, number][], field: 0 | 1): number {
  return origins.reduce((total, origin) => total + origin[field], 0);
}
