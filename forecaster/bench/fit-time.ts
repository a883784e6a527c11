/**
 * Time to fit and forecast one series of 365 daily points (28 days ahead), per model and for
 * all of them, median of repeated runs on synthetic usage series.
 *
 *   node --import tsx forecaster/bench/fit-time.ts
 */
import { loadAugurs } from '../src/models/augurs';
import { candidateModels } from '../src/models/registry';
import { runModel } from '../src/models/run-model';
import { usageSeries, weekdayProfile } from '../src/testing/synthetic';

const augurs = loadAugurs();
const periods = [7];
const context = { periods, horizon: 28, stepMs: 86_400_000 };
const models = candidateModels({ periods, augurs });
const series = Array.from({ length: 40 }, (_, seed) =>
  usageSeries({ points: 365, level: 1000, growth: 0.001, seasons: [weekdayProfile(0.6)], noise: 0.08, anomalies: 4, shifts: 1, seed }),
);

function median(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.floor(sorted.length / 2)];
}

const totals = series.map(() => 0);
for (const model of models) {
  const times = series.map((history, index) => {
    const started = performance.now();
    runModel(model, history, context);
    const elapsed = performance.now() - started;
    totals[index] += elapsed;
    return elapsed;
  });
  console.log(`${model.name.padEnd(12)} ${median(times).toFixed(2)} ms`);
}
console.log(`${'all'.padEnd(12)} ${median(totals).toFixed(2)} ms (median over ${series.length} series of 365 points)`);
