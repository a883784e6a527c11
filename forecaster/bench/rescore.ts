/**
 * Calibration experiments without refitting. Fitting every model at every origin is what a replay
 * costs (minutes for the dev and generalisation sets); selection and calibration run on the table
 * of forecasts it leaves (run-origins.ts). `save` fits every dev case (the cases of
 * src/real-data-accuracy) and every generalisation case (generalisation-cases.ts) once and writes
 * their origin tables to a file; `score` re-scores them with the code as it is now and prints, per
 * group, the `auto` row's lead-time buckets in 93–97 %, their mean distance from 95 % and the
 * geometric-mean MSIS, then the same per case. A change to the models needs a new `save`; a change
 * to selection, calibration or the replay does not.
 *
 *   node --import tsx forecaster/bench/rescore.ts save TABLES.json [data folder]
 *   node --import tsx forecaster/bench/rescore.ts score TABLES.json [group substring]
 *   node --import tsx forecaster/bench/rescore.ts origins TABLES.json CASE-SUBSTRING
 *
 * `origins` prints the replay of each matching case origin by origin: the origins completed
 * before it, its MASE scale, its candidate's MASE and largest scaled error, how many of its
 * targets its band held, and the adapted level of each block.
 */
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { AUTO, scoreTable, selectOptionsFor } from '../src/backtest/backtest-series';
import { createErrorBook } from '../src/backtest/errors';
import { replayProcedure } from '../src/backtest/replay';
import { planBacktest, type BacktestPlan, type EvaluateOptions } from '../src/backtest/evaluate-csv';
import { bucketsInRange, bucketsOf } from '../src/backtest/lead-coverage';
import { geometricMean } from '../src/backtest/metrics';
import { rollingOrigins } from '../src/backtest/origins';
import { runOrigins, type OriginTable } from '../src/backtest/run-origins';
import { loadAugurs } from '../src/models/augurs';
import { candidateModels } from '../src/models/registry';
import { DATA_FOLDER } from '../src/real-data-accuracy/real-data';
import { parseCsvSeries } from '../src/series/read-csv';
import type { RawSeries } from '../src/series/types';
import { daily, generalisationGroups, hourly, type Case } from './generalisation-cases';

const DAY = 86_400_000;

/** The dev cases of src/real-data-accuracy (daily, gap and hourly accuracy tests), by group. */
function devGroups(folder: string): Record<string, Case[]> {
  const read = (file: string): RawSeries => parseCsvSeries(readFileSync(join(folder, file), 'utf8'), file);
  const cut = (raw: RawSeries, drop: (day: number, time: number) => boolean): RawSeries => {
    const keep = raw.times.map((time) => !drop(Math.floor((time - raw.times[0]) / DAY), time));
    return { times: raw.times.filter((_, index) => keep[index]), values: raw.values.filter((_, index) => keep[index]) };
  };
  const quarter = (raw: RawSeries) => raw.times[0] + 0.25 * (raw.times[raw.times.length - 1] - raw.times[0]);
  const cuts: [string, (raw: RawSeries) => RawSeries][] = [
    ['single days', (raw) => cut(raw, (day) => day % 11 === 5)],
    ['a week', (raw) => cut(raw, (day) => day >= 120 && day < 127)],
    ['four weeks', (raw) => cut(raw, (day) => day >= 100 && day < 128)],
    ['the first quarter', (raw) => cut(raw, (_, time) => time < quarter(raw))],
  ];
  const hourlyCase = (file: string, step?: number): Case => ({ name: `${file} hourly`, raw: read(file), options: { ...hourly, step } });
  return {
    'dev daily': [
      { name: 'mscloud-api-01', raw: read('mscloud-api-01.csv'), options: daily },
      { name: 'nab-nyc_taxi', raw: read('nab-nyc_taxi.csv'), options: daily },
      { name: 'nab-ambient_temperature', raw: read('nab-ambient_temperature_system_failure.csv'), options: { ...daily, agg: 'mean' } },
    ],
    'dev cut gaps': ['mscloud-api-01.csv', 'nab-nyc_taxi.csv'].flatMap((file) =>
      cuts
        .filter(([name]) => !(file === 'nab-nyc_taxi.csv' && name === 'the first quarter'))
        .map(([name, apply]) => ({ name: `${file} without ${name}`, raw: apply(read(file)), options: daily })),
    ),
    'dev hourly': [
      hourlyCase('mscloud-ingress-01.csv'),
      hourlyCase('nab-ec2_cpu_utilization_24ae8d.csv'),
      hourlyCase('nab-nyc_taxi.csv', 24),
      hourlyCase('nab-ambient_temperature_system_failure.csv', 24),
      hourlyCase('prophet-yosemite_temps.csv', 24),
      hourlyCase('mscloud-api-01.csv', 24),
      hourlyCase('nab-twitter_volume_GOOG.csv', 24),
    ],
  };
}

