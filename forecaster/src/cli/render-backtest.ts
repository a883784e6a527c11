/** Backtest results as the table people read and as JSON for scripts; pure functions of the results. */
import { formatDuration } from '../../../common/duration';
import { AUTO, type BacktestReport } from '../backtest/backtest-series';
import type { Evaluation, EvaluatedSeries } from '../backtest/evaluate-csv';
import { geometricMean } from '../backtest/metrics';
import type { Aggregation } from '../series/types';
import { ADAPTATION_RATE, MISS_RATE_BOUNDS } from '../intervals/adaptive-level';
import { SPREAD_SENSITIVITY } from '../intervals/spread';

export interface RenderContext {
  readonly bucketMs: number;
  readonly agg: Aggregation;
  readonly level: number;
}

export function renderJson(evaluation: Evaluation, context: RenderContext): string {
  if (evaluation.status !== 'ok') return JSON.stringify({ input: evaluation.input, [evaluation.status]: evaluation.reason });
  const { report } = evaluation;
  return JSON.stringify({
    input: evaluation.input,
    period: formatDuration(context.bucketMs),
    agg: context.agg,
    points: evaluation.points,
    seasons: evaluation.periods,
    horizon: evaluation.horizon,
    step: evaluation.step,
    leadBuckets: leadBuckets(evaluation),
    origins: report.origins,
    scoredOrigins: report.scoredOrigins,
    selected: report.selected,
    default: report.fallback,
    challenger: report.challenger,
    band: {
      method:
        'split-conformal per lead-time block: the ⌈(n+1)·level⌉-th smallest absolute out-of-sample error, ' +
        'in units of each origin\'s scale (the seasonal-naive MAE of its last `window` points) times the forecast\'s ' +
        `difficulty (1 + ${SPREAD_SENSITIVITY} × its members' spread over the scale), each block at its ` +
        `adapted level (adaptive conformal: level + ${ADAPTATION_RATE} × the misses its issued bands had beyond 1 − level, ` +
        `the miss rate kept within ${MISS_RATE_BOUNDS[0]}–${MISS_RATE_BOUNDS[1]} × 1 − level)`,
      level: report.band.level,
      window: report.band.window,
      blocks: report.band.blocks?.map((block) => ({ ...block, level: round(block.level, 4), designEffect: round(block.designEffect, 2), quantile: round(block.quantile, 4) })) ?? null,
    },
    models: report.models.map((row) => ({
      name: row.name,
      mase: round(row.mase, 4),
      smape: round(row.smape, 3),
      coverage: round(row.coverage, 4),
      coverageByLead: row.coverageByLead.map((value) => round(value, 4)),
      coverageByLeadError: row.coverageByLeadError.map((value) => (Number.isFinite(value) ? round(value, 4) : null)),
      msis: round(row.msis, 3),
    })),
    failures: report.failures,
    elapsedMs: Math.round(evaluation.elapsedMs),
  });
}

export function renderTable(evaluation: Evaluation, context: RenderContext): string {
  if (evaluation.status !== 'ok') return `${evaluation.input}: ${evaluation.status}: ${evaluation.reason}\n`;
  const { report } = evaluation;
  const seasons = evaluation.periods.length > 0 ? evaluation.periods.join(',') : 'none';
  const lines = [
    `${evaluation.input}: ${evaluation.points} points of ${formatDuration(context.bucketMs)} (${context.agg}), ` +
      `seasons ${seasons}, horizon ${evaluation.horizon}, step ${evaluation.step}: ` +
      `${report.origins} origins, ${report.scoredOrigins} scored (${(evaluation.elapsedMs / 1000).toFixed(2)} s)`,
    `  ${'model'.padEnd(34)}${'MASE'.padStart(8)}${'sMAPE'.padStart(8)}${`cover${Math.round(context.level * 100)}`.padStart(9)}${'MSIS'.padStart(8)}` +
      `  cover${Math.round(context.level * 100)} by lead ${leadBuckets(evaluation).join(' | ')}`,
    ...report.models.map(
      (row) =>
        `  ${row.name.padEnd(34)}${row.mase.toFixed(3).padStart(8)}${row.smape.toFixed(2).padStart(8)}` +
        `${`${(row.coverage * 100).toFixed(1)} %`.padStart(9)}${row.msis.toFixed(2).padStart(8)}  ` +
        row.coverageByLead.map((value) => `${(value * 100).toFixed(1)} %`).join(' | '),
    ),
    ...report.failures.map((failure) => `  ${failure.name} failed: ${failure.reason}`),
    `  ${AUTO} by lead, ± its standard error (misses come in runs, so clustered by origin): ${describeLeadErrors(evaluation)}`,
    `  selected: ${report.selected} (${whySelected(report)})`,
    `  its ${Math.round(report.band.level * 100)} % band now: ${describeBand(report)}`,
    `  (${AUTO}: the selection replayed at each origin, knowing only the past: the out-of-sample estimate)`,
  ];
  return `${lines.join('\n')}\n`;
}

