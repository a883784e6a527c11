/** The real series of ../shared/data/forecast, evaluated as the CLI does, for the accuracy tests. */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { AUTO, type ModelScores } from '../backtest/backtest-series';
import { evaluateCsv, type EvaluatedSeries, type EvaluateOptions } from '../backtest/evaluate-csv';

export const DATA_FOLDER = join(__dirname, '../../../../shared/data/forecast');

export function evaluateRealFile(file: string, options: EvaluateOptions): EvaluatedSeries {
  const evaluation = evaluateCsv(readFileSync(join(DATA_FOLDER, file), 'utf8'), file, options);
  if (evaluation.status !== 'ok') throw new Error(`${file}: ${evaluation.status}: ${evaluation.reason}`);
  return evaluation;
}

export function row(evaluation: EvaluatedSeries, name: string): ModelScores {
  const found = evaluation.report.models.find((model) => model.name === name);
  if (!found) throw new Error(`${evaluation.input}: no row ${name}`);
  return found;
}

export const autoRow = (evaluation: EvaluatedSeries): ModelScores => row(evaluation, AUTO);

export const HOURLY = { bucketMs: 3_600_000, agg: 'mean', season: 'auto', horizon: 48, level: 0.95 } as const;

/** The hourly bar: "auto" beats the seasonal naive at every period the series has. */
export function expectBetterThanSeasonalNaive(evaluation: EvaluatedSeries): void {
  const naive = evaluation.report.models.filter((model) => model.name.startsWith('snaive-'));
  expect(naive.length).toBeGreaterThan(0);
  for (const baseline of naive) expect(autoRow(evaluation).mase).toBeLessThan(baseline.mase);
}
