import { runOrigins } from '../backtest/run-origins';
import { loadAugurs } from '../models/augurs';
import { candidateModels } from '../models/registry';
import { variedDailyUsage } from '../testing/synthetic';
import { coprimeStep, minimumViewLength, planViews, unionOrigins, viewOf } from './horizon-views';

const periods = [7];
const plan = (length: number, horizons: number[]) => planViews({ length, periods, horizons, level: 0.95 });

describe('coprimeStep', () => {
  it('keeps a step that shares no factor with any season and moves past one that does', () => {
    expect(coprimeStep(5, [7])).toBe(5);
    expect(coprimeStep(7, [7])).toBe(8);
    expect(coprimeStep(6, [24, 168])).toBe(11);
    expect(coprimeStep(4.2, [])).toBe(4);
    expect(coprimeStep(0.3, [7])).toBe(1);
  });
});

describe('planViews', () => {
  it('gives every horizon origins whose whole horizon is observed and whose training is long enough', () => {
    const plans = plan(90, [7, 30]);
    expect(plans.map((p) => p.horizon)).toEqual([7, 30]);
    for (const p of plans) {
      expect(p.origins.length).toBeGreaterThanOrEqual(p.settings.minOrigins);
      for (const origin of p.origins) {
        expect(origin + p.horizon).toBeLessThanOrEqual(90);
        expect(origin).toBeGreaterThanOrEqual(p.settings.minTrain);
      }
    }
    // The shortest horizon's latest origin ends exactly at the end of the history.
    expect(plans[0].origins[plans[0].origins.length - 1]).toBe(83);
  });

  it('puts origins on every weekday, so no weekday owns the errors at one lead time', () => {
    const [week] = plan(90, [7]);
    expect(new Set(week.origins.map((origin) => origin % 7)).size).toBe(7);
  });

  it('leaves out a horizon the history cannot calibrate, and every horizon of a history too short', () => {
    expect(plan(90, [7, 30, 90]).map((p) => p.horizon)).toEqual([7, 30]);
    const needed = minimumViewLength(7, periods, 0.95);
    expect(plan(needed, [7])).toHaveLength(1);
    expect(plan(needed - 1, [7])).toHaveLength(0);
  });

  it('shares origins between horizons, so a longer horizon costs few extra fits', () => {
    const plans = plan(365, [7, 30, 90]);
    const separate = plans.reduce((sum, p) => sum + p.origins.length, 0);
    expect(unionOrigins(plans).length).toBeLessThan(separate);
  });
});

describe('viewOf', () => {
  it('reads, for every model, what a table run at the shorter horizon would hold', () => {
    const values = variedDailyUsage(7, 90);
    const observed = values.map(() => true);
    const models = candidateModels({ periods, augurs: loadAugurs() });
    const plans = plan(90, [7, 30]);
    const long = runOrigins({ values, observed, origins: unionOrigins(plans), models, context: { periods, horizon: 30, stepMs: 86_400_000 }, maxWindow: 182, scaleWindow: 84 });
    const short = runOrigins({ values, observed, origins: plans[0].origins, models, context: { periods, horizon: 7, stepMs: 86_400_000 }, maxWindow: 182, scaleWindow: 84 });
    const view = viewOf(long, plans[0]);
    expect(view.origins).toEqual(short.origins);
    expect(view.actuals).toEqual(short.actuals);
    expect(view.scales).toEqual(short.scales);
    for (const model of models) {
      view.forecasts.get(model.name)!.forEach((forecast, index) => {
        expect(forecast).toHaveLength(7);
        forecast.forEach((value, step) => expect(value).toBeCloseTo(short.forecasts.get(model.name)![index][step], 6));
      });
    }
  });
});
