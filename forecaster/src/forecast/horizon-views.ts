/**
 * One rolling-origin table for every horizon the service publishes. Fitting is what costs
 * (MSTL-ETS takes about 2 ms per fit where a seasonal naive takes microseconds), and a model's
 * forecast 7 days ahead is the first 7 steps of its forecast 30 days ahead. So every origin is
 * fitted once, for the longest horizon, and each horizon reads a view of that table: the origins
 * it may learn from, the forecasts and actuals cut to its length.
 *
 * The origins lie on one grid, `step` apart, the last one a shortest horizon before the end. The
 * step is coprime with every season, so the origins take every weekday in turn (origins a week
 * apart would all be Mondays, and so would every error at step one). A longer horizon takes
 * every m-th grid origin, about four per horizon, as the CLI's backtest does.
 */
import type { BacktestSettings } from '../backtest/settings';
import { backtestSettings } from '../backtest/settings';
import type { OriginTable } from '../backtest/run-origins';
import { recentOrigins } from './choose';

export interface ViewPlan {
  /** Points ahead this view is calibrated and selected for. */
  readonly horizon: number;
  readonly settings: BacktestSettings;
  /** Points between this view's origins (the grid's step times m). */
  readonly step: number;
  /** Its origins, oldest first. */
  readonly origins: readonly number[];
}

/** About how many points apart the grid's origins are, as a fraction of the shortest horizon. */
const GRID_SPACING = 0.7;

const gcd = (a: number, b: number): number => (b === 0 ? a : gcd(b, a % b));

/** The smallest step of at least `target` sharing no factor with any season (1 when there is none). */
export function coprimeStep(target: number, periods: readonly number[]): number {
  let step = Math.max(1, Math.round(target));
  while (step > 1 && periods.some((period) => gcd(step, period) !== 1)) step += 1;
  return step;
}

/**
 * The views a series of `length` points supports, shortest horizon first; horizons whose history
 * leaves fewer than `minOrigins` origins are left out (they get a median without band).
 */
export function planViews(options: { length: number; periods: readonly number[]; horizons: readonly number[]; level: number }): ViewPlan[] {
  const { length, periods, level } = options;
  const horizons = [...new Set(options.horizons)].sort((a, b) => a - b);
  if (horizons.length === 0) return [];
  const shortest = horizons[0];
  const gridStep = gridStepFor(shortest, periods);
  const anchor = length - shortest;
  return horizons.flatMap((horizon) => {
    const settings = backtestSettings({ periods, horizon, level });
    const every = Math.max(1, Math.floor(horizon / (4 * gridStep)));
    const step = every * gridStep;
    // The latest grid origin whose whole horizon is observed, then every `every`-th one back.
    const first = anchor - Math.ceil((horizon - shortest) / gridStep) * gridStep;
    const all: number[] = [];
    for (let origin = first; origin >= settings.minTrain; origin -= step) all.unshift(origin);
    const origins = recentOrigins(all, { length, horizon, settings });
    return origins.length >= settings.minOrigins ? [{ horizon, settings, step, origins }] : [];
  });
}

export function gridStepFor(shortestHorizon: number, periods: readonly number[]): number {
  return coprimeStep(GRID_SPACING * shortestHorizon, periods);
}

/** Fewest points for which the shortest horizon has a view. */
export function minimumViewLength(shortestHorizon: number, periods: readonly number[], level: number): number {
  const settings = backtestSettings({ periods, horizon: shortestHorizon, level });
  return settings.minTrain + (settings.minOrigins - 1) * gridStepFor(shortestHorizon, periods) + shortestHorizon;
}

/** The origins of every view together, oldest first: the table to run. */
export function unionOrigins(plans: readonly ViewPlan[]): number[] {
  return [...new Set(plans.flatMap((plan) => plan.origins))].sort((a, b) => a - b);
}

/** The part of `table` one view sees: its origins only, forecasts and actuals cut to its horizon. */
export function viewOf(table: OriginTable, plan: ViewPlan): OriginTable {
  const indices = plan.origins.map((origin) => {
    const index = table.origins.indexOf(origin);
    if (index < 0) throw new Error(`origin ${origin} is not in the table`);
    return index;
  });
  const cut = <T>(rows: readonly (readonly T[])[]) => indices.map((index) => rows[index].slice(0, plan.horizon));
  return {
    origins: plan.origins,
    scales: indices.map((index) => table.scales[index]),
    constraints: indices.map((index) => table.constraints[index]),
    actuals: cut(table.actuals),
    observed: cut(table.observed),
    forecasts: new Map([...table.forecasts].map(([name, rows]) => [name, cut(rows)])),
    failures: table.failures,
  };
}
