/**
 * Where series are forecast: on worker threads, one per core by default, so a run of thousands of
 * series uses every core while the main thread keeps answering /metrics and the API; or, with no
 * workers, in the main thread, yielding between series.
 *
 * Each worker loads the WebAssembly models once and forecasts one series at a time; series wait in
 * a queue. A worker that dies fails its series with the reason and is replaced.
 */
import type { Worker } from 'node:worker_threads';
import { startSiblingWorker } from '../../../common/threads/start-worker';
import type { Augurs } from '../models/augurs';
import { forecastOne, type ForecastOneInput, type SeriesResult } from './forecast-one';

/** A series to forecast: everything forecastOne needs but the models, which each thread loads. */
export type ForecastJob = Omit<ForecastOneInput, 'augurs'>;

export interface ForecastPool {
  readonly workers: number;
  forecast(job: ForecastJob): Promise<SeriesResult>;
  close(): Promise<void>;
}

/** Never throws: a model failure is a skipped series with its reason. */
export function forecastSafely(job: ForecastJob, augurs: Augurs): SeriesResult {
  try {
    return forecastOne({ ...job, augurs });
  } catch (error) {
    return { status: 'skipped', reason: `model failure: ${(error as Error).message}` };
  }
}

export function createInlinePool(augurs: Augurs): ForecastPool {
  return {
    workers: 0,
    async forecast(job) {
      // Fitting is synchronous: yield first so /metrics keeps answering during a run.
      await new Promise((resolve) => setImmediate(resolve));
      return forecastSafely(job, augurs);
    },
    close: async () => undefined,
  };
}

interface Pending {
  readonly job: ForecastJob;
  readonly resolve: (result: SeriesResult) => void;
}

/** `start` starts one thread speaking the worker's protocol (a job in, a SeriesResult out). */
export function createWorkerPool(size: number, start: () => Worker = startForecastWorker): ForecastPool {
  const queue: Pending[] = [];
  const idle: Worker[] = [];
  const busy = new Map<Worker, Pending>();
  let closed = false;

  const dispatch = () => {
    while (idle.length > 0 && queue.length > 0) {
      const worker = idle.pop()!;
      const pending = queue.shift()!;
      busy.set(worker, pending);
      // A busy worker keeps the process alive until it answers; an idle one does not.
      worker.ref();
      worker.postMessage(pending.job);
    }
  };
  const spawn = () => {
    const worker = start();
    worker.on('message', (result: SeriesResult) => {
      busy.get(worker)?.resolve(result);
      busy.delete(worker);
      worker.unref();
      idle.push(worker);
      dispatch();
    });
    worker.on('error', (error) => {
      busy.get(worker)?.resolve({ status: 'skipped', reason: `forecast worker failed: ${error.message}` });
      busy.delete(worker);
    });
    worker.on('exit', () => {
      busy.get(worker)?.resolve({ status: 'skipped', reason: 'forecast worker exited' });
      busy.delete(worker);
      const index = idle.indexOf(worker);
      if (index >= 0) idle.splice(index, 1);
      if (!closed) spawn();
    });
    worker.unref();
    idle.push(worker);
    dispatch();
  };
  for (let index = 0; index < size; index += 1) spawn();

  return {
    workers: size,
    forecast: (job) =>
      new Promise<SeriesResult>((resolve) => {
        if (closed) return resolve({ status: 'skipped', reason: 'the forecaster is stopping' });
        queue.push({ job, resolve });
        dispatch();
      }),
    async close() {
      closed = true;
      for (const pending of queue.splice(0)) pending.resolve({ status: 'skipped', reason: 'the forecaster is stopping' });
      await Promise.all([...idle, ...busy.keys()].map((worker) => worker.terminate()));
    },
  };
}

/** Starts ./forecast-worker, compiled or through tsx as this module runs. */
function startForecastWorker(): Worker {
  return startSiblingWorker(__filename, 'forecast-worker');
}
