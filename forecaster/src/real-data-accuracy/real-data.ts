/** The real series of ../shared/data/forecast, evaluated as the CLI does, for the accuracy tests. */
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { AUTO, type ModelScores } from '../backtest/backtest-series';
import { bucketsInRange, bucketsOf } from '../backtest/lead-coverage';
import { evaluateCsv, evaluateSeries, type EvaluatedSeries, type EvaluateOptions } from '../backtest/evaluate-csv';
import { parseCsvSeries } from '../series/read-csv';
import type { RawSeries } from '../series/types';

/** ../shared/data/forecast beside the repository (one level further up from a worktree in /work/wt). */
export const DATA_FOLDER =
  ['../../../../shared/data/forecast', '../../../../../shared/data/forecast'].map((path) => join(__dirname, path)).find((path) => existsSync(path)) ??
  join(__dirname, '../../../../shared/data/forecast');

export function evaluateRealFile(file: string, options: EvaluateOptions): EvaluatedSeries {
  return mustEvaluate(() => evaluateCsv(readFileSync(join(DATA_FOLDER, file), 'utf8'), file, options), file);
}

/** A real file with samples cut out (`cut(time)` true for the ones to drop), evaluated. */
export function evaluateCutFile(file: string, name: string, cut: (time: number, raw: RawSeries) => boolean, options: EvaluateOptions): EvaluatedSeries {
  const raw = parseCsvSeries(readFileSync(join(DATA_FOLDER, file), 'utf8'), file);
  const keep = raw.times.map((time) => !cut(time, raw));
  const holed = { times: raw.times.filter((_, index) => keep[index]), values: raw.values.filter((_, index) => keep[index]) };
  return mustEvaluate(() => evaluateSeries(holed, name, options), name);
}

function mustEvaluate(run: () => ReturnType<typeof evaluateSeries>, name: string): EvaluatedSeries {
  const evaluation = run();
  if (evaluation.status !== 'ok') throw new Error(`${name}: ${evaluation.status}: ${evaluation.reason}`);
  return evaluation;
}

export function row(evaluation: EvaluatedSeries, name: string): ModelScores {
  const found = evaluation.report.models.find((model) => model.name === name);
  if (!found) throw new Error(`${evaluation.input}: no row ${name}`);
  return found;
}

export const autoRow = (evaluation: EvaluatedSeries): ModelScores => row(evaluation, AUTO);

/** The best pure seasonal naive (lowest MASE over every season the series has). */
export function bestSeasonalNaive(evaluation: EvaluatedSeries): ModelScores {
  const naive = evaluation.report.models.filter((model) => model.name.startsWith('snaive-'));
  if (naive.length === 0) throw new Error(`${evaluation.input}: no seasonal naive`);
  return naive.reduce((best, model) => (model.mase < best.mase ? model : best));
}

/** Honest MASE over the best seasonal naive's. */
export const relativeMase = (evaluation: EvaluatedSeries): number => autoRow(evaluation).mase / bestSeasonalNaive(evaluation).mase;

export const HOURLY = { bucketMs: 3_600_000, agg: 'mean', season: 'auto', horizon: 48, level: 0.95 } as const;

export interface Bars {
  /** Most honest MASE ÷ best seasonal naive's: under 1 is the issue's bar. */
  readonly ratio: number;
  /** Band coverage, overall and in every lead-time bucket: 93–97 % is the issue's bar. */
  readonly coverage: readonly [number, number];
}

export const ISSUE_BARS: Bars = { ratio: 1, coverage: [0.93, 0.97] };

/** Prints the series' line of the table and checks its bars. */
export function expectHourly(evaluation: EvaluatedSeries, bars: Bars = ISSUE_BARS): void {
  console.log(`hourly, 48 hours ahead:\n${accuracyTable([evaluation])}`);
  expect(relativeMase(evaluation)).toBeLessThan(bars.ratio);
  // Overall and in every lead-time bucket (hours 1–24, 25–48).
  for (const coverage of [autoRow(evaluation).coverage, ...autoRow(evaluation).coverageByLead]) {
    expect(coverage).toBeGreaterThanOrEqual(bars.coverage[0]);
    expect(coverage).toBeLessThanOrEqual(bars.coverage[1]);
  }
}

/** The table the accuracy tests print (and README.md quotes): one line per series and horizon. */
export function accuracyTable(evaluations: readonly EvaluatedSeries[]): string {
  const percent = (value: number) => `${(100 * value).toFixed(1)} %`;
  const lines = evaluations.map((evaluation) => {
    const auto = autoRow(evaluation);
    const naive = bestSeasonalNaive(evaluation);
    return (
      `| ${evaluation.input} | ${evaluation.points} | ${evaluation.horizon} | ${evaluation.report.scoredOrigins} | ${auto.mase.toFixed(3)} | ` +
      `${naive.name} ${naive.mase.toFixed(3)} | ${relativeMase(evaluation).toFixed(3)} | ${percent(auto.coverage)} | ` +
      `${auto.coverageByLead.map((value, bucket) => `${percent(value)} ± ${(100 * auto.coverageByLeadError[bucket]).toFixed(1)}`).join(' / ')} |`
    );
  });
  return [
    '| series | points | horizon | scored origins | auto MASE | best seasonal naive | ratio | coverage | coverage by lead-time bucket ± standard error (clustered by origin) |',
    '|---|---|---|---|---|---|---|---|---|',
    ...lines,
    bucketSummary(evaluations),
  ].join('\n');
}

/** The issue's range for every lead-time bucket's coverage, around the nominal level. */
export const BUCKET_RANGE = { level: 0.95, low: 0.93, high: 0.97 } as const;

/**
 * Every lead-time bucket within `bound` standard errors of 95 % (its clustered error, at least the
 * binomial one of its targets): a bucket further out is evidence of a miscalibrated band, one
 * merely outside 93–97 % is not (backtest/lead-coverage.ts).
 */
export function expectBucketsNear95(evaluation: EvaluatedSeries, bound: number): void {
  for (const { coverage, standardError, targets } of bucketsOf(autoRow(evaluation))) {
    const error = Math.max(Number.isFinite(standardError) ? standardError : 0, Math.sqrt((0.95 * 0.05) / targets));
    expect(Math.abs(coverage - BUCKET_RANGE.level) / error).toBeLessThanOrEqual(bound);
  }
}

/** The lead-time buckets of several evaluations' "auto" rows that hold 93–97 %. */
export function bucketsInIssueRange(evaluations: readonly EvaluatedSeries[]): number {
  return bucketsInRange(evaluations.flatMap((evaluation) => bucketsOf(autoRow(evaluation))), BUCKET_RANGE).inRange;
}

/**
 * How many lead-time buckets hold 93–97 %, against how many a band calibrated exactly at 95 %
 * would be expected to (backtest/lead-coverage.ts: each bucket's chance, from its clustered
 * standard error), and their mean distance from 95 %.
 */
export function bucketSummary(evaluations: readonly EvaluatedSeries[]): string {
  const buckets = evaluations.flatMap((evaluation) => bucketsOf(autoRow(evaluation)));
  const { inRange, expected, distance } = bucketsInRange(buckets, BUCKET_RANGE);
  return (
    `buckets in 93–97 %: ${inRange} of ${buckets.length} (a band calibrated exactly at 95 % would be expected to put ` +
    `${expected.toFixed(1)} there); mean distance from 95 %: ${(100 * distance).toFixed(2)} points`
  );
}
