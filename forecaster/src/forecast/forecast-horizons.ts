/**
 * Forecasts for several horizons from one rolling-origin table (see ./horizon-views.ts): each
 * horizon its own selection and its own band, calibrated on errors at its lead times; every model
 * fitted once per origin and once on the whole history, however many horizons are published.
 */
import { meanForecast, type Candidate } from '../backtest/candidates';
import { selectOptionsFor } from '../backtest/backtest-series';
import { createErrorBook } from '../backtest/errors';
import { originScale } from '../backtest/metrics';
import { runOrigins, type OriginTable } from '../backtest/run-origins';
import { bandAround } from '../intervals/band';
import { spreadDifficulty } from '../intervals/spread';
import { constraintsOf } from '../models/constraints';
import { modelNamed } from '../models/registry';
import { runModel } from '../models/run-model';
import type { Model } from '../models/types';
import { chooseAndCalibrate, defaultCandidate } from './choose';
import { planViews, unionOrigins, viewOf, type ViewPlan } from './horizon-views';

export interface HorizonForecastsOptions {
  readonly values: readonly number[];
  readonly observed: readonly boolean[];
  readonly models: readonly Model[];
  readonly periods: readonly number[];
  readonly stepMs: number;
  /** Horizons to select and calibrate for, in points. */
  readonly horizons: readonly number[];
  /** Points to forecast in all (at least the longest horizon). */
  readonly length: number;
  readonly level: number;
}

export interface ViewForecast {
  readonly horizon: number;
  readonly candidate: string;
  /** `horizon` points. */
  readonly point: readonly number[];
  readonly band?: { readonly lower: readonly number[]; readonly upper: readonly number[] };
}

export interface HorizonForecasts {
  /** One per horizon the history could calibrate, shortest first. */
  readonly views: readonly ViewForecast[];
  /** Beyond every view: the default combination, `length` points, without band. */
  readonly fallback: { readonly candidate: string; readonly point: readonly number[] };
  /** What the views were read from, for scoring. */
  readonly table: OriginTable;
  readonly plans: readonly ViewPlan[];
}

export function forecastHorizons(options: HorizonForecastsOptions): HorizonForecasts {
  const { values, periods, stepMs, level, models } = options;
  const n = values.length;
  const plans = planViews({ length: n, periods, horizons: options.horizons, level });
  const longest = plans[plans.length - 1];
  const table = runOrigins({
    values,
    observed: options.observed,
    origins: unionOrigins(plans),
    models,
    context: { periods, horizon: longest?.horizon ?? 1, stepMs },
    maxWindow: longest?.settings.maxWindow ?? n,
    scaleWindow: longest?.settings.scaleWindow ?? n,
  });
  const maxWindow = plans[0]?.settings.maxWindow ?? n;
  const history = values.slice(Math.max(0, n - maxWindow));
  const length = Math.max(options.length, ...options.horizons);
  // Each member model fitted once on the whole history, for the longest length anyone reads.
  const fits = new Map<string, number[]>();
  const fitted = (name: string): number[] => {
    let point = fits.get(name);
    if (!point) fits.set(name, (point = runModel(modelNamed(models, name), history, { periods, horizon: length, stepMs })));
    return point;
  };
  const membersOf = (candidate: Candidate, points: number) => candidate.members.map((member) => fitted(member).slice(0, points));
  const forecastOf = (candidate: Candidate, points: number) => meanForecast(membersOf(candidate, points));
  const constraints = constraintsOf(history);
  const scale = originScale(history, periods[0] ?? 1, longest?.settings.scaleWindow ?? n);

  const views = plans.map((plan): ViewForecast => {
    const context = { periods, horizon: plan.horizon, stepMs };
    const select = selectOptionsFor({ models, context, step: plan.step, settings: plan.settings });
    const { candidate, offsets } = chooseAndCalibrate(createErrorBook(viewOf(table, plan)), { cutoff: n, horizon: plan.horizon, periods, select, settings: plan.settings });
    const members = membersOf(candidate, plan.horizon);
    const point = meanForecast(members);
    const band = offsets && bandAround(point, offsets, scale, constraints, spreadDifficulty(members, scale));
    return { horizon: plan.horizon, candidate: candidate.name, point, ...(band && { band }) };
  });
  const fallback = defaultCandidate(periods);
  return { views, fallback: { candidate: fallback.name, point: forecastOf(fallback, length) }, table, plans };
}
