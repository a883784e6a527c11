/** A forecast pool's thread (see ./forecast-pool.ts): loads the models once, then forecasts each series it is sent. */
import { parentPort } from 'node:worker_threads';
import { loadAugurs } from '../models/augurs';
import { forecastSafely, type ForecastJob } from './forecast-pool';

const augurs = loadAugurs();
parentPort?.on('message', (job: ForecastJob) => parentPort?.postMessage(forecastSafely(job, augurs)));
