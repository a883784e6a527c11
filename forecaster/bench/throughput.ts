/**
 * The service's workload at scale: N series, each 90 days of daily totals and 22 days of hourly
 * values (the default history), forecast at 1, 7, 30 and 90 days with the backtest scores and the
 * anomaly flag — exactly what one run does per series — on the service's own worker pool. Prints
 * the wall time. A benchmark, not a test: the target is 10,000 series within 10 minutes on 2 cores.
 *
 *   node --import tsx forecaster/bench/throughput.ts [series=10000] [workers=2]
 */
import { createWorkerPool } from '../src/service/forecast-pool';
import { SERVICE_JOB_SHAPE, serviceJob } from '../src/testing/service-jobs';

async function main(): Promise<void> {
  const total = Number(process.argv[2] ?? 10_000);
  const workers = Number(process.argv[3] ?? 2);
  const pool = createWorkerPool(workers);
  // Warm-up: each worker loads the models and JIT-compiles on series not measured.
  await Promise.all(Array.from({ length: workers * 2 }, (_, index) => pool.forecast(serviceJob(1_000_000 + index))));
  const started = performance.now();
  const results = await Promise.all(Array.from({ length: total }, (_, index) => pool.forecast(serviceJob(index))));
  const seconds = (performance.now() - started) / 1000;
  await pool.close();
  const ok = results.filter((result) => result.status === 'ok');
  const banded = ok.filter((result) => result.horizons.some((h) => h.lower !== undefined)).length;
  const flagged = ok.filter((result) => result.anomaly !== undefined).length;
  console.log(
    `${total} series (${SERVICE_JOB_SHAPE}) on ${workers} workers: ` +
      `${seconds.toFixed(1)} s (${((1000 * seconds * workers) / total).toFixed(1)} ms per series per worker; ` +
      `${ok.length} forecast, ${banded} with bands, ${flagged} with an anomaly flag); ` +
      `10,000 series would take ${((seconds / total) * 10_000 / 60).toFixed(1)} min`,
  );
}

main().catch((error: unknown) => {
  console.error(error);
  process.exitCode = 1;
});