/** Over every evaluated series: how "auto" did, and whether it beat each seasonal naive. */
export function renderSummary(evaluations: readonly Evaluation[]): string {
  const done = evaluations.filter((evaluation): evaluation is EvaluatedSeries => evaluation.status === 'ok');
  const skipped = evaluations.length - done.length;
  if (done.length === 0) return `summary: no series evaluated (${skipped} skipped or unreadable)\n`;
  const autos = done.map((evaluation) => autoRow(evaluation));
  const beating = done.filter((evaluation) => beatsSeasonalNaive(evaluation)).length;
  const coverage = autos.reduce((sum, row) => sum + row.coverage, 0) / autos.length;
  return (
    `summary: ${done.length} series evaluated, ${skipped} skipped or unreadable; ${AUTO}: geometric-mean MASE ` +
    `${geometricMean(autos.map((row) => row.mase)).toFixed(3)}, mean coverage ${(coverage * 100).toFixed(1)} %, ` +
    `better than every seasonal naive on ${beating} of ${done.length}\n`
  );
}

function describeBand(report: BacktestReport): string {
  const { blocks, window } = report.band;
  if (!blocks) return 'none (too few out-of-sample errors to calibrate)';
  const described = blocks.map(
    (block) =>
      `${block.fromStep}–${block.toStep} ±${block.quantile.toFixed(2)} scale (at ${(100 * block.level).toFixed(1)} %, design effect ${block.designEffect.toFixed(1)}, ` +
      `${block.errors} ${block.source === 'recent' ? `errors of the last ${window} points` : 'errors, all known'} from ${block.origins} forecasts)`,
  );
  return described.join('; ');
}

function describeLeadErrors(evaluation: EvaluatedSeries): string {
  const row = autoRow(evaluation);
  const error = (value: number) => (Number.isFinite(value) ? (100 * value).toFixed(1) : '?');
  return row.coverageByLead.map((value, bucket) => `${(100 * value).toFixed(1)} ± ${error(row.coverageByLeadError[bucket])} %`).join(' | ');
}

/** The lead-time buckets coverage is reported by, as step ranges ("1–7", "8–14", …). */
function leadBuckets(evaluation: EvaluatedSeries): string[] {
  const { horizon, leadBucket } = evaluation;
  return Array.from({ length: Math.ceil(horizon / leadBucket) }, (_, bucket) => `${bucket * leadBucket + 1}–${Math.min(horizon, (bucket + 1) * leadBucket)}`);
}

function whySelected(report: BacktestReport): string {
  if (report.selected !== report.fallback) return `clearly better than the default, ${report.fallback}`;
  if (report.challenger === report.fallback) return 'the default, and the best in the backtest';
  return `the default; the backtest's best, ${report.challenger}, is not clearly better`;
}

function autoRow(evaluation: EvaluatedSeries) {
  const row = evaluation.report.models.find((model) => model.name === AUTO);
  if (!row) throw new Error(`no ${AUTO} row for ${evaluation.input}`);
  return row;
}

function beatsSeasonalNaive(evaluation: EvaluatedSeries): boolean {
  const auto = autoRow(evaluation);
  return evaluation.report.models
    .filter((row) => row.name.startsWith('snaive-'))
    .every((row) => auto.mase < row.mase);
}

function round(value: number, digits: number): number {
  return Number(value.toFixed(digits));
}