interface SavedCase {
  readonly group: string;
  readonly name: string;
  readonly plan: Omit<BacktestPlan, 'values' | 'observed'> & { readonly length: number };
  readonly table: Omit<OriginTable, 'forecasts' | 'failures'> & { forecasts: [string, number[][]][]; failures: [string, string][] };
}

function save(file: string, folder: string): void {
  const augurs = loadAugurs();
  const saved: SavedCase[] = [];
  for (const [group, cases] of Object.entries({ ...devGroups(folder), ...generalisationGroups(folder) })) {
    for (const entry of cases) {
      const plan = planBacktest(entry.raw, entry.name, entry.options as Omit<EvaluateOptions, 'augurs'>);
      if ('status' in plan) {
        console.log(`${group}: ${entry.name}: ${plan.status}: ${plan.reason}`);
        continue;
      }
      const { values, observed, periods, stepMs, horizon, step, settings } = plan;
      const origins = rollingOrigins({ length: values.length, horizon, step, minTrain: settings.minTrain });
      const models = candidateModels({ periods, augurs });
      const table = runOrigins({ values, observed, origins, models, context: { periods, horizon, stepMs }, maxWindow: settings.maxWindow, scaleWindow: settings.scaleWindow });
      saved.push({
        group,
        name: entry.name,
        plan: { periods, stepMs, horizon, step, settings, length: values.length },
        table: { ...table, forecasts: [...table.forecasts].map(([name, forecasts]) => [name, forecasts.map((forecast) => [...forecast])]), failures: [...table.failures] },
      });
      console.log(`${group}: ${entry.name}: ${origins.length} origins`);
    }
  }
  writeFileSync(file, JSON.stringify(saved));
}

function score(file: string, only?: string): void {
  const augurs = loadAugurs();
  const saved = (JSON.parse(readFileSync(file, 'utf8')) as SavedCase[]).filter((entry) => !only || entry.group.includes(only));
  const groups = new Map<string, { lines: string[]; autos: { msis: number; coverageByLead: number[]; coverageByLeadError: number[]; targetsByLead: number[] }[] }>();
  for (const entry of saved) {
    const { plan } = entry;
    const table: OriginTable = { ...entry.table, forecasts: new Map(entry.table.forecasts), failures: new Map(entry.table.failures) };
    const models = candidateModels({ periods: plan.periods, augurs });
    let line: string;
    try {
      const report = scoreTable(table, { length: plan.length, models, context: { periods: plan.periods, horizon: plan.horizon, stepMs: plan.stepMs }, step: plan.step, settings: plan.settings });
      const auto = report.models.find((row) => row.name === AUTO);
      if (!auto) throw new Error(`no auto row for ${entry.name}`);
      const group = groups.get(entry.group) ?? { lines: [], autos: [] };
      groups.set(entry.group, group);
      group.autos.push({ ...auto, coverageByLead: [...auto.coverageByLead], coverageByLeadError: [...auto.coverageByLeadError], targetsByLead: [...auto.targetsByLead] });
      byOrigins(entry.group, table, { models, context: { periods: plan.periods, horizon: plan.horizon, stepMs: plan.stepMs }, step: plan.step, settings: plan.settings });
      const naive = report.models.filter((row) => row.name.startsWith('snaive-')).reduce((best, row) => (row.mase < best.mase ? row : best));
      ratios.set(entry.group, [...(ratios.get(entry.group) ?? []), auto.mase / naive.mase]);
      line = `${(100 * auto.coverage).toFixed(1).padStart(5)} %  ${auto.coverageByLead.map((value) => (100 * value).toFixed(1)).join(' / ')}  MSIS ${auto.msis.toFixed(2)}  (${report.scoredOrigins} scored)`;
    } catch (error) {
      line = `not scored: ${(error as Error).message}`;
    }
    (groups.get(entry.group) ?? groups.set(entry.group, { lines: [], autos: [] }).get(entry.group))?.lines.push(`    ${entry.name.padEnd(48)} ${line}`);
  }
  let [inRange, count, distance] = [0, 0, 0];
  const worst = (group: string) => Math.max(...(ratios.get(group) ?? []));
  for (const [group, { lines, autos }] of groups) {
    const buckets = autos.flatMap(bucketsOf);
    const summary = bucketsInRange(buckets, { level: 0.95, low: 0.93, high: 0.97 });
    [inRange, count, distance] = [inRange + summary.inRange, count + buckets.length, distance + summary.distance * buckets.length];
    console.log(
      `${group}: buckets in 93–97 % ${summary.inRange} of ${buckets.length}, mean distance ${(100 * summary.distance).toFixed(2)} points, ` +
        `geometric-mean MSIS ${geometricMean(autos.map((auto) => auto.msis)).toFixed(2)}, ` +
        `MASE ÷ best seasonal naive's geometric mean ${geometricMean(ratios.get(group) ?? []).toFixed(3)}, worst ${worst(group).toFixed(3)}\n${lines.join('\n')}`,
    );
  }
  console.log(`all: buckets in 93–97 % ${inRange} of ${count}, mean distance ${((100 * distance) / count).toFixed(2)} points`);
  console.log('coverage of the replayed bands by the origins completed when each was issued:');
  for (const [group, tally] of issuedTally) {
    console.log(`    ${group.padEnd(40)} ${tally.map(([inside, targets], index) => (targets ? `${ORIGIN_CLASSES[index]}: ${((100 * inside) / targets).toFixed(1)} % of ${targets}` : '')).filter(Boolean).join(', ')}`);
  }
}

