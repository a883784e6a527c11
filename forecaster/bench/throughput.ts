/**
 * The service's workload at scale: forecast N synthetic daily usage series of 365 points
 * (recent-origin backtest, selection, fit, band — what one run does per series) on W worker
 * threads, and print the wall time. A benchmark, not a test: the target is 10,000 series within
 * 10 minutes on 2 cores.
 *
 *   node --import tsx forecaster/bench/throughput.ts [series=10000] [workers=2]
 */
import { isMainThread, parentPort, Worker, workerData } from 'node:worker_threads';
import { backtestSettings } from '../src/backtest/settings';
import { forecastSeries } from '../src/forecast/forecast-series';
import { loadAugurs } from '../src/models/augurs';
import { candidateModels } from '../src/models/registry';
import { variedDailyUsage } from '../src/testing/synthetic';

interface Job {
  readonly from: number;
  readonly to: number;
}

const POINTS = 365;
const HORIZON = 28;

const seriesNumber = (index: number): number[] => variedDailyUsage(index + 1, POINTS);

function work(job: Job): { series: number; bands: number } {
  const augurs = loadAugurs();
  const periods = [7];
  const models = candidateModels({ periods, augurs });
  const settings = backtestSettings({ periods, horizon: HORIZON, level: 0.95 });
  let bands = 0;
  for (let index = job.from; index < job.to; index += 1) {
    const values = seriesNumber(index);
    const forecast = forecastSeries({
      values,
      observed: values.map(() => true),
      models,
      context: { periods, horizon: HORIZON, stepMs: 86_400_000 },
      step: 7,
      settings,
    });
    if (forecast.band) bands += 1;
  }
  return { series: job.to - job.from, bands };
}

async function main(): Promise<void> {
  const total = Number(process.argv[2] ?? 10_000);
  const workers = Number(process.argv[3] ?? 2);
  const started = performance.now();
  const share = Math.ceil(total / workers);
  const results = await Promise.all(
    Array.from({ length: workers }, (_, index) => {
      const job: Job = { from: index * share, to: Math.min(total, (index + 1) * share) };
      return new Promise<{ series: number; bands: number }>((resolve, reject) => {
        // A worker cannot start from a .ts file; it starts from a line that loads tsx first.
        const bootstrap = `require('tsx/cjs'); require(${JSON.stringify(__filename)});`;
        const worker = new Worker(bootstrap, { eval: true, workerData: job });
        worker.once('message', resolve);
        worker.once('error', reject);
      });
    }),
  );
  const seconds = (performance.now() - started) / 1000;
  const done = results.reduce((sum, result) => sum + result.series, 0);
  const bands = results.reduce((sum, result) => sum + result.bands, 0);
  console.log(
    `${done} series of ${POINTS} daily points on ${workers} workers: ${seconds.toFixed(1)} s ` +
      `(${((1000 * seconds * workers) / done).toFixed(1)} ms per series per worker; ${bands} with a band); ` +
      `10,000 series would take ${((seconds / done) * 10_000 / 60).toFixed(1)} min`,
  );
}

if (isMainThread) {
  main().catch((error: unknown) => {
    console.error(error);
    process.exitCode = 1;
  });
} else {
  parentPort?.postMessage(work(workerData as Job));
}
