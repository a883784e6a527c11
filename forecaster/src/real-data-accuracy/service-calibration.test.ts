/**
 * The service's bands on real data: the forecaster run as it runs in production (90 days of
 * daily totals, horizons 1, 7 and 30 days) from cutoffs three days apart through each real daily
 * series, every published band checked against what happened next. The CLI's backtest judges the
 * models; this judges what the service publishes.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { loadAugurs } from '../models/augurs';
import { aggregate } from '../series/aggregate';
import { parseCsvSeries } from '../series/read-csv';
import { forecastOne } from '../service/forecast-one';
import { DATA_FOLDER } from './real-data';

const DAY_MS = 86_400_000;
const HISTORY_DAYS = 90;
const HORIZONS = [{ label: '1d', days: 1 }, { label: '7d', days: 7 }, { label: '30d', days: 30 }];
const augurs = loadAugurs();

function bandHits(file: string): { inside: number; total: number } {
  const raw = parseCsvSeries(readFileSync(join(DATA_FOLDER, file), 'utf8'), file);
  const { values, startMs } = aggregate(raw, { bucketMs: DAY_MS, agg: 'sum' });
  let inside = 0;
  let total = 0;
  for (let cut = HISTORY_DAYS; cut + 30 <= values.length; cut += 3) {
    const history = values.slice(cut - HISTORY_DAYS, cut);
    const daily = { times: history.map((_, index) => startMs + (cut - HISTORY_DAYS + index) * DAY_MS), values: history };
    const result = forecastOne({ daily, horizons: HORIZONS, limits: [], augurs });
    if (result.status !== 'ok') throw new Error(`${file} at day ${cut}: ${result.reason}`);
    result.daily.forEach((day, step) => {
      if (day.lower === undefined || day.upper === undefined) return;
      total += 1;
      if (values[cut + step] >= day.lower && values[cut + step] <= day.upper) inside += 1;
    });
  }
  return { inside, total };
}

describe('the service on real daily usage', () => {
  it('publishes 95 % bands that hold about 95 % of what happened over the next 30 days', () => {
    const hits = ['mscloud-api-01.csv', 'nab-nyc_taxi.csv'].map(bandHits);
    const inside = hits.reduce((sum, h) => sum + h.inside, 0);
    const total = hits.reduce((sum, h) => sum + h.total, 0);
    const percent = (h: { inside: number; total: number }) => `${((100 * h.inside) / h.total).toFixed(1)} %`;
    console.log(`service bands, next 30 days: ${percent({ inside, total })} of ${total} days (mscloud-api ${percent(hits[0])}, nyc_taxi ${percent(hits[1])})`);
    // Every day of the 30 has a band from the 7- and 30-day views (about 80 runs × 30 days).
    expect(total).toBeGreaterThan(2000);
    expect(inside / total).toBeGreaterThanOrEqual(0.9);
    expect(inside / total).toBeLessThanOrEqual(0.98);
  });
});
