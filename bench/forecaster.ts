/**
 * Section 4, forecaster: time per series of 365 daily points, 28 days ahead — each candidate
 * model's fit and forecast (runModel), and the whole per-series work of a forecaster run
 * (forecastSeries: recent-origin backtest, selection, fit, band) — on synthetic usage series
 * with a weekly season, trend, noise, anomalies and level shifts. One thread, in this process:
 * the figures are per core. No peer: nothing else here forecasts.
 */
import { backtestSettings } from '../forecaster/src/backtest/settings';
import { forecastSeries } from '../forecaster/src/forecast/forecast-series';
import { loadAugurs } from '../forecaster/src/models/augurs';
import { candidateModels } from '../forecaster/src/models/registry';
import { runModel } from '../forecaster/src/models/run-model';
import { variedDailyUsage } from '../forecaster/src/testing/synthetic';
import { markdownTable, type Row, type SectionResult } from './report';
import { ms, type SectionContext } from './section';
import { summarize, type Summary } from './stats';

const POINTS = 365;
const HORIZON = 28;
const DAY_MS = 86_400_000;
const PERIODS = [7];

/** Series differ in level, growth, weekend dip, noise and incidents; the same every run. */
const benchSeries = (index: number): number[] => variedDailyUsage(1000 + index, POINTS);

function timed(work: () => unknown): number {
  const started = performance.now();
  work();
  return performance.now() - started;
}

export async function runForecaster(ctx: SectionContext): Promise<SectionResult> {
  const count = ctx.quick ? 6 : 100;
  ctx.log(`forecaster: ${count} series of ${POINTS} daily points`);
  const augurs = loadAugurs();
  const models = candidateModels({ periods: PERIODS, augurs });
  const context = { periods: PERIODS, horizon: HORIZON, stepMs: DAY_MS };
  const settings = backtestSettings({ periods: PERIODS, horizon: HORIZON, level: 0.95 });
  const series = Array.from({ length: count }, (_, index) => benchSeries(index));
  // Warm-up: JIT and the WebAssembly modules, on series not measured.
  for (const values of [benchSeries(-1), benchSeries(-2)]) {
    for (const model of models) runModel(model, values, context);
    forecastSeries({ values, observed: values.map(() => true), models, context, step: 7, settings });
  }

  const perModel = new Map<string, number[]>(models.map((model) => [model.name, []]));
  const allModels: number[] = [];
  for (const values of series) {
    let total = 0;
    for (const model of models) {
      const elapsed = timed(() => runModel(model, values, context));
      perModel.get(model.name)!.push(elapsed);
      total += elapsed;
    }
    allModels.push(total);
  }
  ctx.log('forecaster: whole runs');
  const wholeRun: number[] = [];
  const runStarted = performance.now();
  for (const values of series) wholeRun.push(timed(() => forecastSeries({ values, observed: values.map(() => true), models, context, step: 7, settings })));
  const runMinutes = (performance.now() - runStarted) / 60_000;
  return forecasterResult({ perModel, allModels: summarize(allModels), wholeRun: summarize(wholeRun), seriesPerMinute: count / runMinutes, count });
}

function forecasterResult(figures: { perModel: Map<string, number[]>; allModels: Summary; wholeRun: Summary; seriesPerMinute: number; count: number }): SectionResult {
  const timeText = (summary: Summary): string => `${ms(summary.p50, 2)} (p99 ${ms(summary.p99, 2)})`;
  const rows: Row[] = [
    { figure: `fit and forecast, every candidate model, per series of ${POINTS} daily points: p50 (p99)`, pulse: timeText(figures.allModels) },
    { figure: 'whole run per series (backtest of recent origins, selection, fit, band): p50 (p99)', pulse: timeText(figures.wholeRun) },
    { figure: 'series per minute, a whole run, one core', pulse: Math.round(figures.seriesPerMinute).toLocaleString('en-US') },
  ];
  const detail = markdownTable(
    ['model', 'p50 per series', 'p99 per series', 'mean'],
    [...figures.perModel.entries()].map(([name, times]) => {
      const summary = summarize(times);
      return [name, ms(summary.p50, 2), ms(summary.p99, 2), ms(summary.mean, 2)];
    }),
  );
  return {
    title: 'Forecaster',
    rows,
    details: [detail],
    notes: [
      `${figures.count} synthetic daily usage series of ${POINTS} points (weekly season with a weekend dip, trend, noise, one-off anomalies, level shifts; seeded, so every run has the same ones), horizon ${HORIZON} days, seasonal period 7.`,
      'Fit and forecast: runModel (the model fitted on the whole history, forecasting the horizon, with the series\' constraints), timed per model and summed per series. Whole run: forecastSeries, what pulse-forecaster does for each series on each run (rolling-origin backtest over the recent origins, selection, the chosen candidate fitted, the band calibrated).',
      'One thread in the bench process, after a warm-up on two other series; series per minute scales with the forecaster\'s worker threads up to the cores it has.',
    ],
  };
}
