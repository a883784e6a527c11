/**
 * Does accuracy hold on data the models were not tuned on? Runs the backtest on variants of the
 * real files (days cut at other hours, other stretches of the history, other bucket sizes) and on
 * synthetic usage series, and prints per group what the bars ask: geometric-mean MASE of "auto",
 * how often it beats every seasonal naive, and the coverage of its 95 % band, overall and by lead-time
 * bucket (how many buckets hold 93–97 %, against how many an exactly calibrated band would).
 *
 *   node --import tsx forecaster/bench/generalisation.ts [data folder]
 */
import { join } from 'node:path';
import { AUTO } from '../src/backtest/backtest-series';
import { evaluateSeries, type EvaluatedSeries } from '../src/backtest/evaluate-csv';
import { bucketsInRange, bucketsOf } from '../src/backtest/lead-coverage';
import { geometricMean } from '../src/backtest/metrics';
import { loadAugurs } from '../src/models/augurs';
import { generalisationGroups, type Case } from './generalisation-cases';

const folder = process.argv[2] ?? join(__dirname, '../../../shared/data/forecast');
const augurs = loadAugurs();

function report(group: string, cases: readonly Case[]): void {
  const results = cases.map((entry) => ({ entry, evaluation: evaluateSeries(entry.raw, entry.name, { ...entry.options, augurs }) }));
  const done = results.filter((result): result is { entry: Case; evaluation: EvaluatedSeries } => result.evaluation.status === 'ok');
  const lines: string[] = [];
  const autos = done.map(({ entry, evaluation }) => {
    const rows = evaluation.report.models;
    const auto = rows.find((row) => row.name === AUTO);
    if (!auto) throw new Error(`no auto row for ${entry.name}`);
    const naive = rows.filter((row) => row.name.startsWith('snaive-'));
    const beats = naive.every((row) => auto.mase < row.mase);
    lines.push(
      `    ${entry.name.padEnd(42)} auto ${auto.mase.toFixed(3)} cover ${(auto.coverage * 100).toFixed(1).padStart(5)} %  ` +
        `${naive.map((row) => `${row.name} ${row.mase.toFixed(3)}`).join(' ')}${beats ? '' : '  ← not better'}  ${evaluation.report.selected}`,
    );
    return { auto, beats };
  });
  for (const result of results) if (result.evaluation.status !== 'ok') lines.push(`    ${result.entry.name}: ${result.evaluation.status}: ${result.evaluation.reason}`);
  const coverages = autos.map(({ auto }) => auto.coverage * 100);
  const buckets = bucketsInRange(autos.flatMap(({ auto }) => bucketsOf(auto)), { level: 0.95, low: 0.93, high: 0.97 });
  bucketTotals.push({ group, count: autos.reduce((sum, { auto }) => sum + auto.coverageByLead.length, 0), ...buckets });
  console.log(
    `${group}: ${done.length} series, geometric-mean MASE ${geometricMean(autos.map(({ auto }) => auto.mase)).toFixed(3)}, ` +
      `better than seasonal naive on ${autos.filter(({ beats }) => beats).length}, geometric-mean MSIS ${geometricMean(autos.map(({ auto }) => auto.msis)).toFixed(2)}, coverage mean ` +
      `${(coverages.reduce((sum, value) => sum + value, 0) / coverages.length).toFixed(1)} % (${Math.min(...coverages).toFixed(1)}–${Math.max(...coverages).toFixed(1)}); ` +
      `lead-time buckets in 93–97 % ${buckets.inRange} (a calibrated band: ${buckets.expected.toFixed(1)}), mean distance ${(100 * buckets.distance).toFixed(2)} points`,
  );
  console.log(lines.join('\n'));
}

/** Per group: lead-time buckets in range, expected for an exactly calibrated band, mean distance from 95 %. */
const bucketTotals: { group: string; count: number; inRange: number; expected: number; distance: number }[] = [];
for (const [group, cases] of Object.entries(generalisationGroups(folder))) report(group, cases);
const count = bucketTotals.reduce((sum, total) => sum + total.count, 0);
console.log(
  `all groups: lead-time buckets in 93–97 % ${bucketTotals.reduce((sum, total) => sum + total.inRange, 0)} of ${count} ` +
    `(a band calibrated exactly at 95 %: ${bucketTotals.reduce((sum, total) => sum + total.expected, 0).toFixed(1)}), mean distance ` +
    `${((100 * bucketTotals.reduce((sum, total) => sum + total.distance * total.count, 0)) / count).toFixed(2)} points`,
);