/** Classes of completed origins behind a band when it was issued: 3–4, 5–8, 9–16, 17 or more. */
const ORIGIN_CLASSES = ['3–4', '5–8', '9–16', '17+'];
const classOf = (completed: number) => (completed <= 4 ? 0 : completed <= 8 ? 1 : completed <= 16 ? 2 : 3);
/** Per group and class: [targets inside, targets]. */
/** Per group: each case's honest MASE over its best seasonal naive's. */
const ratios = new Map<string, number[]>();
const issuedTally = new Map<string, [number, number][]>();

function byOrigins(group: string, table: OriginTable, options: Parameters<typeof selectOptionsFor>[0]): void {
  const book = createErrorBook(table);
  const replay = replayProcedure(book, { select: selectOptionsFor(options), calibration: options.settings.calibration });
  const tally = issuedTally.get(group) ?? ORIGIN_CLASSES.map((): [number, number] => [0, 0]);
  issuedTally.set(group, tally);
  replay.issued.forEach((band) => {
    if (!band) return;
    const counts = tally[classOf(book.completedOrigins(band.origin).length)];
    for (const hit of band.hits) if (hit !== undefined) [counts[0], counts[1]] = [counts[0] + hit, counts[1] + 1];
  });
}

function byOrigin(file: string, only: string): void {
  const augurs = loadAugurs();
  for (const entry of (JSON.parse(readFileSync(file, 'utf8')) as SavedCase[]).filter((saved) => saved.name.includes(only))) {
    const { plan } = entry;
    const table: OriginTable = { ...entry.table, forecasts: new Map(entry.table.forecasts), failures: new Map(entry.table.failures) };
    const models = candidateModels({ periods: plan.periods, augurs });
    const book = createErrorBook(table);
    const options = { models, context: { periods: plan.periods, horizon: plan.horizon, stepMs: plan.stepMs }, step: plan.step, settings: plan.settings };
    const replay = replayProcedure(book, { select: selectOptionsFor(options), calibration: plan.settings.calibration });
    console.log(`${entry.group}: ${entry.name} (seasons ${plan.periods.join(', ') || 'none'})`);
    replay.choices.forEach((candidate, index) => {
      if (!candidate) return;
      const band = replay.issued[index];
      const largest = Math.max(...book.errorsAt(candidate, index).map((error) => Math.abs(error.error) / (error.difficulty ?? 1)));
      const held = band ? `held ${band.hits.filter((hit) => hit === 1).length} of ${band.hits.filter((hit) => hit !== undefined).length}, levels ${band.levels.map((level) => level.toFixed(3)).join(' ')}` : 'no band';
      console.log(
        `    origin ${index} after ${book.completedOrigins(table.origins[index]).length} completed: scale ${table.scales[index].toPrecision(3)}, ` +
          `MASE ${book.maseAt(candidate, index).toFixed(2)}, largest error ${largest.toFixed(2)} scales, ${held}, ${candidate.name}`,
      );
    });
  }
}

const [command, file, argument] = process.argv.slice(2);
if (command === 'save' && file) save(file, argument ?? DATA_FOLDER);
else if (command === 'score' && file) score(file, argument);
else if (command === 'origins' && file && argument) byOrigin(file, argument);
else {
  console.error('usage: rescore.ts save TABLES.json [data folder] | score TABLES.json [group substring] | origins TABLES.json CASE-SUBSTRING');
  process.exitCode = 2;
}
