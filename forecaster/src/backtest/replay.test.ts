/**
 * The procedure replayed: honest (a band issued at an origin depends on nothing after it), and
 * adapting (after its bands miss more than they should, the next ones are calibrated at a higher
 * level, so a series whose errors grow keeps more of its band).
 */
import { loadAugurs } from '../models/augurs';
import { candidateModels } from '../models/registry';
import { seededRandom, usageSeries, weekdayProfile } from '../testing/synthetic';
import { selectOptionsFor } from './backtest-series';
import { createErrorBook } from './errors';
import { rollingOrigins } from './origins';
import { replayProcedure, type Replay } from './replay';
import { runOrigins } from './run-origins';
import { backtestSettings } from './settings';

const DAY = 86_400_000;
const periods = [7];
const context = { periods, horizon: 28, stepMs: DAY };
const settings = backtestSettings({ periods, horizon: 28, level: 0.95 });
const models = candidateModels({ periods, augurs: loadAugurs() });
const select = selectOptionsFor({ models, context, step: 7, settings });

function replay(values: readonly number[], adaptationRate?: number): Replay {
  const origins = rollingOrigins({ length: values.length, horizon: 28, step: 7, minTrain: settings.minTrain });
  const table = runOrigins({ values, observed: values.map(() => true), origins, models, context, maxWindow: settings.maxWindow, scaleWindow: settings.scaleWindow });
  return replayProcedure(createErrorBook(table), { select, calibration: { ...settings.calibration, adaptationRate } });
}

const coverage = (result: Replay) => {
  const outcomes = result.issued.flatMap((issued) => (issued ? [issued.outcome] : []));
  return outcomes.reduce((sum, outcome) => sum + outcome.inside, 0) / outcomes.reduce((sum, outcome) => sum + outcome.points, 0);
};

describe('replayProcedure', () => {
  const calm = usageSeries({ points: 280, level: 1000, growth: 0.001, seasons: [weekdayProfile(0.6)], noise: 0.03, anomalies: 0, shifts: 0, seed: 7 });
  const random = seededRandom(11);
  // From day 150 on, the noise grows to six times what the calibration had seen.
  const drifting = calm.map((value, index) => (index < 150 ? value : value * (1 + 0.18 * (random() - 0.5) * Math.min(1, (index - 150) / 30))));

  it('issues at each origin the same band, at the same levels, whatever happens after it', () => {
    const original = replay(calm);
    const index = original.issued.findIndex((issued, at) => issued !== undefined && at > 8);
    const cutoff = original.issued[index]?.origin ?? 0;
    const rewritten = replay(calm.map((value, at) => (at >= cutoff ? value * 3 : value)));
    const seen = (result: Replay) => result.issued.slice(0, index + 1).map((issued) => issued && { candidate: issued.candidate, levels: issued.levels });
    expect(seen(rewritten)).toEqual(seen(original));
  });

  it('raises the level after misses, and so holds more of a drifting series than the nominal level does', () => {
    const adapted = replay(drifting);
    const fixed = replay(drifting, 0);
    const levels = adapted.issued.flatMap((issued) => issued?.levels ?? []);
    expect(Math.max(...levels)).toBeGreaterThan(0.95);
    expect(fixed.issued.every((issued) => issued === undefined || issued.levels.every((level) => level === 0.95))).toBe(true);
    console.log(`drifting series: the band held ${(100 * coverage(adapted)).toFixed(1)} % adapted, ${(100 * coverage(fixed)).toFixed(1)} % at the nominal level`);
    expect(coverage(adapted)).toBeGreaterThan(coverage(fixed));
  });
});
