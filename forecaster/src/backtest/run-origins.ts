/**
 * Runs every candidate model at every origin and keeps the forecasts beside the actuals and the
 * MASE scale of that origin. Everything later (calibration, selection, scores) works from this
 * table without refitting. A model that fails at any origin leaves the race for this series, with
 * its reason kept: one model's failure never stops the others.
 */
import { constraintsOf, type SeriesConstraints } from '../models/constraints';
import { runModel } from '../models/run-model';
import type { Model, ModelContext } from '../models/types';
import { originScale } from './metrics';

export interface OriginTable {
  readonly origins: readonly number[];
  /** In-sample seasonal-naive MAE of the recent end of each origin's training window (originScale). */
  readonly scales: readonly number[];
  /** What each origin's forecasts (and bands) must respect, known from its training window. */
  readonly constraints: readonly SeriesConstraints[];
  readonly actuals: readonly (readonly number[])[];
  /** Whether each actual was observed (not filled in); only those are scored. */
  readonly observed: readonly (readonly boolean[])[];
  /** Model name → one forecast per origin. */
  readonly forecasts: ReadonlyMap<string, readonly (readonly number[])[]>;
  /** Model name → why it was dropped. */
  readonly failures: ReadonlyMap<string, string>;
}

export interface RunOriginsOptions {
  readonly values: readonly number[];
  readonly observed: readonly boolean[];
  readonly origins: readonly number[];
  readonly models: readonly Model[];
  readonly context: ModelContext;
  /** The most recent points a model sees; older ones are dropped (faster, and adapts to change). */
  readonly maxWindow: number;
  /** The last points of each window its scale is measured on (see originScale). */
  readonly scaleWindow: number;
}

export function runOrigins(options: RunOriginsOptions): OriginTable {
  const { values, observed, origins, models, context, maxWindow, scaleWindow } = options;
  const scalePeriod = context.periods[0] ?? 1;
  const windows = origins.map((origin) => values.slice(Math.max(0, origin - maxWindow), origin));
  const forecasts = new Map<string, number[][]>();
  const failures = new Map<string, string>();
  for (const model of models) {
    try {
      forecasts.set(model.name, windows.map((history) => runModel(model, history, context)));
    } catch (error) {
      failures.set(model.name, (error as Error).message);
    }
  }
  return {
    origins,
    scales: windows.map((history) => originScale(history, scalePeriod, scaleWindow)),
    constraints: windows.map(constraintsOf),
    actuals: origins.map((origin) => values.slice(origin, origin + context.horizon)),
    observed: origins.map((origin) => observed.slice(origin, origin + context.horizon)),
    forecasts,
    failures,
  };
}
