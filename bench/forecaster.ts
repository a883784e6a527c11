/**
 * Section 4, forecaster: time per series of 365 daily points, 28 days ahead, of each candidate
 * model's fit and forecast (runModel), on synthetic usage series with a weekly season, trend,
 * noise, anomalies and level shifts; then the service's whole per-series work (forecastOne: the
 * shared-origin backtest, selection and band per horizon, scores, anomaly flag) on the service's
 * worker pool, one worker per core. No peer: nothing else here forecasts.
 */
import { availableParallelism } from 'node:os';
import { loadAugurs } from '../forecaster/src/models/augurs';
import { candidateModels } from '../forecaster/src/models/registry';
import { runModel } from '../forecaster/src/models/run-model';
import { createWorkerPool } from '../forecaster/src/service/forecast-pool';
import { forecastOne } from '../forecaster/src/service/forecast-one';
import { SERVICE_JOB_SHAPE, serviceJob } from '../forecaster/src/testing/service-jobs';
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
  const series = Array.from({ length: count }, (_, index) => benchSeries(index));
  // Warm-up: JIT and the WebAssembly modules, on series not measured.
  for (const values of [benchSeries(-1), benchSeries(-2)]) for (const model of models) runModel(model, values, context);
  for (const index of [1_000_001, 1_000_002]) forecastOne({ ...serviceJob(index), augurs });

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
  ctx.log('forecaster: the service\'s work per series, one thread');
  const wholeRun = Array.from({ length: count }, (_, index) => timed(() => forecastOne({ ...serviceJob(index), augurs })));
  const runSeries = ctx.quick ? 100 : 2_000;
  const workers = availableParallelism();
  ctx.log(`forecaster: ${runSeries} series on ${workers} worker threads`);
  const pool = createWorkerPool(workers);
  try {
    await Promise.all(Array.from({ length: workers * 2 }, (_, index) => pool.forecast(serviceJob(2_000_000 + index))));
    const started = performance.now();
    await Promise.all(Array.from({ length: runSeries }, (_, index) => pool.forecast(serviceJob(index))));
    const runMinutes = (performance.now() - started) / 60_000;
    return forecasterResult({ perModel, allModels: summarize(allModels), wholeRun: summarize(wholeRun), seriesPerMinute: runSeries / runMinutes, count, runSeries, workers });
  } finally {
    await pool.close();
  }
}

function forecasterResult(figures: { perModel: Map<string, number[]>; allModels: Summary; wholeRun: Summary; seriesPerMinute: number; count: number; runSeries: number; workers: number }): SectionResult {
  const timeText = (summary: Summary): string => `${ms(summary.p50, 2)} (p99 ${ms(summary.p99, 2)})`;
  const rows: Row[] = [
    { figure: `fit and forecast, every candidate model, per series of ${POINTS} daily points: p50 (p99)`, pulse: timeText(figures.allModels) },
    { figure: `the service's work per series (${SERVICE_JOB_SHAPE}), one thread: p50 (p99)`, pulse: timeText(figures.wholeRun) },
    { figure: `series per minute, a run of ${figures.runSeries.toLocaleString('en-US')} on ${figures.workers} worker threads`, pulse: Math.round(figures.seriesPerMinute).toLocaleString('en-US') },
    { figure: 'a run of 10,000 series at that rate (goal: within 10 minutes)', pulse: `${(10_000 / figures.seriesPerMinute).toFixed(1)} min`, goal: '≤ 10 min', met: 10_000 / figures.seriesPerMinute <= 10 },
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
      'Fit and forecast: runModel (the model fitted on the whole history, forecasting the horizon, with the series\' constraints), timed per model and summed per series, one thread in the bench process after a warm-up.',
      `The service's work: forecastOne, what pulse-forecaster does for each series on each run (${SERVICE_JOB_SHAPE}): one rolling-origin table for every horizon, selection and band per horizon, backtest scores, the latest hour's anomaly flag (fast models), days until a quota. Timed in one thread, then as a run on the forecaster's worker pool (one thread per core).`,
    ],
  };
}
