import { Worker } from 'node:worker_threads';
import { asRawSeries, variedDailyUsage } from '../testing/synthetic';
import { loadAugurs } from '../models/augurs';
import { createInlinePool, createWorkerPool, type ForecastJob } from './forecast-pool';

const job = (seed: number): ForecastJob => ({
  daily: asRawSeries(variedDailyUsage(seed, 90), 86_400_000),
  horizons: [{ label: '1d', days: 1 }, { label: '7d', days: 7 }, { label: '30d', days: 30 }],
  limits: [],
});

/** A thread that answers every job with its seed, and dies on a job whose daily history is empty. */
const fragileWorker = () =>
  new Worker(
    `const { parentPort } = require('node:worker_threads');
     parentPort.on('message', (job) => {
       if (job.daily.values.length === 0) process.exit(3);
       parentPort.postMessage({ status: 'skipped', reason: 'echo ' + job.daily.values[0] });
     });`,
    { eval: true },
  );

describe('the forecast pool', () => {
  it('gives on worker threads exactly what the main thread gives', async () => {
    const pool = createWorkerPool(2);
    const inline = createInlinePool(loadAugurs());
    try {
      const jobs = [job(1), job(2), job(3)];
      const [threaded, local] = await Promise.all([Promise.all(jobs.map((j) => pool.forecast(j))), Promise.all(jobs.map((j) => inline.forecast(j)))]);
      expect(threaded.every((result) => result.status === 'ok')).toBe(true);
      expect(threaded).toEqual(local);
    } finally {
      await pool.close();
    }
  }, 60_000);

  it('fails the series of a thread that dies with the reason, and replaces the thread', async () => {
    const pool = createWorkerPool(1, fragileWorker);
    try {
      const deadly = { ...job(1), daily: { times: [], values: [] } };
      const [before, crashed, after] = await Promise.all([pool.forecast(job(4)), pool.forecast(deadly), pool.forecast(job(5))]);
      expect(before).toEqual({ status: 'skipped', reason: `echo ${job(4).daily.values[0]}` });
      expect(crashed).toEqual({ status: 'skipped', reason: 'forecast worker exited' });
      expect(after).toEqual({ status: 'skipped', reason: `echo ${job(5).daily.values[0]}` });
    } finally {
      await pool.close();
    }
  });

  it('answers every series still waiting when it closes, and any sent after', async () => {
    const pool = createWorkerPool(1, fragileWorker);
    const waiting = [pool.forecast(job(6)), pool.forecast(job(7)), pool.forecast(job(8))];
    await pool.close();
    const results = await Promise.all([...waiting, pool.forecast(job(9))]);
    expect(results.at(-1)).toEqual({ status: 'skipped', reason: 'the forecaster is stopping' });
    for (const result of results) expect(result.status).toBe('skipped');
  });
});
